import { describe, expect, it } from 'vitest';
import { agentPlan } from '../bench/schedule/agent-plans.js';
import { benchTasks, hlfetSchedule, lowerBound, makespanOf, scheduleProblems } from '../bench/schedule/baselines.js';
import { simulate } from '../src/schedule/simulate.js';

const PLANS = 40;

describe('agent-like plans with critical tasks (layered fan-out / fan-in, heavy-tailed estimates)', () => {
  it('the generator is deterministic and makes plans with 0–4 % critical tasks', () => {
    expect(agentPlan(3)).toEqual(agentPlan(3));
    const plans = Array.from({ length: PLANS }, (_, seed) => agentPlan(seed));
    expect(plans.some((plan) => plan.some((t) => t.critical === true))).toBe(true);
    expect(plans.some((plan) => plan.every((t) => t.critical !== true))).toBe(true);
    for (const plan of plans) {
      const critical = plan.filter((t) => t.critical === true).length;
      expect(critical).toBeLessThanOrEqual(Math.max(1, Math.round(0.04 * plan.length)));
    }
  });

  it.each([2, 4, 8, 16])('m=%i: dynamic beats waves and plain critical-path list scheduling on average, feasibly', (m) => {
    let waves = 0;
    let hlfet = 0;
    let dynamic = 0;
    for (let seed = 0; seed < PLANS; seed++) {
      const specs = agentPlan(seed);
      const tasks = benchTasks(specs);
      const bound = lowerBound(tasks, m);
      const result = simulate(specs, { instances: m });
      expect(scheduleProblems(tasks, m, result.timeline.map((e) => ({ id: e.taskId, start: e.start, end: e.end })))).toEqual([]);
      expect(result.makespanMinutes).toBeGreaterThanOrEqual(bound - 1e-9);
      waves += simulate(specs, { instances: m, mode: 'waves' }).makespanMinutes / bound;
      hlfet += makespanOf(hlfetSchedule(tasks, m)) / bound;
      dynamic += result.makespanMinutes / bound;
    }
    expect(dynamic).toBeLessThan(waves);
    expect(dynamic).toBeLessThan(hlfet);
  });
});
