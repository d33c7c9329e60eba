/**
 * Levels and makespan lower bounds on a compiled graph (internal to the search).
 * @module
 */
import type { CompiledGraph } from './kernel.js';

/** b-level: estimate plus the longest chain of estimates below the task. */
export function bottomLevels(g: CompiledGraph): Float64Array {
  const b = new Float64Array(g.n);
  for (let k = g.n - 1; k >= 0; k--) {
    const i = g.order[k] as number;
    let longest = 0;
    for (let e = g.succStart[i] as number, stop = g.succStart[i + 1] as number; e < stop; e++) longest = Math.max(longest, b[g.succ[e] as number] as number);
    b[i] = (g.est[i] as number) + longest;
  }
  return b;
}

/** t-level: the earliest start with unlimited instances (longest chain of estimates above the task). */
export function topLevels(g: CompiledGraph): Float64Array {
  const t = new Float64Array(g.n);
  for (let k = 0; k < g.n; k++) {
    const i = g.order[k] as number;
    let earliest = 0;
    for (let e = g.predStart[i] as number, stop = g.predStart[i + 1] as number; e < stop; e++) {
      const p = g.pred[e] as number;
      earliest = Math.max(earliest, (t[p] as number) + (g.est[p] as number));
    }
    t[i] = earliest;
  }
  return t;
}

/** Most distinct heads the heads-and-tails bound tries (it stays a valid bound on any subset). */
const MAX_HEADS = 64;

/**
 * A lower bound on the makespan of any schedule on `m` instances where critical tasks run alone:
 * the largest of the critical path, `sum(critical) + sum(rest) / m`, and the heads-and-tails bound
 * `a + q + W(a, q) / m`, where W is the work (a critical task counts m times) of the tasks that
 * cannot start before `a` and are followed by a chain of at least `q`. Rounded up when every
 * estimate is an integer (such schedules end on integers).
 */
export function makespanLowerBound(g: CompiledGraph, m: number, b: Float64Array, t: Float64Array): number {
  const { n, est, critical } = g;
  let bound = 0;
  let integral = true;
  for (let i = 0; i < n; i++) {
    bound = Math.max(bound, b[i] as number);
    if (!Number.isInteger(est[i])) integral = false;
  }
  const work = (i: number): number => (critical[i] === 1 ? m : 1) * (est[i] as number);
  let total = 0;
  for (let i = 0; i < n; i++) total += work(i);
  bound = Math.max(bound, total / m);
  const heads = [...new Set(t)].sort((x, y) => x - y);
  const step = Math.max(1, Math.ceil(heads.length / MAX_HEADS));
  const byTail = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => (b[y] as number) - (est[y] as number) - ((b[x] as number) - (est[x] as number)) || x - y,
  );
  for (let h = 0; h < heads.length; h += step) {
    const a = heads[h] as number;
    let w = 0;
    for (const i of byTail) {
      if ((t[i] as number) < a) continue;
      w += work(i);
      bound = Math.max(bound, a + (b[i] as number) - (est[i] as number) + w / m);
    }
  }
  return integral ? Math.max(0, Math.ceil(bound - 1e-9)) : bound;
}
