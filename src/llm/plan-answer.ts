/**
 * The planner model's answer `{ "tasks": TaskSpec[] }`: its schema, and turning an answer into
 * validated task specs or the exact error to send back. Pure.
 * @module
 */
import { z } from 'zod';
import { ROLE_KEYS, ROLES } from '../allocate/roles.js';
import { buildDag } from '../graph/build-dag.js';
import { isWavefrontError } from '../model/errors.js';
import type { PatternId } from '../model/plan.js';
import { LIMITS, TASK_ID_PATTERN, type TaskSpec } from '../model/task.js';
import { formatZodIssue } from '../model/zod-errors.js';

const PATTERN_IDS = ['full-stack-feature', 'frontend-feature', 'bug-fix', 'database-migration', 'testing-suite', 'refactoring', 'generic'] as const;
const ROLE_NAMES = [...ROLE_KEYS, ...ROLES.map((role) => role.id)] as [string, ...string[]];
const MAX_ISSUES = 5;

/**
 * One task as the model writes it. Unknown keys (`command`, `kind`, ...) are dropped: a model never
 * sets the argv a shell adapter would run, nor the planner's own task kinds.
 */
const ModelTaskSchema = z.object({
  id: z.string().regex(TASK_ID_PATTERN, 'must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$'),
  title: z.string().trim().min(1, 'must not be empty').max(LIMITS.maxTitleLength),
  description: z.string().max(LIMITS.maxDescriptionLength).optional(),
  dependsOn: z.array(z.string()).max(500).optional(),
  role: z.enum(ROLE_NAMES).optional(),
  critical: z.boolean().optional(),
  estimateMinutes: z.number().positive().max(24 * 60).optional(),
  touches: z.array(z.string().min(1).max(1024)).max(200).optional(),
  phase: z.string().max(200).optional(),
});

/** zod schema of the planner's answer. */
export const PlanAnswerSchema = z.object({
  pattern: z.enum(PATTERN_IDS).optional(),
  tasks: z.array(ModelTaskSchema).min(1, 'must list at least one task'),
});

/** The planner's answer as JSON schema (sent to providers that support structured output). */
export const PLAN_ANSWER_JSON_SCHEMA: Readonly<Record<string, unknown>> = (() => {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(PlanAnswerSchema, { io: 'input' }) as Record<string, unknown>;
  return Object.freeze(schema);
})();

/** A checked answer, or the reason it was rejected. */
export type PlanAnswerCheck =
  | { readonly ok: true; readonly tasks: readonly TaskSpec[]; readonly pattern: PatternId | undefined }
  | { readonly ok: false; readonly error: string; readonly code: string };

/**
 * Checks a planner answer: JSON (fenced or bare, or the SDK's parsed `value`), the answer schema,
 * `maxTasks`, then the graph rules of `buildDag` (unique ids, known dependencies, no cycle). On
 * failure `error` is the exact message to send back to the model. `critical: false` is dropped: a
 * model may add a critical flag, never remove one.
 */
export function checkPlanAnswer(answer: { readonly text: string; readonly value?: unknown }, maxTasks: number): PlanAnswerCheck {
  let value = answer.value;
  if (value === undefined) {
    const parsed = parseJsonAnswer(answer.text);
    if (!parsed.ok) return { ok: false, code: 'INVALID_JSON', error: parsed.error };
    value = parsed.value;
  }
  if (Array.isArray(value)) value = { tasks: value };
  const result = PlanAnswerSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, MAX_ISSUES).map((issue) => formatZodIssue(issue));
    const more = result.error.issues.length > MAX_ISSUES ? ` (and ${result.error.issues.length - MAX_ISSUES} more)` : '';
    return { ok: false, code: 'INVALID_TASK', error: `the answer does not match the schema: ${issues.join('; ')}${more}` };
  }
  const { tasks: modelTasks, pattern } = result.data;
  if (modelTasks.length > maxTasks) {
    return { ok: false, code: 'LIMIT_EXCEEDED', error: `the plan has ${modelTasks.length} tasks; at most ${maxTasks} are allowed: merge related steps` };
  }
  const tasks: TaskSpec[] = modelTasks.map((task) => {
    const { critical, ...rest } = task;
    return critical === true ? { ...rest, critical: true } : rest;
  });
  try {
    buildDag(tasks);
  } catch (error) {
    if (isWavefrontError(error)) return { ok: false, code: error.code, error: error.message };
    throw error;
  }
  return { ok: true, tasks, pattern };
}

/**
 * Parses a JSON answer: the whole text, else the first fenced code block, else the span from the
 * first `{` to the last `}`. The error is the parser's message for the whole text.
 */
export function parseJsonAnswer(text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'the answer is empty; expected a JSON object {"tasks": [...]}' };
  let firstError: string | undefined;
  const candidates = [trimmed];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)```/.exec(trimmed);
  if (fenced?.[1] !== undefined) candidates.push(fenced[1].trim());
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  if (start !== -1 && end > start) candidates.push(trimmed.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) as unknown };
    } catch (error) {
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  return { ok: false, error: `the answer is not valid JSON: ${firstError ?? 'unreadable'}` };
}
