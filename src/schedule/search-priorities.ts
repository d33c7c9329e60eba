/**
 * The priorities every dynamic-mode consumer (executor, dry run, plan estimate) takes from the
 * plan-time policy search, with a budget that keeps huge plans fast.
 * @module
 */
import { bLevels } from './priority.js';
import { runSimulation } from './run-simulation.js';
import { searchPolicy } from './search.js';
import type { ScheduleInstance, ScheduleTask } from './types.js';

/**
 * Above this many tasks there is no search: the scheduler's own critical-path (b-level) priority
 * is used. The search costs about a simulation per candidate, and at this size the plain rule is
 * within a fraction of a percent of the bound on the benchmark graphs anyway.
 */
const LARGE_PLAN = 5_000;

/**
 * Priorities chosen by {@link searchPolicy} for `tasks` (deterministic), or undefined (plain
 * b-level) for plans above {@link LARGE_PLAN} tasks.
 *
 * Given the actual pool (instances with roles) rather than a count, the search's choice is checked
 * against plain b-level and the plan's wave order on that pool, and the shortest wins: the search
 * models interchangeable instances, while planned tasks prefer their own instance and role, and
 * write-set locks can make a wave-by-wave order the better one. So the dynamic estimate is never
 * longer than running the waves' order without barriers.
 */
export function searchPriorities(
  tasks: readonly ScheduleTask[],
  instances: number | readonly ScheduleInstance[],
): ReadonlyMap<string, number> | undefined {
  if (tasks.length > LARGE_PLAN) return undefined;
  const count = typeof instances === 'number' ? instances : instances.length;
  const searched = searchPolicy(tasks, { instances: Math.max(1, count), mode: 'dynamic' }).priority;
  if (typeof instances === 'number' || instances.length === 0) return searched;
  let best: { priority: ReadonlyMap<string, number> | undefined; makespan: number } | undefined;
  for (const priority of [searched, undefined, waveOrder(tasks)]) {
    const makespan = runSimulation({ tasks, instances, mode: 'dynamic', priority }).makespanMinutes;
    if (best === undefined || makespan < best.makespan) best = { priority, makespan };
  }
  return best?.priority;
}

/** Earlier waves first, longest remaining path first within a wave. */
function waveOrder(tasks: readonly ScheduleTask[]): ReadonlyMap<string, number> {
  const levels = bLevels(tasks);
  const ranked = tasks
    .map((task, index) => ({ id: task.id, wave: task.wave ?? 0, level: levels.get(task.id) ?? 0, index }))
    .sort((a, b) => a.wave - b.wave || b.level - a.level || a.index - b.index);
  return new Map(ranked.map((task, rank) => [task.id, ranked.length - rank]));
}
