/**
 * Reference policies for the schedule benchmark, written independently of the scheduler core:
 * plain FIFO dispatch and plain critical-path list scheduling (HLFET), both with exclusive
 * critical tasks (a critical task at the head of the queue holds every start until the pool has
 * drained, then runs alone; no backfilling). Plus the lower bound and a feasibility checker.
 * @module
 */
import type { TaskSpec } from '../../src/model/task.js';

/** A task as the baselines see it. */
export interface BenchTask {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly estimate: number;
  readonly critical: boolean;
}

/** One started task. */
export interface Slot {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

/** TaskSpec -> BenchTask (estimates default to 10 like `simulate()`). */
export function benchTasks(specs: readonly TaskSpec[]): BenchTask[] {
  return specs.map((spec) => ({ id: spec.id, dependsOn: spec.dependsOn ?? [], estimate: spec.estimateMinutes ?? 10, critical: spec.critical === true }));
}

/** b-level by id. */
export function bottomLevel(tasks: readonly BenchTask[]): Map<string, number> {
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of t.dependsOn) dependents.get(d)?.push(t.id);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const memo = new Map<string, number>();
  const visit = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let longest = 0;
    for (const d of dependents.get(id) ?? []) longest = Math.max(longest, visit(d));
    const value = (byId.get(id)?.estimate ?? 0) + longest;
    memo.set(id, value);
    return value;
  };
  for (const t of tasks) visit(t.id);
  return memo;
}

/** max(critical path, sum of critical estimates + rest / m). */
export function lowerBound(tasks: readonly BenchTask[], m: number): number {
  const cp = Math.max(0, ...bottomLevel(tasks).values());
  let critical = 0;
  let rest = 0;
  for (const t of tasks) {
    if (t.critical) critical += t.estimate;
    else rest += t.estimate;
  }
  return Math.max(cp, critical + rest / m);
}

/**
 * Event-driven list scheduling with a queue discipline: `pick` orders the ready queue. Exclusive
 * critical tasks as described in the module comment.
 */
function listSchedule(tasks: readonly BenchTask[], m: number, order: (queue: string[]) => void): Slot[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const waiting = new Map(tasks.map((t) => [t.id, new Set(t.dependsOn).size]));
  const dependents = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const t of tasks) for (const d of new Set(t.dependsOn)) dependents.get(d)?.push(t.id);
  const queue = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  const running: Slot[] = [];
  const slots: Slot[] = [];
  let now = 0;
  let exclusive = false;
  for (;;) {
    order(queue);
    while (!exclusive && running.length < m && queue.length > 0) {
      const head = byId.get(queue[0] as string) as BenchTask;
      if (head.critical && running.length > 0) break;
      queue.shift();
      const slot = { id: head.id, start: now, end: now + head.estimate };
      running.push(slot);
      slots.push(slot);
      if (head.critical) exclusive = true;
    }
    if (running.length === 0) break;
    now = Math.min(...running.map((s) => s.end));
    const done = running.filter((s) => s.end === now);
    for (const slot of done) {
      running.splice(running.indexOf(slot), 1);
      if (byId.get(slot.id)?.critical === true) exclusive = false;
      for (const d of dependents.get(slot.id) ?? []) {
        const left = (waiting.get(d) as number) - 1;
        waiting.set(d, left);
        if (left === 0) queue.push(d);
      }
    }
  }
  return slots;
}

/** Plain FIFO: tasks start in the order they became ready (ties: completion order, then input order). */
export function fifoSchedule(tasks: readonly BenchTask[], m: number): Slot[] {
  return listSchedule(tasks, m, () => undefined);
}

/** Plain HLFET: highest b-level first (ties: input order). */
export function hlfetSchedule(tasks: readonly BenchTask[], m: number): Slot[] {
  const level = bottomLevel(tasks);
  const position = new Map(tasks.map((t, i) => [t.id, i]));
  return listSchedule(tasks, m, (queue) =>
    queue.sort((a, b) => (level.get(b) as number) - (level.get(a) as number) || (position.get(a) as number) - (position.get(b) as number)),
  );
}

/** Makespan of slots. */
export function makespanOf(slots: readonly Slot[]): number {
  return slots.reduce((latest, slot) => Math.max(latest, slot.end), 0);
}

/**
 * Problems of a schedule (empty when feasible): every task once with its estimate, dependencies
 * respected, at most m at a time, nothing beside a critical task.
 */
export function scheduleProblems(tasks: readonly BenchTask[], m: number, slots: readonly Slot[]): string[] {
  const problems: string[] = [];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const slot = new Map(slots.map((s) => [s.id, s]));
  if (slots.length !== tasks.length || slot.size !== tasks.length) problems.push(`${slots.length} slots for ${tasks.length} tasks`);
  for (const t of tasks) {
    const s = slot.get(t.id);
    if (s === undefined) continue;
    if (s.end - s.start !== t.estimate) problems.push(`${t.id}: duration ${s.end - s.start} != ${t.estimate}`);
    for (const d of t.dependsOn) {
      const before = slot.get(d);
      if (before !== undefined && s.start < before.end) problems.push(`${t.id} starts before ${d} ends`);
    }
  }
  const events = [...new Set(slots.map((s) => s.start))];
  for (const at of events) {
    const live = slots.filter((s) => s.start <= at && at < s.end);
    if (live.length > m) problems.push(`${live.length} tasks at t=${at}`);
    const critical = live.filter((s) => byId.get(s.id)?.critical === true);
    if (critical.length > 0 && live.length > 1) problems.push(`critical ${critical[0]?.id} beside another task at t=${at}`);
  }
  return problems;
}
