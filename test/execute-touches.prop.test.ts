/**
 * The executor on real timers never has two tasks with overlapping write sets in flight at once
 * (property test over random plans with random `touches`, glue pass and critical guards included).
 * The simulate() side of the same property is test/schedule-touches.prop.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../src/adapters/types.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { plan } from '../src/plan/plan.js';
import { writeSetsOverlap } from '../src/schedule/write-sets.js';
import { touchedDag } from './schedule-random-dag.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Orchestrator with write sets on random plans', () => {
  it('never runs two tasks whose write sets overlap at the same time, and runs every task', async () => {
    await fc.assert(
      fc.asyncProperty(touchedDag, async ({ tasks, m }) => {
        const planned = await plan({ tasks }, { maxInstances: Math.min(m, 15) });
        const spans = new Map<string, [number, number]>();
        const adapter: AgentAdapter = {
          name: 'timed',
          async run(request) {
            const start = performance.now();
            await new Promise((resolve) => setTimeout(resolve, 1 + (request.task.estimateMinutes % 3)));
            spans.set(request.task.id, [start, performance.now()]);
            return { ok: true };
          },
        };
        const cwd = mkdtempSync(join(tmpdir(), 'wf-touch-prop-'));
        dirs.push(cwd);
        const result = await new Orchestrator({ cwd, adapter, git: false, journal: false, approve: () => true, retries: 0 }).run(planned);
        expect(result.status).toBe('succeeded');
        const agentTasks = planned.tasks.filter((task) => task.kind !== 'backup' && task.kind !== 'commit');
        expect(spans.size).toBe(agentTasks.length);
        for (const a of agentTasks) {
          for (const b of agentTasks) {
            if (a.id >= b.id || !writeSetsOverlap(a.touches ?? [], b.touches ?? [])) continue;
            const [a0, a1] = spans.get(a.id) as [number, number];
            const [b0, b1] = spans.get(b.id) as [number, number];
            expect({ a: a.id, b: b.id, overlap: a0 < b1 && b0 < a1 }).toEqual({ a: a.id, b: b.id, overlap: false });
          }
        }
      }),
      { numRuns: 30, seed: 7 },
    );
  }, 120_000);
});
