/**
 * validatePlan: a Plan object (possibly read from JSON) is checked completely before anything runs.
 * @module
 */
import { z } from 'zod';
import { roleOfInstance } from '../allocate/roles.js';
import { buildDag } from '../graph/build-dag.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { TASK_ID_PATTERN } from '../model/task.js';
import { formatZodIssue } from '../model/zod-errors.js';

const kind = z.enum(['backup', 'data-backup', 'rollback-script', 'work', 'verify', 'commit']);
const PlannedTaskSchema = z.object({
  id: z.string().regex(TASK_ID_PATTERN, 'invalid task id'),
  title: z.string().min(1),
  description: z.string().optional(),
  dependsOn: z.array(z.string()),
  role: z.string().min(1),
  instance: z.string().refine((id) => roleOfInstance(id) !== undefined, 'must be an instance id I1..I15'),
  critical: z.boolean(),
  criticalReasons: z.array(z.string()),
  kind,
  estimateMinutes: z.number().finite().nonnegative(),
  wave: z.number().int().nonnegative(),
  guards: z.string().optional(),
  touches: z.array(z.string()).optional(),
  command: z.array(z.string()).min(1).optional(),
  phase: z.string().optional(),
});
const PlanSchema = z.object({
  version: z.literal(1),
  request: z.object({ text: z.string() }),
  pattern: z.object({ id: z.string(), label: z.string(), matched: z.array(z.string()) }),
  complexity: z.object({}).passthrough(),
  tasks: z.array(PlannedTaskSchema).min(1),
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
  const value = plan as Plan;
  buildDag(value.tasks.map((task) => ({ id: task.id, title: task.title, dependsOn: task.dependsOn })));
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
