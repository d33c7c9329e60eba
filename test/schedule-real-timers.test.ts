import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { Scheduler } from '../src/schedule/scheduler.js';
import { searchPolicy } from '../src/schedule/search.js';
import { fromTaskSpecs } from '../src/schedule/simulate-input.js';
import { simulate } from '../src/schedule/simulate.js';

/** Real milliseconds per estimated minute: every two completions are at least 2 units apart. */
const UNIT_MS = 25;

function spec(id: string, estimateMinutes: number, dependsOn: string[] = [], critical = false): TaskSpec {
  return { id, title: id, estimateMinutes, dependsOn, critical };
}

/**
 * What the executor does: dispatch, start each task on a real timer of its fixed duration, wait
 * for the first completion, report it, dispatch again. Returns the starts in order.
 */
async function runOnRealTimers(specs: readonly TaskSpec[], m: number): Promise<{ taskId: string; instance: string }[]> {
  const input = fromTaskSpecs(specs, { instances: m });
  const { priority } = searchPolicy(input.tasks, { instances: m });
  const scheduler = new Scheduler(input.tasks, { instances: input.instances, priority });
  const duration = new Map(specs.map((s) => [s.id, (s.estimateMinutes ?? 0) * UNIT_MS]));
  const starts: { taskId: string; instance: string }[] = [];
  const inflight = new Map<string, Promise<string>>();
  for (;;) {
    for (const started of scheduler.dispatch()) {
      starts.push({ taskId: started.taskId, instance: started.instance });
      inflight.set(started.taskId, sleep(duration.get(started.taskId) as number, started.taskId));
    }
    if (inflight.size === 0) return starts;
    const done = await Promise.race(inflight.values());
    inflight.delete(done);
    scheduler.finish(done, 'succeeded');
  }
}

function simulatedStarts(specs: readonly TaskSpec[], m: number): { taskId: string; instance: string }[] {
  const { timeline } = simulate(specs, { instances: m });
  const ends = timeline.map((entry) => entry.end).sort((a, b) => a - b);
  // Precondition of a fair comparison: no two completions within 2 units on the virtual clock.
  ends.forEach((end, k) => k > 0 && expect(end - (ends[k - 1] as number)).toBeGreaterThanOrEqual(2));
  return timeline.map(({ taskId, instance }) => ({ taskId, instance }));
}

describe('the scheduler core on real timers follows the simulated policy', () => {
  it('searched priorities: the same start order (and instances) as simulate()', async () => {
    const specs = [
      spec('t0', 1, [], true),
      spec('t1', 3, ['t0'], true),
      spec('t2', 11, ['t1']),
      spec('t3', 10, ['t0']),
      spec('t4', 3, ['t3']),
      spec('t5', 5, ['t0']),
      spec('t6', 8, ['t4']),
      spec('t7', 4, ['t2']),
      spec('t8', 11, ['t0', 't6']),
    ];
    // The search matters here: plain b-level would take longer.
    expect(simulate(specs, { instances: 3 }).makespanMinutes).toBeLessThan(simulate(specs, { instances: 3, search: false }).makespanMinutes);
    const expected = simulatedStarts(specs, 3);
    expect(await runOnRealTimers(specs, 3)).toEqual(expected);
  });

  it('a waiting critical task and backfilling: the same start order as simulate()', async () => {
    const specs = [spec('t0', 5), spec('t1', 3), spec('t2', 5, ['t0']), spec('t3', 1), spec('t4', 4, [], true), spec('t5', 5, ['t4'], true), spec('t6', 5, ['t0'], true)];
    const expected = simulatedStarts(specs, 3);
    // t4 (critical) outranks t1 and t3 and waits for t0; t1 and t3 end before t0 and are backfilled.
    expect(expected.slice(0, 4).map((s) => s.taskId)).toEqual(['t0', 't1', 't3', 't4']);
    const input = fromTaskSpecs(specs, { instances: 3 });
    const { priority } = searchPolicy(input.tasks, { instances: 3 });
    expect(priority.get('t4')).toBeGreaterThan(priority.get('t1') as number);
    expect(priority.get('t4')).toBeGreaterThan(priority.get('t3') as number);
    expect(await runOnRealTimers(specs, 3)).toEqual(expected);
  });
});
