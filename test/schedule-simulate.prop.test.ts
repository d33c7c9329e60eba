import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { generationWaves } from '../src/schedule/generations.js';
import { simulate } from '../src/schedule/simulate.js';
import type { SimulateResult, TimelineEntry } from '../src/schedule/types.js';
import { criticalHeavyDag, randomDag } from './schedule-random-dag.js';

const RUNS = 300;

function overlaps(a: TimelineEntry, b: TimelineEntry): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Invariants every simulated schedule must satisfy, in both modes. */
function checkFeasible(tasks: readonly TaskSpec[], m: number, result: SimulateResult): Map<string, TimelineEntry> {
  const slot = new Map(result.timeline.map((entry) => [entry.taskId, entry]));
  // Every task exactly once, with its own duration, on one of I1..Im.
  expect(result.timeline).toHaveLength(tasks.length);
  expect(slot.size).toBe(tasks.length);
  for (const spec of tasks) {
    const entry = slot.get(spec.id) as TimelineEntry;
    expect(entry.end - entry.start).toBe(spec.estimateMinutes);
    expect(Number(entry.instance.slice(1))).toBeLessThanOrEqual(m);
    // Never violates a dependency.
    for (const dep of spec.dependsOn ?? []) expect(entry.start).toBeGreaterThanOrEqual((slot.get(dep) as TimelineEntry).end);
  }
  // One task per instance at a time, never more than m at once.
  const byInstance = new Map<string, TimelineEntry[]>();
  for (const entry of result.timeline) byInstance.set(entry.instance, [...(byInstance.get(entry.instance) ?? []), entry]);
  for (const list of byInstance.values()) {
    list.sort((a, b) => a.start - b.start);
    list.forEach((entry, k) => k > 0 && expect(entry.start).toBeGreaterThanOrEqual((list[k - 1] as TimelineEntry).end));
  }
  for (const entry of result.timeline) {
    const concurrent = result.timeline.filter((other) => other.start <= entry.start && entry.start < other.end).length;
    expect(concurrent).toBeLessThanOrEqual(m);
  }
  // A critical task never runs beside another task.
  for (const spec of tasks.filter((t) => t.critical === true)) {
    const mine = slot.get(spec.id) as TimelineEntry;
    expect(result.timeline.filter((other) => other !== mine && overlaps(other, mine)).map((e) => e.taskId)).toEqual([]);
  }
  expect(result.makespanMinutes).toBe(Math.max(0, ...result.timeline.map((e) => e.end)));
  return slot;
}

/** Longest chain of estimates. */
function criticalPath(tasks: readonly TaskSpec[]): number {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const memo = new Map<string, number>();
  const finish = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const spec = byId.get(id) as TaskSpec;
    const value = (spec.estimateMinutes ?? 0) + Math.max(0, ...(spec.dependsOn ?? []).map(finish));
    memo.set(id, value);
    return value;
  };
  return Math.max(0, ...tasks.map((t) => finish(t.id)));
}

describe('simulate() on random DAGs', () => {
  it('dynamic (searched or plain b-level priorities): feasible, non-delay, at or above the lower bound, deterministic', () => {
    fc.assert(
      fc.property(fc.oneof(randomDag, criticalHeavyDag), fc.boolean(), ({ tasks, m }, search) => {
        const result = simulate(tasks, { instances: m, search });
        const slot = checkFeasible(tasks, m, result);
        // Never idles an instance while a ready non-critical task waits, unless a critical task
        // runs or is waiting to run alone; never leaves everything idle while work is ready.
        const times = [...new Set(result.timeline.flatMap((e) => [e.start, e.end]))];
        for (const t of times) {
          const running = result.timeline.filter((e) => e.start <= t && t < e.end);
          const waiting = tasks.filter((spec) => {
            const entry = slot.get(spec.id) as TimelineEntry;
            return entry.start > t && (spec.dependsOn ?? []).every((dep) => (slot.get(dep) as TimelineEntry).end <= t);
          });
          if (waiting.length > 0) expect(running.length).toBeGreaterThan(0);
          const criticalInvolved = [...running.map((e) => tasks.find((s) => s.id === e.taskId)), ...waiting].some((s) => s?.critical === true);
          if (!criticalInvolved && waiting.length > 0) expect(running.length).toBe(m);
        }
        const sum = tasks.reduce((total, t) => total + (t.estimateMinutes ?? 0), 0);
        const critical = tasks.reduce((total, t) => total + (t.critical === true ? (t.estimateMinutes ?? 0) : 0), 0);
        expect(result.makespanMinutes).toBeGreaterThanOrEqual(Math.max(criticalPath(tasks), critical + (sum - critical) / m) - 1e-9);
        expect(result.makespanMinutes).toBeLessThanOrEqual(sum);
        expect(result.sequentialMinutes).toBe(sum);
        expect(simulate(tasks, { instances: m, search })).toEqual(result);
      }),
      { numRuns: 120 },
    );
  });

  it('waves: feasible and every wave starts after all earlier waves ended', () => {
    fc.assert(
      fc.property(randomDag, ({ tasks, m }) => {
        const result = simulate(tasks, { instances: m, mode: 'waves' });
        const slot = checkFeasible(tasks, m, result);
        const waves = generationWaves(tasks.map((t) => ({ id: t.id, dependsOn: t.dependsOn ?? [], critical: t.critical === true })));
        const lastEnd: number[] = [];
        tasks.forEach((spec, i) => {
          const w = waves[i] as number;
          lastEnd[w] = Math.max(lastEnd[w] ?? 0, (slot.get(spec.id) as TimelineEntry).end);
        });
        tasks.forEach((spec, i) => {
          const w = waves[i] as number;
          const barrier = Math.max(0, ...lastEnd.slice(0, w).map((end) => end ?? 0));
          expect((slot.get(spec.id) as TimelineEntry).start).toBeGreaterThanOrEqual(barrier);
        });
        // Critical singleton waves: no other task shares a critical task's wave.
        tasks.forEach((spec, i) => {
          if (spec.critical === true) expect(waves.filter((w) => w === waves[i])).toHaveLength(1);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
