import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { plan } from '../src/plan/plan.js';
import { simulate } from '../src/schedule/simulate.js';
import { createScriptedAdapter } from '../src/testing/scripted-adapter.js';

const tasks = [
  { id: 'api', title: 'Add orders endpoint', touches: ['src/api/orders.ts', 'src/registry.ts'], estimateMinutes: 10 },
  { id: 'ui', title: 'Add orders page', touches: ['src/ui/**'], estimateMinutes: 10 },
  { id: 'barrel', title: 'Register the orders module', touches: ['src/registry.ts'], estimateMinutes: 10 },
];

describe('write sets in plans and runs', () => {
  it('plan() lists the conflicts it will avoid, and its estimate serialises them', async () => {
    const p = await plan({ tasks });
    expect(p.conflicts).toEqual([{ a: 'api', b: 'barrel', paths: ['src/registry.ts'] }]);
    const timeline = simulate(p).timeline;
    const at = (id: string) => timeline.find((entry) => entry.taskId === id) as { start: number; end: number };
    expect(at('barrel').start >= at('api').end || at('api').start >= at('barrel').end).toBe(true);
  });

  it('the executor never runs two tasks that write the same file at the same time', async () => {
    const intervals = new Map<string, [number, number]>();
    const inner = createScriptedAdapter({ api: { durationMs: 150 }, ui: { durationMs: 150 }, barrel: { durationMs: 150 } });
    const adapter = {
      name: 'timed',
      async run(request: Parameters<typeof inner.run>[0]) {
        const start = performance.now();
        const result = await inner.run(request);
        intervals.set(request.task.id, [start, performance.now()]);
        return result;
      },
    };
    // no journal: its fsyncs under a loaded CI machine could delay one start past another task's end
    const result = await new Orchestrator({ cwd: mkdtempSync(join(tmpdir(), 'wf-touch-')), adapter, git: false, journal: false }).run(await plan({ tasks }));
    expect(result.status).toBe('succeeded');
    const [a0, a1] = intervals.get('api') as [number, number];
    const [b0, b1] = intervals.get('barrel') as [number, number];
    expect(b0 >= a1 || a0 >= b1).toBe(true);
    // the page does not share a file with either: it ran beside one of them
    const [u0, u1] = intervals.get('ui') as [number, number];
    expect((u0 < a1 && a0 < u1) || (u0 < b1 && b0 < u1)).toBe(true);
  });
});
