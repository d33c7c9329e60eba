/**
 * Finding run worktrees left behind by a crashed or finished run.
 * @module
 */
import { isLockOwnerAlive, readRunLock } from '../journal/lock.js';
import { DEFAULT_STATE_DIR, resolveStateDir } from '../journal/state-dir.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { inspectRepository } from './preflight.js';
import { type RunWorktree, listWorktreeEntries, runWorktreesOf } from './worktree-list.js';

/** A run worktree that nothing is using any more. */
export interface OrphanWorktree extends RunWorktree {
  /**
   * `missing-directory`: the directory was deleted but git still has it registered (`git worktree
   * prune` or {@link cleanupRunWorktrees} removes it); `run-not-live`: no live process holds the run lock of its run.
   */
  readonly reason: 'missing-directory' | 'run-not-live';
}

/** Options of {@link findOrphanWorktrees}. */
export interface FindOrphanWorktreesOptions {
  /** State directory holding `run.lock` (default `.wavefront`, relative to the repository top level). */
  readonly stateDir?: string | undefined;
  /**
   * Decides whether run `runId` is still running. Default: `<stateDir>/run.lock` exists, names
   * `runId`, and its owner process is alive (an unreadable lock counts as live: never guess a run dead).
   */
  readonly isRunLive?: ((runId: string) => boolean | Promise<boolean>) | undefined;
  readonly signal?: AbortSignal | undefined;
}

function lockBasedLiveness(stateDir: string): (runId: string) => Promise<boolean> {
  let lock: ReturnType<typeof readRunLock> | undefined;
  return async (runId) => {
    lock ??= readRunLock(stateDir);
    const info = await lock;
    if (info === undefined) return false;
    if (info === 'corrupt') return true;
    return info.runId === runId && (await isLockOwnerAlive(info));
  };
}

/**
 * The run worktrees (`refs/heads/wavefront/<runId>/<instance>`) of the repository containing `repo`
 * whose directory is gone, or whose run holds no live run lock. Read-only: remove them with
 * {@link cleanupRunWorktrees} (per run) or {@link removeRunWorktree}.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (bad options), `UNSAFE_PATH` (state dir escaping the
 *   repository, a symlinked lock), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function findOrphanWorktrees(repo: string, options: FindOrphanWorktreesOptions = {}): Promise<OrphanWorktree[]> {
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `findOrphanWorktrees: options must be an object, got ${describeValue(options)}`);
  }
  if (options.isRunLive !== undefined && typeof options.isRunLive !== 'function') {
    throw new WavefrontError('INVALID_ARGUMENT', 'findOrphanWorktrees: isRunLive must be a function', { details: { field: 'isRunLive' } });
  }
  const state = await inspectRepository(repo, options.signal);
  const isRunLive = options.isRunLive ?? lockBasedLiveness(resolveStateDir(state.root, options.stateDir ?? DEFAULT_STATE_DIR));
  const live = new Map<string, boolean>();
  const orphans: OrphanWorktree[] = [];
  for (const worktree of runWorktreesOf(await listWorktreeEntries(state.root, options.signal))) {
    if (!worktree.exists) {
      orphans.push({ ...worktree, reason: 'missing-directory' });
      continue;
    }
    let alive = live.get(worktree.runId);
    if (alive === undefined) {
      alive = (await isRunLive(worktree.runId)) === true;
      live.set(worktree.runId, alive);
    }
    if (!alive) orphans.push({ ...worktree, reason: 'run-not-live' });
  }
  return orphans;
}
