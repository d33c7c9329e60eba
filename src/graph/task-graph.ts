/**
 * TaskGraph: a validated, acyclic task graph in compact index form, with a graphology view.
 * @module
 */
import { DirectedGraph } from 'graphology';
import type { TaskSpec } from '../model/task.js';
import { WavefrontError } from '../model/errors.js';

/** Node attributes of the graphology view: the task spec. */
export interface TaskNodeAttributes {
  /** The task. */
  readonly task: TaskSpec;
}

/**
 * A validated DAG of tasks. Built by `buildDag`; never cyclic.
 *
 * Planning works on compact index arrays (linear time and memory even at 100k tasks); the
 * graphology `DirectedGraph` view in {@link TaskGraph.graph} is built on first access, because
 * graphology's edge storage costs seconds at that size.
 */
export class TaskGraph {
  /** Tasks in input order. */
  readonly tasks: readonly TaskSpec[];
  /** Index of each id in {@link TaskGraph.tasks}. */
  readonly #index: ReadonlyMap<string, number>;
  /** Dependencies (predecessor indices) per task. */
  readonly #preds: readonly (readonly number[])[];
  /** Dependents (successor indices) per task. */
  readonly #succs: readonly number[][];
  /** A topological order (indices), stable: ties keep input order. */
  readonly #order: readonly number[];
  #graph: DirectedGraph<TaskNodeAttributes> | undefined;

  /** @internal Use `buildDag`. */
  constructor(tasks: readonly TaskSpec[], index: ReadonlyMap<string, number>, preds: readonly (readonly number[])[], order: readonly number[]) {
    this.tasks = tasks;
    this.#index = index;
    this.#preds = preds;
    this.#order = order;
    const succs: number[][] = tasks.map(() => []);
    preds.forEach((list, to) => {
      for (const from of list) succs[from]?.push(to);
    });
    this.#succs = succs;
  }

  /** Number of tasks. */
  get size(): number {
    return this.tasks.length;
  }

  /** True when the graph has a task with this id. */
  has(id: string): boolean {
    return this.#index.has(id);
  }

  /** The task with this id. @throws {@link WavefrontError} `INVALID_ARGUMENT` for an unknown id. */
  get(id: string): TaskSpec {
    return this.tasks[this.indexOf(id)] as TaskSpec;
  }

  /** Index of an id in {@link TaskGraph.tasks}. @throws {@link WavefrontError} `INVALID_ARGUMENT`. */
  indexOf(id: string): number {
    const index = this.#index.get(id);
    if (index === undefined) throw new WavefrontError('INVALID_ARGUMENT', `unknown task id ${JSON.stringify(id)}`, { details: { taskId: id } });
    return index;
  }

  /** Direct dependencies of a task (deduplicated, input order). */
  dependencies(id: string): string[] {
    return (this.#preds[this.indexOf(id)] ?? []).map((i) => (this.tasks[i] as TaskSpec).id);
  }

  /** Direct dependents of a task. */
  dependents(id: string): string[] {
    return (this.#succs[this.indexOf(id)] ?? []).map((i) => (this.tasks[i] as TaskSpec).id);
  }

  /** Predecessor indices per task index (read-only; for linear-time algorithms). */
  get predecessorIndices(): readonly (readonly number[])[] {
    return this.#preds;
  }

  /** Successor indices per task index (read-only). */
  get successorIndices(): readonly (readonly number[])[] {
    return this.#succs;
  }

  /** Task ids in a topological order; ties keep input order. */
  topologicalOrder(): string[] {
    return this.#order.map((i) => (this.tasks[i] as TaskSpec).id);
  }

  /** Topological order as indices. */
  get topologicalIndices(): readonly number[] {
    return this.#order;
  }

  /** Kahn generations (longest-path depth levels), each in input order. */
  generations(): string[][] {
    const depth = new Int32Array(this.size);
    let max = -1;
    for (const i of this.#order) {
      let d = 0;
      for (const p of this.#preds[i] ?? []) d = Math.max(d, (depth[p] ?? 0) + 1);
      depth[i] = d;
      if (d > max) max = d;
    }
    const levels: string[][] = Array.from({ length: max + 1 }, () => []);
    this.tasks.forEach((task, i) => levels[depth[i] ?? 0]?.push(task.id));
    return levels;
  }

  /** The graphology view (built lazily, then cached). Nodes are task ids; edges go dependency → dependent. */
  get graph(): DirectedGraph<TaskNodeAttributes> {
    if (this.#graph === undefined) {
      const graph = new DirectedGraph<TaskNodeAttributes>({ allowSelfLoops: false });
      for (const task of this.tasks) graph.addNode(task.id, { task });
      this.#preds.forEach((list, to) => {
        const target = (this.tasks[to] as TaskSpec).id;
        for (const from of list) graph.addDirectedEdge((this.tasks[from] as TaskSpec).id, target);
      });
      this.#graph = graph;
    }
    return this.#graph;
  }
}
