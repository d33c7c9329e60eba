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

/** Paths and globs the random write sets are drawn from (literal files, directories, globs). */
export const TOUCH_POOL: readonly string[] = [
  'src/a.ts',
  'src/b.ts',
  'src/*.ts',
  'src/api/**',
  'src/api/user.ts',
  'docs',
  'docs/readme.md',
  '**/*.md',
  'test/?.test.ts',
  'test/a.test.ts',
  'lib/x/y.ts',
];

/** Adds random `touches` (1-2 entries of {@link TOUCH_POOL}) to a random share (0-100 %) of the tasks. */
export function withTouches(dags: fc.Arbitrary<RandomDag>): fc.Arbitrary<RandomDag> {
  return dags.chain((dag) =>
    fc
      .record({
        percent: fc.integer({ min: 0, max: 100 }),
        rolls: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: dag.tasks.length, maxLength: dag.tasks.length }),
        picks: fc.array(fc.array(fc.nat({ max: TOUCH_POOL.length - 1 }), { minLength: 1, maxLength: 2 }), {
          minLength: dag.tasks.length,
          maxLength: dag.tasks.length,
        }),
      })
      .map(({ percent, rolls, picks }) => ({
        m: dag.m,
        tasks: dag.tasks.map((task, i) =>
          (rolls[i] ?? 100) < percent ? { ...task, touches: [...new Set((picks[i] ?? []).map((k) => TOUCH_POOL[k] as string))] } : task,
        ),
      })),
  );
}

/** {@link randomDag} with random write sets. */
export const touchedDag: fc.Arbitrary<RandomDag> = withTouches(randomDag);
