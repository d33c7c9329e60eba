import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/graph/build-dag.js';
import { bottomLevels, criticalPath } from '../src/graph/critical-path.js';
import type { TaskSpec } from '../src/model/task.js';

const t = (id: string, estimateMinutes: number, dependsOn: string[] = []): TaskSpec => ({ id, title: id, estimateMinutes, dependsOn });

describe('criticalPath and bottomLevels', () => {
  // a(2) -> b(10) -> d(1); a -> c(3) -> d; e(20) alone
  const graph = buildDag([t('a', 2), t('b', 10, ['a']), t('c', 3, ['a']), t('d', 1, ['b', 'c']), t('e', 12)]);
  const weight = (i: number): number => graph.tasks[i]?.estimateMinutes ?? 0;

  it('finds the longest weighted chain and its ids in order', () => {
    expect(criticalPath(graph, weight)).toEqual({ length: 13, taskIds: ['a', 'b', 'd'] });
  });

  it('prefers a heavier single task over a lighter chain', () => {
    const heavy = buildDag([t('a', 1), t('b', 1, ['a']), t('solo', 5)]);
    expect(criticalPath(heavy, (i) => heavy.tasks[i]?.estimateMinutes ?? 0)).toEqual({ length: 5, taskIds: ['solo'] });
  });

  it('bottom levels are the longest path from each task to an exit, own weight included', () => {
    expect([...bottomLevels(graph, weight)]).toEqual([13, 11, 4, 1, 12]);
  });

  it('an empty graph has an empty critical path', () => {
    const empty = buildDag([]);
    expect(criticalPath(empty, () => 1)).toEqual({ length: 0, taskIds: [] });
  });
});
