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
    if (mode === 'dynamic') {
      // c (priority 20) outranks f (1): hold new starts although an instance is free.
      expect(scheduler.dispatch()).toEqual([]);
    } else {
      expect(ids(scheduler.dispatch())).toEqual(['f']);
      scheduler.finish('f', 'succeeded');
    }
    scheduler.finish('e', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('a', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    expect(scheduler.dispatch()).toEqual([]);
    expect(scheduler.running).toEqual([{ taskId: 'c', instance: 'I1' }]);
    scheduler.finish('c', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(mode === 'dynamic' ? ['d', 'f'] : ['d']);
  });

  it('dynamic: keeps dispatching non-critical work that outranks a ready critical task', () => {
    const scheduler = new Scheduler(
      [task('i', [], { estimate: 1 }), task('c', [], { estimate: 1, critical: true }), task('g', [], { estimate: 10 }), task('h', [], { estimate: 2 })],
      { instances: pool(4) },
    );
    // g and h outrank c; i ties with c (and comes first in input order) but the critical task wins the tie.
    expect(ids(scheduler.dispatch())).toEqual(['g', 'h']);
    scheduler.finish('h', 'succeeded');
    expect(scheduler.dispatch()).toEqual([]);
    scheduler.finish('g', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['c']);
    scheduler.finish('c', 'succeeded');
    expect(ids(scheduler.dispatch())).toEqual(['i']);
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
