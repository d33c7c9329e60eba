import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/graph/build-dag.js';
import { WavefrontError } from '../src/model/errors.js';
import { generateWaves } from '../src/waves/generate-waves.js';
import { ancestors, cycleProblem, dagArbitrary, withEdge } from './waves-random-dag.js';

describe('generateWaves invariants on random DAGs', () => {
  it('every task in exactly one wave, edges go forward, critical tasks alone, backup first and commit last', () => {
    fc.assert(
      fc.property(dagArbitrary(), (tasks) => {
        const waves = generateWaves(tasks);
        const waveOf = new Map<string, number>();
        for (const wave of waves) {
          for (const id of wave.taskIds) {
            expect(waveOf.has(id)).toBe(false);
            waveOf.set(id, wave.index);
          }
        }
        expect(waveOf.size).toBe(tasks.length + 2);
        for (const task of tasks) {
          const own = waveOf.get(task.id) as number;
          expect(own).toBeGreaterThan(0);
          expect(own).toBeLessThan(waves.length - 1);
          for (const dep of task.dependsOn ?? []) expect(waveOf.get(dep) as number).toBeLessThan(own);
          const wave = waves[own];
          if (task.critical === true) {
            expect(wave?.taskIds).toEqual([task.id]);
            expect(wave?.critical).toBe(true);
          } else expect(wave?.critical).toBe(false);
        }
        expect(waves[0]?.taskIds).toEqual(['git_backup']);
        expect(waves[waves.length - 1]?.taskIds).toEqual(['git_commit']);
        expect(waves.map((wave) => wave.index)).toEqual(waves.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });

  it('the number of waves is the seed count: per generation, one per critical task plus one if any other task', () => {
    fc.assert(
      fc.property(dagArbitrary(), (tasks) => {
        const generations = buildDag(tasks).generations();
        const byId = new Map(tasks.map((task) => [task.id, task]));
        const expected = generations.reduce((sum, level) => {
          const critical = level.filter((id) => byId.get(id)?.critical === true).length;
          return sum + critical + (critical < level.length ? 1 : 0);
        }, 2);
        expect(generateWaves(tasks)).toHaveLength(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('a back edge is always reported as CYCLE with a real cycle of the changed graph', () => {
    const withBackEdge = dagArbitrary({ maxTasks: 60 }).chain((tasks) =>
      fc.record({ tasks: fc.constant(tasks), pick: fc.nat(), pickAncestor: fc.nat() }),
    );
    fc.assert(
      fc.property(withBackEdge, ({ tasks, pick, pickAncestor }) => {
        const target = tasks[pick % tasks.length]?.id as string;
        const above = ancestors(tasks, target); // includes target itself: a self-loop
        const source = above[pickAncestor % above.length] as string;
        // source reaches target, so making source depend on target closes a cycle.
        const cyclic = withEdge(tasks, source, target);
        let caught: unknown;
        try {
          generateWaves(cyclic);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(WavefrontError);
        expect((caught as WavefrontError).code).toBe('CYCLE');
        expect(cycleProblem(cyclic, (caught as WavefrontError).details['cycle'])).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
