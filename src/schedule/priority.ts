/**
 * Task priorities: the b-level (HLFET) — the longest path from a task to the end of the graph,
 * including the task's own estimate.
 * @module
 */
import { indexGraph } from './graph.js';
import type { ScheduleTask } from './types.js';
import { validateScheduleTasks } from './validate.js';

/**
 * b-levels by position, given a topological order: `b[i] = estimate[i] + max(b[dependent])`.
 * Internal building block; inputs are assumed valid.
 */
export function bLevelsByIndex(
  order: readonly number[],
  estimates: readonly number[],
  dependents: readonly (readonly number[])[],
): number[] {
  const levels = new Array<number>(estimates.length).fill(0);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    let longest = 0;
    for (const d of dependents[i] as number[]) longest = Math.max(longest, levels[d] as number);
    levels[i] = (estimates[i] as number) + longest;
  }
  return levels;
}

/**
 * The b-level of every task: its estimate plus the longest chain of estimates below it. Higher
 * b-level = more remaining critical path = dispatched first by the scheduler.
 *
 * @example
 * ```ts
 * bLevels([{ id: 'a', dependsOn: [], estimate: 2, critical: false, wave: 0 },
 *          { id: 'b', dependsOn: ['a'], estimate: 3, critical: false, wave: 1 }]) // Map { a => 5, b => 3 }
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT`, `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY` or `CYCLE`.
 */
export function bLevels(tasks: readonly ScheduleTask[]): Map<string, number> {
  validateScheduleTasks(tasks);
  const graph = indexGraph(tasks);
  const levels = bLevelsByIndex(
    graph.order,
    tasks.map((task) => task.estimate),
    graph.dependents,
  );
  return new Map(tasks.map((task, i) => [task.id, levels[i] as number]));
}
