/**
 * A literal port of the seed's python `generate_waves` (shared/seed.md, "Phase 3: Wave Structure
 * Generation"), kept only as the benchmark baseline. Each round scans every task, so the cost is
 * O(rounds × (tasks + dependencies)), and the number of rounds grows with the depth of the DAG.
 * @module
 */

/** One wave as the seed builds it (`assign_instance` is left out: it is not part of the grouping). */
export interface SeedWave {
  readonly name: string;
  readonly tasks: readonly string[];
  readonly parallelism: number;
  readonly sequential: boolean;
}

/** Optional time limit of {@link seedGenerateWaves} (not in the seed). */
export interface SeedBudget {
  /** `performance.now()` value after which the next round throws {@link SeedBudgetExceeded}. */
  readonly deadline?: number | undefined;
}

/** Thrown when a {@link SeedBudget} deadline passes; says how far the run got. */
export class SeedBudgetExceeded extends Error {
  /** Rounds (generations) finished. */
  readonly rounds: number;
  /** Tasks completed. */
  readonly completed: number;

  constructor(rounds: number, completed: number) {
    super(`seed generate_waves stopped after ${rounds} rounds (${completed} tasks completed)`);
    this.name = 'SeedBudgetExceeded';
    this.rounds = rounds;
    this.completed = completed;
  }
}

/**
 * The seed's algorithm, line by line. The seed loops forever on a cycle; the port throws instead.
 * @param subtasks - task ids in input order.
 * @param dependencies - dependency ids per task id.
 * @param isCritical - the seed's `is_critical(task)`.
 */
export function seedGenerateWaves(
  subtasks: readonly string[],
  dependencies: ReadonlyMap<string, readonly string[]>,
  isCritical: (task: string) => boolean,
  budget: SeedBudget = {},
): SeedWave[] {
  const waves: SeedWave[] = [];
  const completed = new Set<string>();

  // Wave 0: Always safety backup
  waves.push({ name: 'Safety Backup', tasks: ['git_backup'], parallelism: 1, sequential: true });

  let rounds = 0;
  while (completed.size < subtasks.length) {
    // Not in the seed: lets the benchmark stop a run that would take minutes.
    if (budget.deadline !== undefined && performance.now() > budget.deadline) throw new SeedBudgetExceeded(rounds, completed.size);
    rounds++;
    // Find tasks whose dependencies are all completed
    const readyTasks: string[] = [];
    for (const task of subtasks) {
      if (!completed.has(task)) {
        const deps = dependencies.get(task) ?? [];
        if (deps.every((d) => completed.has(d))) readyTasks.push(task);
      }
    }
    if (readyTasks.length === 0) throw new Error('seedGenerateWaves: dependency cycle');

    // Separate critical from non-critical
    const critical = readyTasks.filter((t) => isCritical(t));
    const nonCritical = readyTasks.filter((t) => !isCritical(t));

    // Critical tasks get their own sequential waves
    for (const task of critical) {
      waves.push({ name: `${task} (CRITICAL)`, tasks: [task], parallelism: 1, sequential: true });
      completed.add(task);
    }

    // Non-critical tasks can be parallel
    if (nonCritical.length > 0) {
      waves.push({ name: `Wave ${waves.length}`, tasks: nonCritical, parallelism: nonCritical.length, sequential: false });
      for (const task of nonCritical) completed.add(task);
    }
  }

  // Final wave: Always commit
  waves.push({ name: 'Final Commit', tasks: ['git_commit'], parallelism: 1, sequential: true });
  return waves;
}
