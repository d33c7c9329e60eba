/**
 * The priorities every dynamic-mode consumer (executor, dry run, plan estimate) takes from the
 * plan-time policy search, with a budget that keeps huge plans fast.
 * @module
 */
import { searchPolicy } from './search.js';
import type { ScheduleTask } from './types.js';

/** Above this many tasks the search tries a single candidate (plain critical-path priority). */
const LARGE_PLAN = 5_000;

/** Priorities chosen by {@link searchPolicy} for `tasks` on `instances` instances (deterministic). */
export function searchPriorities(tasks: readonly ScheduleTask[], instances: number): ReadonlyMap<string, number> {
  return searchPolicy(tasks, { instances: Math.max(1, instances), mode: 'dynamic', ...(tasks.length > LARGE_PLAN ? { maxCandidates: 1 } : {}) }).priority;
}
