/**
 * Derived figures of a {@link ProgressState} at a given time: task, wave and overall percent, ETA.
 * Pure; `now` is always passed in.
 * @module
 */
import type { ProgressState, TaskProgress, WaveProgress } from './progress-types.js';

/** A running task without reported progress never shows more than this fraction from elapsed time. */
export const ELAPSED_PROGRESS_CAP = 0.95;

const FINISHED = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

/** True when the task reached a final status. */
export function isTaskFinished(task: Pick<TaskProgress, 'status'>): boolean {
  return FINISHED.has(task.status);
}

/** Weight of a task in overall progress: its estimate in minutes (at least a tiny positive value). */
export function taskWeight(task: Pick<TaskProgress, 'estimateMinutes'>): number {
  return task.estimateMinutes > 0 ? task.estimateMinutes : 1;
}

/**
 * Completed fraction (0..1) of one task at `now`: 1 when finished; for a running task the reported
 * percent, or elapsed / estimate capped at 95 % when none was reported; 0 otherwise.
 */
export function taskFractionAt(task: TaskProgress, now: number): number {
  if (isTaskFinished(task)) return 1;
  if (task.status !== 'running') return 0;
  if (task.percent !== undefined) return Math.min(1, Math.max(0, task.percent / 100));
  const started = task.attemptStartedAt ?? task.startedAt;
  if (started === undefined) return 0;
  const elapsed = Math.max(0, now - started) / 60_000;
  return Math.min(ELAPSED_PROGRESS_CAP, elapsed / taskWeight(task));
}

/** Percent (0..100, rounded down) of one task at `now`. */
export function taskPercentAt(task: TaskProgress, now: number): number {
  return Math.floor(taskFractionAt(task, now) * 100);
}

function runningTasks(state: ProgressState): TaskProgress[] {
  const out: TaskProgress[] = [];
  for (const id of state.running) {
    const position = state.taskIndex.get(id);
    const task = position === undefined ? undefined : state.tasks[position];
    if (task) out.push(task);
  }
  return out;
}

/** Completed fraction (0..1) of one wave at `now`, weighted by task estimates. */
export function waveFractionAt(state: ProgressState, wave: WaveProgress, now: number): number {
  if (wave.totalWeight <= 0) return wave.status === 'pending' || wave.status === 'running' ? 0 : 1;
  let done = wave.doneWeight;
  for (const task of runningTasks(state)) if (task.waveKey === wave.key) done += taskFractionAt(task, now) * taskWeight(task);
  return Math.min(1, done / wave.totalWeight);
}

/** Percent (0..100, rounded down) of one wave at `now`. */
export function wavePercentAt(state: ProgressState, wave: WaveProgress, now: number): number {
  return Math.floor(waveFractionAt(state, wave, now) * 100);
}

/** Completed fraction (0..1) of the whole run at `now`, weighted by task estimates. */
export function overallFractionAt(state: ProgressState, now: number): number {
  const { weight, doneWeight } = state.totals;
  if (weight <= 0) return state.status === 'pending' || state.status === 'running' ? 0 : 1;
  let done = doneWeight;
  for (const task of runningTasks(state)) done += taskFractionAt(task, now) * taskWeight(task);
  return Math.min(1, done / weight);
}

/** Overall percent (0..100, rounded down) at `now`. */
export function overallPercentAt(state: ProgressState, now: number): number {
  return Math.floor(overallFractionAt(state, now) * 100);
}

/**
 * Minutes remaining at `now`. Blends two estimates by progress made: the observed rate
 * (elapsed × remaining / done), which is noisy early on, and the plan's parallel estimate scaled
 * to the remaining fraction, which ignores how fast agents really are. 0 once the run ended.
 */
export function etaMinutesAt(state: ProgressState, now: number): number {
  if (state.status !== 'running' && state.status !== 'pending') return 0;
  const fraction = overallFractionAt(state, now);
  if (fraction >= 1) return 0;
  const planned = state.plan.parallelMinutes > 0 ? state.plan.parallelMinutes : state.totals.weight;
  const fromPlan = planned * (1 - fraction);
  const elapsedMinutes = state.startedAt === undefined ? 0 : Math.max(0, now - state.startedAt) / 60_000;
  if (fraction <= 0 || elapsedMinutes <= 0) return fromPlan;
  const fromRate = (elapsedMinutes * (1 - fraction)) / fraction;
  return fraction * fromRate + (1 - fraction) * fromPlan;
}

/** Key of the lowest wave (display order) with unfinished tasks; the last wave when all are done. */
export function currentWaveKey(waves: readonly WaveProgress[]): string | undefined {
  for (const wave of waves) if (wave.finished < wave.taskIds.length) return wave.key;
  return waves.at(-1)?.key;
}

/** The task with `id`, if known. */
export function getTask(state: ProgressState, id: string): TaskProgress | undefined {
  const position = state.taskIndex.get(id);
  return position === undefined ? undefined : state.tasks[position];
}

/** The wave with display key `key` ("3", "5.1"), if known. */
export function getWave(state: ProgressState, key: string): WaveProgress | undefined {
  const position = state.waveIndex.get(key);
  return position === undefined ? undefined : state.waves[position];
}
