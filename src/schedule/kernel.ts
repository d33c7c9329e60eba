/**
 * A fast list-scheduling kernel on typed arrays: the `dynamic` policy of the {@link Scheduler} on
 * interchangeable instances with durations = estimates, used by the plan-time search to evaluate
 * thousands of priority vectors. It must make exactly the decisions the Scheduler makes for the
 * same priorities (a property test checks it), so the makespan the search reports is the one
 * `simulate()` and the executor get.
 * @module
 */
import { indexGraph } from './graph.js';
import type { ScheduleTask } from './types.js';

/** A task graph compiled to flat arrays (CSR adjacency), shared by every evaluation. */
export interface CompiledGraph {
  /** Number of tasks. */
  readonly n: number;
  /** Estimates by position. */
  readonly est: Float64Array;
  /** 1 when the task is critical (runs alone). */
  readonly critical: Uint8Array;
  /** Wave index (a tie-breaker after priority and the critical flag). */
  readonly wave: Float64Array;
  /** Dependents of task i: `succ[succStart[i] .. succStart[i + 1])`. */
  readonly succStart: Int32Array;
  /** Dependents, flattened. */
  readonly succ: Int32Array;
  /** Dependencies of task i: `pred[predStart[i] .. predStart[i + 1])`. */
  readonly predStart: Int32Array;
  /** Dependencies, flattened. */
  readonly pred: Int32Array;
  /** A topological order. */
  readonly order: Int32Array;
  /** Number of edges (deduplicated). */
  readonly edges: number;
}

function csr(lists: readonly (readonly number[])[]): { start: Int32Array; flat: Int32Array } {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (start[i + 1] = (start[i] as number) + list.length));
  const flat = new Int32Array(start[lists.length] as number);
  lists.forEach((list, i) => flat.set(list, start[i] as number));
  return { start, flat };
}

/** Compiles validated tasks (throws like `indexGraph` on a bad graph). */
export function compileGraph(tasks: readonly ScheduleTask[]): CompiledGraph {
  const graph = indexGraph(tasks);
  const succ = csr(graph.dependents);
  const pred = csr(graph.deps);
  return {
    n: tasks.length,
    est: Float64Array.from(tasks, (task) => task.estimate),
    critical: Uint8Array.from(tasks, (task) => (task.critical ? 1 : 0)),
    wave: Float64Array.from(tasks, (task) => task.wave),
    succStart: succ.start,
    succ: succ.flat,
    predStart: pred.start,
    pred: pred.flat,
    order: Int32Array.from(graph.order),
    edges: succ.flat.length,
  };
}

/** The same graph with every edge reversed (estimates, flags and waves kept). */
export function reverseGraph(g: CompiledGraph): CompiledGraph {
  return {
    ...g,
    succStart: g.predStart,
    succ: g.pred,
    predStart: g.succStart,
    pred: g.succ,
    order: g.order.slice().reverse(),
  };
}

/**
 * The Scheduler's dispatch comparator on positions: higher key first, then critical first, then
 * lower wave, then lower position. Negative when `a` goes first.
 */
export function compareByKey(g: CompiledGraph, key: Float64Array, a: number, b: number): number {
  const ka = key[a] as number;
  const kb = key[b] as number;
  if (ka !== kb) return ka > kb ? -1 : 1;
  const ca = g.critical[a] as number;
  const cb = g.critical[b] as number;
  if (ca !== cb) return cb - ca;
  const wa = g.wave[a] as number;
  const wb = g.wave[b] as number;
  if (wa !== wb) return wa - wb;
  return a - b;
}

/** Every position sorted by {@link compareByKey}. */
export function orderByKey(g: CompiledGraph, key: Float64Array): Int32Array {
  const order = Array.from({ length: g.n }, (_, i) => i);
  order.sort((a, b) => compareByKey(g, key, a, b));
  return Int32Array.from(order);
}

/**
 * `order` (sorted under the old keys) re-sorted after the keys of `moved` (distinct positions)
 * changed to `key`: O(n + k log n) instead of a full sort.
 */
export function reorder(g: CompiledGraph, key: Float64Array, order: Int32Array, moved: readonly number[]): Int32Array {
  const out = new Int32Array(g.n);
  let size = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    if (!moved.includes(i)) out[size++] = i;
  }
  for (const i of moved) {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareByKey(g, key, out[mid] as number, i) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.copyWithin(lo + 1, lo, size);
    out[lo] = i;
    size++;
  }
  return out;
}

/** Reusable buffers of one graph size, so that evaluations allocate nothing. */
export class KernelWorkspace {
  readonly rank: Int32Array;
  readonly start: Float64Array;
  readonly #waiting: Int32Array;
  readonly #ready: Int32Array;
  readonly #started: Uint8Array;
  readonly #runTask: Int32Array;
  readonly #runEnd: Float64Array;
  readonly #fill: Int32Array;

  constructor(n: number) {
    this.rank = new Int32Array(n);
    this.start = new Float64Array(n);
    this.#waiting = new Int32Array(n);
    this.#ready = new Int32Array(n);
    this.#started = new Uint8Array(n);
    this.#runTask = new Int32Array(n);
    this.#runEnd = new Float64Array(n);
    this.#fill = new Int32Array(n);
  }

