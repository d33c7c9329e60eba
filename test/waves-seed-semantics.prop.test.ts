import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { generateWaves } from '../src/waves/generate-waves.js';
import { dagArbitrary } from './waves-random-dag.js';

interface SeedWave {
  readonly name: string;
  readonly tasks: readonly string[];
  readonly parallelism: number;
  readonly sequential: boolean;
}

/**
 * A literal port of the seed's python `generate_waves` (shared/seed.md, "Phase 3"): each round
 * takes every not-completed task whose dependencies are all completed; its critical tasks get
 * singleton sequential waves (in task order), then the others one parallel wave.
 * The seed loops forever on a cycle; the port stops instead.
 */
function seedGenerateWaves(subtasks: readonly string[], dependencies: Record<string, readonly string[]>, isCritical: (task: string) => boolean): SeedWave[] {
  const waves: SeedWave[] = [];
  const completed = new Set<string>();
  waves.push({ name: 'Safety Backup', tasks: ['git_backup'], parallelism: 1, sequential: true });
  while (completed.size < subtasks.length) {
    const readyTasks: string[] = [];
    for (const task of subtasks) {
      if (!completed.has(task)) {
        const deps = dependencies[task] ?? [];
        if (deps.every((d) => completed.has(d))) readyTasks.push(task);
      }
    }
    if (readyTasks.length === 0) throw new Error('cycle');
    const critical = readyTasks.filter((t) => isCritical(t));
    const nonCritical = readyTasks.filter((t) => !isCritical(t));
    for (const task of critical) {
      waves.push({ name: `${task} (CRITICAL)`, tasks: [task], parallelism: 1, sequential: true });
      completed.add(task);
    }
    if (nonCritical.length > 0) {
      waves.push({ name: `Wave ${waves.length}`, tasks: nonCritical, parallelism: nonCritical.length, sequential: false });
      for (const task of nonCritical) completed.add(task);
    }
  }
  waves.push({ name: 'Final Commit', tasks: ['git_commit'], parallelism: 1, sequential: true });
  return waves;
}

function seedOf(tasks: readonly TaskSpec[]): SeedWave[] {
  const critical = new Set(tasks.filter((task) => task.critical === true).map((task) => task.id));
  return seedGenerateWaves(
    tasks.map((task) => task.id),
    Object.fromEntries(tasks.map((task) => [task.id, task.dependsOn ?? []])),
    (task) => critical.has(task),
  );
}

describe('generateWaves keeps the seed semantics', () => {
  it('gives exactly the seed port waves (names, task lists in order, sequential flags) on random DAGs', () => {
    // Titles equal ids ("n7"), so the seed's critical wave name `${task} (CRITICAL)` is comparable.
    fc.assert(
      fc.property(dagArbitrary({ maxTasks: 60 }), (tasks) => {
        const ours = generateWaves(tasks).map((wave) => ({
          name: wave.name,
          tasks: wave.taskIds,
          parallelism: wave.taskIds.length,
          sequential: wave.sequential,
        }));
        expect(ours).toEqual(seedOf(tasks));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the seed port on the seed dark-mode dependency graph (1,2 → 3 → 4 → 5,6 → 7,8 → 9 → 10 → 11)', () => {
    const deps: Record<string, string[]> = { n3: ['n1', 'n2'], n4: ['n3'], n5: ['n4'], n6: ['n4'], n7: ['n5', 'n6'], n8: ['n5', 'n6'], n9: ['n7', 'n8'], n10: ['n9'], n11: ['n10'] };
    const tasks = Array.from({ length: 11 }, (_, i): TaskSpec => ({ id: `n${i + 1}`, title: `n${i + 1}`, dependsOn: deps[`n${i + 1}`] ?? [] }));
    const waves = generateWaves(tasks);
    expect(waves.map((wave) => wave.taskIds)).toEqual(seedOf(tasks).map((wave) => wave.tasks));
    expect(waves.map((wave) => wave.taskIds)).toEqual([['git_backup'], ['n1', 'n2'], ['n3'], ['n4'], ['n5', 'n6'], ['n7', 'n8'], ['n9'], ['n10'], ['n11'], ['git_commit']]);
  });

  it('puts the critical tasks of a generation in singleton waves before that generation’s parallel wave', () => {
    const tasks: TaskSpec[] = [
      { id: 'a', title: 'a' },
      { id: 'b', title: 'b', critical: true },
      { id: 'c', title: 'c', dependsOn: ['a'] },
      { id: 'd', title: 'd', dependsOn: ['a'], critical: true },
      { id: 'e', title: 'e', dependsOn: ['a'], critical: true },
    ];
    const expected = [['git_backup'], ['b'], ['a'], ['d'], ['e'], ['c'], ['git_commit']];
    expect(generateWaves(tasks).map((wave) => wave.taskIds)).toEqual(expected);
    expect(seedOf(tasks).map((wave) => wave.tasks)).toEqual(expected);
  });
});
