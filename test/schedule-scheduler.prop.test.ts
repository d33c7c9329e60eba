import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import type { Dispatch, ScheduleInstance, ScheduleMode, ScheduleStatus, ScheduleTask } from '../src/schedule/types.js';
import { randomDag } from './schedule-random-dag.js';

const ROLES = ['backend', 'tests', 'docs'];

interface Scenario {
  readonly tasks: ScheduleTask[];
  readonly instances: ScheduleInstance[];
  readonly mode: ScheduleMode;
  readonly strict: boolean;
  /** Per step: which running task finishes, whether it fails, whether its descendants get skipped. */
  readonly steps: readonly { pick: number; fail: boolean; skip: boolean }[];
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    dag: randomDag,
    withRoles: fc.boolean(),
    affinity: fc.array(fc.nat({ max: 99 }), { minLength: 40, maxLength: 40 }),
    mode: fc.constantFrom<ScheduleMode>('dynamic', 'waves'),
    strict: fc.boolean(),
    steps: fc.array(
      fc.record({ pick: fc.nat({ max: 50 }), fail: fc.nat({ max: 99 }).map((r) => r < 12), skip: fc.boolean() }),
      { minLength: 40, maxLength: 40 },
    ),
  })
  .map(({ dag, withRoles, affinity, mode, strict, steps }) => {
    const instances = Array.from({ length: dag.m }, (_, i) => (withRoles ? { id: `I${i + 1}`, role: ROLES[i % ROLES.length] as string } : { id: `I${i + 1}` }));
    const byId = new Map(dag.tasks.map((t) => [t.id, t]));
    const depth = new Map<string, number>();
    const depthOf = (id: string): number => {
      const known = depth.get(id);
      if (known !== undefined) return known;
      const value = Math.max(-1, ...(byId.get(id)?.dependsOn ?? []).map(depthOf)) + 1;
      depth.set(id, value);
      return value;
    };
    const tasks = dag.tasks.map((spec, k): ScheduleTask => {
      const roll = affinity[k % affinity.length] as number;
      const base = { id: spec.id, dependsOn: spec.dependsOn ?? [], estimate: spec.estimateMinutes ?? 1, critical: spec.critical === true, wave: depthOf(spec.id) };
      if (!withRoles || roll < 30) return base;
      const instance = instances[roll % instances.length] as ScheduleInstance;
      return roll < 65 ? { ...base, instance: instance.id, role: instance.role } : { ...base, role: instance.role };
    });
    return { tasks, instances, mode, strict, steps };
  });

/** Runs a scenario against a mirror of the rules; returns the dispatch log. */
function play({ tasks, instances, mode, strict, steps }: Scenario): Dispatch[][] {
  const scheduler = new Scheduler(tasks, { instances, mode, strictInstances: strict });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const roleOf = new Map(instances.map((i) => [i.id, i.role]));
  const status = new Map<string, ScheduleStatus>(tasks.map((t) => [t.id, 'pending']));
  const running = new Map<string, string>(); // task -> instance
  const log: Dispatch[][] = [];
  const ready = (t: ScheduleTask) => status.get(t.id) === 'pending' && t.dependsOn.every((d) => status.get(d) === 'succeeded');
  for (let step = 0; ; step++) {
    const batch = scheduler.dispatch();
    log.push(batch);
    for (const d of batch) {
      const t = byId.get(d.taskId) as ScheduleTask;
      expect(ready(t)).toBe(true);
      expect([...running.values()]).not.toContain(d.instance);
      if (t.critical) expect(running.size).toBe(0);
      expect([...running.keys()].some((id) => byId.get(id)?.critical)).toBe(false);
      const effectiveRole = t.role ?? (t.instance === undefined ? undefined : roleOf.get(t.instance));
      const affine = t.instance === undefined && effectiveRole === undefined;
      const native = d.instance === t.instance || (effectiveRole !== undefined && roleOf.get(d.instance) === effectiveRole);
      expect(d.borrowed).toBe(!affine && !native);
      if (strict && t.instance !== undefined) expect(d.instance).toBe(t.instance);
      if ((strict || mode === 'waves') && !affine) expect(d.borrowed).toBe(false);
      status.set(d.taskId, 'running');
      running.set(d.taskId, d.instance);
    }
    // Nothing changed since the last dispatch, so nothing more may start.
    expect(scheduler.dispatch()).toEqual([]);
    expect(scheduler.running).toHaveLength(running.size);
    const readyNow = tasks.filter(ready);
    if (readyNow.length > 0) expect(running.size).toBeGreaterThan(0);
    // Dynamic, no affinity limits: no idle instance while ready non-critical work waits (unless critical).
    const criticalInvolved = readyNow.some((t) => t.critical) || [...running.keys()].some((id) => byId.get(id)?.critical);
    if (mode === 'dynamic' && !strict && !criticalInvolved && readyNow.length > 0) expect(running.size).toBe(instances.length);
    if (running.size === 0) break;
    const { pick, fail, skip } = steps[step % steps.length] as Scenario['steps'][number];
    const ids = [...running.keys()];
    const done = ids[pick % ids.length] as string;
    running.delete(done);
    scheduler.finish(done, fail ? 'failed' : 'succeeded');
    status.set(done, fail ? 'failed' : 'succeeded');
    if (fail && skip) for (const id of scheduler.skipDescendants(done)) status.set(id, 'skipped');
  }
  expect(scheduler.isFinished()).toBe(true);
  for (const t of tasks) {
    expect(scheduler.status(t.id)).toBe(status.get(t.id));
    // Anything left pending has a dependency that did not succeed.
    if (status.get(t.id) === 'pending') expect(t.dependsOn.some((d) => status.get(d) !== 'succeeded')).toBe(true);
  }
  const counts = scheduler.counts();
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(tasks.length);
  expect(counts.running).toBe(0);
  return log;
}

describe('Scheduler on random DAGs with random completion order, failures and roles', () => {
  it('keeps every rule and is deterministic', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(play(s)).toEqual(play(s));
      }),
      { numRuns: 300 },
    );
  });
});
