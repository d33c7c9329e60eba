/** Random DAG arbitraries shared by the wave and plan property tests (not a test file itself). */
import fc from 'fast-check';
import type { TaskSpec } from '../src/model/task.js';

/** Options of {@link dagArbitrary}. */
export interface DagArbitraryOptions {
  /** Most tasks. @defaultValue 60 */
  readonly maxTasks?: number;
  /** Titles to draw from; `i` is replaced by the task number. Default: the id itself (never critical by rule). */
  readonly titles?: readonly string[];
}

/**
 * DAGs of 1..maxTasks tasks: up to 4 dependencies each on lower-numbered tasks (so acyclic), a
 * random share of tasks forced critical, input order shuffled against the topological order.
 */
export function dagArbitrary(options: DagArbitraryOptions = {}): fc.Arbitrary<TaskSpec[]> {
  const { maxTasks = 60, titles } = options;
  return fc.integer({ min: 1, max: maxTasks }).chain((n) =>
    fc
      .record({
        parents: fc.array(fc.array(fc.nat({ max: 10_000 }), { maxLength: 4 }), { minLength: n, maxLength: n }),
        critical: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: n, maxLength: n }),
        criticalPercent: fc.constantFrom(0, 5, 15, 40),
        titleIndex: fc.array(fc.nat(), { minLength: n, maxLength: n }),
        estimates: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: n, maxLength: n }),
        keys: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      })
      .map(({ parents, critical, criticalPercent, titleIndex, estimates, keys }) => {
        const specs = parents.map((list, i): TaskSpec => {
          const deps = i === 0 ? [] : [...new Set(list.map((p) => p % i))];
          const title = titles ? (titles[(titleIndex[i] ?? 0) % titles.length] as string).replace('#', String(i)) : `n${i}`;
          return {
            id: `n${i}`,
            title,
            dependsOn: deps.map((p) => `n${p}`),
            estimateMinutes: estimates[i] ?? 1,
            ...((critical[i] ?? 100) < criticalPercent ? { critical: true } : {}),
          };
        });
        const order = specs.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
        return order.map((i) => specs[i] as TaskSpec);
      }),
  );
}

/** Ids of every task from which `id` can be reached (its ancestors), including `id`. */
export function ancestors(tasks: readonly TaskSpec[], id: string): string[] {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const seen = new Set<string>([id]);
  const stack = [id];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    for (const dep of byId.get(current)?.dependsOn ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return [...seen];
}

/**
 * Asserts-free check that `cycle` is a real cycle of `tasks`: at least two entries, first equals
 * last, the others distinct, and every consecutive pair is an edge dependency → dependent.
 * Returns a description of the first problem, or undefined when it is a real cycle.
 */
export function cycleProblem(tasks: readonly TaskSpec[], cycle: unknown): string | undefined {
  if (!Array.isArray(cycle) || cycle.length < 2) return `not a list of at least 2 ids: ${JSON.stringify(cycle)}`;
  if (cycle[0] !== cycle[cycle.length - 1]) return `first and last differ: ${JSON.stringify(cycle)}`;
  const inner = cycle.slice(0, -1);
  if (new Set(inner).size !== inner.length) return `repeats an id: ${JSON.stringify(cycle)}`;
  const byId = new Map(tasks.map((task) => [task.id, task]));
  for (let i = 0; i + 1 < cycle.length; i++) {
    const from = cycle[i] as string;
    const to = cycle[i + 1] as string;
    if (!(byId.get(to)?.dependsOn ?? []).includes(from)) return `${to} does not depend on ${from} in ${JSON.stringify(cycle)}`;
  }
  return undefined;
}

/** Adds `dependency` to the dependencies of task `id` (a new list; tasks are not mutated). */
export function withEdge(tasks: readonly TaskSpec[], id: string, dependency: string): TaskSpec[] {
  return tasks.map((task) => (task.id === id ? { ...task, dependsOn: [...(task.dependsOn ?? []), dependency] } : task));
}
