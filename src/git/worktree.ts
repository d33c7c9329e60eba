/**
 * One git worktree per agent instance: create, commit, remove and clean up a run's worktrees.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, rmdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ensureDir, isInside } from '../journal/state-dir.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { commitRun } from './commit.js';
import { excludeDirectory } from './exclude.js';
import { assertSafeRefComponent, assertSnapshotRef } from './names.js';
import { inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit } from './run-git.js';
import { type RunWorktree, listWorktreeEntries, realOrResolved, runWorktreesOf, sameDirectory } from './worktree-list.js';
import { INTEGRATION_INSTANCE, RUN_BRANCH_PREFIX, parseRunBranch, runBranchRef, shortBranchName } from './worktree-names.js';

/** Where run worktrees live by default, relative to the repository's top level. */
export const DEFAULT_WORKTREE_DIR = '.wavefront/worktrees';

/** Options of {@link createRunWorktree}. */
export interface CreateRunWorktreeOptions {
  /** The run; becomes a ref component and a directory name. */
  readonly runId: string;
  /** The agent instance (e.g. `I3`, or `integration`); becomes a ref component and the directory name. */
  readonly instance: string;
  /** The commit the worktree starts from: a full commit id or a wavefront snapshot ref (e.g. the wave-0 snapshot). */
  readonly base: string;
  /** Directory holding the run's worktrees; default `<repo>/.wavefront/worktrees/<runId>`. Relative paths are resolved against the repository top level. */
  readonly root?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A worktree created by {@link createRunWorktree}. */
export interface CreatedWorktree {
  /** Absolute path: `<root>/<instance>`. */
  readonly path: string;
  /** Full ref of its new branch: `refs/heads/wavefront/<runId>/<instance>`. */
  readonly branch: string;
  /** The commit it starts from (resolved `base`). */
  readonly base: string;
  readonly runId: string;
  readonly instance: string;
}

/** What {@link cleanupRunWorktrees} did. */
export interface CleanupResult {
  /** Paths of the worktrees removed (including ones whose directory was already gone). */
  readonly removed: string[];
  /** Full refs of the branches deleted (empty with `keepBranches`). */
  readonly deletedBranches: string[];
}

type Signal = { readonly signal?: AbortSignal | undefined };

function assertOptions(value: unknown, fn: string): void {
  if (typeof value !== 'object' || value === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `${fn}: options must be an object, got ${describeValue(value)}`);
  }
}

async function resolveCommit(root: string, base: string, signal: AbortSignal | undefined): Promise<string> {
  const result = await runGit(['rev-parse', '-q', '--verify', '--end-of-options', `${base}^{commit}`], {
    cwd: root,
    signal,
    readOnly: true,
    allowFailure: true,
  });
  if (result.code !== 0) {
    throw new WavefrontError('INVALID_ARGUMENT', `base ${base} does not name a commit in ${root}`, { details: { field: 'base', base } });
  }
  return result.stdout.trim();
}