  /** Sets {@link KernelWorkspace.rank} from a dispatch order (see {@link orderByKey}). */
  rankOrder(order: Int32Array): void {
    for (let r = 0; r < order.length; r++) this.rank[order[r] as number] = r;
  }

  /**
   * Runs the dynamic policy on `m` interchangeable instances with the current ranks; fills
   * {@link KernelWorkspace.start} and returns the makespan. Policy (as the Scheduler): non-delay
   * list scheduling by rank; a critical task at the head of the queue waits until nothing runs
   * and then runs alone; while it waits, ready non-critical tasks that end (by estimate) no later
   * than the last running task are backfilled, best rank first.
   */
  run(g: CompiledGraph, m: number): number {
    const { n, est, critical, succStart, succ, predStart } = g;
    const rank = this.rank;
    const waiting = this.#waiting;
    const ready = this.#ready;
    const started = this.#started;
    const runTask = this.#runTask;
    const runEnd = this.#runEnd;
    const startAt = this.start;
    let readySize = 0;
    let runSize = 0;
    let exclusive = false;
    let now = 0;
    let makespan = 0;

    const pushReady = (i: number): void => {
      let k = readySize++;
      const r = rank[i] as number;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        const p = ready[parent] as number;
        if ((rank[p] as number) <= r) break;
        ready[k] = p;
        k = parent;
      }
      ready[k] = i;
    };
    const popReady = (): void => {
      const last = ready[--readySize] as number;
      if (readySize === 0) return;
      const r = rank[last] as number;
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        if (left >= readySize) break;
        const right = left + 1;
        let child = left;
        if (right < readySize && (rank[ready[right] as number] as number) < (rank[ready[left] as number] as number)) child = right;
        const c = ready[child] as number;
        if ((rank[c] as number) >= r) break;
        ready[k] = c;
        k = child;
      }
      ready[k] = last;
    };
    const pushRun = (i: number, end: number): void => {
      let k = runSize++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if ((runEnd[parent] as number) <= end) break;
        runEnd[k] = runEnd[parent] as number;
        runTask[k] = runTask[parent] as number;
        k = parent;
      }
      runEnd[k] = end;
      runTask[k] = i;
    };
    const popRun = (): void => {
      const lastEnd = runEnd[--runSize] as number;
      const lastTask = runTask[runSize] as number;
      if (runSize === 0) return;
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        if (left >= runSize) break;
        const right = left + 1;
        let child = left;
        if (right < runSize && (runEnd[right] as number) < (runEnd[left] as number)) child = right;
        if ((runEnd[child] as number) >= lastEnd) break;
        runEnd[k] = runEnd[child] as number;
        runTask[k] = runTask[child] as number;
        k = child;
      }
      runEnd[k] = lastEnd;
      runTask[k] = lastTask;
    };
    const begin = (i: number): void => {
      started[i] = 1;
      startAt[i] = now;
      const end = now + (est[i] as number);
      if (end > makespan) makespan = end;
      pushRun(i, end);
    };
    const backfill = (): void => {
      let drainAt = now;
      for (let k = 0; k < runSize; k++) if ((runEnd[k] as number) > drainAt) drainAt = runEnd[k] as number;
      const fill = this.#fill;
      let count = 0;
      for (let k = 0; k < readySize; k++) {
        const i = ready[k] as number;
        if (started[i] === 0 && critical[i] === 0 && now + (est[i] as number) <= drainAt) fill[count++] = i;
      }
      if (count === 0) return;
      const chosen = Array.from(fill.subarray(0, count)).sort((a, b) => (rank[a] as number) - (rank[b] as number));
      for (let k = 0; k < chosen.length && runSize < m; k++) begin(chosen[k] as number);
    };

    for (let i = 0; i < n; i++) {
      started[i] = 0;
      const deps = (predStart[i + 1] as number) - (predStart[i] as number);
      waiting[i] = deps;
      if (deps === 0) pushReady(i);
    }
    let finished = 0;
    for (;;) {
      while (!exclusive && runSize < m && readySize > 0) {
        const top = ready[0] as number;
        if (started[top] === 1) {
          popReady();
          continue;
        }
        if (critical[top] === 1) {
          if (runSize > 0) {
            backfill();
            break;
          }
          popReady();
          begin(top);
          exclusive = true;
          break;
        }
        popReady();
        begin(top);
      }
      if (runSize === 0) break;
      now = runEnd[0] as number;
      while (runSize > 0 && runEnd[0] === now) {
        const i = runTask[0] as number;
        popRun();
        finished++;
        if (critical[i] === 1) exclusive = false;
        for (let e = succStart[i] as number, stop = succStart[i + 1] as number; e < stop; e++) {
          const d = succ[e] as number;
          const left = (waiting[d] as number) - 1;
          waiting[d] = left;
          if (left === 0) pushReady(d);
        }
      }
    }
    if (finished !== n) throw new Error('unreachable: the kernel stalled on a validated DAG');
    return makespan;
  }
}
