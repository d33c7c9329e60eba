/**
 * The priorities every dynamic-mode consumer (executor, dry run, plan estimate) takes from the
 * plan-time policy search, with a budget that keeps huge plans fast.
 * @module
 */
import { searchPolicy } from './search.js';
import type { ScheduleTask } from './types.js';

/**
 * Above this many tasks there is no search: the scheduler's own critical-path (b-level) priority
 * is used. The search costs about a simulation per candidate, and at this size the plain rule is
 * within a fraction of a percent of the bound on the benchmark graphs anyway.
 */
const LARGE_PLAN = 5_000;

/**
 * Priorities chosen by {@link searchPolicy} for `tasks` on `instances` instances (deterministic),
 * or undefined (plain b-level) for plans above {@link LARGE_PLAN} tasks.
 */
export function searchPriorities(tasks: readonly ScheduleTask[], instances: number): ReadonlyMap<string, number> | undefined {
  if (tasks.length > LARGE_PLAN) return undefined;
  return searchPolicy(tasks, { instances: Math.max(1, instances), mode: 'dynamic' }).priority;
}
