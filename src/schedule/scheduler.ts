/**
 * The scheduler core: a deterministic state machine with no clock and no I/O. The real executor
 * drives it from promise completions, `simulate()` from a virtual clock.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import { indexGraph } from './graph.js';
import { BinaryHeap } from './heap.js';
import { InstancePool, type Placement } from './instances.js';
import { bLevelsByIndex } from './priority.js';
import type { Dispatch, RunningTask, ScheduleMode, ScheduleOutcome, ScheduleStatus, ScheduleTask, SchedulerOptions } from './types.js';
import { validateScheduleTasks, validateSchedulerOptions, validateTaskIdArgument } from './validate.js';
import { writeSetCandidates } from './write-sets.js';

/** A pending task to be made to wait for more tasks, used by {@link Scheduler.insert}. */
export interface Rewire {
  /** An existing pending task. */
  readonly taskId: string;
  /** Ids (new or existing) it must now also wait for. */
  readonly addDependsOn: readonly string[];
}

/** Non-critical ready tasks grouped by where they may run; one heap per group. */
interface PlacementClass {
  readonly placement: Placement;
  readonly heap: BinaryHeap<number>;
}

const STATUSES: readonly ScheduleStatus[] = ['pending', 'running', 'succeeded', 'failed', 'skipped'];

function argumentError(message: string, details: Record<string, unknown>): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', message, { details });
}

/**
 * Decides which tasks may start now. Feed it completions with {@link Scheduler.finish} and call
 * {@link Scheduler.dispatch} after every change.
 *
 * Policy: a task is ready when all its dependencies succeeded. Each instance runs one task at a
 * time; a task takes its planned instance if free, else a free same-role instance, else (dynamic
 * mode, not strict) any free instance (`borrowed`). Critical tasks run alone. `dynamic` mode is
 * non-delay list scheduling by priority (default b-level, or the priorities of a plan-time
 * `searchPolicy()`; ties: critical first, lower wave, input order); `waves` mode adds a barrier:
 * wave w starts only when no task of a lower wave can still run.
 *
 * Write sets: a ready task whose `touches` overlap those of a running task (`writeSetsOverlap()`)
 * is not started; it stays ready, and lower-priority ready tasks that do not conflict may start
 * instead, so an instance never idles while a non-conflicting ready task exists.
 *
 * Critical tasks in `dynamic` mode: when the best ready task is critical, new starts are held until
 * the running tasks drain, then it runs alone. While it waits, ready non-critical tasks whose
 * estimate ends no later than the last running task's estimated end are backfilled (best priority
 * first), so instances do not idle during the drain without delaying the critical task (by
 * estimate). Time here is a virtual clock over estimates: it advances to `start + estimate` of each
 * finished task, so the decisions depend only on the order of calls, never on wall time — the
 * executor and `simulate()` take the same decisions for the same completion order.
 *
 * @example
 * ```ts
 * const s = new Scheduler(tasks, { instances: [{ id: 'I1' }, { id: 'I2' }] });
 * for (const d of s.dispatch()) start(d.taskId, d.instance);
 * // later: s.finish(id, 'succeeded'); s.dispatch() ...
 * ```
 */
export class Scheduler {
  readonly #mode: ScheduleMode;
  readonly #strict: boolean;
  readonly #overrides: ReadonlyMap<string, number>;
  readonly #pool: InstancePool;
  #tasks: ScheduleTask[] = [];
  readonly #index = new Map<string, number>();
  #deps: number[][] = [];
  #dependents: number[][] = [];
  #status: ScheduleStatus[] = [];
  #waiting: number[] = [];
  #deadDeps: number[] = [];
  #priority: number[] = [];
  #placement: Placement[] = [];
  #classOf: number[] = [];
  #queued: boolean[] = [];
  #instanceOf: number[] = [];
  readonly #taskOn: number[];
  #classes: PlacementClass[] = [];
  #critical: BinaryHeap<number>;
  #exclusive = false;
  #draining = false;
  readonly #counts: Record<ScheduleStatus, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0 };
  #waveValues: number[] = [];
  #waveSlot: number[] = [];
  #liveInSlot: number[] = [];
  #cursor = 0;
  #live = 0;
  /** Virtual clock over estimates (see the class comment). */
  #now = 0;
  #startedAt: number[] = [];
  /** Tasks whose write set overlaps task i's. */
  #conflicts: number[][] = [];
  /** Number of running tasks whose write set overlaps task i's. */
  #blockers: number[] = [];

