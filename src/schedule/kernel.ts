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
import { writeSetCandidates } from './write-sets.js';

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
  /** Tasks whose write set overlaps task i's: `conflict[conflictStart[i] .. conflictStart[i + 1])`. */
  readonly conflictStart: Int32Array;
  /** Write conflicts, flattened (symmetric). */
  readonly conflict: Int32Array;
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
  const conflicts = tasks.map((): number[] => []);
  for (const { a, b } of writeSetCandidates(tasks.map((task) => task.touches))) {
    (conflicts[a] as number[]).push(b);
    (conflicts[b] as number[]).push(a);
  }
  const conflict = csr(conflicts);
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
    conflictStart: conflict.start,
    conflict: conflict.flat,
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
  readonly #blockers: Int32Array;
  readonly #held: Int32Array;

  constructor(n: number) {
    this.rank = new Int32Array(n);
    this.start = new Float64Array(n);
    this.#waiting = new Int32Array(n);
    this.#ready = new Int32Array(n);
    this.#started = new Uint8Array(n);
    this.#runTask = new Int32Array(n);
    this.#runEnd = new Float64Array(n);
    this.#fill = new Int32Array(n);
    this.#blockers = new Int32Array(n);
    this.#held = new Int32Array(n);
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
   * than the last running task are backfilled, best rank first. A task whose write set overlaps a
   * running task's is passed over (it stays ready) and the next ready task is tried.
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
    const blockers = this.#blockers;
    const held = this.#held;
    blockers.fill(0);
    let readySize = 0;
    let runSize = 0;
    let exclusive = false;
    let now = 0;
    let makespan = 0;

    for (let i = 0; i < n; i++) {
      started[i] = 0;
      const deps = (predStart[i + 1] as number) - (predStart[i] as number);
      waiting[i] = deps;
      if (deps === 0) readySize = pushReady(ready, readySize, rank, i);
    }
    let finished = 0;
    for (;;) {
      let heldSize = 0;
      while (!exclusive && runSize < m && readySize > 0) {
        const top = ready[0] as number;
        readySize = popReady(ready, readySize, rank);
        if (started[top] === 1) continue;
        if (critical[top] === 1 && runSize > 0) {
          readySize = pushReady(ready, readySize, rank, top);
          runSize = this.#backfill(g, m, now, readySize, runSize);
          for (let k = 0; k < runSize; k++) if ((runEnd[k] as number) > makespan) makespan = runEnd[k] as number;
          break;
        }
        if ((blockers[top] as number) > 0) {
          held[heldSize++] = top;
          continue;
        }
        started[top] = 1;
        block(g, blockers, top, 1);
        startAt[top] = now;
        const end = now + (est[top] as number);
        if (end > makespan) makespan = end;
        runSize = pushRun(runEnd, runTask, runSize, top, end);
        if (critical[top] === 1) {
          exclusive = true;
          break;
        }
      }
      for (let k = 0; k < heldSize; k++) readySize = pushReady(ready, readySize, rank, held[k] as number);
      if (runSize === 0) break;
      now = runEnd[0] as number;
      while (runSize > 0 && runEnd[0] === now) {
        const i = runTask[0] as number;
        runSize = popRun(runEnd, runTask, runSize);
        finished++;
        block(g, blockers, i, -1);
        if (critical[i] === 1) exclusive = false;
        for (let e = succStart[i] as number, stop = succStart[i + 1] as number; e < stop; e++) {
          const d = succ[e] as number;
          const left = (waiting[d] as number) - 1;
          waiting[d] = left;
          if (left === 0) readySize = pushReady(ready, readySize, rank, d);
        }
      }
    }
    if (finished !== n) throw new Error('unreachable: the kernel stalled on a validated DAG');
    return makespan;
  }

  /**
   * While the critical task at the head waits: starts the ready non-critical tasks that end no
   * later than the last running task and conflict with no running write set, best rank first, on
   * the free instances. Returns the new
   * number of running tasks (started entries stay in the ready heap and are skipped later).
   */
  #backfill(g: CompiledGraph, m: number, now: number, readySize: number, runSize: number): number {
    const { est, critical } = g;
    const ready = this.#ready;
    const started = this.#started;
    const runEnd = this.#runEnd;
    let drainAt = now;
    for (let k = 0; k < runSize; k++) if ((runEnd[k] as number) > drainAt) drainAt = runEnd[k] as number;
    const fill = this.#fill;
    let count = 0;
    for (let k = 0; k < readySize; k++) {
      const i = ready[k] as number;
      if (started[i] === 0 && critical[i] === 0 && now + (est[i] as number) <= drainAt) fill[count++] = i;
    }
    if (count === 0) return runSize;
    const rank = this.rank;
    const chosen = Array.from(fill.subarray(0, count)).sort((a, b) => (rank[a] as number) - (rank[b] as number));
    let size = runSize;
    for (let k = 0; k < chosen.length && size < m; k++) {
      const i = chosen[k] as number;
      if ((this.#blockers[i] as number) > 0) continue;
      started[i] = 1;
      block(g, this.#blockers, i, 1);
      this.start[i] = now;
      size = pushRun(runEnd, this.#runTask, size, i, now + (est[i] as number));
    }
    return size;
  }
}

/** Task i started (+1) or ended (-1): adjusts the blocker counts of the tasks it conflicts with. */
function block(g: CompiledGraph, blockers: Int32Array, i: number, delta: number): void {
  for (let e = g.conflictStart[i] as number, stop = g.conflictStart[i + 1] as number; e < stop; e++) {
    const j = g.conflict[e] as number;
    blockers[j] = (blockers[j] as number) + delta;
  }
}

/** Min-heap of task positions by rank; returns the new size. */
function pushReady(heap: Int32Array, size: number, rank: Int32Array, i: number): number {
  let k = size;
  const r = rank[i] as number;
  while (k > 0) {
    const parent = (k - 1) >> 1;
    const p = heap[parent] as number;
    if ((rank[p] as number) <= r) break;
    heap[k] = p;
    k = parent;
  }
  heap[k] = i;
  return size + 1;
}

/** Removes the head of the ready heap; returns the new size. */
function popReady(heap: Int32Array, size: number, rank: Int32Array): number {
  const n = size - 1;
  const last = heap[n] as number;
  if (n === 0) return 0;
  const r = rank[last] as number;
  let k = 0;
  for (;;) {
    const left = 2 * k + 1;
    if (left >= n) break;
    const right = left + 1;
    let child = left;
    if (right < n && (rank[heap[right] as number] as number) < (rank[heap[left] as number] as number)) child = right;
    const c = heap[child] as number;
    if ((rank[c] as number) >= r) break;
    heap[k] = c;
    k = child;
  }
  heap[k] = last;
  return n;
}

/** Min-heap of running tasks by end time; returns the new size. */
function pushRun(ends: Float64Array, tasks: Int32Array, size: number, i: number, end: number): number {
  let k = size;
  while (k > 0) {
    const parent = (k - 1) >> 1;
    if ((ends[parent] as number) <= end) break;
    ends[k] = ends[parent] as number;
    tasks[k] = tasks[parent] as number;
    k = parent;
  }
  ends[k] = end;
  tasks[k] = i;
  return size + 1;
}

/** Removes the earliest-ending running task; returns the new size. */
function popRun(ends: Float64Array, tasks: Int32Array, size: number): number {
  const n = size - 1;
  const lastEnd = ends[n] as number;
  const lastTask = tasks[n] as number;
  if (n === 0) return 0;
  let k = 0;
  for (;;) {
    const left = 2 * k + 1;
    if (left >= n) break;
    const right = left + 1;
    let child = left;
    if (right < n && (ends[right] as number) < (ends[left] as number)) child = right;
    if ((ends[child] as number) >= lastEnd) break;
    ends[k] = ends[child] as number;
    tasks[k] = tasks[child] as number;
    k = child;
  }
  ends[k] = lastEnd;
  tasks[k] = lastTask;
  return n;
}