/**
 * Creates the worktree of one agent instance: `git worktree add -b wavefront/<runId>/<instance>
 * <root>/<instance> <base>`, so the agent works on its own branch, index and directory and never
 * contends for the user's `index.lock`. Serialised with wavefront's other git calls on the repository.
 * When the worktree directory lies inside the work tree, it is added to `.git/info/exclude` (unless
 * already ignored) so snapshots, rollbacks and `git status` in the user's checkout never see it.
 * No hooks run (no `post-checkout`). An existing branch or directory is never reused or overwritten.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (bad options, `base` not a commit id / snapshot ref or
 *   not found), `UNSAFE_PATH` (unsafe run id or instance, a symlink on the default path),
 *   `GIT_STATE_UNSAFE` (`details.state` `branch-exists` or `path-exists`), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function createRunWorktree(repo: string, options: CreateRunWorktreeOptions): Promise<CreatedWorktree> {
  assertOptions(options, 'createRunWorktree');
  const runId = assertSafeRefComponent(options.runId, 'runId');
  const instance = assertSafeRefComponent(options.instance, 'instance');
  const base = assertSnapshotRef(options.base, 'base');
  if (options.root !== undefined && (typeof options.root !== 'string' || options.root === '' || options.root.includes('\0'))) {
    throw new WavefrontError('INVALID_ARGUMENT', `root must be a non-empty path, got ${describeValue(options.root)}`, { details: { field: 'root' } });
  }
  const { signal } = options;
  const state = await inspectRepository(repo, signal);
  const root = state.root;
  const usesDefault = options.root === undefined;
  const runRoot = usesDefault ? join(root, DEFAULT_WORKTREE_DIR, runId) : resolve(root, options.root as string);
  const path = join(runRoot, instance);
  const branch = runBranchRef(runId, instance);

  return withRepoLock(root, async () => {
    const commit = await resolveCommit(root, base, signal);
    const existing = await runGit(['rev-parse', '-q', '--verify', branch], { cwd: root, signal, readOnly: true, allowFailure: true });
    if (existing.code === 0) {
      throw new WavefrontError('GIT_STATE_UNSAFE', `branch ${branch} already exists; wavefront never reuses or overwrites it`, {
        details: { state: 'branch-exists', branch },
      });
    }
    if (existsSync(path)) {
      throw new WavefrontError('GIT_STATE_UNSAFE', `${path} already exists; wavefront never reuses or overwrites it`, {
        details: { state: 'path-exists', path },
      });
    }
    try {
      if (isInside(root, runRoot)) await ensureDir(runRoot, root);
      else if (!isAbsolute(runRoot)) throw new WavefrontError('UNSAFE_PATH', `root ${runRoot} is not absolute`);
      else await mkdir(runRoot, { recursive: true, mode: 0o700 });
    } catch (error) {
      if (error instanceof WavefrontError) throw error;
      throw new WavefrontError('GIT_FAILED', `could not create ${runRoot}: ${String(error)}`, { cause: error });
    }
    await excludeDirectory(root, usesDefault ? join(root, DEFAULT_WORKTREE_DIR) : runRoot, signal);
    await runGit(['worktree', 'add', '--quiet', '--no-track', '-b', shortBranchName(branch), '--', path, commit], {
      cwd: root,
      signal,
      exclusive: true,
    });
    return { path: realOrResolved(path), branch, base: commit, runId, instance };
  });
}

/**
 * Creates the run's integration worktree (instance `integration`, branch
 * `refs/heads/wavefront/<runId>/integration`) from `base`; see {@link createRunWorktree}.
 */
export function createIntegrationWorktree(repo: string, options: Omit<CreateRunWorktreeOptions, 'instance'>): Promise<CreatedWorktree> {
  assertOptions(options, 'createIntegrationWorktree');
  return createRunWorktree(repo, { ...options, instance: INTEGRATION_INSTANCE });
}

async function findRunWorktree(root: string, path: string, signal: AbortSignal | undefined): Promise<RunWorktree> {
  const found = runWorktreesOf(await listWorktreeEntries(root, signal)).find((worktree) => sameDirectory(worktree.path, path));
  if (found === undefined) {
    throw new WavefrontError('INVALID_ARGUMENT', `${path} is not a wavefront run worktree of ${root}`, { details: { field: 'path', path } });
  }
  return found;
}

async function removeOne(root: string, worktree: RunWorktree, force: boolean, signal: AbortSignal | undefined): Promise<void> {
  const args = ['worktree', 'remove', ...(force ? ['--force'] : []), '--', worktree.path];
  const result = await runGit(args, { cwd: root, signal, exclusive: true, allowFailure: true });
  if (result.code === 0) return;
  const stderr = result.stderr.trim();
  if (/modified or untracked files/.test(stderr)) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `${worktree.path} has uncommitted changes (pass force to discard them)`, {
      details: { state: 'worktree-dirty', path: worktree.path },
    });
  }
  if (/locked/.test(stderr)) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `${worktree.path} is locked (git worktree unlock it first)`, {
      details: { state: 'worktree-locked', path: worktree.path },
    });
  }
  throw new WavefrontError('GIT_FAILED', `git worktree remove failed with exit code ${result.code}: ${stderr.split('\n')[0] ?? ''}`, {
    details: { args, code: result.code, stderr: stderr.slice(0, 4000) },
  });
}

async function deleteBranches(root: string, refs: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  if (refs.length === 0) return;
  // `branch -D` (not update-ref) so a branch still checked out in some worktree is refused, never orphaned.
  await runGit(['branch', '-D', '--', ...refs.map(shortBranchName)], { cwd: root, signal, exclusive: true });
}

