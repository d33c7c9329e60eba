/**
 * Graph validation for the scheduler: unique ids, known dependencies, acyclicity (Kahn, linear).
 * @module
 */
import { WavefrontError } from '../model/errors.js';

/** A node as the validator needs it. */
export interface GraphNode {
  /** Unique id. */
  readonly id: string;
  /** Ids of its dependencies. */
  readonly dependsOn: readonly string[];
}

/** Tasks indexed by position: dependency lists as indices, deduplicated, in input order. */
export interface IndexedGraph {
  /** Position of each id. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** `deps[i]`: positions of the dependencies of task `i`. */
  readonly deps: readonly (readonly number[])[];
  /** `dependents[i]`: positions of the tasks that depend on task `i`, ascending. */
  readonly dependents: readonly (readonly number[])[];
  /** A topological order (Kahn, ties by input position). */
  readonly order: readonly number[];
}

/**
 * Indexes and validates a task graph in O(V + E).
 * @throws {@link WavefrontError} `DUPLICATE_ID` (`details.taskId`), `UNKNOWN_DEPENDENCY`
 * (`details.taskId`, `details.dependency`) or `CYCLE` (`details.cycle`: the ids in order, each a
 * dependency of the next, first id repeated last).
 */
export function indexGraph(nodes: readonly GraphNode[]): IndexedGraph {
  const indexOf = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (indexOf.has(node.id)) {
      throw new WavefrontError('DUPLICATE_ID', `duplicate task id ${JSON.stringify(node.id)}`, { details: { taskId: node.id } });
    }
    indexOf.set(node.id, i);
  });
  const deps: number[][] = [];
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((node, i) => {
    const list: number[] = [];
    const seen = new Set<number>();
    for (const dependency of node.dependsOn) {
      const j = indexOf.get(dependency);
      if (j === undefined) {
        throw new WavefrontError(
          'UNKNOWN_DEPENDENCY',
          `task ${JSON.stringify(node.id)} depends on unknown task ${JSON.stringify(dependency)}`,
          { details: { taskId: node.id, dependency } },
        );
      }
      if (seen.has(j)) continue;
      seen.add(j);
      list.push(j);
      (dependents[j] as number[]).push(i);
    }
    deps.push(list);
  });
  const order = kahn(nodes, deps, dependents);
  return { indexOf, deps, dependents, order };
}

function kahn(nodes: readonly GraphNode[], deps: readonly (readonly number[])[], dependents: readonly (readonly number[])[]): number[] {
  const n = nodes.length;
  const indegree = deps.map((list) => list.length);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  // `order` doubles as the FIFO queue.
  for (let head = 0; head < order.length; head++) {
    for (const d of dependents[order[head] as number] as number[]) {
      const left = (indegree[d] as number) - 1;
      indegree[d] = left;
      if (left === 0) order.push(d);
    }
  }
  if (order.length === n) return order;
  const cycle = findCycle(nodes, deps, indegree);
  throw new WavefrontError('CYCLE', `dependency cycle: ${cycle.join(' -> ')}`, { details: { cycle } });
}

/** Every node Kahn left behind has a dependency that was also left behind; follow them until one repeats. */
function findCycle(nodes: readonly GraphNode[], deps: readonly (readonly number[])[], indegree: readonly number[]): string[] {
  const remaining = (i: number): boolean => (indegree[i] as number) > 0;
  let current = indegree.findIndex((value) => value > 0);
  const position = new Map<number, number>();
  const path: number[] = [];
  while (!position.has(current)) {
    position.set(current, path.length);
    path.push(current);
    current = (deps[current] as number[]).find(remaining) as number;
  }
  // path[k] depends on path[k + 1]; reverse so that each id is a dependency of the next.
  const members = path.slice(position.get(current)).reverse();
  let start = 0;
  members.forEach((member, k) => {
    if (member < (members[start] as number)) start = k;
  });
  const rotated = [...members.slice(start), ...members.slice(0, start)];
  return [...rotated, rotated[0] as number].map((i) => (nodes[i] as GraphNode).id);
}
