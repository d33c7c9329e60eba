/**
 * wavefront: plan a plain-English engineering request into a guarded DAG of agent tasks and run it
 * with maximum safe parallelism.
 * @module
 */
export { WavefrontError, isWavefrontError } from './model/errors.js';
export type { WavefrontErrorCode, WavefrontErrorOptions } from './model/errors.js';
export { TASK_ID_PATTERN, TASK_KINDS, LIMITS, TaskSpecSchema, parseTaskSpec, parseTaskSpecs, isValidTaskId } from './model/task.js';
export type { TaskSpec, TaskKind } from './model/task.js';
export type * from './model/plan.js';
export { ROLES, ROLE_KEYS, instancesOfRole, roleOfInstance, isRoleKey } from './allocate/roles.js';
export type { Role, RoleKey } from './allocate/roles.js';
export type * from './adapters/types.js';
export type * from './execute/events.js';
export { ORCHESTRATOR_EVENT_NAMES } from './execute/events.js';
