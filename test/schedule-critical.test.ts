import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import { ids, pool, task } from './schedule-helpers.js';

describe('critical tasks run alone', () => {
  // b-levels: a 5, b 21, c 20 (critical), d 10, e 1, f 1.
  const tasks = [
    task('a', [], { estimate: 5 }),
    task('b', [], { estimate: 1 }),
    task('c', ['b'], { estimate: 10, critical: true }),
    task('d', ['c'], { estimate: 10 }),
    task('e', [], { estimate: 1 }),
    task('f', [], { estimate: 1 }),
  ];

  it.each(['dynamic', 'waves'] as const)('%s: waits for running tasks to drain, then blocks every start while it runs', (mode) => {
    const waved = mode === 'waves' ? tasks.map((t) => ({ ...t, wave: t.id === 'c' ? 1 : t.id === 'd' ? 2 : 0 })) : tasks;
    const scheduler = new Scheduler(waved, { instances: pool(3), mode });
    expect(ids(scheduler.dispatch())).toEqual(['b', 'a', 'e']);
    scheduler.finish('b', 'succeeded');
    // dynamic: c (priority 20) outranks f (1) and waits for a (ends at 5); f (ends at 2) is backfilled.
    // waves: f belongs to the current wave.
    expect(ids(scheduler.dispatch())).toEqual(['f']);
    scheduler.finish('f', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('e', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('a', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    expect(scheduler.dispatch()).toEqual([]);
    expect(scheduler.running).toEqual([{ taskId: 'c', instance: 'I1' }]);
    scheduler.finish('c', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['d']);
  });

  it('dynamic: a waiting critical task holds every ready task that would outlast the drain', () => {
    // x (ends at 3) runs; c outranks y and z and waits for x; y (ends at 5) is held, z (ends at 3) backfilled.
    const scheduler = new Scheduler(
      [task('x', [], { estimate: 3 }), task('c', [], { estimate: 1, critical: true }), task('y', [], { estimate: 5 }), task('z', [], { estimate: 3 })],
      { instances: pool(3), priority: new Map([['x', 100], ['c', 50], ['y', 40], ['z', 30]]) },
    );
    expect(ids(scheduler.dispatch())).toEqual(['x', 'z']);
    scheduler.finish('x', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('z', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    scheduler.finish('c', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['y']);
  });

  it('dynamic: backfills only tasks that end before the last running task, best priority first', () => {
    const scheduler = new Scheduler(
      [
        task('long', [], { estimate: 10 }),
        task('c', [], { estimate: 8, critical: true }),
        task('fits', [], { estimate: 4 }),
        task('tooLong', [], { estimate: 7 }),
        task('fits2', [], { estimate: 2 }),
      ],
      { instances: pool(3), priority: new Map([['long', 100], ['c', 50], ['tooLong', 40], ['fits', 30], ['fits2', 20]]) },
    );
    // long starts; c is next and waits for long (ends at 10). At t=0: tooLong would end at 7 <= 10 and fits.
    expect(ids(scheduler.dispatch())).toEqual(['long', 'tooLong', 'fits']);
    scheduler.finish('fits', 'succeeded'); // t = 4
    // fits2 ends at 6 <= 10: backfilled.
    expect(ids(scheduler.dispatch())).toEqual(['fits2']);
    scheduler.finish('fits2', 'succeeded');
    scheduler.finish('tooLong', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('long', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
  });

  it('dynamic: a task longer than the remaining drain is not backfilled', () => {
    const scheduler = new Scheduler(
      [task('long', [], { estimate: 10 }), task('c', [], { estimate: 8, critical: true }), task('big', [], { estimate: 11 })],
      { instances: pool(2), priority: new Map([['long', 100], ['c', 50], ['big', 1]]) },
    );
    expect(ids(scheduler.dispatch())).toEqual(['long']);
    scheduler.finish('long', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    scheduler.finish('c', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['big']);
  });

  it('dynamic: keeps dispatching non-critical work that outranks a ready critical task, and backfills below it', () => {
    const scheduler = new Scheduler(
      [task('i', [], { estimate: 1 }), task('c', [], { estimate: 1, critical: true }), task('g', [], { estimate: 10 }), task('h', [], { estimate: 2 })],
      { instances: pool(4) },
    );
    // g and h outrank c; i ties with c but the critical task wins the tie, so c waits for g (ends
    // at 10) and i (ends at 1) is backfilled.
    expect(ids(scheduler.dispatch())).toEqual(['g', 'h', 'i']);
    scheduler.finish('i', 'succeeded');
    scheduler.finish('h', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('g', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    scheduler.finish('c', 'succeeded');
    expect(scheduler.isFinished()).toBe(true);
  });

  it('runs two ready critical tasks one after the other, never together', () => {
    const scheduler = new Scheduler([task('c1', [], { critical: true }), task('c2', [], { critical: true })], { instances: pool(4) });
    expect(ids(scheduler.dispatch())).toEqual(['c1']);
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('c1', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c2']);
  });

  it('a critical task takes its planned instance', () => {
    const scheduler = new Scheduler([task('m', [], { critical: true, instance: 'I3' })], { instances: pool(3), mode: 'waves' });
    expect(scheduler.dispatch()).toEqual([{ taskId: 'm', instance: 'I3', borrowed: false }]);
  });
});
