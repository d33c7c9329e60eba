import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGraph, KernelWorkspace, orderByKey, reorder } from '../src/schedule/kernel.js';
import { runSimulation } from '../src/schedule/run-simulation.js';
import { policyPriorities, searchPolicy } from '../src/schedule/search.js';
import { fromTaskSpecs } from '../src/schedule/simulate-input.js';
import { simulate } from '../src/schedule/simulate.js';
import { touchedDag } from './schedule-random-dag.js';

const RUNS = 150;

/** A random DAG with random write sets plus a random priority key per task (integers, so ties happen). */
const withKeys = touchedDag.chain((dag) =>
  fc.array(fc.integer({ min: 0, max: 20 }), { minLength: dag.tasks.length, maxLength: dag.tasks.length }).map((keys) => ({ ...dag, keys })),
);

describe('the search kernel takes exactly the decisions of the scheduler core', () => {
  it('same start times and makespan as runSimulation() for any priorities, with critical tasks, backfilling and write conflicts', () => {
    fc.assert(
      fc.property(withKeys, ({ tasks, m, keys }) => {
        const input = fromTaskSpecs(tasks, { instances: m });
        const g = compileGraph(input.tasks);
        const key = Float64Array.from(keys);
        const ws = new KernelWorkspace(g.n);
        ws.rankOrder(orderByKey(g, key));
        const makespan = ws.run(g, m);
        const priority = new Map(input.tasks.map((task, i) => [task.id, key[i] as number]));
        const sim = runSimulation({ ...input, priority });
        expect(makespan).toBe(sim.makespanMinutes);
        const startOf = new Map(sim.timeline.map((entry) => [entry.taskId, entry.start]));
        input.tasks.forEach((task, i) => expect(ws.start[i]).toBe(startOf.get(task.id)));
      }),
      { numRuns: RUNS },
    );
  });

  it('reorder() after changing a few keys equals a full sort', () => {
    fc.assert(
      fc.property(
        withKeys,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -5, max: 25 })), { minLength: 1, maxLength: 4 }),
        ({ tasks, m, keys }, changes) => {
          const g = compileGraph(fromTaskSpecs(tasks, { instances: m }).tasks);
          const key = Float64Array.from(keys);
          const before = orderByKey(g, key);
          const moved: number[] = [];
          for (const [at, value] of changes) {
            const i = at % g.n;
            key[i] = value;
            if (!moved.includes(i)) moved.push(i);
          }
          expect([...reorder(g, key, before, moved)]).toEqual([...orderByKey(g, key)]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('searchPolicy() on random DAGs', () => {
  it('is reproduced by the scheduler core, never worse than plain b-level, never below its lower bound, and replayable', () => {
    fc.assert(
      fc.property(touchedDag, fc.integer({ min: 1, max: 60 }), ({ tasks, m }, budget) => {
        const input = fromTaskSpecs(tasks, { instances: m });
        const result = searchPolicy(input.tasks, { instances: m, maxCandidates: budget });
        expect(result.candidates).toBeLessThanOrEqual(budget);
        expect(result.makespan).toBeLessThanOrEqual(result.baselineMakespan);
        expect(result.makespan).toBeGreaterThanOrEqual(result.lowerBound);
        expect(result.baselineMakespan).toBe(simulate(tasks, { instances: m, search: false }).makespanMinutes);
        expect(runSimulation({ ...input, priority: result.priority }).makespanMinutes).toBe(result.makespan);
        expect(policyPriorities(result.policy, input.tasks, { instances: m })).toEqual(result.priority);
        // Deterministic: the same input gives the same answer.
        expect(searchPolicy(input.tasks, { instances: m, maxCandidates: budget })).toEqual(result);
      }),
      { numRuns: 60 },
    );
  });
});
