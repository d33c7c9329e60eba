/**
 * `wavefront rollback <runId>`: restore the run's wave-0 snapshot.
 * @module
 */
import { preflight } from '../git/preflight.js';
import { restoreSnapshot } from '../git/rollback.js';
import { runRefName } from '../git/names.js';
import { cleanupRunWorktrees } from '../git/worktree.js';
import { deleteWorkRefs } from '../git/workspace.js';
import { WavefrontError } from '../model/errors.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

/** Runs `wavefront rollback`. */
export async function rollbackCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(argv, {});
  const [runId] = positionals;
  if (runId === undefined || positionals.length !== 1) throw new WavefrontError('INVALID_ARGUMENT', 'usage: wavefront rollback <runId>');
  const ref = runRefName(runId);
  await preflight(io.cwd);
  await restoreSnapshot(io.cwd, ref);
  io.stdout(`Restored the working tree to ${ref}\n`);
  const cleaned = await cleanupRunWorktrees(io.cwd, runId);
  await deleteWorkRefs(io.cwd, runId);
  if (cleaned.removed.length > 0 || cleaned.deletedBranches.length > 0) {
    io.stdout(`Removed ${cleaned.removed.length} worktree(s) and ${cleaned.deletedBranches.length} branch(es) of run ${runId}\n`);
  }
  return 0;
}
