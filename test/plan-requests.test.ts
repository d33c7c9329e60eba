import { describe, expect, it } from 'vitest';
import { LIMITS, type TaskSpec } from '../src/model/task.js';
import { plan, type PlanRequest } from '../src/plan/plan.js';
import { rejection } from './error-fixtures.js';

describe('plan(): request validation', () => {
  it.each([
    ['an empty string', ''],
    ['blank text', '  \n '],
    ['a number', 42],
    ['null', null],
    ['an array', ['Add a button']],
    ['an empty object', {}],
    ['an empty task list', { tasks: [] }],
    ['tasks that are not a list', { tasks: 'a,b' }],
    ['text that is not a string', { text: 7 }],
  ])('INVALID_REQUEST for %s', async (_name, request) => {
    expect((await rejection(plan(request as PlanRequest))).code).toBe('INVALID_REQUEST');
  });

  it('LIMIT_EXCEEDED for an over-long request', async () => {
    expect((await rejection(plan('x'.repeat(LIMITS.maxRequestLength + 1)))).code).toBe('LIMIT_EXCEEDED');
  });

  it.each([
    ['CYCLE', [{ id: 'a', title: 'A', dependsOn: ['b'] }, { id: 'b', title: 'B', dependsOn: ['a'] }]],
    ['UNKNOWN_DEPENDENCY', [{ id: 'a', title: 'A', dependsOn: ['ghost'] }]],
    ['DUPLICATE_ID', [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }]],
    ['INVALID_TASK', [{ id: 'a', title: '' }]],
  ])('%s for a bad task list, naming the user’s own tasks', async (code, tasks) => {
    const error = await rejection(plan({ tasks: tasks as TaskSpec[] }));
    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(/git_backup|git_commit/);
  });

  it('an explicit task list with text takes its pattern from the text', async () => {
    const result = await plan({ text: 'Refactor the session code', tasks: [{ id: 'a', title: 'Split the module' }] });
    expect(result.pattern.id).toBe('refactoring');
    expect(result.request.text).toBe('Refactor the session code');
    const bare = await plan({ tasks: [{ id: 'a', title: 'Split the module' }] });
    expect(bare.pattern).toEqual({ id: 'generic', label: 'Explicit task list', matched: [] });
  });

  it('plans more sinks than one task may have dependencies (the final commit waits for all of them)', async () => {
    const count = LIMITS.maxDependencies + 50;
    const tasks: TaskSpec[] = Array.from({ length: count }, (_, i) => ({ id: `t${i}`, title: `t${i}`, critical: false }));
    const result = await plan({ tasks }, { maxInstances: 3 });
    const commit = result.tasks[result.tasks.length - 1];
    expect(commit?.kind).toBe('commit');
    expect(commit?.dependsOn).toHaveLength(count);
    expect(result.waves).toHaveLength(3);
    expect(result.instances.length).toBeLessThanOrEqual(3);
  });
});
