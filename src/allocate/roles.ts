/**
 * The 15 specialised agent instances of the seed, and their roles.
 * @module
 */

/** Role keys. Several instances can share a role (I4-I6 are all backend engineers). */
export type RoleKey =
  | 'coordinator'
  | 'database-analyst'
  | 'migration-engineer'
  | 'backend-engineer'
  | 'test-engineer'
  | 'api-tester'
  | 'devops-engineer'
  | 'technical-writer'
  | 'code-reviewer'
  | 'data-engineer'
  | 'integration-validator'
  | 'cleanup-specialist';

/** One agent instance of the catalogue. */
export interface Role {
  /** Instance id, `I1`..`I15`. */
  readonly id: string;
  /** Role key shared by instances of the same role. */
  readonly key: RoleKey;
  /** Display name. */
  readonly name: string;
  /** What it knows. */
  readonly expertise: string;
  /** Typical tasks. */
  readonly commonTasks: string;
}

/** The 15 instances, `I1`..`I15`, as in the seed's table. */
export const ROLES: readonly Role[] = Object.freeze([
  { id: 'I1', key: 'coordinator', name: 'Coordinator', expertise: 'Orchestration, git operations', commonTasks: 'Backups, checkpoints, commits' },
  { id: 'I2', key: 'database-analyst', name: 'Database Analyst', expertise: 'Schema, data validation', commonTasks: 'Analyze tables, compare schemas' },
  { id: 'I3', key: 'migration-engineer', name: 'Migration Engineer', expertise: 'Alembic, migrations', commonTasks: 'Generate/execute migrations' },
  { id: 'I4', key: 'backend-engineer', name: 'Backend Engineer', expertise: 'APIs, business logic', commonTasks: 'Endpoints, services, middleware' },
  { id: 'I5', key: 'backend-engineer', name: 'Backend Engineer', expertise: 'APIs, business logic', commonTasks: 'Endpoints, services, middleware' },
  { id: 'I6', key: 'backend-engineer', name: 'Backend Engineer', expertise: 'APIs, business logic', commonTasks: 'Endpoints, services, middleware' },
  { id: 'I7', key: 'test-engineer', name: 'Test Engineer', expertise: 'Testing, fixtures', commonTasks: 'Unit/integration/RBAC tests' },
  { id: 'I8', key: 'test-engineer', name: 'Test Engineer', expertise: 'Testing, fixtures', commonTasks: 'Unit/integration/RBAC tests' },
  { id: 'I9', key: 'api-tester', name: 'API Tester', expertise: 'Manual testing', commonTasks: 'Curl tests, API validation' },
  { id: 'I10', key: 'devops-engineer', name: 'DevOps Engineer', expertise: 'Environment, dependencies', commonTasks: 'pip install, config, CI/CD' },
  { id: 'I11', key: 'technical-writer', name: 'Technical Writer', expertise: 'Documentation', commonTasks: 'READMEs, API docs, guides' },
  { id: 'I12', key: 'code-reviewer', name: 'Code Reviewer', expertise: 'Security, quality', commonTasks: 'Audits, linting, best practices' },
  { id: 'I13', key: 'data-engineer', name: 'Data Engineer', expertise: 'Backups, ETL', commonTasks: 'Database backups, data scripts' },
  { id: 'I14', key: 'integration-validator', name: 'Integration Validator', expertise: 'E2E testing', commonTasks: 'Cross-system validation' },
  { id: 'I15', key: 'cleanup-specialist', name: 'Cleanup Specialist', expertise: 'File management', commonTasks: 'Remove temps, organize outputs' },
].map((role) => Object.freeze(role as Role)));

/** All role keys, in catalogue order. */
export const ROLE_KEYS: readonly RoleKey[] = [...new Set(ROLES.map((role) => role.key))];

/** Instance ids of a role, in catalogue order. */
export function instancesOfRole(key: RoleKey): readonly string[] {
  return ROLES.filter((role) => role.key === key).map((role) => role.id);
}

/** The catalogue entry of an instance id, or undefined. */
export function roleOfInstance(instanceId: string): Role | undefined {
  return ROLES.find((role) => role.id === instanceId);
}

/** True when `value` is a role key. */
export function isRoleKey(value: string): value is RoleKey {
  return (ROLE_KEYS as readonly string[]).includes(value);
}