/**
 * Removes one run worktree (`git worktree remove`); a worktree whose directory is already gone is
 * just unregistered. Without `force`, a worktree with uncommitted or untracked files is refused.
 * With `deleteBranch`, its branch is deleted too (its commits stay reachable only if merged).
 *
 * @throws WavefrontError `INVALID_ARGUMENT` when `path` is not a wavefront run worktree of `repo`
 *   (the main worktree and the user's own worktrees are never removed), `GIT_STATE_UNSAFE`
 *   (`worktree-dirty`, `worktree-locked`), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function removeRunWorktree(
  repo: string,
  path: string,
  options: Signal & { readonly force?: boolean | undefined; readonly deleteBranch?: boolean | undefined } = {},
): Promise<void> {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `path must be a non-empty path, got ${describeValue(path)}`, { details: { field: 'path' } });
  }
  assertOptions(options, 'removeRunWorktree');
  const { signal } = options;
  const state = await inspectRepository(repo, signal);
  await withRepoLock(state.root, async () => {
    const worktree = await findRunWorktree(state.root, resolve(path), signal);
    await removeOne(state.root, worktree, options.force === true, signal);
    if (options.deleteBranch === true) await deleteBranches(state.root, [worktree.branch], signal);
  });
}

/**
 * Removes every worktree of run `runId` (forcefully: uncommitted work in them is discarded), runs
 * `git worktree prune`, deletes the run's branches `refs/heads/wavefront/<runId>/*` unless
 * `keepBranches`, and removes the run's worktree directory when it is left empty. Idempotent.
 *
 * @throws WavefrontError `UNSAFE_PATH` for an unsafe run id, `GIT_STATE_UNSAFE` (`worktree-locked`),
 *   `NOT_A_GIT_REPOSITORY`, `GIT_FAILED` (e.g. a run branch is checked out in a worktree that is not
 *   the run's, such as the user's).
 */
export async function cleanupRunWorktrees(
  repo: string,
  runId: string,
  options: Signal & { readonly keepBranches?: boolean | undefined } = {},
): Promise<CleanupResult> {
  assertSafeRefComponent(runId, 'runId');
  assertOptions(options, 'cleanupRunWorktrees');
  const { signal } = options;
  const state = await inspectRepository(repo, signal);
  const root = state.root;
  return withRepoLock(root, async () => {
    const worktrees = runWorktreesOf(await listWorktreeEntries(root, signal), runId);
    const removed: string[] = [];
    for (const worktree of worktrees) {
      await removeOne(root, worktree, true, signal);
      removed.push(worktree.path);
    }
    await runGit(['worktree', 'prune'], { cwd: root, signal, exclusive: true });
    for (const dir of new Set(removed.map((path) => dirname(path)))) {
      await rmdir(dir).catch(() => undefined); // only succeeds when empty
    }
    await rmdir(join(root, DEFAULT_WORKTREE_DIR, runId)).catch(() => undefined);
    if (options.keepBranches === true) return { removed, deletedBranches: [] };
    const listed = await runGit(['for-each-ref', '--format=%(refname)', `${RUN_BRANCH_PREFIX}${runId}/`], { cwd: root, signal, readOnly: true });
    const branches = listed.stdout.split('\n').filter((ref) => parseRunBranch(ref)?.runId === runId);
    await deleteBranches(root, branches, signal);
    return { removed, deletedBranches: branches };
  });
}

/**
 * Commits everything in a run worktree (`git add -A`, tracked and untracked non-ignored files) on
 * its branch, so an agent's work becomes one commit on `refs/heads/wavefront/<runId>/<instance>`.
 * Uses `commitRun`: hooks off, the repository's identity or `FALLBACK_IDENTITY`, message via a
 * private file. Serialised per worktree only, so worktrees of different agents commit in parallel.
 *
 * @returns the new commit, or null when there was nothing to commit.
 * @throws WavefrontError `INVALID_ARGUMENT` (message: empty, NUL byte, > 64 KiB), `NOT_A_GIT_REPOSITORY`,
 *   `GIT_STATE_UNSAFE` (`not-a-run-worktree` when `path` is not on a wavefront run branch, e.g. the
 *   user's checkout; merge in progress, conflicts, `index.lock`), `GIT_FAILED`.
 */
export async function commitWorktree(path: string, message: string, options: Signal = {}): Promise<string | null> {
  assertOptions(options, 'commitWorktree');
  const state = await inspectRepository(path, options.signal);
  if (state.branchRef === null || parseRunBranch(state.branchRef) === null) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `${state.root} is not on a wavefront run branch (${RUN_BRANCH_PREFIX}<runId>/<instance>); refusing to commit there`, {
      details: { state: 'not-a-run-worktree', root: state.root, branch: state.branchRef },
    });
  }
  const result = await commitRun(state.root, message, { signal: options.signal });
  return result.commit;
}
