import { describe, expect, it } from 'vitest';
import { loadOptima, loadStg, stgName } from '../bench/schedule/stg.js';
import { simulate } from '../src/schedule/simulate.js';

// Kasahara STG set, read in place from ../shared/bench-data/stg (see its README).
const optima = loadOptima();

function optimum(size: number, graph: string, m: number): number {
  const row = optima.get(`${size}/${graph}/${m}`);
  if (row === undefined || !row.proven) throw new Error(`no proven optimum for ${size}/${graph}/m=${m}`);
  return row.best;
}

describe('STG benchmark (50-task graphs)', () => {
  it('parses 50 tasks', () => {
    expect(loadStg(50, stgName(0))).toHaveLength(50);
  });

  it.each([2, 4])('plain b-level is within 10%% of the proven optimum at m=%i', (m) => {
    const { makespanMinutes } = simulate(loadStg(50, stgName(0)), { instances: m, search: false });
    const best = optimum(50, stgName(0), m);
    expect(makespanMinutes).toBeGreaterThanOrEqual(best);
    expect(makespanMinutes / best).toBeLessThanOrEqual(1.1);
  });

  // Graphs where plain critical-path list scheduling misses the proven optimum at m = 2.
  it.each([1, 4, 5, 8, 13, 21])('the searched policy reaches the proven optimum of rand%i at m=2 where plain b-level does not', (k) => {
    const tasks = loadStg(50, stgName(k));
    const best = optimum(50, stgName(k), 2);
    expect(simulate(tasks, { instances: 2, search: false }).makespanMinutes).toBeGreaterThan(best);
    expect(simulate(tasks, { instances: 2 }).makespanMinutes).toBe(best);
  });

  it('never goes below a proven lower bound, at any m, on the first 10 graphs', () => {
    for (const m of [2, 4, 8, 16]) {
      for (let k = 0; k < 10; k++) {
        const row = optima.get(`50/${stgName(k)}/${m}`);
        if (row === undefined) continue;
        expect(simulate(loadStg(50, stgName(k)), { instances: m }).makespanMinutes).toBeGreaterThanOrEqual(row.lower);
      }
    }
  });
});
