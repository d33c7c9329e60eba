/**
 * validatePlan: a Plan object (possibly read from JSON) is checked completely before anything runs.
 * @module
 */
import { z } from 'zod';
import { roleOfInstance } from '../allocate/roles.js';
import { buildDagFromSpecs } from '../graph/build-dag.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { TASK_ID_PATTERN } from '../model/task.js';
import { formatZodIssue } from '../model/zod-errors.js';

const KINDS = new Set(['backup', 'data-backup', 'rollback-script', 'work', 'verify', 'commit']);

// Per-task checks are hand-written (not zod): plans can hold 100k tasks and this runs on every run().
function checkTask(task: unknown, i: number): void {
  const at = `tasks.${i}`;
  if (typeof task !== 'object' || task === null) bad(`${at}: expected an object`);
  const t = task as Record<string, unknown>;
  if (typeof t['id'] !== 'string' || !TASK_ID_PATTERN.test(t['id'])) bad(`${at}.id: invalid task id ${JSON.stringify(t['id'])}`);
  if (typeof t['title'] !== 'string' || t['title'] === '') bad(`${at}.title: expected a non-empty string`);
  if (t['description'] !== undefined && typeof t['description'] !== 'string') bad(`${at}.description: expected a string`);
  if (!isStringArray(t['dependsOn'])) bad(`${at}.dependsOn: expected an array of ids`);
  if (typeof t['role'] !== 'string' || t['role'] === '') bad(`${at}.role: expected a role key`);
  if (typeof t['instance'] !== 'string' || roleOfInstance(t['instance']) === undefined) bad(`${at}.instance: must be an instance id I1..I15`);
  if (typeof t['critical'] !== 'boolean') bad(`${at}.critical: expected a boolean`);
  if (!isStringArray(t['criticalReasons'])) bad(`${at}.criticalReasons: expected an array of strings`);
  if (typeof t['kind'] !== 'string' || !KINDS.has(t['kind'])) bad(`${at}.kind: expected one of ${[...KINDS].join(', ')}`);
  const estimate = t['estimateMinutes'];
  if (typeof estimate !== 'number' || !Number.isFinite(estimate) || estimate < 0) bad(`${at}.estimateMinutes: expected a non-negative number`);
  if (typeof t['wave'] !== 'number' || !Number.isInteger(t['wave']) || t['wave'] < 0) bad(`${at}.wave: expected a wave index`);
  for (const key of ['guards', 'phase'] as const) if (t[key] !== undefined && typeof t[key] !== 'string') bad(`${at}.${key}: expected a string`);
  if (t['touches'] !== undefined && !isStringArray(t['touches'])) bad(`${at}.touches: expected an array of globs`);
  if (t['command'] !== undefined && (!isStringArray(t['command']) || t['command'].length === 0)) bad(`${at}.command: expected a non-empty argv array`);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

const PlanSchema = z.object({
  version: z.literal(1),
  request: z.object({ text: z.string() }),
  pattern: z.object({ id: z.string(), label: z.string(), matched: z.array(z.string()) }),
  complexity: z.object({}).passthrough(),
  tasks: z.array(z.unknown()).min(1),
  waves: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        name: z.string(),
        taskIds: z.array(z.string()).min(1),
        sequential: z.boolean(),
        critical: z.boolean(),
        estimateMinutes: z.number().nonnegative(),
      }),
    )
    .min(2),
  instances: z.array(z.object({ id: z.string(), role: z.string(), roles: z.array(z.string()), taskIds: z.array(z.string()) })).min(1),
  estimate: z.object({}).passthrough(),
  settings: z.object({}).passthrough(),
  warnings: z.array(z.string()),
  // absent in plans written before write-set scheduling
  conflicts: z.array(z.object({ a: z.string(), b: z.string(), paths: z.array(z.string()) })).optional(),
});

/**
 * Checks a plan's shape and rules: acyclic, unique ids, known dependencies, every task in exactly
 * the wave it names, waves numbered 0..n-1, wave 0 the backup and the last wave the commit,
 * critical tasks alone in their wave, and no task in a wave before one of its dependencies.
 *
 * @throws {@link WavefrontError} `INVALID_PLAN` (or the graph codes `CYCLE`, `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY`).
 */
export function validatePlan(plan: unknown): Plan {
  const parsed = PlanSchema.safeParse(plan);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WavefrontError('INVALID_PLAN', `plan: ${issue ? formatZodIssue(issue) : 'invalid'}`, {
      cause: parsed.error,
      details: { field: issue?.path.join('.') ?? '' },
    });
  }
  (plan as { tasks: unknown[] }).tasks.forEach(checkTask);
  const value = plan as Plan;
  buildDagFromSpecs(value.tasks);
  const byId = new Map(value.tasks.map((task) => [task.id, task]));
  const seen = new Set<string>();
  value.waves.forEach((wave, index) => {
    if (wave.index !== index) bad(`waves[${index}].index is ${wave.index}; waves must be numbered 0..n-1 in order`);
    for (const id of wave.taskIds) {
      const task = byId.get(id);
      if (!task) bad(`wave ${index} names unknown task ${JSON.stringify(id)}`);
      if (seen.has(id)) bad(`task ${JSON.stringify(id)} is in more than one wave`);
      seen.add(id);
      if (task.wave !== index) bad(`task ${JSON.stringify(id)} says wave ${task.wave} but is listed in wave ${index}`);
      if (task.critical && wave.taskIds.length !== 1) bad(`critical task ${JSON.stringify(id)} must be alone in its wave`);
      for (const dep of task.dependsOn) {
        if ((byId.get(dep)?.wave ?? -1) >= index) bad(`task ${JSON.stringify(id)} is in wave ${index} but depends on ${JSON.stringify(dep)} in a later or equal wave`);
      }
    }
  });
  if (seen.size !== value.tasks.length) bad('every task must be listed in exactly one wave');
  const first = byId.get(value.waves[0]?.taskIds[0] ?? '');
  const last = byId.get(value.waves[value.waves.length - 1]?.taskIds[0] ?? '');
  if (value.waves[0]?.taskIds.length !== 1 || first?.kind !== 'backup') bad('wave 0 must be the single backup task');
  if (value.waves[value.waves.length - 1]?.taskIds.length !== 1 || last?.kind !== 'commit') bad('the last wave must be the single commit task');
  if (value.tasks.filter((task) => task.kind === 'backup' || task.kind === 'commit').length !== 2) bad('a plan has exactly one backup and one commit task');
  return value;
}

function bad(message: string): never {
  throw new WavefrontError('INVALID_PLAN', `plan: ${message}`);
}
