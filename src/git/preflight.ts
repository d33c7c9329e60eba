/**
 * Reading the repository state and refusing states in which wavefront must not start.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WavefrontError, describeValue } from '../model/errors.js';
import { existingDirectory } from './existing-dir.js';
import { runGit } from './run-git.js';

/** An operation git is in the middle of, read from the files in the git directory. */
export type GitOperationState = 'merge' | 'rebase' | 'am' | 'cherry-pick' | 'revert' | 'sequencer' | 'bisect';

/** What {@link inspectRepository} found. */
export interface RepositoryState {
  /** Absolute top level of the work tree. */
  readonly root: string;
  /** Absolute git directory of this work tree (`.git`, or `.git/worktrees/<name>` in a linked worktree). */
  readonly gitDir: string;
  /** Full ref name of the current branch (`refs/heads/main`), or null when HEAD is detached. */
  readonly branchRef: string | null;
  /** The commit HEAD points at, or null on an unborn branch (no commits yet). */
  readonly head: string | null;
  /** Operations in progress (empty when none). */
  readonly operations: readonly GitOperationState[];
  /** True when `index.lock` exists: another git process is running or one crashed. */
  readonly indexLocked: boolean;
}

/** What {@link preflight} returns for a repository that is safe to run in. */
export interface PreflightResult {
  /** Absolute top level of the work tree. */
  readonly root: string;
  /** Short name of the current branch (`main`). */
  readonly branch: string;
  /** The commit HEAD points at, or null on an unborn branch. */
  readonly head: string | null;
}

const OPERATION_TEXT: Readonly<Record<GitOperationState, string>> = {
  merge: 'a merge is in progress (finish it or run `git merge --abort`)',
  rebase: 'a rebase is in progress (finish it or run `git rebase --abort`)',
  am: 'a `git am` session is in progress (finish it or run `git am --abort`)',
  'cherry-pick': 'a cherry-pick is in progress (finish it or run `git cherry-pick --abort`)',
  revert: 'a revert is in progress (finish it or run `git revert --abort`)',
  sequencer: 'a multi-commit cherry-pick or revert is in progress (run `git cherry-pick --quit`)',
  bisect: 'a bisect is in progress (run `git bisect reset`)',
};

/** The human-readable reason of an unsafe operation state. */
export function describeOperation(state: GitOperationState): string {
  return OPERATION_TEXT[state];
}

/** The operations in progress in work tree git directory `gitDir`, read from git's state files. */
export function operationsIn(gitDir: string): GitOperationState[] {
  const has = (name: string): boolean => existsSync(join(gitDir, name));
  const found: GitOperationState[] = [];
  if (has('MERGE_HEAD')) found.push('merge');
  if (has('rebase-merge')) found.push('rebase');
  if (has('rebase-apply')) found.push(has(join('rebase-apply', 'applying')) ? 'am' : 'rebase');
  if (has('CHERRY_PICK_HEAD')) found.push('cherry-pick');
  if (has('REVERT_HEAD')) found.push('revert');
  if (has('sequencer') && !found.includes('cherry-pick') && !found.includes('revert')) found.push('sequencer');
  if (has('BISECT_LOG') || has('BISECT_START')) found.push('bisect');
  return found;
}

/**
 * Reads the state of the repository containing `cwd` without changing anything.
 * @throws WavefrontError `INVALID_ARGUMENT` for a non-string, `NOT_A_GIT_REPOSITORY` when `cwd` does
 *   not exist or is not inside a git work tree (bare repositories and `.git` itself included).
 */
