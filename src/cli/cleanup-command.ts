/**
 * `wavefront cleanup <runId>`: remove a run's worktrees, branches and work refs (nothing else).
 * @module
 */
import { cleanupRunWorktrees } from '../git/worktree.js';
import { deleteWorkRefs } from '../git/workspace.js';
import { isLockOwnerAlive, readRunLock } from '../journal/lock.js';
import { resolveStateDir } from '../journal/state-dir.js';
import { WavefrontError } from '../model/errors.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

/** Runs `wavefront cleanup`. Refuses while the run is live. */
export async function cleanupCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseCommandArgs(argv, { 'state-dir': { type: 'string' } });
  const [runId] = positionals;
  if (runId === undefined || positionals.length !== 1) throw new WavefrontError('INVALID_ARGUMENT', 'usage: wavefront cleanup <runId>');
  const lock = await readRunLock(resolveStateDir(io.cwd, values['state-dir'])).catch(() => undefined);
  if (lock !== undefined && lock !== 'corrupt' && lock.runId === runId && (await isLockOwnerAlive(lock))) {
    throw new WavefrontError('RUN_LOCKED', `run ${runId} is running (pid ${lock.pid}); stop it first`, { details: { runId, pid: lock.pid } });
  }
  const cleaned = await cleanupRunWorktrees(io.cwd, runId);
  const refs = await deleteWorkRefs(io.cwd, runId);
  io.stdout(`Removed ${cleaned.removed.length} worktree(s), ${cleaned.deletedBranches.length} branch(es) and ${refs.length} work ref(s) of run ${runId}\n`);
  return 0;
}
