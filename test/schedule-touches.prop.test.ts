import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { Scheduler } from '../src/schedule/scheduler.js';
import { fromTaskSpecs } from '../src/schedule/simulate-input.js';
import { simulate } from '../src/schedule/simulate.js';
import type { Dispatch, ScheduleMode, ScheduleStatus, ScheduleTask, SimulateResult } from '../src/schedule/types.js';
import { writeSetsOverlap } from '../src/schedule/write-sets.js';
import { touchedDag } from './schedule-random-dag.js';

const MODES: readonly ScheduleMode[] = ['dynamic', 'waves'];

/** Symmetric "may not run together" relation on task ids. */
function conflictRelation(tasks: readonly { id: string; touches?: readonly string[] | undefined }[]): (a: string, b: string) => boolean {
  const touches = new Map(tasks.map((t) => [t.id, t.touches ?? []]));
  return (a, b) => a !== b && writeSetsOverlap(touches.get(a) ?? [], touches.get(b) ?? []);
}

/** Checks one simulated timeline against the rules; `m` instances, waves from the simulation input. */
function checkTimeline(tasks: readonly TaskSpec[], m: number, mode: ScheduleMode, result: SimulateResult): void {
  const input = fromTaskSpecs(tasks, { instances: m });
  const byId = new Map(input.tasks.map((t) => [t.id, t]));
  const conflicts = conflictRelation(input.tasks);
  const entry = new Map(result.timeline.map((e) => [e.taskId, e]));
  // Every task runs exactly once, after its dependencies.
  expect(result.timeline).toHaveLength(tasks.length);
  expect(entry.size).toBe(tasks.length);
  for (const t of input.tasks) {
    const e = entry.get(t.id);
    expect(e).toBeDefined();
    for (const d of t.dependsOn) expect(entry.get(d)?.end).toBeLessThanOrEqual(e?.start as number);
  }
  // No two tasks with overlapping write sets overlap in time.
  for (const x of result.timeline) {
    for (const y of result.timeline) {
      if (x.taskId < y.taskId && conflicts(x.taskId, y.taskId)) expect(x.start < y.end && y.start < x.end).toBe(false);
    }
  }
  // At every event time, after the last dispatch there: an idle instance beside a ready task has a cause.
  const times = [...new Set(result.timeline.flatMap((e) => [e.start, e.end]))];
  for (const t of times) {
    const running = result.timeline.filter((e) => e.start <= t && t < e.end);
    expect(running.length).toBeLessThanOrEqual(m);
    if (running.length === m) continue;
    const ready = input.tasks.filter((task) => (entry.get(task.id)?.start as number) > t && task.dependsOn.every((d) => (entry.get(d)?.end as number) <= t));
    const criticalInvolved = ready.some((task) => task.critical) || running.some((e) => byId.get(e.taskId)?.critical === true);
    const currentWave = Math.min(...result.timeline.filter((e) => e.end > t).map((e) => (byId.get(e.taskId) as ScheduleTask).wave));
    for (const task of ready) {
      const conflicted = running.some((e) => conflicts(e.taskId, task.id));
      const barred = mode === 'waves' && task.wave > currentWave;
      expect({ task: task.id, t, explained: criticalInvolved || conflicted || barred }).toEqual({ task: task.id, t, explained: true });
    }
  }
}

describe('simulate() with write sets on random DAGs', () => {
  it('never overlaps conflicting tasks, completes everything, never idles without cause, and is deterministic', () => {
    fc.assert(
      fc.property(touchedDag, fc.integer({ min: 1, max: 6 }), ({ tasks, m }, other) => {
        for (const mode of MODES) {
          for (const instances of [m, other]) {
            const result = simulate(tasks, { instances, mode });
            checkTimeline(tasks, instances, mode, result);
            expect(simulate(tasks, { instances, mode })).toEqual(result);
          }
        }
        // Without search too (plain b-level priorities).
        checkTimeline(tasks, m, 'dynamic', simulate(tasks, { instances: m, search: false }));
      }),
      { numRuns: 80 },
    );
  });
});

interface Scenario {
  readonly tasks: ScheduleTask[];
  readonly m: number;
  readonly mode: ScheduleMode;
  readonly steps: readonly { pick: number; fail: boolean }[];
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    dag: touchedDag,
    mode: fc.constantFrom<ScheduleMode>('dynamic', 'waves'),
    steps: fc.array(fc.record({ pick: fc.nat({ max: 50 }), fail: fc.nat({ max: 99 }).map((r) => r < 8) }), { minLength: 40, maxLength: 40 }),
  })
  .map(({ dag, mode, steps }) => ({ tasks: [...fromTaskSpecs(dag.tasks, { instances: dag.m }).tasks], m: dag.m, mode, steps }));

/** Drives the Scheduler with random completion order and some failures; checks every state; returns the log. */
function play({ tasks, m, mode, steps }: Scenario): Dispatch[][] {
  const instances = Array.from({ length: m }, (_, i) => ({ id: `I${i + 1}` }));
  const scheduler = new Scheduler(tasks, { instances, mode });
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const conflicts = conflictRelation(tasks);
  const status = new Map<string, ScheduleStatus>(tasks.map((t) => [t.id, 'pending']));
  const running = new Set<string>();
  const log: Dispatch[][] = [];
  for (let step = 0; ; step++) {
    const batch = scheduler.dispatch();
    log.push(batch);
    for (const d of batch) {
      for (const other of running) expect(conflicts(other, d.taskId)).toBe(false);
      running.add(d.taskId);
      status.set(d.taskId, 'running');
    }
    const ready = tasks.filter((t) => status.get(t.id) === 'pending' && t.dependsOn.every((d) => status.get(d) === 'succeeded'));
    if (running.size < m) {
      const criticalInvolved = ready.some((t) => t.critical) || [...running].some((id) => byId.get(id)?.critical === true);
      for (const t of ready) {
        const conflicted = [...running].some((id) => conflicts(id, t.id));
        const barred = mode === 'waves' && t.wave > scheduler.currentWave();
        expect({ task: t.id, explained: criticalInvolved || conflicted || barred }).toEqual({ task: t.id, explained: true });
      }
    }
    if (running.size === 0) break;
    const { pick, fail } = steps[step % steps.length] as Scenario['steps'][number];
    const ids = [...running];
    const done = ids[pick % ids.length] as string;
    running.delete(done);
    scheduler.finish(done, fail ? 'failed' : 'succeeded');
    status.set(done, fail ? 'failed' : 'succeeded');
    if (fail) for (const id of scheduler.skipDescendants(done)) status.set(id, 'skipped');
  }
  expect(scheduler.isFinished()).toBe(true);
  for (const t of tasks) {
    expect(scheduler.status(t.id)).toBe(status.get(t.id));
    // Anything not run was skipped after a failure; with no failure, everything succeeded.
    if (status.get(t.id) === 'pending' || status.get(t.id) === 'skipped') expect([...status.values()]).toContain('failed');
  }
  return log;
}

describe('Scheduler with write sets, random completion order and failures', () => {
  it('never runs conflicting tasks together, idles only with cause, finishes, and is deterministic', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        expect(play(s)).toEqual(play(s));
      }),
      { numRuns: 200 },
    );
  });
});