export async function inspectRepository(cwd: string, signal?: AbortSignal): Promise<RepositoryState> {
  if (typeof cwd !== 'string' || cwd.trim() === '') {
    throw new WavefrontError('INVALID_ARGUMENT', `cwd must be a non-empty path, got ${describeValue(cwd)}`, {
      details: { field: 'cwd' },
    });
  }
  const dir = existingDirectory(cwd);
  const options = { cwd: dir, signal, readOnly: true, allowFailure: true } as const;
  const location = await runGit(['rev-parse', '--is-inside-work-tree', '--absolute-git-dir', '--show-toplevel'], options);
  const [inside, gitDir, root] = location.stdout.split('\n');
  if (location.code !== 0 || inside !== 'true' || gitDir === undefined || root === undefined || root === '') {
    throw new WavefrontError('NOT_A_GIT_REPOSITORY', `${dir} is not inside a git work tree`, {
      details: { cwd: dir, stderr: location.stderr.trim().slice(0, 1000) },
    });
  }
  const [symbolic, head] = await Promise.all([
    runGit(['symbolic-ref', '-q', 'HEAD'], { ...options, cwd: root }),
    runGit(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { ...options, cwd: root }),
  ]);
  return {
    root,
    gitDir,
    branchRef: symbolic.code === 0 ? symbolic.stdout.trim() : null,
    head: head.code === 0 ? head.stdout.trim() : null,
    operations: operationsIn(gitDir),
    indexLocked: existsSync(join(gitDir, 'index.lock')),
  };
}

/**
 * Refuses with `GIT_STATE_UNSAFE` when the repository is in a state where wavefront must not snapshot,
 * run, roll back or commit: an operation in progress, `index.lock` present, or unresolved conflicts
 * in the index. A detached HEAD is refused only when `allowDetached` is false.
 */
export async function assertSafeState(
  state: RepositoryState,
  options: { allowDetached: boolean; signal?: AbortSignal | undefined },
): Promise<void> {
  const first = state.operations[0];
  if (first !== undefined) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `Refusing to run in ${state.root}: ${describeOperation(first)}`, {
      details: { root: state.root, state: first, operations: [...state.operations] },
    });
  }
  if (state.indexLocked) {
    throw new WavefrontError(
      'GIT_STATE_UNSAFE',
      `Refusing to run in ${state.root}: ${join(state.gitDir, 'index.lock')} exists (another git process is running, or one crashed and left it behind)`,
      { details: { root: state.root, state: 'index-locked' } },
    );
  }
  if (!options.allowDetached && state.branchRef === null) {
    throw new WavefrontError(
      'GIT_STATE_UNSAFE',
      `Refusing to run in ${state.root}: HEAD is detached (check out a branch first)`,
      { details: { root: state.root, state: 'detached-head' } },
    );
  }
  const unmerged = await runGit(['ls-files', '-u', '-z'], {
    cwd: state.root,
    signal: options.signal,
    readOnly: true,
  });
  if (unmerged.stdout !== '') {
    throw new WavefrontError('GIT_STATE_UNSAFE', `Refusing to run in ${state.root}: the index has unresolved conflicts`, {
      details: { root: state.root, state: 'unmerged-paths' },
    });
  }
}

/**
 * Checks that wavefront may start in the repository containing `cwd`.
 *
 * Allowed: a work tree on a branch, clean or dirty, including an unborn branch (`head` null).
 * @throws WavefrontError `NOT_A_GIT_REPOSITORY` when `cwd` is not inside a work tree;
 *   `GIT_STATE_UNSAFE` (details.state names it) during a merge, rebase, am, cherry-pick, revert or
 *   bisect, with a detached HEAD, with unresolved conflicts, or when `index.lock` exists.
 */
export async function preflight(cwd: string, options: { signal?: AbortSignal | undefined } = {}): Promise<PreflightResult> {
  const state = await inspectRepository(cwd, options.signal);
  await assertSafeState(state, { allowDetached: false, signal: options.signal });
  const branchRef = state.branchRef ?? '';
  return {
    root: state.root,
    branch: branchRef.startsWith('refs/heads/') ? branchRef.slice('refs/heads/'.length) : branchRef,
    head: state.head,
  };
}
