/** Shared builders for the scheduler tests (not a test file itself). */
import { Scheduler } from '../src/schedule/scheduler.js';
import type { ScheduleInstance, ScheduleTask } from '../src/schedule/types.js';

/** A scheduler task with defaults: estimate 1, not critical, wave 0. */
export function task(id: string, dependsOn: readonly string[] = [], extra: Partial<ScheduleTask> = {}): ScheduleTask {
  return { id, dependsOn, estimate: 1, critical: false, wave: 0, ...extra };
}

/** `I1`..`In` without roles. */
export function pool(count: number): ScheduleInstance[] {
  return Array.from({ length: count }, (_, i) => ({ id: `I${i + 1}` }));
}

/** Task ids of a dispatch batch. */
export function ids(batch: readonly { taskId: string }[]): string[] {
  return batch.map((entry) => entry.taskId);
}

/** Runs to the end finishing tasks FIFO as `succeeded`; returns the dispatch batches. */
export function runFifo(scheduler: Scheduler): string[][] {
  const batches: string[][] = [];
  const running: string[] = [];
  for (;;) {
    const batch = ids(scheduler.dispatch());
    if (batch.length > 0) batches.push(batch);
    running.push(...batch);
    const next = running.shift();
    if (next === undefined) return batches;
    scheduler.finish(next, 'succeeded');
  }
}
