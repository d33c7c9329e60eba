/**
 * The deterministic priority rules the plan-time search starts from. Each rule maps the graph to
 * a key per task (higher = dispatched first), on the scale of the b-level.
 * @module
 */
import type { CompiledGraph } from './kernel.js';

/** What the rules read; computed once per search. */
export interface RuleContext {
  readonly g: CompiledGraph;
  /** b-levels. */
  readonly b: Float64Array;
  /** t-levels. */
  readonly t: Float64Array;
  /** Critical path length. */
  readonly cp: number;
  /** Mean estimate (> 0). */
  readonly unit: number;
}

/** A named rule. */
export interface PriorityRule {
  /** Stable name, part of the policy id. */
  readonly name: string;
  /** Only tried when the graph has a critical task. */
  readonly needsCritical: boolean;
  /** The keys. */
  readonly keys: (ctx: RuleContext) => Float64Array;
}

/**
 * `b + spread * tie[i] / (max tie + 1)` where `spread` is half the smallest gap between distinct
 * values of `b`: orders by `b`, then by `tie` (higher first).
 */
function withTieBreak(b: Float64Array, tie: (i: number) => number): Float64Array {
  const distinct = [...new Set(b)].sort((x, y) => x - y);
  let gap = Number.POSITIVE_INFINITY;
  for (let k = 1; k < distinct.length; k++) gap = Math.min(gap, (distinct[k] as number) - (distinct[k - 1] as number));
  if (!Number.isFinite(gap) || gap <= 0) gap = 1;
  let top = 0;
  for (let i = 0; i < b.length; i++) top = Math.max(top, Math.abs(tie(i)));
  const scale = gap / 2 / (top + 1);
  return b.map((value, i) => value + scale * tie(i));
}

function successors(g: CompiledGraph, i: number): number {
  return (g.succStart[i + 1] as number) - (g.succStart[i] as number);
}

function predecessors(g: CompiledGraph, i: number): number {
  return (g.predStart[i + 1] as number) - (g.predStart[i] as number);
}

/** 1 for critical tasks and every task a critical task (transitively) depends on. */
function leadsToCritical(g: CompiledGraph): Uint8Array {
  const mark = new Uint8Array(g.n);
  const stack: number[] = [];
  for (let i = 0; i < g.n; i++) {
    if (g.critical[i] === 1) {
      mark[i] = 1;
      stack.push(i);
    }
  }
  for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
    for (let e = g.predStart[i] as number, stop = g.predStart[i + 1] as number; e < stop; e++) {
      const p = g.pred[e] as number;
      if (mark[p] === 0) {
        mark[p] = 1;
        stack.push(p);
      }
    }
  }
  return mark;
}

/** The rules, in the order the search tries them; the first is plain HLFET (the default priority). */
export const PRIORITY_RULES: readonly PriorityRule[] = [
  { name: 'b-level', needsCritical: false, keys: ({ b }) => b.slice() },
  { name: 'b-level-successors', needsCritical: false, keys: ({ g, b }) => withTieBreak(b, (i) => successors(g, i)) },
  { name: 'b-level-longest', needsCritical: false, keys: ({ g, b }) => withTieBreak(b, (i) => g.est[i] as number) },
  { name: 'b-level-shortest', needsCritical: false, keys: ({ g, b }) => withTieBreak(b, (i) => -(g.est[i] as number)) },
  {
    name: 'successor-weighted',
    needsCritical: false,
    keys: ({ g, b, unit }) => b.map((value, i) => value + (unit / 2) * successors(g, i)),
  },
  {
    // Critical path with lookahead: add a share of the b-level each dependent gets closer to ready.
    name: 'lookahead',
    needsCritical: false,
    keys: ({ g, b }) =>
      b.map((value, i) => {
        let unlock = 0;
        for (let e = g.succStart[i] as number, stop = g.succStart[i + 1] as number; e < stop; e++) {
          const d = g.succ[e] as number;
          unlock += (b[d] as number) / predecessors(g, d);
        }
        return value + unlock / 4;
      }),
  },
  {
    // The seed's wave order without its barriers: lower wave first, then b-level.
    name: 'wave-order',
    needsCritical: false,
    keys: ({ g, b, cp }) => {
      let last = 0;
      for (let i = 0; i < g.n; i++) last = Math.max(last, g.wave[i] as number);
      return b.map((value, i) => value + (last - (g.wave[i] as number)) * (cp + 1));
    },
  },
  { name: 'path-length', needsCritical: false, keys: ({ b, t }) => withTieBreak(b.map((value, i) => value + (t[i] as number)), (i) => b[i] as number) },
  {
    // Start the work that leads to a critical task (and the critical task itself) first.
    name: 'critical-first',
    needsCritical: true,
    keys: ({ g, b, cp }) => {
      const lead = leadsToCritical(g);
      return b.map((value, i) => value + (lead[i] === 1 ? cp + 1 : 0));
    },
  },
  {
    // Unblock critical tasks early, but let them run when nothing else outranks them.
    name: 'critical-ancestors',
    needsCritical: true,
    keys: ({ g, b, cp }) => {
      const lead = leadsToCritical(g);
      return b.map((value, i) => value + (lead[i] === 1 && g.critical[i] === 0 ? cp + 1 : 0));
    },
  },
  {
    // Run a critical task only when no other ready task is left: fewer drains.
    name: 'critical-last',
    needsCritical: true,
    keys: ({ g, b, cp }) => b.map((value, i) => (g.critical[i] === 1 ? value - cp - 1 : value)),
  },
];
