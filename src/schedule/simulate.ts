/**
 * `simulate()`: runs the scheduler core on a virtual clock with task estimates as durations.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import { runSimulation } from './run-simulation.js';
import { searchPriorities } from './search-priorities.js';
import { checkSimulateOptions, fromPlan, fromTaskSpecs, looksLikePlan, type SimulationInput } from './simulate-input.js';
import type { SimulateOptions, SimulateResult } from './types.js';

export { runSimulation } from './run-simulation.js';

/** Simulates with the searched priorities in dynamic mode (unless `search: false`): the ones the executor and the plan estimate use. */
function simulateInput(input: SimulationInput, search: boolean): SimulateResult {
  if (input.mode !== 'dynamic' || !search) return runSimulation(input);
  return runSimulation({ ...input, priority: searchPriorities(input.tasks, input.instances) });
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
 * - `dynamic` mode dispatches by the priorities of the policy search (the best of several rules
 *   and a seeded local search on the virtual clock, checked against plain b-level and wave order on
 *   the actual instances; deterministic; skipped above 5,000 tasks), `search: false` by plain
 *   b-level. Critical tasks run alone, with backfilling while the pool drains for them.
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
  const search = checked.search ?? true;
  if (Array.isArray(planOrTasks)) return simulateInput(fromTaskSpecs(planOrTasks as readonly TaskSpec[], checked), search);
  if (looksLikePlan(planOrTasks)) return simulateInput(fromPlan(planOrTasks, checked), search);
  throw new WavefrontError('INVALID_ARGUMENT', 'simulate: expected a plan or an array of task specs', { details: { field: 'planOrTasks' } });
}
