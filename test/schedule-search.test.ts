import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/schedule/scheduler.js';
import { policyPriorities, searchPolicy } from '../src/schedule/search.js';
import type { ScheduleTask } from '../src/schedule/types.js';
import { codeOf } from './error-fixtures.js';
import { pool, runFifo, task } from './schedule-helpers.js';

/**
 * Independent tasks 3, 3, 2, 2, 2 on 2 instances: b-level (longest first) gives {3, 2, 2} and
 * {3, 2} = 7; the optimum puts both 3s on one instance and the three 2s on the other = 6.
 */
const packing: ScheduleTask[] = [
  task('a', [], { estimate: 3 }),
  task('b', [], { estimate: 3 }),
  task('c', [], { estimate: 2 }),
  task('d', [], { estimate: 2 }),
  task('e', [], { estimate: 2 }),
];

describe('searchPolicy()', () => {
  it('keeps plain b-level when it already reaches the lower bound', () => {
    const chain = [task('a', [], { estimate: 2 }), task('b', ['a'], { estimate: 3 }), task('c', ['b'], { estimate: 1 })];
    const result = searchPolicy(chain, { instances: 2 });
    expect(result.policy).toBe('b-level#0');
    expect(result.candidates).toBe(1);
    expect(result.makespan).toBe(6);
    expect(result.lowerBound).toBe(6);
    expect([...result.priority]).toEqual([['a', 6], ['b', 4], ['c', 1]]);
  });

  it('finds a better order than b-level and the Scheduler reproduces it', () => {
    const result = searchPolicy(packing, { instances: 2 });
    expect(result.baselineMakespan).toBe(7);
    expect(result.makespan).toBe(6);
    expect(result.lowerBound).toBe(6);
    expect(result.policy).not.toBe('b-level#0');
    const scheduler = new Scheduler(packing, { instances: pool(2), priority: result.priority });
    // Drive it to the end on a virtual clock and check the makespan.
    const end = new Map<string, number>();
    const running: { id: string; end: number }[] = [];
    let now = 0;
    for (;;) {
      for (const d of scheduler.dispatch()) running.push({ id: d.taskId, end: now + (packing.find((t) => t.id === d.taskId)?.estimate ?? 0) });
      running.sort((x, y) => x.end - y.end);
      const next = running.shift();
      if (next === undefined) break;
      now = next.end;
      end.set(next.id, now);
      scheduler.finish(next.id, 'succeeded');
    }
    expect(Math.max(...end.values())).toBe(6);
  });

  it('is deterministic and replayable from its policy id', () => {
    const first = searchPolicy(packing, { instances: 2 });
    expect(searchPolicy(packing, { instances: 2 })).toEqual(first);
    expect(policyPriorities(first.policy, packing, { instances: 2 })).toEqual(first.priority);
  });

  it('respects maxCandidates', () => {
    const result = searchPolicy(packing, { instances: 2, maxCandidates: 1 });
    expect(result.candidates).toBe(1);
    expect(result.policy).toBe('b-level#0');
    expect(result.makespan).toBe(7);
  });

  it('waves mode: no search, the b-level policy and the barrier makespan', () => {
    const waved = [task('a', [], { estimate: 1 }), task('b', [], { estimate: 5 }), task('c', ['a'], { estimate: 5, wave: 1 })];
    const result = searchPolicy(waved, { instances: 2, mode: 'waves' });
    expect(result).toMatchObject({ policy: 'b-level#0', makespan: 10, candidates: 1 });
    expect(searchPolicy(waved, { instances: 2 }).makespan).toBe(6);
  });

  it('handles an empty task list', () => {
    expect(searchPolicy([], { instances: 3 })).toMatchObject({ makespan: 0, lowerBound: 0, policy: 'b-level#0' });
  });

  it('critical tasks: finds the order that avoids a long drain', () => {
    // b-level starts long (10) first; c (critical, b-level 9) then waits for it to drain: 10 + 2 + 7.
    // Starting c alone first: 2 + max(10, 7) = 12, the optimum (the bound 2 + 17 / 2 rounds up to 11).
    const tasks = [task('long', [], { estimate: 10 }), task('c', [], { estimate: 2, critical: true }), task('after', ['c'], { estimate: 7 })];
    expect(runFifo(new Scheduler(tasks, { instances: pool(2) }))).toEqual([['long'], ['c'], ['after']]);
    const result = searchPolicy(tasks, { instances: 2 });
    expect(result.baselineMakespan).toBe(19);
    expect(result.makespan).toBe(12);
    expect(result.lowerBound).toBe(11);
    expect(runFifo(new Scheduler(tasks, { instances: pool(2), priority: result.priority }))).toEqual([['c'], ['long', 'after']]);
  });

  it('rejects bad input with WavefrontError codes', () => {
    expect(codeOf(() => searchPolicy(packing, { instances: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => searchPolicy(packing, { instances: 1.5 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => searchPolicy(packing, { instances: 2, maxCandidates: 0 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => searchPolicy(packing, { instances: 2, mode: 'fast' as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => searchPolicy(packing, null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => searchPolicy('tasks' as never, { instances: 2 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => searchPolicy([task('a', ['a'])], { instances: 2 }))).toBe('CYCLE');
    expect(codeOf(() => searchPolicy([task('a', ['zz'])], { instances: 2 }))).toBe('UNKNOWN_DEPENDENCY');
    expect(codeOf(() => searchPolicy([task('a'), task('a')], { instances: 2 }))).toBe('DUPLICATE_ID');
  });

  it('policyPriorities() rejects malformed ids and ids of another search', () => {
    expect(codeOf(() => policyPriorities('fastest', packing, { instances: 2 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => policyPriorities(42 as never, packing, { instances: 2 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => policyPriorities('b-level#01', packing, { instances: 2 }))).toBe('INVALID_ARGUMENT');
    const { policy } = searchPolicy(packing, { instances: 2 });
    expect(codeOf(() => policyPriorities(policy.replace(/^[a-z-]+/, 'b-level-longest'), packing, { instances: 2 }))).toBe('INVALID_ARGUMENT');
    expect(policyPriorities('b-level#0', packing, { instances: 2 })).toEqual(new Map(packing.map((t) => [t.id, t.estimate])));
  });
});
