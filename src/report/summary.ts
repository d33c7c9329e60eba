/**
 * `renderSummary`: the seed's final "📊 SUMMARY:" tree.
 * @module
 */
import { ROLES } from '../allocate/roles.js';
import { assertProgressState } from './dashboard.js';
import { formatDurationLong, formatMinutesLong, runStatusText } from './format.js';
import type { ProgressState } from './progress-types.js';

/** Figures of the summary, for callers that want them without the text. */
export interface SummaryFigures {
  /** Wall-clock duration of the run so far (ms). */
  readonly totalMs: number;
  /** Sum of measured task durations (ms): the time the same attempts would take one by one. */
  readonly measuredSequentialMs: number;
  /** `(measuredSequential - total) / measuredSequential * 100`, one decimal; undefined without measurements. */
  readonly measuredSavedPercent: number | undefined;
  /** Waves that started (or finished), plan and re-planned. */
  readonly wavesExecuted: number;
  /** Distinct instances that ran at least one attempt. */
  readonly instancesUsed: number;
}

/** Computes the figures {@link renderSummary} prints. */
export function summaryFigures(state: ProgressState): SummaryFigures {
  assertProgressState(state, 'summaryFigures');
  const totalMs = state.durationMs ?? (state.startedAt === undefined ? 0 : Math.max(0, state.now - state.startedAt));
  let measuredSequentialMs = 0;
  for (const task of state.tasks) if (task.durationMs !== undefined && task.durationMs > 0) measuredSequentialMs += task.durationMs;
  const measuredSavedPercent =
    measuredSequentialMs > 0 && totalMs > 0 ? Math.round(((measuredSequentialMs - totalMs) / measuredSequentialMs) * 1000) / 10 : undefined;
  return {
    totalMs,
    measuredSequentialMs,
    measuredSavedPercent,
    wavesExecuted: state.waves.filter((wave) => wave.status !== 'pending').length,
    instancesUsed: state.instances.filter((instance) => instance.started > 0).length,
  };
}

function efficiencyText(state: ProgressState, figures: SummaryFigures): string {
  const planned = `plan estimate: ${Math.round(state.plan.savedPercent)}%`;
  const saved = figures.measuredSavedPercent;
  if (saved === undefined) return `${Math.round(state.plan.savedPercent)}% faster (plan estimate)`;
  if (saved <= 0) return `no faster than one task at a time (${planned})`;
  return `${Math.round(saved)}% faster than one task at a time (${planned})`;
}

/**
 * Renders the final summary (seed "📊 SUMMARY:") as lines joined by `\n`: total time, sequential
 * time (plan estimate), efficiency, waves executed, instances used, tasks, files changed, retries,
 * re-plans and rollback when any, git commit (short sha) and status. Pure.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `state` is not a progress state.
 */
export function renderSummary(state: ProgressState): string {
  const figures = summaryFigures(state);
  const { totals } = state;
  const inserted = state.waves.filter((wave) => wave.inserted).length;
  const items: string[] = [
    `Total time: ${formatDurationLong(figures.totalMs)}`,
    `Sequential time: ${formatMinutesLong(state.plan.sequentialMinutes)} (plan estimate)`,
    `Efficiency: ${efficiencyText(state, figures)}`,
    `Waves executed: ${figures.wavesExecuted} of ${state.waves.length}${inserted > 0 ? ` (${inserted} re-planned)` : ''}`,
    `Instances used: ${figures.instancesUsed} of ${ROLES.length}`,
    `Tasks: ${totals.succeeded} succeeded, ${totals.failed} failed, ${totals.skipped + totals.cancelled} skipped (of ${totals.tasks})`,
    `Files changed: ${state.filesChanged.length}`,
  ];
  if (state.retries > 0) items.push(`Retries: ${state.retries}`);
  if (state.replans.length > 0) {
    const count = state.replans.reduce((sum, replan) => sum + replan.taskIds.length, 0);
    items.push(`Re-plans: ${state.replans.length} (${count} ${count === 1 ? 'task' : 'tasks'} inserted)`);
  }
  if (state.rollback.status !== 'none') {
    const text = { running: 'in progress', succeeded: '✅ restored from backup', failed: `❌ failed${state.rollback.error ? `: ${state.rollback.error}` : ''}` };
    items.push(`Rollback: ${text[state.rollback.status]}`);
  }
  items.push(`Git commit: ${state.commit === undefined ? 'none' : state.commit.slice(0, 7)}`);
  if (state.error !== undefined) items.push(`Error: ${state.error.code ? `${state.error.code}: ` : ''}${state.error.message}`);
  items.push(`Status: ${runStatusText(state.status)}${state.dryRun ? ' (dry run)' : ''}`);
  return ['📊 SUMMARY:', ...items.map((item, index) => `${index === items.length - 1 ? '└─' : '├─'} ${item}`)].join('\n');
}
