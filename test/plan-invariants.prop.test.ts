import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../src/model/plan.js';
import type { TaskSpec } from '../src/model/task.js';
import { plan } from '../src/plan/plan.js';
import { dagArbitrary } from './waves-random-dag.js';

const TITLES = [
  'Implement module #',
  'Create endpoint #',
  'Write unit tests for module #',
  'Update docs for module #',
  'Analyse schema of table #',
  'Configure CI pipeline #',
  'Execute Alembic migration #',
  'Drop old table t#',
  'Deploy service # to production',
];

const optionsArbitrary = fc.record({
  maxInstances: fc.integer({ min: 1, max: 15 }),
  priority: fc.constantFrom('speed', 'balanced', 'safety') as fc.Arbitrary<'speed' | 'balanced' | 'safety'>,
  createRollbackScripts: fc.boolean(),
  mode: fc.constantFrom('dynamic', 'waves') as fc.Arbitrary<'dynamic' | 'waves'>,
});

/** Checks every structural promise of a plan built from `input`. */
function checkPlan(result: Plan, input: readonly TaskSpec[], options: { maxInstances: number; createRollbackScripts: boolean }): void {
  const byId = new Map(result.tasks.map((task) => [task.id, task]));
  expect(byId.size).toBe(result.tasks.length);

  // Every input task is planned; every task sits in exactly the wave it names.
  for (const task of input) expect(byId.has(task.id)).toBe(true);
  const listed = result.waves.flatMap((wave) => wave.taskIds);
  expect(new Set(listed).size).toBe(listed.length);
  expect(listed.length).toBe(result.tasks.length);
  result.waves.forEach((wave, index) => {
    expect(wave.index).toBe(index);
    for (const id of wave.taskIds) expect(byId.get(id)?.wave).toBe(index);
  });

  // Wave 0 is the backup, the last wave the commit.
  const first = result.waves[0];
  const last = result.waves[result.waves.length - 1];
  expect(first?.taskIds).toHaveLength(1);
  expect(byId.get(first?.taskIds[0] ?? '')?.kind).toBe('backup');
  expect(last?.taskIds).toHaveLength(1);
  expect(byId.get(last?.taskIds[0] ?? '')?.kind).toBe('commit');

  // Every edge goes forward; critical tasks are alone in a critical wave.
  for (const task of result.tasks) {
    for (const dep of task.dependsOn) expect(byId.get(dep)?.wave ?? Infinity).toBeLessThan(task.wave);
    if (task.critical) {
      expect(result.waves[task.wave]?.taskIds).toEqual([task.id]);
      expect(result.waves[task.wave]?.critical).toBe(true);
    }
  }
  // A task forced critical by its spec stays critical.
  for (const task of input) if (task.critical === true) expect(byId.get(task.id)?.critical).toBe(true);

  // Guards: data backup and rollback script before, verify after; the verify is the critical
  // task's only direct dependent, and former dependents depend on the verify instead.
  for (const task of result.tasks.filter((candidate) => candidate.critical)) {
    const guards = result.tasks.filter((guard) => guard.guards === task.id);
    const backup = guards.find((guard) => guard.kind === 'data-backup');
    const script = guards.find((guard) => guard.kind === 'rollback-script');
    const verify = guards.find((guard) => guard.kind === 'verify');
    expect(backup, `data backup of ${task.id}`).toBeDefined();
    expect(task.dependsOn).toContain(backup?.id);
    if (options.createRollbackScripts) {
      expect(script, `rollback script of ${task.id}`).toBeDefined();
      expect(task.dependsOn).toContain(script?.id);
    } else expect(script).toBeUndefined();
    expect(verify?.dependsOn).toContain(task.id);
    const dependents = result.tasks.filter((other) => other.dependsOn.includes(task.id)).map((other) => other.id);
    expect(dependents).toEqual([verify?.id]);
    for (const original of input) {
      if ((original.dependsOn ?? []).includes(task.id)) expect(byId.get(original.id)?.dependsOn).toContain(verify?.id);
    }
  }

  // Instances: never more than the widest wave nor maxInstances; every task on a listed instance.
  const widest = Math.max(...result.waves.map((wave) => wave.taskIds.length));
  expect(result.instances.length).toBeLessThanOrEqual(Math.min(widest, options.maxInstances));
  const instanceIds = new Set(result.instances.map((instance) => instance.id));
  for (const task of result.tasks) expect(instanceIds.has(task.instance)).toBe(true);
  const hosted = result.instances.flatMap((instance) => instance.taskIds);
  expect([...hosted].sort()).toEqual(result.tasks.map((task) => task.id).sort());
  for (const instance of result.instances) for (const id of instance.taskIds) expect(byId.get(id)?.instance).toBe(instance.id);

  // Estimates are consistent.
  expect(result.estimate.parallelMinutes).toBeLessThanOrEqual(result.estimate.sequentialMinutes);
  expect(result.estimate.parallelMinutes).toBeGreaterThanOrEqual(result.estimate.criticalPathMinutes);
}

describe('plan({ tasks }) invariants on random DAGs', () => {
  it('holds every structural promise, for any options', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary({ maxTasks: 60, titles: TITLES }), optionsArbitrary, async (tasks, options) => {
        const result = await plan({ tasks }, options);
        checkPlan(result, tasks, options);
        // Priority safety: every non-critical work task is followed by a verification task.
        const verified = new Set(result.tasks.filter((task) => task.kind === 'verify').flatMap((task) => task.dependsOn));
        const work = result.tasks.filter((task) => task.kind === 'work' && !task.critical);
        expect(work.every((task) => verified.has(task.id))).toBe(options.priority === 'safety' || work.length === 0);
      }),
      { numRuns: 120 },
    );
  });

  it('is deterministic: the same input gives the same JSON', async () => {
    await fc.assert(
      fc.asyncProperty(dagArbitrary({ maxTasks: 40, titles: TITLES }), optionsArbitrary, async (tasks, options) => {
        const a = JSON.stringify(await plan({ tasks }, options));
        const b = JSON.stringify(await plan({ tasks: structuredClone(tasks) }, { ...options }));
        expect(b).toBe(a);
      }),
      { numRuns: 40 },
    );
  });
});
