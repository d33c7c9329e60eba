/**
 * `simulate()`: runs the scheduler core on a virtual clock with task estimates as durations.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import { BinaryHeap } from './heap.js';
import { Scheduler } from './scheduler.js';
import { checkSimulateOptions, fromPlan, fromTaskSpecs, looksLikePlan, type SimulationInput } from './simulate-input.js';
import type { ScheduleTask, SimulateOptions, SimulateResult, TimelineEntry } from './types.js';

/** Rounds to one decimal. */
function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Completion order of tasks ending together: end, start, then task id. */
function byCompletion(a: TimelineEntry, b: TimelineEntry): number {
  if (a.end !== b.end) return a.end - b.end;
  if (a.start !== b.start) return a.start - b.start;
  return a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
}

/**
 * The event loop: at time t dispatch, advance to the earliest end, finish every task ending then
 * (by end, start, id), repeat.
 */
export function runSimulation(input: SimulationInput): SimulateResult {
  const scheduler = new Scheduler(input.tasks, { instances: input.instances, mode: input.mode });
  const duration = new Map(input.tasks.map((task: ScheduleTask) => [task.id, task.estimate]));
  const running = new BinaryHeap<TimelineEntry>(byCompletion);
  const timeline: TimelineEntry[] = [];
  let now = 0;
  for (;;) {
    for (const started of scheduler.dispatch()) {
      const entry = { taskId: started.taskId, instance: started.instance, start: now, end: now + (duration.get(started.taskId) as number) };
      running.push(entry);
      timeline.push(entry);
    }
    const first = running.pop();
    if (first === undefined) break;
    now = first.end;
    scheduler.finish(first.taskId, 'succeeded');
    for (let next = running.peek(); next !== undefined && next.end === now; next = running.peek()) {
      running.pop();
      scheduler.finish(next.taskId, 'succeeded');
    }
  }
  if (!scheduler.isFinished() || timeline.length !== input.tasks.length) {
    // Cannot happen with a validated DAG; guards against an endless or partial simulation.
    throw new WavefrontError('INVALID_PLAN', `simulation stalled with ${input.tasks.length - timeline.length} task(s) never started`, {
      details: { counts: scheduler.counts() },
    });
  }
  const order = new Map(input.instances.map((instance, i) => [instance.id, i]));
  timeline.sort((a, b) => a.start - b.start || (order.get(a.instance) as number) - (order.get(b.instance) as number));
  const makespanMinutes = timeline.reduce((latest, entry) => Math.max(latest, entry.end), 0);
  const sequentialMinutes = input.tasks.reduce((sum, task) => sum + task.estimate, 0);
  const savedPercent = sequentialMinutes === 0 ? 0 : round1(((sequentialMinutes - makespanMinutes) / sequentialMinutes) * 100);
  return { makespanMinutes, sequentialMinutes, savedPercent, timeline };
}

/**
 * Simulates a plan or a bare task list on a virtual clock, with the same scheduler core the real
 * executor uses; durations are the estimates.
 *
 * - Task list: exactly those tasks (nothing added), on `instances` (default 4) interchangeable
 *   instances `I1`..`In`; missing estimates count 10 minutes; waves by Kahn generations with
 *   critical tasks in singleton waves.
 * - Plan: its tasks, waves, planned instances, roles and critical flags on its instances, or on
 *   `instances` interchangeable instances when given.
 *
 * @example
 * ```ts
 * simulate([{ id: 'a', title: 'A', estimateMinutes: 5 }, { id: 'b', title: 'B', estimateMinutes: 5 }], { instances: 2 })
 * // { makespanMinutes: 5, sequentialMinutes: 10, savedPercent: 50, timeline: [...] }
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` (options), `INVALID_TASK`, `INVALID_PLAN`,
 * `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY` or `CYCLE`.
 */
export function simulate(planOrTasks: Plan | readonly TaskSpec[], options?: SimulateOptions): SimulateResult {
  const checked = checkSimulateOptions(options);
  if (Array.isArray(planOrTasks)) return runSimulation(fromTaskSpecs(planOrTasks as readonly TaskSpec[], checked));
  if (looksLikePlan(planOrTasks)) return runSimulation(fromPlan(planOrTasks, checked));
  throw new WavefrontError('INVALID_ARGUMENT', 'simulate: expected a plan or an array of task specs', { details: { field: 'planOrTasks' } });
}
