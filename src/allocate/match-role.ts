/**
 * Which role should do a task: from its explicit role, its kind, or its text.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import type { TaskSpec } from '../model/task.js';
import { isRoleKey, ROLE_KEYS, roleOfInstance, type RoleKey } from './roles.js';

/** The role a task resolves to, and the instance it asked for, if any. */
export interface RoleChoice {
  /** Role key. */
  readonly role: RoleKey;
  /** Instance id when the task named one (`role: 'I5'`). */
  readonly instance?: string | undefined;
}

/** Common names users write for roles. */
const ROLE_SYNONYMS: Readonly<Record<string, RoleKey>> = {
  coordinator: 'coordinator',
  git: 'coordinator',
  backend: 'backend-engineer',
  frontend: 'backend-engineer',
  fullstack: 'backend-engineer',
  developer: 'backend-engineer',
  engineer: 'backend-engineer',
  'database': 'database-analyst',
  dba: 'database-analyst',
  migration: 'migration-engineer',
  migrations: 'migration-engineer',
  test: 'test-engineer',
  tests: 'test-engineer',
  tester: 'test-engineer',
  qa: 'test-engineer',
  api: 'api-tester',
  devops: 'devops-engineer',
  ops: 'devops-engineer',
  docs: 'technical-writer',
  writer: 'technical-writer',
  documentation: 'technical-writer',
  review: 'code-reviewer',
  reviewer: 'code-reviewer',
  security: 'code-reviewer',
  data: 'data-engineer',
  etl: 'data-engineer',
  integration: 'integration-validator',
  e2e: 'integration-validator',
  cleanup: 'cleanup-specialist',
};

/** Keyword rules for work tasks, first match wins; checked against the lower-cased title (+ description). */
const TEXT_RULES: readonly (readonly [RegExp, RoleKey])[] = [
  [/\b(migration|migrate|alembic|prisma migrate|knex migrate)\b/, 'migration-engineer'],
  [/\b(backup|back up|etl|data script|export data|import data|restore script|rollback script)\b/, 'data-engineer'],
  [/\b(e2e|end-to-end|end to end|visual regression|cross-system|integration validation|validate integration)\b/, 'integration-validator'],
  [/\b(curl|manual(ly)? test|api validation|postman|smoke test)/, 'api-tester'],
  [/\b(tests?|testing|spec|specs|fixtures?|coverage|reproduce)\b/, 'test-engineer'],
  [/\b(schema|tables?|columns?|indexes|database|sql|query|queries|data model)\b/, 'database-analyst'],
  [/\b(docs?|documentation|readme|changelog|guide|tutorial|api reference)\b/, 'technical-writer'],
  [/\b(review|audit|lint|linting|security|vulnerabilit)/, 'code-reviewer'],
  [/\b(install|dependenc|dependency|package\.json|config(ure|uration)?|ci\b|ci\/cd|pipeline|docker|deploy|environment|env var|upgrade|css variables)/, 'devops-engineer'],
  [/\b(clean ?up|remove temp|temporary files|organi[sz]e outputs|delete unused)/, 'cleanup-specialist'],
];

/**
 * Resolves the role of a task: an explicit `role` (role key, instance id or a common synonym),
 * else by kind (backup/commit → coordinator, data-backup/rollback-script → data engineer,
 * verify → database analyst), else by keywords in its text, else backend engineer.
 *
 * @throws {@link WavefrontError} `INVALID_TASK` when `role` names no known role or instance.
 */
export function matchRole(task: TaskSpec): RoleChoice {
  if (task.role !== undefined) return parseRole(task);
  switch (task.kind) {
    case 'backup':
    case 'commit':
      return { role: 'coordinator' };
    case 'data-backup':
    case 'rollback-script':
      return { role: 'data-engineer' };
    case 'verify':
      return { role: 'database-analyst' };
    default:
      break;
  }
  const text = `${task.title}\n${task.description ?? ''}`.toLowerCase();
  for (const [pattern, role] of TEXT_RULES) if (pattern.test(text)) return { role };
  return { role: 'backend-engineer' };
}

function parseRole(task: TaskSpec): RoleChoice {
  const raw = (task.role ?? '').trim();
  const instance = roleOfInstance(raw.toUpperCase());
  if (instance) return { role: instance.key, instance: instance.id };
  const key = raw.toLowerCase().replace(/[\s_]+/g, '-');
  if (isRoleKey(key)) return { role: key };
  const synonym = ROLE_SYNONYMS[key.replace(/-?(engineer|specialist|analyst)$/, '')] ?? ROLE_SYNONYMS[key];
  if (synonym) return { role: synonym };
  throw new WavefrontError(
    'INVALID_TASK',
    `task ${JSON.stringify(task.id)}: role ${JSON.stringify(task.role)} is not a role key (${ROLE_KEYS.join(', ')}) or an instance id (I1..I15)`,
    { details: { taskId: task.id, field: 'role' } },
  );
}
