import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { WavefrontError } from '../src/model/errors.js';
import { etaMinutesAt, getTask, getWave, overallPercentAt, wavePercentAt } from '../src/report/progress-select.js';
import { reduceProgress } from '../src/report/progress-state.js';
import type { OrchestratorEvent } from '../src/execute/events.js';
import { MIN, T0, TOTAL_WEIGHT, ev, finishEvents, fixturePlan, fold, midRunEvents } from './report-fixtures.js';

describe('reduceProgress: run:start', () => {
  it('builds waves, tasks and instances from the plan', () => {
    const state = fold([ev.runStart(0)]);
    expect(state.status).toBe('running');
    expect(state.runId).toBe('run-1');
    expect(state.waves.map((wave) => wave.key)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(state.waves[3]?.taskIds).toEqual(['migration', 'signup', 'token', 'rate']);
    expect(state.tasks).toHaveLength(10);
    expect(state.totals.weight).toBe(TOTAL_WEIGHT);
    expect(state.instances.map((instance) => instance.id)).toEqual(['I1', 'I2', 'I10', 'I3', 'I4', 'I5', 'I6', 'I7']);
    expect(state.instances.find((instance) => instance.id === 'I1')?.planned).toBe(2);
    expect(state.plan.lastWave).toBe(5);
    expect(state.plan.parallelMinutes).toBe(42);
    expect(state.currentWave).toBe('0');
    expect(state.overallPercent).toBe(0);
    expect(state.etaMinutes).toBe(42); // nothing done yet: the plan's parallel estimate
  });

  it('copes with a malformed plan instead of throwing', () => {
    const state = reduceProgress(undefined, { ...(ev.runStart(0) as object), plan: { tasks: 'nope', waves: [{ index: 2, taskIds: ['x', 7] }] } } as unknown as OrchestratorEvent);
    expect(state.tasks.map((task) => task.id)).toEqual(['x']);
    expect(state.waves.map((wave) => wave.key)).toEqual(['2']);
  });
});

describe('reduceProgress: a scripted run', () => {
  const mid = fold(midRunEvents());
  const now = T0 + 26 * MIN;

  it('tracks wave and task statuses and durations', () => {
    expect(mid.waves.slice(0, 3).map((wave) => wave.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(mid.waves[0]?.durationMs).toBe(2 * MIN);
    expect(mid.waves[3]?.status).toBe('running');
    expect(mid.waves[4]?.status).toBe('pending');
    expect(getTask(mid, 'migration')?.status).toBe('succeeded');
    expect(getTask(mid, 'signup')).toMatchObject({ status: 'running', percent: 85, message: 'writing handler', instance: 'I4' });
    expect(mid.currentWave).toBe('3');
    expect(mid.running).toEqual(['signup', 'token', 'rate']);
  });

  it('weights overall and wave progress by estimates (reported percent, else elapsed capped)', () => {
    // done 2+5+5+10+10 = 32; running signup 12*.85 + token 12*.5 + rate 10*(9/10) = 25.2
    expect(mid.overallPercent).toBe(Math.floor(((32 + 25.2) / TOTAL_WEIGHT) * 100));
    expect(mid.overallPercent).toBe(72);
    expect(wavePercentAt(mid, getWave(mid, '3')!, now)).toBe(80); // (10 + 25.2) / 44
    // long after the estimate, rate (no reported percent) is capped at 95 %
    const later = T0 + 60 * MIN;
    expect(overallPercentAt(mid, later)).toBe(Math.floor(((32 + 10.2 + 6 + 9.5) / TOTAL_WEIGHT) * 100));
  });

  it('blends the observed rate and the plan estimate into the ETA', () => {
    const fraction = (32 + 25.2) / TOTAL_WEIGHT;
    const fromRate = (26 * (1 - fraction)) / fraction;
    const fromPlan = 42 * (1 - fraction);
    expect(mid.etaMinutes).toBeCloseTo(fraction * fromRate + (1 - fraction) * fromPlan, 6);
    expect(etaMinutesAt(mid, now)).toBeCloseTo(mid.etaMinutes, 6);
  });

  it('tracks per-instance current task and counts', () => {
    const byId = new Map(mid.instances.map((instance) => [instance.id, instance]));
    expect(byId.get('I4')?.currentTaskId).toBe('signup');
    expect(byId.get('I3')).toMatchObject({ currentTaskId: undefined, succeeded: 1, remaining: 0 });
    expect(byId.get('I1')).toMatchObject({ succeeded: 1, remaining: 1 });
    expect(byId.get('I7')).toMatchObject({ started: 0, remaining: 1 });
  });

  it('collects distinct changed files in first-seen order', () => {
    expect(mid.filesChanged).toEqual(['docs/db.md', 'package.json', 'db/schema.sql', 'db/migrations/001.sql']);
  });

  it('finishes with status, commit, duration, 100 % and ETA 0', () => {
    const end = fold(finishEvents(), mid);
    expect(end.status).toBe('succeeded');
    expect(end.commit).toBe('b4e8f1d0c0ffee');
    expect(end.durationMs).toBe(40 * MIN);
    expect(end.overallPercent).toBe(100);
    expect(end.etaMinutes).toBe(0);
    expect(end.currentWave).toBe('5');
    expect(end.totals).toMatchObject({ succeeded: 10, failed: 0, tasks: 10 });
    expect(end.waves.every((wave) => wave.status === 'succeeded')).toBe(true);
  });

  it('never mutates the previous state', () => {
    const snapshot = structuredClone(mid);
    reduceProgress(mid, ev.taskEnd('signup', 29, 12));
    reduceProgress(mid, ev.replan('signup', 29, [{ id: 'fix', title: 'Fix', dependsOn: [] }]));
    expect(mid).toEqual(snapshot);
  });
});

describe('reduceProgress: failures, retries, approvals, rollback', () => {
  it('marks a retrying task and frees its instance until the next attempt', () => {
    const state = fold([ev.runStart(0), ev.taskStart('backup', 0), ev.retry('backup', 1, 2)]);
    expect(getTask(state, 'backup')).toMatchObject({ status: 'retrying', error: 'flaky' });
    expect(state.running).toEqual([]);
    expect(state.retries).toBe(1);
    expect(state.instances.find((instance) => instance.id === 'I1')?.currentTaskId).toBeUndefined();
    const again = reduceProgress(state, ev.taskStart('backup', 2, { attempt: 2 }));
    expect(getTask(again, 'backup')).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('counts a failed task as done, marks its wave failed', () => {
    const state = fold([ev.runStart(0), ev.taskStart('backup', 0), ev.taskEnd('backup', 1, 1, 'failed', { error: 'boom' })]);
    expect(getTask(state, 'backup')).toMatchObject({ status: 'failed', error: 'boom' });
    expect(state.waves[0]?.status).toBe('failed');
    expect(state.totals.failed).toBe(1);
    expect(state.totals.doneWeight).toBe(2);
    expect(state.currentWave).toBe('1');
  });

  it('places re-planned tasks in "W4.1"-style waves under the failed task, by dependency level', () => {
    const state = fold([
      ...midRunEvents(),
      ev.taskEnd('tests', 30, 3, 'failed'),
      ev.replan('tests', 30, [
        { id: 'tests-analyze', title: 'Analyze failures', dependsOn: ['tests'] },
        { id: 'tests-fix-a', title: 'Fix validation', dependsOn: ['tests-analyze'] },
        { id: 'tests-fix-b', title: 'Update fixtures', dependsOn: ['tests-analyze'] },
        { id: 'tests-rerun', title: 'Re-run tests', dependsOn: ['tests-fix-a', 'tests-fix-b'] },
      ]),
    ]);
    expect(state.waves.map((wave) => wave.key)).toEqual(['0', '1', '2', '3', '4', '4.1', '4.2', '4.3', '5']);
    expect(getWave(state, '4.1')).toMatchObject({ name: 'Analyze failures', inserted: true, index: 4, taskIds: ['tests-analyze'] });
    expect(getWave(state, '4.2')?.taskIds).toEqual(['tests-fix-a', 'tests-fix-b']);
    expect(getWave(state, '4.2')?.name).toBe('Fix validation (+1 more)');
    expect(getTask(state, 'tests-rerun')).toMatchObject({ waveKey: '4.3', inserted: true, estimateMinutes: 8 });
    expect(state.totals.tasks).toBe(14);
    expect(state.totals.weight).toBe(TOTAL_WEIGHT + 4 * 8);
    expect(state.replans).toEqual([
      { failedTaskId: 'tests', round: 1, taskIds: ['tests-analyze', 'tests-fix-a', 'tests-fix-b', 'tests-rerun'], waveKeys: ['4.1', '4.2', '4.3'], at: T0 + 30 * MIN },
    ]);
    // a second round continues the numbering
    const second = reduceProgress(state, ev.replan('tests', 31, [{ id: 'tests-fix-c', title: 'Fix again', dependsOn: [] }]));
    expect(second.waves.map((wave) => wave.key)).toContain('4.4');
  });

  it('appends a task it was never told about to its wave', () => {
    const state = fold([ev.runStart(0), ev.taskStart('surprise', 1, { wave: 2, title: 'Surprise task', instance: 'I9' })]);
    expect(getWave(state, '2')?.taskIds).toEqual(['schema', 'surprise']);
    expect(getTask(state, 'surprise')).toMatchObject({ inserted: true, status: 'running', instance: 'I9' });
    expect(state.instances.map((instance) => instance.id)).toContain('I9');
  });

  it('records approvals and their answers', () => {
    const pending = fold([ev.runStart(0), ev.approval('migration', 1)]);
    expect(pending.approvals).toEqual([
      { taskId: 'migration', title: 'Migration script', criticalReasons: ['migration-execute'], status: 'pending', requestedAt: T0 + MIN, answeredAt: undefined },
    ]);
    const answered = reduceProgress(pending, ev.approval('migration', 2, false));
    expect(answered.approvals).toHaveLength(1);
    expect(answered.approvals[0]).toMatchObject({ status: 'denied', answeredAt: T0 + 2 * MIN });
  });

  it('tracks rollback and the final rolled-back status', () => {
    const state = fold([ev.runStart(0), ev.rollbackStart(3)]);
    expect(state.rollback).toEqual({ status: 'running', reason: 'task tests failed' });
    const done = fold([ev.rollbackEnd(4), ev.runEnd(4, 'rolled-back')], state);
    expect(done.rollback).toMatchObject({ status: 'succeeded', compensations: 2, reason: 'task tests failed' });
    expect(done.status).toBe('rolled-back');
    expect(done.etaMinutes).toBe(0);
  });

  it('starts from an empty state when attached mid-run, and ignores unknown event types', () => {
    const state = reduceProgress(undefined, ev.taskStart('x', 1, { wave: 3 }));
    expect(state.status).toBe('running');
    expect(state.waves.map((wave) => wave.key)).toEqual(['3']);
    const same = reduceProgress(state, { type: 'future:event', runId: 'run-1', at: state.now } as unknown as OrchestratorEvent);
    expect(same).toBe(state);
  });

  it('rejects an event without a type with INVALID_ARGUMENT', () => {
    expect(() => reduceProgress(undefined, null as unknown as OrchestratorEvent)).toThrow(WavefrontError);
    try {
      reduceProgress(undefined, { at: 1 } as unknown as OrchestratorEvent);
      expect.unreachable();
    } catch (error) {
      expect((error as WavefrontError).code).toBe('INVALID_ARGUMENT');
    }
    expect(() => reduceProgress({} as never, ev.runStart(0))).toThrow(/state must be a ProgressState/);
  });
});

describe('reduceProgress: properties', () => {
  const ids = fixturePlan().tasks.map((task) => task.id);
  fcTest.prop([fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }), fc.array(fc.constantFrom('succeeded', 'failed', 'skipped') as fc.Arbitrary<'succeeded' | 'failed' | 'skipped'>, { minLength: ids.length, maxLength: ids.length })])(
    'percent stays within 0..100, counters stay consistent and every order ends at 100 %',
    (order, statuses) => {
      let state = reduceProgress(undefined, ev.runStart(0));
      let minute = 0;
      order.forEach((id, position) => {
        state = reduceProgress(state, ev.taskStart(id, minute));
        minute += 1;
        state = reduceProgress(state, ev.taskEnd(id, minute, 1, statuses[position]));
        expect(state.overallPercent).toBeGreaterThanOrEqual(0);
        expect(state.overallPercent).toBeLessThanOrEqual(100);
        const finished = state.waves.reduce((sum, wave) => sum + wave.finished, 0);
        expect(finished).toBe(position + 1);
        expect(state.totals.succeeded + state.totals.failed + state.totals.skipped).toBe(position + 1);
      });
      expect(state.overallPercent).toBe(100);
      expect(state.running).toEqual([]);
      expect(state.instances.every((instance) => instance.remaining === 0 && instance.currentTaskId === undefined)).toBe(true);
    },
  );
});
