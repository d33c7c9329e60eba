/**
 * Longest weighted path through a task graph.
 * @module
 */
import type { TaskGraph } from './task-graph.js';

/** The longest dependency chain by weight. */
export interface CriticalPath {
  /** Sum of the weights on the path. */
  readonly length: number;
  /** Task ids on the path, first to last. */
  readonly taskIds: readonly string[];
}

/**
 * Computes the critical path in O(tasks + dependencies).
 * @param weight - duration of a task by index (e.g. its estimate).
 */
export function criticalPath(graph: TaskGraph, weight: (index: number) => number): CriticalPath {
  const n = graph.size;
  if (n === 0) return { length: 0, taskIds: [] };
  const finish = new Float64Array(n);
  const via = new Int32Array(n).fill(-1);
  const preds = graph.predecessorIndices;
  let best = -1;
  for (const i of graph.topologicalIndices) {
    let start = 0;
    for (const p of preds[i] ?? []) {
      const f = finish[p] ?? 0;
      if (f > start || (f === start && via[i] === -1)) {
        start = f;
        via[i] = p;
      }
    }
    finish[i] = start + weight(i);
    if (best === -1 || (finish[i] ?? 0) > (finish[best] ?? 0)) best = i;
  }
  const path: string[] = [];
  for (let i = best; i !== -1; i = via[i] ?? -1) path.push((graph.tasks[i] as { id: string }).id);
  return { length: finish[best] ?? 0, taskIds: path.reverse() };
}

/** Bottom levels: for each task index, the longest path from it to any exit, including its own weight. */
export function bottomLevels(graph: TaskGraph, weight: (index: number) => number): Float64Array {
  const levels = new Float64Array(graph.size);
  const order = graph.topologicalIndices;
  const succs = graph.successorIndices;
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    let tail = 0;
    for (const s of succs[i] ?? []) tail = Math.max(tail, levels[s] ?? 0);
    levels[i] = tail + weight(i);
  }
  return levels;
}
