import { describe, expect, it } from 'vitest';
import type { Plan, PlannedTask } from '../src/model/plan.js';
import { generationWaves } from '../src/schedule/generations.js';
import { simulate } from '../src/schedule/simulate.js';
import { codeOf } from './error-fixtures.js';

type Row = [id: string, wave: number, instance: string, role: string, minutes: number, dependsOn: string[]];

/** A plan after the seed's dark-mode example: 9 waves, waves estimate 2+10+8+12+10+15+8+5+5 = 75 min. */
function darkModePlan(): Plan {
  const rows: Row[] = [
    ['backup', 0, 'I1', 'coordinator', 2, []],
    ['theme-context', 1, 'I4', 'backend-engineer', 10, ['backup']],
    ['use-theme', 1, 'I5', 'backend-engineer', 6, ['backup']],
    ['layout', 2, 'I4', 'backend-engineer', 8, ['theme-context', 'use-theme']],
    ['toggle', 3, 'I4', 'backend-engineer', 12, ['layout']],
    ['header', 3, 'I5', 'backend-engineer', 7, ['layout']],
    ['persistence', 4, 'I4', 'backend-engineer', 10, ['toggle']],
    ['css-vars', 4, 'I10', 'devops-engineer', 4, ['layout']],
    ['buttons', 5, 'I4', 'backend-engineer', 15, ['css-vars']],
    ['forms', 5, 'I5', 'backend-engineer', 12, ['css-vars']],
    ['tables', 5, 'I6', 'backend-engineer', 9, ['css-vars']],
    ['manual-test', 6, 'I9', 'api-tester', 8, ['buttons', 'forms', 'tables', 'persistence', 'header']],
    ['visual-test', 6, 'I14', 'integration-validator', 6, ['buttons', 'forms', 'tables', 'persistence', 'header']],
    ['docs', 7, 'I11', 'technical-writer', 5, ['manual-test', 'visual-test']],
    ['commit', 8, 'I1', 'coordinator', 5, ['docs']],
  ];
  const tasks: PlannedTask[] = rows.map(([id, wave, instance, role, estimateMinutes, dependsOn]) => ({
    id,
    title: id,
    dependsOn,
    role,
    instance,
    critical: false,
    criticalReasons: [],
    kind: id === 'backup' ? 'backup' : id === 'commit' ? 'commit' : 'work',
    estimateMinutes,
    wave,
  }));
  const pool = new Map(rows.map((row) => [row[2], row[3]]));
  const instanceIds = [...pool.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  return {
    version: 1,
    request: { text: 'The frontend needs a dark mode toggle.' },
    pattern: { id: 'frontend-feature', label: 'Frontend Feature', matched: ['dark mode'] },
    complexity: { level: 'medium', subtaskCount: 13, criticalCount: 0, maxParallelism: 3, depth: 9, recommendedInstances: 5 },
    tasks,
    waves: [],
    instances: instanceIds.map((id) => {
      const role = pool.get(id) as string;
      return { id, role, roles: [role], taskIds: tasks.filter((t) => t.instance === id).map((t) => t.id) };
    }),
    estimate: { sequentialMinutes: 0, parallelMinutes: 0, wavesMinutes: 0, savedPercent: 0, criticalPathMinutes: 0, criticalPath: [] },
    settings: {
      priority: 'balanced',
      requireApproval: false,
      maxInstances: 15,
      dryRun: false,
      onFailure: 'rollback',
      mode: 'dynamic',
      checkpointRetention: 'cleanup',
      checkpointVerbosity: 'minimal',
      progressDisplay: 'quiet',
    },
    warnings: [],
  };
}

describe('simulate on a plan (seed dark-mode example)', () => {
  it('waves mode: makespan = sum of the longest task of each wave, every task on its planned instance', () => {
    const plan = darkModePlan();
    const result = simulate(plan, { mode: 'waves' });
    expect(result.makespanMinutes).toBe(75);
    expect(result.sequentialMinutes).toBe(119);
    expect(result.savedPercent).toBe(37);
    const planned = new Map(plan.tasks.map((t) => [t.id, t.instance]));
    for (const entry of result.timeline) expect(entry.instance).toBe(planned.get(entry.taskId));
  });

  it('dynamic mode is faster than the barriers and borrows idle instances', () => {
    const result = simulate(darkModePlan());
    expect(result.makespanMinutes).toBe(60);
    expect(result.makespanMinutes).toBeLessThanOrEqual(simulate(darkModePlan(), { mode: 'waves' }).makespanMinutes);
    expect(result.savedPercent).toBe(49.6);
    const at = new Map(result.timeline.map((e) => [e.taskId, e]));
    expect(at.get('buttons')).toEqual({ taskId: 'buttons', instance: 'I6', start: 24, end: 39 });
    expect(at.get('forms')).toEqual({ taskId: 'forms', instance: 'I1', start: 24, end: 36 });
  });

  it('with `instances` uses that many interchangeable instances instead of the plan pool', () => {
    const one = simulate(darkModePlan(), { instances: 1 });
    expect(one.makespanMinutes).toBe(119);
    expect(new Set(one.timeline.map((e) => e.instance))).toEqual(new Set(['I1']));
  });

  it('rejects a plan whose task names an instance outside plan.instances', () => {
    const plan = darkModePlan();
    const broken = { ...plan, tasks: plan.tasks.map((t) => (t.id === 'docs' ? { ...t, instance: 'I99' } : t)) };
    expect(codeOf(() => simulate(broken))).toBe('INVALID_PLAN');
    expect(codeOf(() => simulate({ ...plan, tasks: 'nope' } as never))).toBe('INVALID_PLAN');
  });
});

describe('simulate on a bare task list', () => {
  it('defaults to 4 interchangeable instances and 10 minutes per task', () => {
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: id }));
    const result = simulate(tasks);
    expect(result).toMatchObject({ makespanMinutes: 20, sequentialMinutes: 50, savedPercent: 60 });
    expect(result.timeline.map((e) => e.instance)).toEqual(['I1', 'I2', 'I3', 'I4', 'I1']);
  });

  it('sorts the timeline by start, then instance pool order (I2 before I10)', () => {
    const tasks = Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, title: 't', estimateMinutes: 1 + i }));
    const result = simulate(tasks, { instances: 10 });
    expect(result.timeline.map((e) => e.instance)).toEqual(Array.from({ length: 10 }, (_, i) => `I${i + 1}`));
  });

  it('rounds savedPercent to one decimal and returns zeros for an empty list', () => {
    const tasks = ['a', 'b', 'c'].map((id) => ({ id, title: id, estimateMinutes: 1 }));
    expect(simulate(tasks, { instances: 2 }).savedPercent).toBe(33.3);
    expect(simulate([])).toEqual({ makespanMinutes: 0, sequentialMinutes: 0, savedPercent: 0, timeline: [] });
  });

  it('runs critical tasks (own flag or isCritical) alone in both modes', () => {
    const tasks = [
      { id: 'migrate', title: 'Execute migration', estimateMinutes: 5 },
      { id: 'drop', title: 'Drop old table', estimateMinutes: 3, critical: true },
      { id: 'docs', title: 'Docs', estimateMinutes: 4 },
      { id: 'tests', title: 'Tests', estimateMinutes: 4 },
    ];
    for (const mode of ['dynamic', 'waves'] as const) {
      const result = simulate(tasks, { mode, isCritical: (spec) => spec.title.startsWith('Execute') });
      expect(result.makespanMinutes).toBe(5 + 3 + 4);
      for (const id of ['migrate', 'drop']) {
        const slot = result.timeline.find((e) => e.taskId === id);
        const overlapping = result.timeline.filter((e) => e !== slot && slot !== undefined && e.start < slot.end && slot.start < e.end);
        expect(overlapping).toEqual([]);
      }
    }
  });

  it('waves mode: Kahn generations with critical singletons before the parallel wave', () => {
    const nodes = [
      { id: 'a', dependsOn: [], critical: false },
      { id: 'c1', dependsOn: [], critical: true },
      { id: 'b', dependsOn: ['a'], critical: false },
      { id: 'c2', dependsOn: ['a'], critical: true },
      { id: 'c3', dependsOn: [], critical: true },
    ];
    expect(generationWaves(nodes)).toEqual([2, 0, 4, 3, 1]);
    const tasks = [
      { id: 'slow', title: 'slow', estimateMinutes: 9 },
      { id: 'quick', title: 'quick', estimateMinutes: 1 },
      { id: 'after-quick', title: 'after', estimateMinutes: 1, dependsOn: ['quick'] },
    ];
    expect(simulate(tasks, { mode: 'waves' }).makespanMinutes).toBe(10);
    expect(simulate(tasks).makespanMinutes).toBe(9);
  });

  it('validates input and options', () => {
    expect(codeOf(() => simulate([{ id: 'a', title: '' }]))).toBe('INVALID_TASK');
    expect(codeOf(() => simulate([{ id: 'a', title: 'a', dependsOn: ['a'] }]))).toBe('CYCLE');
    expect(codeOf(() => simulate([{ id: 'a', title: 'a', dependsOn: ['b'] }]))).toBe('UNKNOWN_DEPENDENCY');
    expect(codeOf(() => simulate([], { instances: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => simulate([], { instances: 2.5 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => simulate([], { mode: 'turbo' as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => simulate([], { isCritical: true as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => simulate('tasks' as never))).toBe('INVALID_ARGUMENT');
  });
});
