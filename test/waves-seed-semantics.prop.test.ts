import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SeedWave, seedGenerateWaves } from '../bench/plan/seed-generate-waves.js';
import type { TaskSpec } from '../src/model/task.js';
import { generateWaves } from '../src/waves/generate-waves.js';
import { dagArbitrary } from './waves-random-dag.js';

/** Runs the literal port of the seed's python `generate_waves` (shared/seed.md, "Phase 3") on `tasks`. */
function seedOf(tasks: readonly TaskSpec[]): SeedWave[] {
  const critical = new Set(tasks.filter((task) => task.critical === true).map((task) => task.id));
  return seedGenerateWaves(
    tasks.map((task) => task.id),
    new Map(tasks.map((task) => [task.id, task.dependsOn ?? []])),
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