  /**
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` (bad shapes, unknown planned instance, a task no
   * instance may run, unknown ids in `priority`/`completed`, in waves mode a dependency in a later
   * wave), `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY`, or `CYCLE` (`details.cycle`).
   */
  constructor(tasks: readonly ScheduleTask[], options: SchedulerOptions) {
    validateScheduleTasks(tasks);
    validateSchedulerOptions(options);
    this.#mode = options.mode ?? 'dynamic';
    this.#strict = options.strictInstances ?? false;
    this.#overrides = new Map(options.priority ?? []);
    this.#pool = new InstancePool(options.instances);
    this.#taskOn = new Array<number>(options.instances.length).fill(-1);
    this.#critical = new BinaryHeap<number>(this.#compare);
    const graph = indexGraph(tasks);
    this.#checkPlacements(tasks, 0);
    this.#checkWaveOrder(tasks, graph.deps);
    for (const id of this.#overrides.keys()) {
      if (!graph.indexOf.has(id)) throw argumentError(`options.priority: unknown task ${JSON.stringify(id)}`, { field: 'options.priority', taskId: id });
    }
    const completed = new Set<number>();
    for (const id of options.completed ?? []) {
      const i = graph.indexOf.get(id);
      if (i === undefined) throw argumentError(`options.completed: unknown task ${JSON.stringify(id)}`, { field: 'options.completed', taskId: id });
      completed.add(i);
    }
    this.#status = tasks.map((_, i) => (completed.has(i) ? 'succeeded' : 'pending'));
    this.#instanceOf = tasks.map(() => -1);
    this.#startedAt = tasks.map(() => 0);
    this.#adopt(tasks, graph);
  }

  /** The execution mode. */
  get mode(): ScheduleMode {
    return this.#mode;
  }

