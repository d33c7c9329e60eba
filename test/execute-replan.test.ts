/**
 * Adaptive re-planning through the real Orchestrator: the default analyse → fix → re-run, bounded
 * rounds that never loop on the same failure, a custom replanner, and `replan: false`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { OrchestratorOptions, ReplanContext } from '../src/execute/options.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter, type ScriptStep } from '../src/testing/scripted-adapter.js';
import { cleanupPlainDirs, ofType, plainDir, recordEvents, trackConcurrency } from './execute-fixtures.js';

afterAll(cleanupPlainDirs);

/** a → b → c. */
const chain = () =>
  plan({
    tasks: [
      { id: 'a', title: 'Create users API endpoint' },
      { id: 'b', title: 'Run the users API tests', dependsOn: ['a'] },
      { id: 'c', title: 'Write API documentation', dependsOn: ['b'] },
    ],
  });

/** Most adapter calls a run here may make; past it the run is aborted, so a replan loop fails the test instead of hanging it. */
const CALL_LIMIT = 40;

async function run(script: Readonly<Record<string, ScriptStep | readonly ScriptStep[]>>, options: Partial<OrchestratorOptions> = {}) {
  const guard = new AbortController();
  let count = 0;
  const adapter = trackConcurrency(
    createScriptedAdapter((request) => {
      if (++count > CALL_LIMIT) {
        guard.abort();
        return { hang: true };
      }
      const entry = script[request.task.id];
      if (entry === undefined) return {};
      if (!Array.isArray(entry)) return entry as ScriptStep;
      return entry[Math.min(request.attempt, entry.length) - 1] as ScriptStep;
    }),
  );
  const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false, retries: 0, signal: guard.signal, ...options });
  const events = recordEvents(orchestrator);
  const result = await orchestrator.run(await chain());
  const calls = adapter.requests.map((r) => `${r.task.id}#${r.attempt}`);
  return { result, events, calls, requests: adapter.requests };
}

describe('default replanning: analyse → fix → re-run', () => {
  it('inserts <id>.analyse-1 and <id>.fix-1, runs them, re-runs the failed task, and the run succeeds', async () => {
    const { result, events, calls, requests } = await run({ b: [{ fail: '3 tests failed: expected 200, got 500' }, {}] });

    expect(result.status).toBe('succeeded');
    const replans = ofType(events, 'replan');
    expect(replans).toHaveLength(1);
    expect(replans[0]).toMatchObject({
      failedTaskId: 'b',
      round: 1,
      inserted: [
        { id: 'b.analyse-1', dependsOn: ['a'] },
        { id: 'b.fix-1', dependsOn: ['b.analyse-1'] },
      ],
    });
    // strict order: b fails, analyse, fix, b again, then its dependent
    expect(calls).toEqual(['a#1', 'b#1', 'b.analyse-1#1', 'b.fix-1#1', 'b#2', 'c#1']);
    expect(result.tasks['b']).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(result.tasks['b.analyse-1']).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(result.tasks['b.fix-1']).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(result.tasks['c']?.status).toBe('succeeded');
    // the failure text reaches the recovery tasks; the re-run sees the fix's result
    const analyse = requests.find((r) => r.task.id === 'b.analyse-1');
    expect(analyse?.task.description).toContain('3 tests failed: expected 200, got 500');
    expect(analyse?.task.role).toBe('test-engineer');
    expect(requests.find((r) => r.task.id === 'b.fix-1')?.task.role).toBe('backend-engineer');
    const rerun = requests.filter((r) => r.task.id === 'b')[1];
    expect(Object.keys(rerun?.dependencies ?? {}).sort()).toEqual(['a', 'b.fix-1']);
    // b's first end is 'failed', its last 'succeeded'
    expect(ofType(events, 'task:end').filter((e) => e.taskId === 'b').map((e) => e.status)).toEqual(['failed', 'succeeded']);
  });

  it('works in waves mode too', async () => {
    const { result, calls } = await run({ b: [{ fail: 'boom' }, {}] }, { mode: 'waves' });
    expect(result.status).toBe('succeeded');
    expect(calls).toEqual(['a#1', 'b#1', 'b.analyse-1#1', 'b.fix-1#1', 'b#2', 'c#1']);
  });

  it('stops after one round when the failure does not change (never loops), and the run rolls back', async () => {
    const { result, events, calls } = await run({ b: { fail: 'same failure' } });
    expect(ofType(events, 'replan').map((e) => e.round)).toEqual([1]);
    expect(calls.filter((c) => c.startsWith('b#'))).toEqual(['b#1', 'b#2']);
    expect(result.tasks['b']).toMatchObject({ status: 'failed', attempts: 2 });
    expect(result.tasks['c']?.status).toBe('skipped');
    expect(calls).not.toContain('c#1');
    expect(result.status).toBe('rolled-back');
  });

  it('is bounded by maxReplanRounds (default 2) when every failure differs', async () => {
    const steps = Array.from({ length: 10 }, (_, i) => ({ fail: `failure number ${i}` }));
    const { result, events, calls } = await run({ b: steps }, { onFailure: 'continue' });
    expect(ofType(events, 'replan').map((e) => e.round)).toEqual([1, 2]);
    expect(calls.filter((c) => c.startsWith('b#'))).toEqual(['b#1', 'b#2', 'b#3']);
    expect(result.tasks['b.analyse-2']?.status).toBe('succeeded');
    expect(result.status).toBe('failed');

    const once = await run({ b: steps }, { onFailure: 'continue', maxReplanRounds: 1 });
    expect(ofType(once.events, 'replan')).toHaveLength(1);
    const never = await run({ b: steps }, { onFailure: 'continue', maxReplanRounds: 0 });
    expect(ofType(never.events, 'replan')).toHaveLength(0);
  });

  it('a failing recovery task ends the run like any other failure', async () => {
    const { result, calls } = await run({ b: { fail: 'broken' }, 'b.fix-1': { fail: 'cannot fix' } }, { replan: undefined, onFailure: 'continue' });
    expect(result.tasks['b.fix-1']?.status).toBe('failed');
    expect(result.tasks['b']?.status).toBe('skipped');
    expect(calls.filter((c) => c.startsWith('b#'))).toEqual(['b#1']);
    expect(result.status).toBe('failed');
  });
});

