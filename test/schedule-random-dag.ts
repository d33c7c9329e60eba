/** Random DAG generator shared by the scheduler property tests (not a test file itself). */
import fc from 'fast-check';
import type { TaskSpec } from '../src/model/task.js';

/** A random DAG as task specs (in shuffled input order), with a pool size. */
export interface RandomDag {
  readonly tasks: readonly TaskSpec[];
  readonly m: number;
}

/**
 * DAGs of 1..40 tasks, estimates 1..30, 0-10 % critical, up to 3 parents each, input order shuffled
 * relative to the topological order, m in 1..8.
 */
export const randomDag: fc.Arbitrary<RandomDag> = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc
    .record({
      estimates: fc.array(fc.integer({ min: 1, max: 30 }), { minLength: n, maxLength: n }),
      rolls: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: n, maxLength: n }),
      criticalPercent: fc.integer({ min: 0, max: 10 }),
      parents: fc.array(fc.array(fc.nat({ max: 10_000 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
      keys: fc.array(fc.nat(), { minLength: n, maxLength: n }),
      m: fc.integer({ min: 1, max: 8 }),
    })
    .map(({ estimates, rolls, criticalPercent, parents, keys, m }) => {
      const specs = estimates.map((estimate, i): TaskSpec => {
        const deps = i === 0 ? [] : [...new Set((parents[i] ?? []).map((p) => p % i))];
        return {
          id: `n${i}`,
          title: `task ${i}`,
          estimateMinutes: estimate,
          dependsOn: deps.map((p) => `n${p}`),
          critical: (rolls[i] ?? 100) < criticalPercent,
        };
      });
      const order = specs.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
      return { tasks: order.map((i) => specs[i] as TaskSpec), m };
    }),
);

/** Like {@link randomDag} with about a quarter of the tasks critical (drains and backfilling). */
export const criticalHeavyDag: fc.Arbitrary<RandomDag> = randomDag.chain((dag) =>
  fc.array(fc.integer({ min: 0, max: 99 }), { minLength: dag.tasks.length, maxLength: dag.tasks.length }).map((rolls) => ({
    m: dag.m,
    tasks: dag.tasks.map((task, i) => ((rolls[i] ?? 100) < 25 ? { ...task, critical: true } : task)),
  })),
);
