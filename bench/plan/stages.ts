/**
 * Where `plan({ tasks })` spends its time: its stages timed one by one on the same input.
 * @module
 */
import { allocateInstances } from '../../src/allocate/allocate-instances.js';
import { createCriticalDetector } from '../../src/critical/index.js';
import { buildDag, buildDagFromSpecs } from '../../src/graph/build-dag.js';
import { criticalPath } from '../../src/graph/critical-path.js';
import type { Plan } from '../../src/model/plan.js';
import type { TaskSpec } from '../../src/model/task.js';
import { estimateMakespan } from '../../src/plan/makespan.js';
import { plan } from '../../src/plan/plan.js';
import { criticalText, estimateOf, generateWaves } from '../../src/waves/generate-waves.js';
import { bestOf } from './timing.js';

/** One timed stage. */
export interface Stage {
  readonly name: string;
  readonly ms: number;
}

/** The plan's tasks back as the specs `buildPlan` hands to its later stages. */
function specsOf(result: Plan): TaskSpec[] {
  return result.tasks.map((task) => ({
    id: task.id,
    title: task.title,
    dependsOn: task.dependsOn,
    kind: task.kind,
    estimateMinutes: task.estimateMinutes,
    ...(task.kind === 'work' ? {} : { role: task.role }),
  }));
}

/**
 * Times `plan({ tasks })` and, separately, each of its stages on the same input (best of `runs`).
 * The stages are re-run outside `plan()`, so their sum differs a little from the total; the rest
 * is guard insertion, the backup/commit tasks, the planned-task records and garbage collection.
 */
export async function planStages(tasks: readonly TaskSpec[], runs: number): Promise<{ total: number; stages: Stage[] }> {
  const total = await bestOf(runs, () => plan({ tasks }));
  const result = total.result;
  const specs = specsOf(result);
  const critical = new Set(result.tasks.filter((task) => task.critical).map((task) => task.id));
  const detector = createCriticalDetector();
  const guarded = buildDagFromSpecs(specs);
  const stages: Stage[] = [];
  const time = async (name: string, fn: () => unknown): Promise<void> => {
    stages.push({ name, ms: (await bestOf(runs, fn)).ms });
  };
  await time('validate the input and index it (`buildDag`: zod + graph)', () => buildDag(tasks));
  await time('critical rules on every task', () => tasks.filter((task) => task.critical === true || detector(criticalText(task)).critical));
  await time('index the guarded graph (`buildDag` without re-validation)', () => buildDagFromSpecs(specs));
  await time('`generateWaves`', () => generateWaves(guarded, { isCritical: (task) => critical.has(task.id) }));
  await time('`allocateInstances`', () => allocateInstances(specs, result.waves));
  await time('critical path', () => criticalPath(guarded, (i) => estimateOf(guarded.tasks[i] as TaskSpec)));
  await time('makespan simulation (`estimateMakespan`: scheduler on a virtual clock)', () => estimateMakespan(result, result.settings.mode));
  return { total: total.ms, stages };
}
