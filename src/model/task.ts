/**
 * TaskSpec: the input unit of planning, and its validation.
 * @module
 */
import { z } from 'zod';
import { WavefrontError } from './errors.js';
import { formatZodIssue } from './zod-errors.js';

/** Task ids: safe as file names and git ref components. */
export const TASK_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** What a task is for. `backup` and `commit` are the plan's wave-0 and last-wave git steps. */
export type TaskKind = 'backup' | 'data-backup' | 'rollback-script' | 'work' | 'verify' | 'commit';

/** All task kinds, in pipeline order. */
export const TASK_KINDS: readonly TaskKind[] = ['backup', 'data-backup', 'rollback-script', 'work', 'verify', 'commit'];

/** Hard limits that keep planning linear and memory bounded. */
export const LIMITS = {
  /** Most tasks in one plan. */
  maxTasks: 200_000,
  /** Longest title. */
  maxTitleLength: 500,
  /** Longest description. */
  maxDescriptionLength: 20_000,
  /** Most dependencies of one task. */
  maxDependencies: 10_000,
  /** Longest request text. */
  maxRequestLength: 100_000,
} as const;

/** One unit of work, as a user or a decomposer writes it. */
export interface TaskSpec {
  /** Unique id, `^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`. */
  readonly id: string;
  /** One line naming the work ("Add toggle button to header"). */
  readonly title: string;
  /** Longer instructions for the agent. */
  readonly description?: string | undefined;
  /** Ids of tasks that must succeed before this one starts. */
  readonly dependsOn?: readonly string[] | undefined;
  /** Role key (`backend-engineer`) or instance id (`I5`); inferred from the text when absent. */
  readonly role?: string | undefined;
  /** Force the task critical. `false` never removes a critical verdict of the rules. */
  readonly critical?: boolean | undefined;
  /** Estimated duration in minutes. */
  readonly estimateMinutes?: number | undefined;
  /** File globs this task writes. */
  readonly touches?: readonly string[] | undefined;
  /** An argv to run (shell adapter); never passed through a shell. */
  readonly command?: readonly string[] | undefined;
  /** What the task is for; `work` by default. */
  readonly kind?: TaskKind | undefined;
  /** A display label for the wave this task belongs to ("Backend API"). */
  readonly phase?: string | undefined;
}

/** zod schema of {@link TaskSpec}. Unknown keys are rejected so typos surface. */
export const TaskSpecSchema: z.ZodType<TaskSpec> = z
  .object({
    id: z.string().regex(TASK_ID_PATTERN, 'must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$'),
    title: z.string().trim().min(1, 'must not be empty').max(LIMITS.maxTitleLength),
    description: z.string().max(LIMITS.maxDescriptionLength).optional(),
    dependsOn: z.array(z.string()).max(LIMITS.maxDependencies).optional(),
    role: z.string().min(1).max(64).optional(),
    critical: z.boolean().optional(),
    estimateMinutes: z.number().finite().positive().max(1_000_000).optional(),
    touches: z.array(z.string().min(1).max(1024)).max(10_000).optional(),
    command: z.array(z.string().max(100_000)).min(1).max(10_000).optional(),
    kind: z.enum(['backup', 'data-backup', 'rollback-script', 'work', 'verify', 'commit']).optional(),
    phase: z.string().max(200).optional(),
  })
  .strict() as z.ZodType<TaskSpec>;

/**
 * Validates one task spec and returns it.
 * @throws {@link WavefrontError} `INVALID_TASK` naming the task and the bad field.
 */
export function parseTaskSpec(value: unknown, index = 0): TaskSpec {
  const result = TaskSpecSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const id =
    typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
      ? (value as { id: string }).id
      : `#${index}`;
  const field = issue ? issue.path.join('.') : '';
  throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(id)}: ${issue ? formatZodIssue(issue) : 'invalid'}`, {
    cause: result.error,
    details: { taskId: id, index, field },
  });
}

/**
 * Validates a list of task specs (shape only; graph rules are checked by `buildDag`).
 * @throws {@link WavefrontError} `INVALID_TASK` or `LIMIT_EXCEEDED`.
 */
export function parseTaskSpecs(value: unknown): TaskSpec[] {
  if (!Array.isArray(value)) {
    throw new WavefrontError('INVALID_TASK', `tasks: expected an array of task specs, got ${value === null ? 'null' : typeof value}`, {
      details: { field: 'tasks' },
    });
  }
  if (value.length > LIMITS.maxTasks) {
    throw new WavefrontError('LIMIT_EXCEEDED', `tasks: at most ${LIMITS.maxTasks} tasks are allowed, got ${value.length}`, {
      details: { field: 'tasks', limit: LIMITS.maxTasks },
    });
  }
  return value.map((task, index) => parseTaskSpec(task, index));
}

/** True when `id` is a valid task id. */
export function isValidTaskId(id: unknown): id is string {
  return typeof id === 'string' && TASK_ID_PATTERN.test(id);
}
