import { topologicalGenerations } from 'graphology-dag';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/graph/build-dag.js';
import { TaskGraph } from '../src/graph/task-graph.js';
import type { TaskSpec } from '../src/model/task.js';
import { thrown } from './error-fixtures.js';
import { cycleProblem } from './waves-random-dag.js';

const t = (id: string, dependsOn: string[] = []): TaskSpec => ({ id, title: `Task ${id}`, dependsOn });

/** A chain of `count` diamonds: top_i → left_i, right_i → bottom_i = top_{i+1}. */
function diamondChain(count: number): TaskSpec[] {
  const tasks: TaskSpec[] = [t('d0')];
  for (let i = 0; i < count; i++) {
    tasks.push(t(`l${i}`, [`d${i}`]), t(`r${i}`, [`d${i}`]), t(`d${i + 1}`, [`l${i}`, `r${i}`]));
  }
  return tasks;
}

describe('buildDag: valid graphs', () => {
  it('orders tasks topologically, keeping input order among ties, and answers neighbour queries', () => {
    const graph = buildDag([t('c', ['a', 'b']), t('b'), t('a'), t('d', ['a', 'a'])]);
    expect(graph).toBeInstanceOf(TaskGraph);
    expect(graph.size).toBe(4);
    expect(graph.topologicalOrder()).toEqual(['b', 'a', 'c', 'd']);
    expect(graph.dependencies('d')).toEqual(['a']); // duplicates removed
    expect(graph.dependents('a')).toEqual(['c', 'd']);
    expect(graph.generations()).toEqual([['b', 'a'], ['c', 'd']]);
    expect(graph.has('a')).toBe(true);
    expect(graph.has('zz')).toBe(false);
    expect(thrown(() => graph.get('zz')).code).toBe('INVALID_ARGUMENT');
  });

  it('builds the lazy graphology view with the same nodes, edges and generations', () => {
    const graph = buildDag([t('a'), t('b', ['a']), t('c', ['a']), t('d', ['b', 'c']), t('e')]);
    const view = graph.graph;
    expect(view).toBe(graph.graph); // cached
    expect(view.order).toBe(5);
    expect(view.size).toBe(4);
    expect(view.nodes()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(view.hasDirectedEdge('a', 'b')).toBe(true);
    expect(view.hasDirectedEdge('b', 'a')).toBe(false);
    expect(view.inNeighbors('d').sort()).toEqual(['b', 'c']);
    expect(view.getNodeAttribute('d', 'task').title).toBe('Task d');
    const generations = topologicalGenerations(view).map((level) => [...level].sort());
    expect(generations).toEqual(graph.generations().map((level) => [...level].sort()));
  });

  it('handles a chain of 22 diamonds (and of 20 000) in linear time: it completes', () => {
    const small = buildDag(diamondChain(22));
    expect(small.size).toBe(67);
    expect(small.generations()).toHaveLength(45);
    const big = buildDag(diamondChain(20_000));
    expect(big.size).toBe(60_001);
    expect(big.topologicalOrder()[60_000]).toBe('d20000');
  });
});

describe('buildDag: cycles', () => {
  it('reports a self-loop as [a, a]', () => {
    const error = thrown(() => buildDag([t('x'), t('a', ['x', 'a'])]));
    expect(error.code).toBe('CYCLE');
    expect(error.details['cycle']).toEqual(['a', 'a']);
    expect(error.message).toContain('a -> a');
  });

  it('reports a 2-cycle in dependency order', () => {
    const tasks = [t('root'), t('a', ['root', 'b']), t('b', ['a'])];
    const error = thrown(() => buildDag(tasks));
    expect(error.code).toBe('CYCLE');
    expect(cycleProblem(tasks, error.details['cycle'])).toBeUndefined();
    expect(error.details['cycle']).toHaveLength(3);
    expect(new Set(error.details['cycle'] as string[])).toEqual(new Set(['a', 'b']));
  });

  it('reports a long cycle exactly, each id a dependency of the next', () => {
    // c0 -> c1 -> ... -> c49 -> c0, plus unrelated tasks depending on the cycle.
    const tasks: TaskSpec[] = [];
    for (let i = 0; i < 50; i++) tasks.push(t(`c${i}`, [`c${(i + 49) % 50}`]));
    tasks.push(t('downstream', ['c10']), t('free'));
    const error = thrown(() => buildDag(tasks));
    const cycle = error.details['cycle'] as string[];
    expect(error.code).toBe('CYCLE');
    expect(cycle).toHaveLength(51);
    expect(cycleProblem(tasks, cycle)).toBeUndefined();
    expect(cycle).not.toContain('downstream');
  });

  it('reports only the cycle, not the tasks hanging off it', () => {
    // b and c form the cycle; a feeds it, d depends on it.
    const tasks = [t('a'), t('b', ['a', 'c']), t('c', ['b']), t('d', ['c'])];
    const cycle = thrown(() => buildDag(tasks)).details['cycle'] as string[];
    expect(cycleProblem(tasks, cycle)).toBeUndefined();
    expect(new Set(cycle)).toEqual(new Set(['b', 'c']));
  });
});

describe('buildDag: other errors', () => {
  it('UNKNOWN_DEPENDENCY names the task and the missing id', () => {
    const error = thrown(() => buildDag([t('a'), t('b', ['a', 'ghost'])]));
    expect(error.code).toBe('UNKNOWN_DEPENDENCY');
    expect(error.details).toMatchObject({ taskId: 'b', dependency: 'ghost' });
    expect(error.message).toContain('"ghost"');
  });

  it('DUPLICATE_ID names the id', () => {
    const error = thrown(() => buildDag([t('a'), t('b'), t('a')]));
    expect(error.code).toBe('DUPLICATE_ID');
    expect(error.details['taskId']).toBe('a');
  });

  it.each([
    ['a bad id', { id: '-bad id', title: 'x' }, 'id'],
    ['an empty title', { id: 'a', title: '   ' }, 'title'],
    ['a non-array dependsOn', { id: 'a', title: 'x', dependsOn: 'b' }, 'dependsOn'],
    ['an unknown key', { id: 'a', title: 'x', depends_on: ['b'] }, ''],
    ['a negative estimate', { id: 'a', title: 'x', estimateMinutes: -1 }, 'estimateMinutes'],
    ['an unknown kind', { id: 'a', title: 'x', kind: 'deploy' }, 'kind'],
  ])('INVALID_TASK with details.field for %s', (_name, spec, field) => {
    const error = thrown(() => buildDag([spec as unknown as TaskSpec]));
    expect(error.code).toBe('INVALID_TASK');
    expect(error.details['field']).toBe(field);
    expect(error.details['taskId']).toBe((spec as { id: string }).id);
  });

  it('INVALID_TASK (field tasks) when not given an array', () => {
    const error = thrown(() => buildDag('a,b' as unknown as TaskSpec[]));
    expect(error.code).toBe('INVALID_TASK');
    expect(error.details['field']).toBe('tasks');
  });

  it('an unknown key names the key in the message', () => {
    expect(thrown(() => buildDag([{ id: 'a', title: 'x', depends_on: ['b'] } as unknown as TaskSpec])).message).toContain('depends_on');
  });
});
