/**
 * `wavefront status [runId]`: a run's state from its journal, or the list of runs.
 * @module
 */
import { findOrphanWorktrees } from '../git/worktree-orphans.js';
import { listRuns, readRunStatus, type RunSummary } from '../journal/runs.js';
import { resolveStateDir } from '../journal/state-dir.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

/** Runs `wavefront status`. */
export async function statusCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'state-dir': { type: 'string' } });
  const stateDir = resolveStateDir(io.cwd, values['state-dir']);
  const [runId] = positionals;
  if (runId !== undefined) {
    const summary = await readRunStatus(stateDir, runId);
    io.stdout(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    return 0;
  }
  const runs = await listRuns(stateDir);
  if (values.json) io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
  else if (runs.length === 0) io.stdout('No runs recorded here.\n');
  else for (const run of runs) io.stdout(`${run.runId}  ${run.status.padEnd(12)} ${run.request?.split('\n')[0]?.slice(0, 60) ?? ''}\n`);
  if (!values.json) {
    const orphans = await findOrphanWorktrees(io.cwd, { stateDir: values['state-dir'] }).catch(() => []);
    for (const id of [...new Set(orphans.map((orphan) => orphan.runId))].sort()) {
      const count = orphans.filter((orphan) => orphan.runId === id).length;
      io.stdout(`Run ${id} left ${count} worktree(s): resume it, or remove them with wavefront cleanup ${id}\n`);
    }
  }
  return 0;
}

function formatSummary(run: RunSummary): string {
  const counts = Object.entries(run.tasks)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const lines = [
    `Run ${run.runId}: ${run.status}`,
    run.request ? `Request: ${run.request.split('\n')[0]}` : undefined,
    `Tasks: ${counts || 'none'}`,
    run.inDoubt.length > 0 ? `In doubt (were running): ${run.inDoubt.join(', ')}` : undefined,
    run.backupRef ? `Backup: ${run.backupRef}` : undefined,
    run.commit ? `Commit: ${run.commit}` : undefined,
    run.updatedAt ? `Last update: ${new Date(run.updatedAt).toISOString()}` : undefined,
    run.error ? `Error: ${run.error}` : undefined,
    run.status === 'interrupted' || run.status === 'paused' ? `Resume with: wavefront run --resume ${run.runId}` : undefined,
  ];
  return `${lines.filter((line) => line !== undefined).join('\n')}\n`;
}
