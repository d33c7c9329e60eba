/**
 * Deterministic random DAGs for the planning benchmark.
 * @module
 */
import type { TaskSpec } from '../../src/model/task.js';
import { mulberry32 } from '../../src/schedule/prng.js';

/** Options of {@link randomDag}. */
export interface RandomDagOptions {
  /** Number of tasks. */
  readonly size: number;
  /** Dependencies per task (fewer for the first tasks). @defaultValue 5 */
  readonly degree?: number;
  /** PRNG seed. @defaultValue 42 */
  readonly seed?: number;
  /** Share of dependencies on one of the previous `window` tasks (the rest go anywhere earlier). @defaultValue 0.6 */
  readonly localShare?: number;
  /** Size of the local window. @defaultValue 20 */
  readonly window?: number;
  /** Share of tasks forced critical. @defaultValue 0.001 */
  readonly criticalShare?: number;
}

/**
 * A random DAG whose dependencies all point to earlier tasks: most are local (among the previous
 * `window` tasks) so the depth grows with the size, the rest are long-range (uniform over all
 * earlier tasks). Titles are neutral so only `criticalShare` tasks are critical.
 */
export function randomDag(options: RandomDagOptions): TaskSpec[] {
  const { size, degree = 5, seed = 42, localShare = 0.6, window = 20, criticalShare = 0.001 } = options;
  const random = mulberry32(seed);
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < size; i++) {
    const deps = new Set<number>();
    const wanted = Math.min(i, degree);
    while (deps.size < wanted) {
      const local = random() < localShare;
      const span = local ? Math.min(i, window) : i;
      deps.add(i - 1 - Math.floor(random() * span));
    }
    const task: TaskSpec = {
      id: `t${i}`,
      title: `Implement module ${i}`,
      dependsOn: [...deps].sort((a, b) => a - b).map((d) => `t${d}`),
      estimateMinutes: 1 + Math.floor(random() * 30),
      ...(random() < criticalShare ? { critical: true } : {}),
    };
    tasks.push(task);
  }
  return tasks;
}
