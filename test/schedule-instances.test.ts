import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import type { ScheduleInstance } from '../src/schedule/types.js';
import { ids, pool, runFifo, task } from './schedule-helpers.js';

const roles: ScheduleInstance[] = [
  { id: 'I1', role: 'backend' },
  { id: 'I2', role: 'backend' },
  { id: 'I3', role: 'writer' },
];

const backend = (id: string) => task(id, [], { instance: 'I1', role: 'backend' });

describe('instance choice', () => {
  it('takes the planned instance, then a same-role one, then borrows any free one (dynamic)', () => {
    const scheduler = new Scheduler([backend('x'), backend('y'), backend('z')], { instances: roles });
    expect(scheduler.dispatch()).toEqual([
      { taskId: 'x', instance: 'I1', borrowed: false },
      { taskId: 'y', instance: 'I2', borrowed: false },
      { taskId: 'z', instance: 'I3', borrowed: true },
    ]);
    expect(scheduler.running).toEqual([
      { taskId: 'x', instance: 'I1' },
      { taskId: 'y', instance: 'I2' },
      { taskId: 'z', instance: 'I3' },
    ]);
  });

  it('never borrows across roles in waves mode', () => {
    const scheduler = new Scheduler([backend('x'), backend('y'), backend('z')], { instances: roles, mode: 'waves' });
    expect(ids(scheduler.dispatch())).toEqual(['x', 'y']);
    scheduler.finish('y', 'succeeded');
    expect(scheduler.dispatch()).toEqual([{ taskId: 'z', instance: 'I2', borrowed: false }]);
  });

  it('lets tasks without instance or role use any instance, even in waves mode, without borrowing', () => {
    const scheduler = new Scheduler([task('a'), task('b'), task('c')], { instances: roles, mode: 'waves' });
    expect(scheduler.dispatch().map((d) => [d.instance, d.borrowed])).toEqual([
      ['I1', false],
      ['I2', false],
      ['I3', false],
    ]);
  });

  it('strictInstances runs a task only on its planned instance', () => {
    const scheduler = new Scheduler([backend('x'), backend('y')], { instances: roles, strictInstances: true });
    expect(ids(scheduler.dispatch())).toEqual(['x']);
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('x', 'succeeded');
    expect(scheduler.dispatch()).toEqual([{ taskId: 'y', instance: 'I1', borrowed: false }]);
  });

  it('strictInstances keeps a role-only task on instances of its role', () => {
    const tasks = [task('w1', [], { role: 'writer' }), task('w2', [], { role: 'writer' })];
    const scheduler = new Scheduler(tasks, { instances: roles, strictInstances: true });
    expect(scheduler.dispatch()).toEqual([{ taskId: 'w1', instance: 'I3', borrowed: false }]);
    scheduler.finish('w1', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['w2']);
  });

  it('a busy preferred instance does not stop lower-priority work that fits elsewhere', () => {
    const tasks = [
      task('long', [], { instance: 'I1', estimate: 9 }),
      task('next', [], { instance: 'I1', estimate: 5 }),
      task('small', [], { instance: 'I2', estimate: 1 }),
    ];
    const scheduler = new Scheduler(tasks, { instances: [{ id: 'I1' }, { id: 'I2' }], strictInstances: true });
    expect(ids(scheduler.dispatch())).toEqual(['long', 'small']);
  });
});

describe('priority order', () => {
  it('dispatches by b-level, ties by lower wave then input order', () => {
    const tasks = [task('a'), task('b', ['a']), task('c', ['b']), task('d', [], { estimate: 2 })];
    expect(runFifo(new Scheduler(tasks, { instances: pool(1) }))).toEqual([['a'], ['b'], ['d'], ['c']]);
    const waved = [task('p', [], { wave: 3 }), task('q', [], { wave: 1 })];
    expect(runFifo(new Scheduler(waved, { instances: pool(1) }))).toEqual([['q'], ['p']]);
  });

  it('honours priority overrides and falls back to b-level for tasks absent from the map', () => {
    const tasks = [task('a', [], { estimate: 5 }), task('b', [], { estimate: 1 }), task('c', [], { estimate: 3 })];
    const scheduler = new Scheduler(tasks, { instances: pool(1), priority: new Map([['b', 10]]) });
    expect(scheduler.priorityOf('b')).toBe(10);
    expect(scheduler.priorityOf('c')).toBe(3);
    expect(runFifo(scheduler)).toEqual([['b'], ['a'], ['c']]);
  });

  it('is deterministic: same inputs and finish sequence give the same dispatches', () => {
    const build = () =>
      new Scheduler(
        [backend('x'), backend('y'), task('w', ['x'], { role: 'writer' }), task('v', ['y', 'x'], { estimate: 4 }), backend('z')],
        { instances: roles },
      );
    const trace = (scheduler: Scheduler) => {
      const out: unknown[] = [];
      const running: string[] = [];
      for (let d = scheduler.dispatch(); d.length > 0 || running.length > 0; d = scheduler.dispatch()) {
        out.push(d);
        running.push(...ids(d));
        scheduler.finish(running.pop() as string, 'succeeded');
      }
      return out;
    };
    expect(trace(build())).toEqual(trace(build()));
  });
});
