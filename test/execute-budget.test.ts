import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { BudgetExceededEvent } from '../src/execute/events.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter } from '../src/testing/scripted-adapter.js';

const chain = () =>
  plan({
    tasks: [
      { id: 'a', title: 'Create orders endpoint' },
      { id: 'b', title: 'Create orders page', dependsOn: ['a'] },
      { id: 'c', title: 'Document orders', dependsOn: ['b'] },
    ],
  });
const usageStep = { result: { usage: { inputTokens: 600, outputTokens: 400, costUsd: 0.02 } } };

describe('usage and budgets', () => {
  it('sums adapter usage per task, role and run', async () => {
    const adapter = createScriptedAdapter({ a: usageStep, b: usageStep, c: usageStep });
    const result = await new Orchestrator({ cwd: mkdtempSync(join(tmpdir(), 'wf-budget-')), adapter, git: false }).run(await chain());
    expect(result.status).toBe('succeeded');
    expect(result.usage).toMatchObject({ inputTokens: 1800, outputTokens: 1200 });
    expect(result.usage?.costUsd).toBeCloseTo(0.06, 10);
    expect(result.usage?.byTask['b']).toEqual({ inputTokens: 600, outputTokens: 400, costUsd: 0.02 });
    expect(Object.values(result.usage?.byRole ?? {}).reduce((n, u) => n + u.inputTokens, 0)).toBe(1800);
  });

  it('stops starting tasks before the token budget is exceeded, emits budget:exceeded, ends paused and resumes', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wf-budget-'));
    const adapter = createScriptedAdapter({ a: usageStep, b: usageStep, c: usageStep });
    const orchestrator = new Orchestrator({ cwd, adapter, git: false, runId: 'budget-1', budget: { tokens: 2500 } });
    const exceeded: BudgetExceededEvent[] = [];
    orchestrator.on('budget:exceeded', (event) => exceeded.push(event));
    const result = await orchestrator.run(await chain());
    // after a and b (2000 tokens) the next task would bring it to ~3000 > 2500
    expect(result.status).toBe('paused');
    expect(result.error?.code).toBe('BUDGET_EXCEEDED');
    expect(exceeded).toEqual([expect.objectContaining({ limit: 'tokens', used: 2000, budget: 2500 })]);
    expect(adapter.calls.map((call) => call.taskId)).toEqual(['a', 'b']);
    const resumed = await new Orchestrator({ cwd, adapter, git: false, resume: 'budget-1', budget: { tokens: 10_000 } }).run();
    expect(resumed.status).toBe('succeeded');
    expect(adapter.calls.map((call) => call.taskId)).toEqual(['a', 'b', 'c']);
  });

  it('a dry run reports an estimated cost from the task estimates', async () => {
    const p = await chain();
    const result = await new Orchestrator({ cwd: tmpdir(), adapter: createScriptedAdapter({}), dryRun: true, costModel: { tokensPerMinute: 1000, usdPerMillionTokens: 10 } }).run(p);
    const minutes = p.tasks.filter((t) => t.kind !== 'backup' && t.kind !== 'commit').reduce((n, t) => n + t.estimateMinutes, 0);
    expect(result.usage?.estimated).toBe(true);
    expect((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0)).toBe(minutes * 1000);
    expect(result.usage?.costUsd).toBeCloseTo((minutes * 1000 * 10) / 1e6, 10);
  });

  it('rejects a malformed budget naming the field', async () => {
    expect(() => new Orchestrator({ cwd: tmpdir(), budget: { tokens: -1 } })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field: 'budget.tokens' } }));
    expect(() => new Orchestrator({ cwd: tmpdir(), budget: { coins: 3 } as never })).toThrow(expect.objectContaining({ details: { field: 'budget.coins' } }));
  });
});

describe('journal: false', () => {
  it('runs without a journal or checkpoint files, and cannot be resumed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wf-nojournal-'));
    const result = await new Orchestrator({ cwd, adapter: createScriptedAdapter({}), git: false, journal: false, runId: 'nj-1' }).run(await chain());
    expect(result.status).toBe('succeeded');
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(cwd, '.wavefront', 'runs', 'nj-1'))).toBe(false);
    expect(existsSync(join(cwd, '.wavefront', 'run.lock'))).toBe(false);
    await expect(new Orchestrator({ cwd, adapter: createScriptedAdapter({}), git: false, journal: false, resume: 'nj-1' }).run()).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