describe('custom replanning', () => {
  it('calls the replanner with the failure and honours its tasks', async () => {
    const contexts: ReplanContext[] = [];
    const { result, events, calls } = await run(
      { b: [{ fail: 'missing env var' }, {}] },
      {
        replan: (context) => {
          contexts.push(context);
          return { tasks: [{ id: 'set-env', title: 'Add the missing env var to config', dependsOn: ['a'] }] };
        },
      },
    );
    expect(result.status).toBe('succeeded');
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({ round: 1, task: { id: 'b' }, result: { ok: false, summary: 'missing env var' }, error: { code: 'TASK_FAILED' } });
    expect(contexts[0]?.plan.tasks.some((t) => t.id === 'b')).toBe(true);
    expect(ofType(events, 'replan')[0]?.inserted.map((t) => t.id)).toEqual(['set-env']);
    expect(calls).toEqual(['a#1', 'b#1', 'set-env#1', 'b#2', 'c#1']);
  });

  it('a replanner that gives up (undefined), throws, or returns unusable tasks leaves the failure as it is', async () => {
    for (const replan of [
      () => undefined,
      () => {
        throw new Error('replanner bug');
      },
      () => ({ tasks: [{ id: '../evil', title: 'x' }] }),
      () => ({ tasks: [{ id: 'a', title: 'duplicate id' }] }),
      () => ({ tasks: [{ id: 'ghost', title: 'depends on unknown', dependsOn: ['nope'] }] }),
      () => ({ tasks: [{ id: 'after-c', title: 'would be a cycle once b waits for it', dependsOn: ['c'] }] }),
      () => ({
        tasks: [
          { id: 'x1', title: 'first half of a cycle', dependsOn: ['x2'] },
          { id: 'x2', title: 'second half of a cycle', dependsOn: ['x1'] },
        ],
      }),
    ]) {
      const { result, events, calls } = await run({ b: { fail: 'broken' } }, { replan, onFailure: 'continue' });
      expect(ofType(events, 'replan')).toHaveLength(0);
      expect(result.tasks['b']).toMatchObject({ status: 'failed', attempts: 1 });
      expect(calls).toEqual(['a#1', 'b#1']);
      expect(result.status).toBe('failed');
    }
  });

  it('rerun: false runs the inserted tasks but the failed task stays failed and the run does not succeed', async () => {
    const { result, calls } = await run(
      { b: { fail: 'broken' } },
      { replan: () => ({ tasks: [{ id: 'report', title: 'Write a failure report', dependsOn: ['a'] }], rerun: false }), onFailure: 'continue' },
    );
    expect(calls).toEqual(['a#1', 'b#1', 'report#1']);
    expect(result.tasks['b']?.status).toBe('failed');
    expect(result.tasks['c']?.status).toBe('skipped');
    expect(result.status).toBe('failed');
  });

  it('replan: false disables replanning', async () => {
    const { result, events, calls } = await run({ b: [{ fail: 'boom' }, {}] }, { replan: false, onFailure: 'continue' });
    expect(ofType(events, 'replan')).toHaveLength(0);
    expect(calls).toEqual(['a#1', 'b#1']);
    expect(result.tasks['b']?.status).toBe('failed');
    expect(result.status).toBe('failed');
  });
});
