/**
 * Reading `git worktree list --porcelain -z` and picking out wavefront's run worktrees.
 * @module
 */
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import { assertSafeRefComponent } from './names.js';
import { inspectRepository } from './preflight.js';
import { runGit, splitNul } from './run-git.js';
import { parseRunBranch } from './worktree-names.js';

/** One record of `git worktree list --porcelain`. */
export interface WorktreeEntry {
  /** Absolute path as git recorded it. */
  readonly path: string;
  /** The commit checked out, or null (bare repository, unborn branch). */
  readonly head: string | null;
  /** Full ref of the checked-out branch, or null when detached or bare. */
  readonly branch: string | null;
  readonly bare: boolean;
  readonly detached: boolean;
  readonly locked: boolean;
  /** git considers the worktree prunable (its directory or gitdir file is gone). */
  readonly prunable: boolean;
}

/** A worktree on a wavefront run branch (`refs/heads/wavefront/<runId>/<instance>`). */
export interface RunWorktree {
  /** Absolute path of the worktree directory. */
  readonly path: string;
  /** Full ref of its branch. */
  readonly branch: string;
  readonly runId: string;
  readonly instance: string;
  /** The commit checked out in it, or null when git could not tell. */
  readonly head: string | null;
  /** False when the directory no longer exists (or git reports the worktree as prunable). */
  readonly exists: boolean;
  /** Locked with `git worktree lock` (by someone else: wavefront never locks). */
  readonly locked: boolean;
}

/** `realpath` of `path`, or its resolved form when it does not exist. @internal */
export function realOrResolved(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** True when `a` and `b` name the same directory (symlinks in the prefix resolved where they exist). */
export function sameDirectory(a: string, b: string): boolean {
  return resolve(a) === resolve(b) || realOrResolved(a) === realOrResolved(b);
}

/**
 * Parses the NUL-separated output of `git worktree list --porcelain -z`. Pure. Unknown attributes are
 * ignored; records without a `worktree` line are skipped.
 * @internal
 */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: { path: string; head: string | null; branch: string | null; bare: boolean; detached: boolean; locked: boolean; prunable: boolean } | null = null;
  const flush = (): void => {
    if (current !== null) entries.push(current);
    current = null;
  };
  // Records are separated by an empty field; `split` keeps the empties, unlike splitNul's tail trim.
  for (const field of output.split('\0')) {
    if (field === '') {
      flush();
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      flush();
      current = { path: value, head: null, branch: null, bare: false, detached: false, locked: false, prunable: false };
      continue;
    }
    if (current === null) continue;
    const entry: { head: string | null; branch: string | null; bare: boolean; detached: boolean; locked: boolean; prunable: boolean } = current;
    if (key === 'HEAD') entry.head = /^[0-9a-f]{40,64}$/.test(value) && !/^0+$/.test(value) ? value : null;
    else if (key === 'branch') entry.branch = value;
    else if (key === 'bare') entry.bare = true;
    else if (key === 'detached') entry.detached = true;
    else if (key === 'locked') entry.locked = true;
    else if (key === 'prunable') entry.prunable = true;
  }
  flush();
  return entries;
}

/**
 * Every worktree of the repository whose work tree is `root` (the main worktree first).
 * @internal
 */
export async function listWorktreeEntries(root: string, signal?: AbortSignal): Promise<WorktreeEntry[]> {
  const result = await runGit(['worktree', 'list', '--porcelain', '-z'], { cwd: root, signal, readOnly: true });
  // guard against a future format without -z support: a valid listing always starts with "worktree "
  if (result.stdout !== '' && !result.stdout.startsWith('worktree ')) {
    throw new WavefrontError('GIT_FAILED', 'unexpected output of git worktree list --porcelain -z', {
      details: { args: ['worktree', 'list', '--porcelain', '-z'], code: 0, stderr: splitNul(result.stdout)[0] ?? '' },
    });
  }
  return parseWorktreeList(result.stdout);
}

/** The run worktrees among `entries` (optionally of one run), sorted by run id then instance. @internal */
export function runWorktreesOf(entries: readonly WorktreeEntry[], runId?: string): RunWorktree[] {
  const found: RunWorktree[] = [];
  for (const entry of entries) {
    if (entry.branch === null) continue;
    const parsed = parseRunBranch(entry.branch);
    if (parsed === null || (runId !== undefined && parsed.runId !== runId)) continue;
    found.push({
      path: entry.path,
      branch: parsed.ref,
      runId: parsed.runId,
      instance: parsed.instance,
      head: entry.head,
      exists: !entry.prunable && existsSync(entry.path),
      locked: entry.locked,
    });
  }
  return found.sort((a, b) => (a.runId === b.runId ? compare(a.instance, b.instance) : compare(a.runId, b.runId)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The worktrees of the repository containing `repo` that are on a wavefront run branch
 * (`refs/heads/wavefront/<runId>/<instance>`), of one run or of all runs, sorted by run id then
 * instance. Worktrees whose directory was deleted are listed with `exists: false`. Read-only.
 * @throws WavefrontError `UNSAFE_PATH` for an unsafe run id, `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function listRunWorktrees(repo: string, runId?: string, options: { signal?: AbortSignal | undefined } = {}): Promise<RunWorktree[]> {
  if (runId !== undefined) assertSafeRefComponent(runId, 'runId');
  const state = await inspectRepository(repo, options.signal);
  return runWorktreesOf(await listWorktreeEntries(state.root, options.signal), runId);
}
