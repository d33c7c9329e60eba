/**
 * buildDag: validate task specs into an acyclic {@link TaskGraph} in linear time.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import { parseTaskSpecs, type TaskSpec } from '../model/task.js';
import { TaskGraph } from './task-graph.js';

/**
 * Validates tasks (shape, unique ids, known dependencies, no cycles) and builds the graph.
 * Runs in O(tasks + dependencies).
 *
 * @throws {@link WavefrontError} `INVALID_TASK`, `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY`, or `CYCLE`
 * (with `details.cycle`: the ids of one real cycle in dependency order, the first id repeated last).
 * @example
 * ```ts
 * const graph = buildDag([{ id: 'a', title: 'A' }, { id: 'b', title: 'B', dependsOn: ['a'] }]);
 * graph.topologicalOrder(); // ['a', 'b']
 * ```
 */
export function buildDag(tasks: readonly TaskSpec[]): TaskGraph {
  return buildDagFromSpecs(parseTaskSpecs(tasks));
}

/**
 * @internal {@link buildDag} without the per-task shape validation (and its size limits), for
 * specs that were already validated or are built by the planner itself (the final commit depends
 * on every sink, which may be more than `LIMITS.maxDependencies`). Graph rules are still checked.
 */
export function buildDagFromSpecs(specs: readonly TaskSpec[]): TaskGraph {
  const index = new Map<string, number>();
  specs.forEach((task, i) => {
    if (index.has(task.id)) {
      throw new WavefrontError('DUPLICATE_ID', `duplicate task id ${JSON.stringify(task.id)}`, { details: { taskId: task.id } });
    }
    index.set(task.id, i);
  });
  // stamp[j] === i + 1 marks j as already a dependency of task i: dedup without a Set per task.
  const stamp = new Int32Array(specs.length);
  const preds: number[][] = specs.map((task, i) => {
    const list: number[] = [];
    for (const dep of task.dependsOn ?? []) {
      const from = index.get(dep);
      if (from === undefined) {
        throw new WavefrontError('UNKNOWN_DEPENDENCY', `task ${JSON.stringify(task.id)} depends on unknown task ${JSON.stringify(dep)}`, {
          details: { taskId: task.id, dependency: dep },
        });
      }
      if (stamp[from] === i + 1) continue;
      stamp[from] = i + 1;
      list.push(from);
    }
    return list;
  });
  const order = kahnOrder(preds);
  if (order.length < specs.length) {
    const cycle = findCycle(preds, order).map((i) => (specs[i] as TaskSpec).id);
    throw new WavefrontError('CYCLE', `dependency cycle: ${cycle.join(' -> ')}`, { details: { cycle } });
  }
  return new TaskGraph(specs, index, preds, order);
}

/** Kahn's algorithm; returns the sorted prefix (shorter than n when a cycle exists). Ties keep input order. */
function kahnOrder(preds: readonly (readonly number[])[]): number[] {
  const n = preds.length;
  const indegree = new Int32Array(n);
  const succs: number[][] = Array.from({ length: n }, () => []);
  preds.forEach((list, to) => {
    indegree[to] = list.length;
    for (const from of list) succs[from]?.push(to);
  });
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  for (let head = 0; head < order.length; head++) {
    for (const next of succs[order[head] as number] ?? []) {
      indegree[next] = (indegree[next] ?? 0) - 1;
      if (indegree[next] === 0) order.push(next);
    }
  }
  return order;
}

/**
 * Finds one cycle among the tasks Kahn could not sort. Every such task has an unsorted
 * dependency, so walking unsorted dependencies must revisit a node: that loop is a cycle.
 * Returned in dependency order (each id is a dependency of the next), first id repeated last.
 */
function findCycle(preds: readonly (readonly number[])[], sorted: readonly number[]): number[] {
  const done = new Uint8Array(preds.length);
  for (const i of sorted) done[i] = 1;
  let start = 0;
  while (done[start] === 1) start++;
  const position = new Map<number, number>();
  const walk: number[] = [];
  let current = start;
  while (!position.has(current)) {
    position.set(current, walk.length);
    walk.push(current);
    const next = (preds[current] ?? []).find((p) => done[p] !== 1);
    if (next === undefined) break; // unreachable for a true remainder; kept for safety
    current = next;
  }
  // walk follows "depends on" edges; reverse so the cycle reads dependency -> dependent.
  const loop = walk.slice(position.get(current) ?? 0).reverse();
  return [...loop, loop[0] as number];
}
