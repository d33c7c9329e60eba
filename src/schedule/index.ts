/**
 * The scheduler core (a pure state machine) and `simulate()` on a virtual clock.
 * @module
 */
export { Scheduler } from './scheduler.js';
export type { Rewire } from './scheduler.js';
export { simulate } from './simulate.js';
export { policyPriorities, searchPolicy } from './search.js';
export { bLevels } from './priority.js';
export { generationWaves } from './generations.js';
export { conflictPairs, writeSetsOverlap } from './write-sets.js';
export type { WriteConflict, WriteSetTask } from './write-sets.js';
export type { GenerationNode } from './generations.js';
export { DEFAULT_ESTIMATE_MINUTES, DEFAULT_SIMULATED_INSTANCES, MAX_SIMULATED_INSTANCES } from './simulate-input.js';
export type {
  Dispatch,
  RunningTask,
  ScheduleInstance,
  ScheduleMode,
  ScheduleOutcome,
  ScheduleStatus,
  ScheduleTask,
  SchedulerOptions,
  SimulateOptions,
  SimulateResult,
  SearchOptions,
  SearchResult,
  TimelineEntry,
} from './types.js';
