import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import { ids, pool, task } from './schedule-helpers.js';

// a (wave 0, long) and b (wave 0, short); c depends only on b but is in wave 1.
const tasks = [task('a', [], { estimate: 10 }), task('b', [], { estimate: 1 }), task('c', ['b'], { wave: 1 }), task('d', [], { wave: 1 })];

describe('waves mode barrier', () => {
  it('starts wave 1 only when every task of wave 0 is finished', () => {
    const scheduler = new Scheduler(tasks, { instances: pool(3), mode: 'waves' });
    expect(ids(scheduler.dispatch())).toEqual(['a', 'b']);
    expect(scheduler.currentWave()).toBe(0);
    scheduler.finish('b', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('a', 'succeeded');
    expect(scheduler.currentWave()).toBe(1);
    expect(ids(scheduler.dispatch())).toEqual(['c', 'd']);
  });

  it('dynamic mode starts the same tasks as soon as their dependencies are done', () => {
    const scheduler = new Scheduler(tasks, { instances: pool(3) });
    expect(ids(scheduler.dispatch())).toEqual(['a', 'b', 'd']);
    scheduler.finish('b', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    expect(scheduler.currentWave()).toBe(0);
  });

  it('a failed task does not hold the barrier: its dependents can never run, unrelated waves go on', () => {
    const scheduler = new Scheduler(tasks, { instances: pool(3), mode: 'waves' });
    scheduler.dispatch();
    scheduler.finish('a', 'succeeded');
    scheduler.finish('b', 'failed');
    expect(scheduler.status('c')).toBe('pending');
    expect(scheduler.currentWave()).toBe(1);
    expect(ids(scheduler.dispatch())).toEqual(['d']);
    scheduler.finish('d', 'succeeded');
    expect(scheduler.isFinished()).toBe(true);
    expect(scheduler.currentWave()).toBe(-1);
    expect(scheduler.counts()).toEqual({ pending: 1, running: 0, succeeded: 2, failed: 1, skipped: 0 });
  });

  it('uses non-contiguous wave numbers as given', () => {
    const scheduler = new Scheduler([task('x', [], { wave: 2 }), task('y', ['x'], { wave: 7 })], { instances: pool(1), mode: 'waves' });
    expect(scheduler.currentWave()).toBe(2);
    expect(ids(scheduler.dispatch())).toEqual(['x']);
    scheduler.finish('x', 'succeeded');
    expect(scheduler.currentWave()).toBe(7);
  });
});
