export { ROLES, ROLE_KEYS, instancesOfRole, roleOfInstance, isRoleKey } from './roles.js';
export type { Role, RoleKey } from './roles.js';
export { matchRole } from './match-role.js';
export type { RoleChoice } from './match-role.js';
export { recommendInstances } from './recommend-instances.js';
export { allocateInstances } from './allocate-instances.js';
export type { AllocateOptions, Allocation, TaskAllocation } from './allocate-instances.js';
