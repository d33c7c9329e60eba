import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import { codeOf } from './error-fixtures.js';
import { ids, pool, runFifo, task } from './schedule-helpers.js';

const chain = () => [task('a'), task('b', ['a']), task('c', ['b']), task('x')];

describe('resume via completed', () => {
  it('treats completed tasks as succeeded from the start', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(2), completed: ['a'] });
    expect(scheduler.status('a')).toBe('succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['b', 'x']);
    expect(scheduler.counts()).toEqual({ pending: 1, running: 2, succeeded: 1, failed: 0, skipped: 0 });
  });
});

describe('finish', () => {
  it('rejects tasks that are unknown or not running, and bad outcomes', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    expect(codeOf(() => scheduler.finish('a', 'succeeded'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => scheduler.finish('zz', 'succeeded'))).toBe('INVALID_ARGUMENT');
    scheduler.dispatch();
    expect(codeOf(() => scheduler.finish('a', 'done' as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => scheduler.status(42 as never))).toBe('INVALID_ARGUMENT');
  });

  it('after a failure the descendants stay pending, can never run, and the scheduler finishes', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    expect(ids(scheduler.dispatch())).toEqual(['a']);
    scheduler.finish('a', 'failed');
    expect(ids(scheduler.dispatch())).toEqual(['x']);
    scheduler.finish('x', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    expect(scheduler.isFinished()).toBe(true);
    expect([scheduler.status('b'), scheduler.status('c')]).toEqual(['pending', 'pending']);
  });

  it('propagates "can never run" iteratively through a 50,000-task chain', () => {
    const tasks = Array.from({ length: 50_000 }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], { wave: i }));
    const scheduler = new Scheduler(tasks, { instances: pool(1), mode: 'waves' });
    scheduler.dispatch();
    scheduler.finish('t0', 'failed');
    expect(scheduler.isFinished()).toBe(true);
    expect(scheduler.currentWave()).toBe(-1);
    scheduler.retry('t0');
    expect(scheduler.isFinished()).toBe(false);
    expect(scheduler.currentWave()).toBe(0);
  });
});

describe('skip and skipDescendants', () => {
  it('skip marks a pending task and its pending descendants, in input order', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    expect(scheduler.skip('b')).toEqual(['b', 'c']);
    expect(scheduler.counts().skipped).toBe(2);
    expect(runFifo(scheduler)).toEqual([['a'], ['x']]);
    expect(codeOf(() => scheduler.skip('a'))).toBe('INVALID_ARGUMENT');
  });

  it('skipDescendants skips what a failed task blocked', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(2) });
    scheduler.dispatch();
    scheduler.finish('a', 'failed');
    expect(scheduler.skipDescendants('a')).toEqual(['b', 'c']);
    expect(scheduler.skipDescendants('a')).toEqual([]);
    expect(scheduler.status('a')).toBe('failed');
  });
});

describe('retry', () => {
  it('puts a failed task back to pending and runs it again', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    scheduler.dispatch();
    scheduler.finish('a', 'failed');
    scheduler.retry('a');
    expect(scheduler.status('a')).toBe('pending');
    expect(runFifo(scheduler)).toEqual([['a'], ['b'], ['c'], ['x']]);
    expect(codeOf(() => scheduler.retry('a'))).toBe('INVALID_ARGUMENT');
  });
});

describe('drain', () => {
  it('stops new starts while running tasks continue, and resumes', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    scheduler.dispatch();
    scheduler.drain();
    expect(scheduler.draining).toBe(true);
    scheduler.finish('a', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    expect(scheduler.isFinished()).toBe(false);
    scheduler.drain(false);
    expect(ids(scheduler.dispatch())).toEqual(['b']);
  });
});

describe('insert (adaptive re-planning)', () => {
  it('adds fix tasks and makes the retried task wait for them', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    scheduler.dispatch();
    scheduler.finish('a', 'failed');
    scheduler.retry('a');
    scheduler.insert([task('analyse'), task('fix', ['analyse'])], [{ taskId: 'a', addDependsOn: ['fix'] }]);
    expect(scheduler.status('fix')).toBe('pending');
    expect(runFifo(scheduler)).toEqual([['analyse'], ['fix'], ['a'], ['b'], ['c'], ['x']]);
  });

  it('recomputes priorities so an inserted long chain pulls its dependency forward', () => {
    const scheduler = new Scheduler([task('p'), task('q', [], { estimate: 5 })], { instances: pool(1) });
    expect(scheduler.priorityOf('p')).toBe(1);
    scheduler.insert([task('n', ['p'], { estimate: 10 })]);
    expect(scheduler.priorityOf('p')).toBe(11);
    expect(runFifo(scheduler)).toEqual([['p'], ['n'], ['q']]);
  });

  it('lets new tasks depend on tasks of any status', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(2) });
    scheduler.dispatch();
    scheduler.finish('a', 'succeeded');
    scheduler.finish('x', 'failed');
    scheduler.insert([task('after-a', ['a']), task('after-x', ['x'])]);
    expect(ids(scheduler.dispatch())).toEqual(['b', 'after-a']);
    expect(scheduler.status('after-x')).toBe('pending');
  });

  it('is atomic: a cycle, duplicate id or non-pending rewire target changes nothing', () => {
    const scheduler = new Scheduler(chain(), { instances: pool(1) });
    scheduler.dispatch();
    expect(codeOf(() => scheduler.insert([task('n', ['b'])], [{ taskId: 'b', addDependsOn: ['n'] }]))).toBe('CYCLE');
    expect(codeOf(() => scheduler.insert([task('c')]))).toBe('DUPLICATE_ID');
    expect(codeOf(() => scheduler.insert([task('n', ['ghost'])]))).toBe('UNKNOWN_DEPENDENCY');
    expect(codeOf(() => scheduler.insert([task('n')], [{ taskId: 'a', addDependsOn: ['n'] }]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => scheduler.insert([task('n', [], { instance: 'I9' })]))).toBe('INVALID_ARGUMENT');
    expect(scheduler.counts()).toEqual({ pending: 3, running: 1, succeeded: 0, failed: 0, skipped: 0 });
    expect(codeOf(() => scheduler.status('n'))).toBe('INVALID_ARGUMENT');
    scheduler.finish('a', 'succeeded');
    expect(runFifo(scheduler)).toEqual([['b'], ['c'], ['x']]);
  });
});