  /** Tasks running now, in instance pool order. */
  get running(): readonly RunningTask[] {
    const out: RunningTask[] = [];
    this.#taskOn.forEach((task, instance) => {
      if (task >= 0) out.push({ taskId: (this.#tasks[task] as ScheduleTask).id, instance: this.#pool.ids[instance] as string });
    });
    return out;
  }

  /** True while {@link Scheduler.drain} holds new starts. */
  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Everything that may start now, marked running. Deterministic: same inputs and same call
   * sequence give the same answer. Returns `[]` while draining or while a critical task runs.
   */
  dispatch(): Dispatch[] {
    const out: Dispatch[] = [];
    if (this.#draining || this.#exclusive) return out;
    const wave = this.#mode === 'waves' ? this.currentWave() : Number.POSITIVE_INFINITY;
    // Ready tasks blocked by a running task's write set, set aside for this call only.
    const held: number[] = [];
    while (this.#pool.freeCount > 0) {
      let best = this.#head(this.#critical, wave);
      let bestClass = -1;
      this.#classes.forEach((group, k) => {
        const head = this.#head(group.heap, wave);
        if (head < 0 || (best >= 0 && this.#compare(head, best) >= 0)) return;
        if (this.#pool.choose(group.placement) === undefined) return;
        best = head;
        bestClass = k;
      });
      if (best < 0) break;
      const task = this.#tasks[best] as ScheduleTask;
      if (task.critical) {
        // Readers-writer exclusion: the critical task waits for the running ones to drain.
        if (this.#pool.busyCount > 0) {
          if (this.#mode === 'dynamic') this.#backfill(out);
          break;
        }
        this.#critical.pop();
        this.#start(best, out);
        this.#exclusive = true;
        break;
      }
      (this.#classes[bestClass] as PlacementClass).heap.pop();
      if ((this.#blockers[best] as number) > 0) {
        held.push(best);
        continue;
      }
      this.#start(best, out);
    }
    for (const i of held) (this.#classes[this.#classOf[i] as number] as PlacementClass).heap.push(i);
    return out;
  }

  /**
   * Reports that a running task ended. On `failed` its descendants are not skipped (use
   * {@link Scheduler.skipDescendants}) but can never become ready.
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the task is unknown or not running.
   */
  finish(taskId: string, outcome: ScheduleOutcome): void {
    const i = this.#lookup(taskId);
    if (outcome !== 'succeeded' && outcome !== 'failed') {
      throw argumentError(`outcome: expected 'succeeded' or 'failed', got ${String(outcome)}`, { field: 'outcome', taskId });
    }
    if (this.#status[i] !== 'running') {
      throw argumentError(`task ${JSON.stringify(taskId)} is not running (${String(this.#status[i])})`, { taskId, status: this.#status[i] });
    }
    const instance = this.#instanceOf[i] as number;
    this.#now = Math.max(this.#now, (this.#startedAt[i] as number) + (this.#tasks[i] as ScheduleTask).estimate);
    this.#pool.release(instance);
    this.#taskOn[instance] = -1;
    this.#block(i, -1);
    if ((this.#tasks[i] as ScheduleTask).critical) this.#exclusive = false;
    this.#setStatus(i, outcome);
    if (outcome === 'succeeded') {
      for (const d of this.#dependents[i] as number[]) {
        this.#waiting[d] = (this.#waiting[d] as number) - 1;
        this.#enqueueIfReady(d);
      }
    }
  }

  /**
   * Marks a pending task and its pending descendants skipped.
   * @returns the ids skipped, in input order.
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the task is unknown or not pending.
   */
  skip(taskId: string): string[] {
    const i = this.#lookup(taskId);
    if (this.#status[i] !== 'pending') {
      throw argumentError(`task ${JSON.stringify(taskId)} is not pending (${String(this.#status[i])})`, { taskId, status: this.#status[i] });
    }
    return this.#skipAll([i, ...this.#pendingDescendants(i)]);
  }

  /**
   * Marks every pending descendant of a task (any status) skipped, e.g. after it failed.
   * @returns the ids skipped, in input order.
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the task is unknown.
   */
  skipDescendants(taskId: string): string[] {
    return this.#skipAll(this.#pendingDescendants(this.#lookup(taskId)));
  }

  /**
   * Adaptive re-planning: adds new pending tasks (their dependencies may be any existing tasks)
   * and makes pending tasks also wait for other tasks. Atomic: on error nothing changes.
   * Priorities are recomputed.
   * @throws {@link WavefrontError} `INVALID_ARGUMENT`, `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY` or `CYCLE`.
   */
  insert(tasks: readonly ScheduleTask[], rewire: readonly Rewire[] = []): void {
    validateScheduleTasks(tasks);
    if (!Array.isArray(rewire)) throw argumentError('rewire: expected an array', { field: 'rewire' });
    const extra = new Map<string, string[]>();
    rewire.forEach((entry: unknown, k) => {
      const record = entry as Partial<Rewire> | null;
      const field = `rewire[${k}]`;
      if (typeof record !== 'object' || record === null || typeof record.taskId !== 'string') {
        throw argumentError(`${field}: expected { taskId, addDependsOn }`, { field });
      }
      if (!Array.isArray(record.addDependsOn) || !record.addDependsOn.every((id) => typeof id === 'string')) {
        throw argumentError(`${field}.addDependsOn: expected an array of task ids`, { field: `${field}.addDependsOn`, taskId: record.taskId });
      }
      const target = this.#index.get(record.taskId);
      if (target === undefined || this.#status[target] !== 'pending') {
        throw argumentError(`${field}: task ${JSON.stringify(record.taskId)} is not an existing pending task`, { field, taskId: record.taskId });
      }
      extra.set(record.taskId, [...(extra.get(record.taskId) ?? []), ...record.addDependsOn]);
    });
    const combined: ScheduleTask[] = [
      ...this.#tasks.map((task) => {
        const more = extra.get(task.id);
        return more === undefined ? task : { ...task, dependsOn: [...task.dependsOn, ...more] };
      }),
      ...tasks,
    ];
    const graph = indexGraph(combined);
    this.#checkPlacements(tasks, this.#tasks.length);
    this.#checkWaveOrder(combined, graph.deps);
    this.#status = [...this.#status, ...tasks.map((): ScheduleStatus => 'pending')];
    this.#instanceOf = [...this.#instanceOf, ...tasks.map(() => -1)];
    this.#startedAt = [...this.#startedAt, ...tasks.map(() => 0)];
    this.#adopt(combined, graph);
  }

  /**
   * Puts a failed task back to pending so it can run again (after a fix).
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the task is unknown or not failed.
   */
  retry(taskId: string): void {
    const i = this.#lookup(taskId);
    if (this.#status[i] !== 'failed') {
      throw argumentError(`task ${JSON.stringify(taskId)} has not failed (${String(this.#status[i])})`, { taskId, status: this.#status[i] });
    }
    this.#setStatus(i, 'pending');
    this.#enqueueIfReady(i);
  }

  /** Stops (`true`, default) or resumes (`false`) starting new tasks; running ones continue. */
  drain(on = true): void {
    if (typeof on !== 'boolean') throw argumentError('drain: expected a boolean', { field: 'on' });
    this.#draining = on;
  }

  /**
   * The status of a task.
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the task is unknown.
   */
  status(taskId: string): ScheduleStatus {
    return this.#status[this.#lookup(taskId)] as ScheduleStatus;
  }

  /**
   * The dispatch priority of a task (override, else b-level).
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the task is unknown.
   */
  priorityOf(taskId: string): number {
    return this.#priority[this.#lookup(taskId)] as number;
  }

  /**
   * True when nothing runs and nothing can ever start (every pending task has a failed or skipped
   * ancestor). Ignores {@link Scheduler.drain}.
   */
  isFinished(): boolean {
    return this.#live === 0;
  }

  /** Number of tasks in each status. */
  counts(): Record<ScheduleStatus, number> {
    return { ...this.#counts };
  }

  /**
   * The lowest wave index with an unfinished task (running, or pending without a failed or skipped
   * ancestor), or -1 when there is none.
   */
  currentWave(): number {
    while (this.#cursor < this.#liveInSlot.length && this.#liveInSlot[this.#cursor] === 0) this.#cursor++;
    return this.#cursor < this.#waveValues.length ? (this.#waveValues[this.#cursor] as number) : -1;
  }

  // ---- internals -------------------------------------------------------------------------------

  /** Dynamic: priority, critical first, wave, input order. Waves: wave first. */
  readonly #compare = (a: number, b: number): number => {
    const ta = this.#tasks[a] as ScheduleTask;
    const tb = this.#tasks[b] as ScheduleTask;
    if (this.#mode === 'waves' && ta.wave !== tb.wave) return ta.wave - tb.wave;
    const pa = this.#priority[a] as number;
    const pb = this.#priority[b] as number;
    if (pa !== pb) return pa > pb ? -1 : 1;
    if (ta.critical !== tb.critical) return ta.critical ? -1 : 1;
    if (ta.wave !== tb.wave) return ta.wave - tb.wave;
    return a - b;
  };

  #lookup(taskId: string): number {
    validateTaskIdArgument(taskId);
    const i = this.#index.get(taskId);
    if (i === undefined) throw argumentError(`unknown task ${JSON.stringify(taskId)}`, { taskId });
    return i;
  }

  #checkPlacements(tasks: readonly ScheduleTask[], offset: number): void {
    tasks.forEach((task, k) => {
      const planned = task.instance === undefined ? -1 : this.#pool.indexOf(task.instance);
      if (planned === undefined) {
        throw argumentError(`task ${JSON.stringify(task.id)}: instance ${JSON.stringify(task.instance)} is not in the pool`, {
          field: `tasks[${offset + k}].instance`,
          taskId: task.id,
          instance: task.instance,
        });
      }
      if (!this.#pool.canHost(this.#pool.placement(planned, task.role, this.#mode, this.#strict))) {
        throw argumentError(`task ${JSON.stringify(task.id)}: no instance of role ${JSON.stringify(task.role)} in the pool may run it`, {
          field: `tasks[${offset + k}].role`,
          taskId: task.id,
          role: task.role,
        });
      }
    });
  }

  #checkWaveOrder(tasks: readonly ScheduleTask[], deps: readonly (readonly number[])[]): void {
    if (this.#mode !== 'waves') return;
    tasks.forEach((task, i) => {
      for (const j of deps[i] as number[]) {
        const dependency = tasks[j] as ScheduleTask;
        if (dependency.wave > task.wave) {
          throw argumentError(
            `task ${JSON.stringify(task.id)} (wave ${task.wave}) depends on ${JSON.stringify(dependency.id)} of a later wave (${dependency.wave})`,
            { taskId: task.id, dependency: dependency.id },
          );
        }
      }
    });
  }

  /** (Re)builds every derived structure from the statuses; O(V + E). */
  #adopt(tasks: readonly ScheduleTask[], graph: ReturnType<typeof indexGraph>): void {
    this.#tasks = [...tasks];
    this.#index.clear();
    for (const [id, i] of graph.indexOf) this.#index.set(id, i);
    this.#deps = graph.deps.map((list) => [...list]);
    this.#dependents = graph.dependents.map((list) => [...list]);
    const n = tasks.length;
    this.#waiting = this.#deps.map((list) => list.filter((j) => this.#status[j] !== 'succeeded').length);
    this.#deadDeps = new Array<number>(n).fill(0);
    for (const i of graph.order) {
      this.#deadDeps[i] = (this.#deps[i] as number[]).filter((j) => this.#isDead(j)).length;
    }
    for (const status of STATUSES) this.#counts[status] = 0;
    for (const status of this.#status) this.#counts[status]++;

    const levels = bLevelsByIndex(graph.order, tasks.map((task) => task.estimate), graph.dependents);
    this.#priority = tasks.map((task, i) => this.#overrides.get(task.id) ?? (levels[i] as number));

    this.#waveValues = [...new Set(tasks.map((task) => task.wave))].sort((a, b) => a - b);
    const slotOf = new Map(this.#waveValues.map((wave, slot) => [wave, slot]));
    this.#waveSlot = tasks.map((task) => slotOf.get(task.wave) as number);
    this.#liveInSlot = new Array<number>(this.#waveValues.length).fill(0);
    this.#live = 0;
    this.#cursor = 0;
    for (let i = 0; i < n; i++) if (this.#isLive(i)) this.#addLive(i, 1);

    this.#classes = [];
    const classKey = new Map<string, number>();
    this.#placement = tasks.map((task) => {
      const planned = task.instance === undefined ? -1 : (this.#pool.indexOf(task.instance) as number);
      return this.#pool.placement(planned, task.role, this.#mode, this.#strict);
    });
    this.#classOf = tasks.map((task, i) => {
      if (task.critical) return -1;
      const placement = this.#placement[i] as Placement;
      const key = JSON.stringify([placement.planned, placement.role ?? null, placement.useRole, placement.any, placement.anyBorrowed]);
      let k = classKey.get(key);
      if (k === undefined) {
        k = this.#classes.length;
        classKey.set(key, k);
        this.#classes.push({ placement, heap: new BinaryHeap<number>(this.#compare) });
      }
      return k;
    });
    this.#conflicts = tasks.map((): number[] => []);
    for (const { a, b } of writeSetCandidates(tasks.map((task) => task.touches))) {
      (this.#conflicts[a] as number[]).push(b);
      (this.#conflicts[b] as number[]).push(a);
    }
    this.#blockers = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) if (this.#status[i] === 'running') this.#block(i, 1);
    this.#critical = new BinaryHeap<number>(this.#compare);
    this.#queued = new Array<boolean>(n).fill(false);
    for (let i = 0; i < n; i++) this.#enqueueIfReady(i);
  }

  #isDead(i: number): boolean {
    const status = this.#status[i];
    return status === 'failed' || status === 'skipped' || (status === 'pending' && (this.#deadDeps[i] as number) > 0);
  }

  #isLive(i: number): boolean {
    const status = this.#status[i];
    return status === 'running' || (status === 'pending' && this.#deadDeps[i] === 0);
  }

  #addLive(i: number, delta: number): void {
    const slot = this.#waveSlot[i] as number;
    this.#liveInSlot[slot] = (this.#liveInSlot[slot] as number) + delta;
    this.#live += delta;
    if (delta > 0 && slot < this.#cursor) this.#cursor = slot;
  }

  /** Changes one status and propagates liveness ("can still run") to descendants. */
  #setStatus(i: number, status: ScheduleStatus): void {
    const wasDead = this.#isDead(i);
    const wasLive = this.#isLive(i);
    this.#counts[this.#status[i] as ScheduleStatus]--;
    this.#status[i] = status;
    this.#counts[status]++;
    if (this.#isLive(i) !== wasLive) this.#addLive(i, wasLive ? -1 : 1);
    if (this.#isDead(i) === wasDead) return;
    const stack: [number, number][] = [[i, wasDead ? -1 : 1]];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const [j, delta] = item;
      for (const d of this.#dependents[j] as number[]) {
        const dWasDead = this.#isDead(d);
        const dWasLive = this.#isLive(d);
        this.#deadDeps[d] = (this.#deadDeps[d] as number) + delta;
        if (this.#isLive(d) !== dWasLive) this.#addLive(d, dWasLive ? -1 : 1);
        if (this.#isDead(d) !== dWasDead) stack.push([d, dWasDead ? -1 : 1]);
      }
    }
  }

  #enqueueIfReady(i: number): void {
    if (this.#queued[i] || this.#status[i] !== 'pending' || this.#waiting[i] !== 0) return;
    this.#queued[i] = true;
    const k = this.#classOf[i] as number;
    (k < 0 ? this.#critical : (this.#classes[k] as PlacementClass).heap).push(i);
  }

  /** The best still-ready task of a heap within the allowed wave, or -1; drops stale entries. */
  #head(heap: BinaryHeap<number>, wave: number): number {
    for (let top = heap.peek(); top !== undefined; top = heap.peek()) {
      if (this.#status[top] === 'pending' && this.#waiting[top] === 0) {
        return (this.#tasks[top] as ScheduleTask).wave <= wave ? top : -1;
      }
      heap.pop();
      this.#queued[top] = false;
    }
    return -1;
  }

  /**
   * While a critical task waits for the pool to drain: starts ready non-critical tasks that end (by
   * estimate) no later than the last running task, best priority first. Mirrors `kernel.ts`.
   */
  #backfill(out: Dispatch[]): void {
    const now = this.#now;
    let drainAt = now;
    this.#taskOn.forEach((task) => {
      if (task >= 0) drainAt = Math.max(drainAt, (this.#startedAt[task] as number) + (this.#tasks[task] as ScheduleTask).estimate);
    });
    const seen = new Set<number>();
    const fits: number[] = [];
    for (const group of this.#classes) {
      for (const i of group.heap.items()) {
        if (seen.has(i) || this.#status[i] !== 'pending' || this.#waiting[i] !== 0) continue;
        seen.add(i);
        if (now + (this.#tasks[i] as ScheduleTask).estimate <= drainAt) fits.push(i);
      }
    }
    fits.sort(this.#compare);
    for (const i of fits) {
      if (this.#pool.freeCount === 0) return;
      if (this.#blockers[i] === 0 && this.#pool.choose(this.#placement[i] as Placement) !== undefined) this.#start(i, out);
    }
  }

  #start(i: number, out: Dispatch[]): void {
    this.#queued[i] = false;
    this.#startedAt[i] = this.#now;
    const task = this.#tasks[i] as ScheduleTask;
    const choice = this.#pool.choose(this.#placement[i] as Placement);
    if (choice === undefined) throw new Error('unreachable: dispatch picked a task without a free instance');
    this.#pool.occupy(choice.index);
    this.#taskOn[choice.index] = i;
    this.#instanceOf[i] = choice.index;
    this.#setStatus(i, 'running');
    this.#block(i, 1);
    out.push({ taskId: task.id, instance: this.#pool.ids[choice.index] as string, borrowed: choice.borrowed });
  }

  /** Task i started (+1) or ended (-1): adjusts the blocker count of the tasks it conflicts with. */
  #block(i: number, delta: number): void {
    for (const j of this.#conflicts[i] as number[]) this.#blockers[j] = (this.#blockers[j] as number) + delta;
  }

  /** Pending descendants reachable through pending tasks, excluding `root`. */
  #pendingDescendants(root: number): number[] {
    const seen = new Set<number>([root]);
    const stack = [root];
    const out: number[] = [];
    for (let j = stack.pop(); j !== undefined; j = stack.pop()) {
      for (const d of this.#dependents[j] as number[]) {
        if (seen.has(d) || this.#status[d] !== 'pending') continue;
        seen.add(d);
        out.push(d);
        stack.push(d);
      }
    }
    return out;
  }

  #skipAll(indices: number[]): string[] {
    indices.sort((a, b) => a - b);
    for (const i of indices) this.#setStatus(i, 'skipped');
    return indices.map((i) => (this.#tasks[i] as ScheduleTask).id);
  }
}
