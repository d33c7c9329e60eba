/**
 * Bringing the user's branch up to the integrated result, only ever by a fast-forward.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { isObjectId } from './names.js';
import { assertSafeState, inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit } from './run-git.js';
import { listWorktreeEntries, sameDirectory } from './worktree-list.js';
import { shortBranchName } from './worktree-names.js';
import { worktreeStatus } from './worktree-status.js';

/** Options of {@link fastForwardBranch}. */
export interface FastForwardOptions {
  /** The branch to move (`main` or `refs/heads/main`), normally the user's current branch. */
  readonly branch: string;
  /** The commit to move it to (a full commit id), e.g. the integration branch's head. */
  readonly to: string;
  readonly signal?: AbortSignal | undefined;
}

/** What {@link fastForwardBranch} did. */
export interface FastForwardResult {
  /** Full ref of the branch. */
  readonly branch: string;
  /** Its commit before. */
  readonly from: string;
  /** Its commit now (`to`). */
  readonly to: string;
  /** False when it already pointed at `to`. */
  readonly updated: boolean;
  /** `checkout`: it was checked out in `repo`'s work tree and moved with `merge --ff-only`; `ref`: it was not checked out anywhere and only the ref moved. */
  readonly mode: 'checkout' | 'ref' | 'none';
}

function unsafe(message: string, details: Record<string, unknown>): WavefrontError {
  return new WavefrontError('GIT_STATE_UNSAFE', message, { details });
}

async function assertBranchName(root: string, branch: unknown, signal: AbortSignal | undefined): Promise<string> {
  if (typeof branch !== 'string' || branch === '' || branch.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `branch must be a branch name, got ${describeValue(branch)}`, { details: { field: 'branch' } });
  }
  const ref = branch.startsWith('refs/heads/') ? branch : `refs/heads/${branch}`;
  const check = await runGit(['check-ref-format', ref], { cwd: root, signal, readOnly: true, allowFailure: true });
  if (check.code !== 0 || shortBranchName(ref).startsWith('-')) {
    throw new WavefrontError('INVALID_ARGUMENT', `branch ${JSON.stringify(branch.slice(0, 200))} is not a valid branch name`, { details: { field: 'branch' } });
  }
  return ref;
}

/**
 * Moves `branch` to `to` only if that is a fast-forward (its current commit is an ancestor of `to`).
 *
 * - Checked out in `repo`'s own work tree: requires a safe state (no merge/rebase/... in progress,
 *   no `index.lock`, no conflicts) and a clean tree apart from ignored files (no modified, staged or
 *   untracked files), then runs `git merge --ff-only` there, which updates the files. Hooks do not run.
 * - Not checked out in any worktree: the ref is moved with `update-ref <to> <from>` (compare-and-swap).
 * - Checked out in another worktree: refused.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (bad branch name, `to` not a full commit id, unknown
 *   branch or commit), `GIT_STATE_UNSAFE` (`details.state`: `not-fast-forward`, `dirty`,
 *   `checked-out-elsewhere`, `branch-moved`, or a state of `preflight`), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function fastForwardBranch(repo: string, options: FastForwardOptions): Promise<FastForwardResult> {
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `fastForwardBranch: options must be an object, got ${describeValue(options)}`);
  }
  if (typeof options.to !== 'string' || !isObjectId(options.to)) {
    throw new WavefrontError('INVALID_ARGUMENT', `to must be a full commit id, got ${describeValue(options.to)}`, { details: { field: 'to' } });
  }
  const { signal } = options;
  const state = await inspectRepository(repo, signal);
  const root = state.root;
  const ref = await assertBranchName(root, options.branch, signal);
  const to = options.to;

  return withRepoLock(root, async () => {
    const git = { cwd: root, signal, readOnly: true, allowFailure: true } as const;
    const current = await runGit(['rev-parse', '-q', '--verify', `${ref}^{commit}`], git);
    if (current.code !== 0) throw new WavefrontError('INVALID_ARGUMENT', `branch ${ref} does not exist`, { details: { field: 'branch', branch: ref } });
    const from = current.stdout.trim();
    const target = await runGit(['rev-parse', '-q', '--verify', `${to}^{commit}`], git);
    if (target.code !== 0 || target.stdout.trim() !== to) {
      throw new WavefrontError('INVALID_ARGUMENT', `commit ${to} does not exist`, { details: { field: 'to', to } });
    }
    if (from === to) return { branch: ref, from, to, updated: false, mode: 'none' };
    const ancestor = await runGit(['merge-base', '--is-ancestor', from, to], git);
    if (ancestor.code !== 0) {
      throw unsafe(`${ref} (${from.slice(0, 12)}) is not an ancestor of ${to.slice(0, 12)}: refusing anything but a fast-forward`, {
        state: 'not-fast-forward',
        branch: ref,
        from,
        to,
      });
    }
    const holders = (await listWorktreeEntries(root, signal)).filter((entry) => entry.branch === ref);
    if (holders.length === 0) {
      const moved = await runGit(['update-ref', '-m', `wavefront: fast-forward to ${to}`, ref, to, from], { cwd: root, signal, allowFailure: true });
      if (moved.code !== 0) throw unsafe(`${ref} moved while wavefront was fast-forwarding it`, { state: 'branch-moved', branch: ref });
      return { branch: ref, from, to, updated: true, mode: 'ref' };
    }
    const holder = holders[0];
    if (holders.length > 1 || holder === undefined || !sameDirectory(holder.path, root)) {
      throw unsafe(`${ref} is checked out in ${holder?.path ?? 'another worktree'}, not in ${root}`, {
        state: 'checked-out-elsewhere',
        branch: ref,
        path: holder?.path,
      });
    }
    const fresh = await inspectRepository(root, signal);
    await assertSafeState(fresh, { allowDetached: false, signal });
    if (fresh.branchRef !== ref || fresh.head !== from) throw unsafe(`${ref} moved while wavefront was fast-forwarding it`, { state: 'branch-moved', branch: ref });
    const status = await worktreeStatus(root, { signal });
    if (!status.clean) {
      throw unsafe(`${root} has uncommitted or untracked changes; commit or stash them before wavefront fast-forwards ${ref}`, {
        state: 'dirty',
        branch: ref,
        changed: status.changed.slice(0, 50),
        untracked: status.untracked.slice(0, 50),
      });
    }
    await runGit(['merge', '--ff-only', '--no-autostash', '--quiet', to], { cwd: root, signal });
    return { branch: ref, from, to, updated: true, mode: 'checkout' };
  });
}
