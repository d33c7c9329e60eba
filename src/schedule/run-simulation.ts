/**
 * The virtual-clock event loop shared by `simulate()`, the search and estimates.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import { BinaryHeap } from './heap.js';
import { Scheduler } from './scheduler.js';
import type { SimulationInput } from './simulate-input.js';
import type { ScheduleTask, SimulateResult, TimelineEntry } from './types.js';

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
 * (by end, start, id), repeat. Uses `input.priority` when given (else b-levels); no search.
 */
export function runSimulation(input: SimulationInput): SimulateResult {
  const scheduler = new Scheduler(input.tasks, { instances: input.instances, mode: input.mode, priority: input.priority });
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

