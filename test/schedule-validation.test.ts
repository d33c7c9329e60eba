import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import { bLevels } from '../src/schedule/priority.js';
import { thrown } from './error-fixtures.js';
import { pool, task } from './schedule-helpers.js';

describe('Scheduler graph validation', () => {
  it('rejects duplicate ids', () => {
    const error = thrown(() => new Scheduler([task('a'), task('a')], { instances: pool(1) }));
    expect(error.code).toBe('DUPLICATE_ID');
    expect(error.details['taskId']).toBe('a');
  });

  it('rejects unknown dependencies', () => {
    const error = thrown(() => new Scheduler([task('a', ['ghost'])], { instances: pool(1) }));
    expect(error.code).toBe('UNKNOWN_DEPENDENCY');
    expect(error.details).toMatchObject({ taskId: 'a', dependency: 'ghost' });
  });

  it('reports a cycle with its ids in dependency order, first id repeated last', () => {
    const tasks = [task('x'), task('a', ['c']), task('b', ['a', 'x']), task('c', ['b'])];
    const error = thrown(() => new Scheduler(tasks, { instances: pool(1) }));
    expect(error.code).toBe('CYCLE');
    expect(error.details['cycle']).toEqual(['a', 'b', 'c', 'a']);
  });

  it('reports a self-dependency as a one-task cycle', () => {
    const error = thrown(() => new Scheduler([task('a', ['a'])], { instances: pool(1) }));
    expect(error.details['cycle']).toEqual(['a', 'a']);
  });

  it('validates a long chain of reconvergent diamonds in linear time without recursion limits', () => {
    const tasks = [task('s0')];
    for (let k = 0; k < 2000; k++) {
      tasks.push(task(`l${k}`, [`s${k}`]), task(`r${k}`, [`s${k}`]), task(`s${k + 1}`, [`l${k}`, `r${k}`]));
    }
    const scheduler = new Scheduler(tasks, { instances: pool(2) });
    expect(scheduler.priorityOf('s0')).toBe(2000 * 2 + 1);
  });

  it.each([
    ['empty pool', [task('a')], { instances: [] }, 'options.instances'],
    ['duplicate instance ids', [task('a')], { instances: [{ id: 'I1' }, { id: 'I1' }] }, 'options.instances[1].id'],
    ['unknown planned instance', [task('a', [], { instance: 'I9' })], { instances: pool(2) }, 'tasks[0].instance'],
    ['negative estimate', [task('a', [], { estimate: -1 })], { instances: pool(1) }, 'tasks[0].estimate'],
    ['fractional wave', [task('a', [], { wave: 0.5 })], { instances: pool(1) }, 'tasks[0].wave'],
    ['bad mode', [task('a')], { instances: pool(1), mode: 'fast' }, 'options.mode'],
    ['unknown priority key', [task('a')], { instances: pool(1), priority: new Map([['zz', 1]]) }, 'options.priority'],
    ['unknown completed id', [task('a')], { instances: pool(1), completed: ['zz'] }, 'options.completed'],
    ['role nobody has under strictInstances', [task('a', [], { role: 'dba' })], { instances: pool(2), strictInstances: true }, 'tasks[0].role'],
  ])('rejects %s with INVALID_ARGUMENT', (_name, tasks, options, field) => {
    const error = thrown(() => new Scheduler(tasks, options as never));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details['field']).toBe(field);
  });

  it('rejects non-array tasks and non-object options without a raw TypeError', () => {
    expect(thrown(() => new Scheduler(null as never, { instances: pool(1) })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new Scheduler([], undefined as never)).code).toBe('INVALID_ARGUMENT');
  });

  it('in waves mode rejects a dependency on a later wave (it would deadlock the barrier)', () => {
    const tasks = [task('a', ['b'], { wave: 0 }), task('b', [], { wave: 1 })];
    expect(() => new Scheduler(tasks, { instances: pool(1) })).not.toThrow();
    const error = thrown(() => new Scheduler(tasks, { instances: pool(1), mode: 'waves' }));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.details).toMatchObject({ taskId: 'a', dependency: 'b' });
  });

  it('accepts an empty task list as already finished', () => {
    const scheduler = new Scheduler([], { instances: pool(1) });
    expect(scheduler.isFinished()).toBe(true);
    expect(scheduler.dispatch()).toEqual([]);
    expect(scheduler.currentWave()).toBe(-1);
  });
});

describe('bLevels', () => {
  it('is the longest remaining path including the own estimate', () => {
    const levels = bLevels([
      task('a', [], { estimate: 2 }),
      task('b', ['a'], { estimate: 3 }),
      task('c', ['a'], { estimate: 7 }),
      task('d', ['b', 'c'], { estimate: 1 }),
    ]);
    expect([...levels]).toEqual([
      ['a', 10],
      ['b', 4],
      ['c', 8],
      ['d', 1],
    ]);
  });
});
