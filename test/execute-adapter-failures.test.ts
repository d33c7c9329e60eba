/**
 * T3 adapter failures through the real Orchestrator: throws, ok:false, timeouts, adapters that
 * ignore their abort signal, retries with backoff, dependents never run, and the three failure
 * policies (rollback restores the repository exactly and runs compensations in reverse).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { OrchestratorOptions } from '../src/execute/options.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter, type ScriptedAdapter } from '../src/testing/scripted-adapter.js';
import { cleanupAll, isolateGitHome, treeHashes } from './git-fixtures.js';
import { cleanupPlainDirs, makeRunRepo, ofType, plainDir, recordEvents, trackConcurrency } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(() => {
  cleanupAll();
  cleanupPlainDirs();
});

/** a → b → c, and an independent d. */
const chain = () =>
  plan({
    tasks: [
      { id: 'a', title: 'Create users API endpoint' },
      { id: 'b', title: 'Create orders API endpoint', dependsOn: ['a'] },
      { id: 'c', title: 'Write tests for orders API', dependsOn: ['b'] },
      { id: 'd', title: 'Write API documentation' },
    ],
  });

function run(adapter: ScriptedAdapter, options: Partial<OrchestratorOptions> = {}) {
  return chain().then(async (p) => {
    const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false, replan: false, retries: 0, ...options });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(p);
    return { result, events };
  });
}

describe('T3: a failing adapter fails its task, and its dependents never run', () => {
  it('an adapter that throws: task failed with ADAPTER_FAILED and the message; b and c never called', async () => {
    const adapter = createScriptedAdapter({ a: { throw: 'model overloaded' }, d: { durationMs: 20 } });
    const { result, events } = await run(adapter, { onFailure: 'continue' });
    expect(result.tasks['a']).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'ADAPTER_FAILED', message: 'model overloaded' } });
    expect(result.tasks['b']).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(result.tasks['c']).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(result.tasks['d']).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(adapter.callsOf('b')).toHaveLength(0);
    expect(adapter.callsOf('c')).toHaveLength(0);
    expect(ofType(events, 'task:start').map((e) => e.taskId)).not.toContain('b');
    const skipped = ofType(events, 'task:end').filter((e) => e.status === 'skipped' && e.taskId === 'b');
    expect(skipped[0]?.reason).toBe('depends on failed task a');
  });

  it('an adapter that resolves ok:false: task failed with TASK_FAILED and the summary', async () => {
    const adapter = createScriptedAdapter({ a: { fail: '3 tests failed' } });
    const { result } = await run(adapter, { onFailure: 'continue' });
    expect(result.tasks['a']).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED', message: '3 tests failed' }, result: { ok: false } });
    expect(adapter.callsOf('b')).toHaveLength(0);
    expect(result.status).toBe('failed');
  });

  it('an adapter that returns garbage instead of a result: task failed with ADAPTER_FAILED', async () => {
    const garbage = { name: 'garbage', run: () => Promise.resolve(null as never) };
    const p = await chain();
    const result = await new Orchestrator({ cwd: plainDir(), adapter: garbage, git: false, replan: false, retries: 0, onFailure: 'continue' }).run(p);
    expect(result.tasks['a']).toMatchObject({ status: 'failed', error: { code: 'ADAPTER_FAILED' } });
    expect(result.tasks['a']?.error?.message).toContain('returned null');
  });

  it('an adapter that hangs past taskTimeoutMs: TASK_TIMEOUT, its signal aborted, and the run ends', async () => {
    const adapter = trackConcurrency(createScriptedAdapter({ a: { hang: true } }));
    const p = await chain();
    const result = await new Orchestrator({ cwd: plainDir(), adapter, git: false, replan: false, retries: 0, taskTimeoutMs: 40, onFailure: 'continue' }).run(p);
    expect(result.status).toBe('failed');
    expect(result.tasks['a']).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'TASK_TIMEOUT' } });
    expect(result.tasks['a']?.error?.message).toContain('timed out after 40 ms');
    const request = adapter.requests.find((r) => r.task.id === 'a');
    expect(request?.signal.aborted).toBe(true);
    expect(adapter.active.size).toBe(0); // the scripted adapter honoured the abort
  });

  it('an adapter that ignores its abort signal cannot hold the run: it ends while the call is still pending', async () => {
    const adapter = trackConcurrency(createScriptedAdapter({ a: { hang: true, ignoreAbort: true } }));
    const p = await chain();
    const result = await new Orchestrator({ cwd: plainDir(), adapter, git: false, replan: false, retries: 0, taskTimeoutMs: 40 }).run(p);
    expect(result.tasks['a']).toMatchObject({ status: 'failed', error: { code: 'TASK_TIMEOUT' } });
    expect(result.status).toBe('rolled-back');
    expect([...adapter.active]).toEqual(['a']); // still "running" in the adapter, yet the run is over
  });

  it('a sibling that ignores the rollback abort is cancelled without being awaited', async () => {
    const adapter = trackConcurrency(createScriptedAdapter({ a: { durationMs: 20, fail: 'broken' }, d: { durationMs: 60_000, ignoreAbort: true } }));
    const p = await chain();
    const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false, replan: false, retries: 0 });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(p);
    expect(result.status).toBe('rolled-back');
    expect(result.tasks['d']).toMatchObject({ status: 'cancelled', error: { code: 'ABORTED' } });
    expect(adapter.active.has('d')).toBe(true);
    expect(ofType(events, 'task:end').find((e) => e.taskId === 'd')?.reason).toBe('run rolled-back');
  });
});

describe('T3: retries with backoff', () => {
  it('retries a failing attempt (retries: 2, retryDelayMs: 5) and succeeds on the third', async () => {
    const adapter = createScriptedAdapter({ a: [{ throw: 'flaky 1' }, { fail: 'flaky 2' }, {}] });
    const { result, events } = await run(adapter, { retries: 2, retryDelayMs: 5 });
    expect(result.status).toBe('succeeded');
    expect(result.tasks['a']).toMatchObject({ status: 'succeeded', attempts: 3 });
    expect(adapter.callsOf('a').map((c) => c.attempt)).toEqual([1, 2, 3]);
    const retries = ofType(events, 'task:retry');
    expect(retries.map((e) => [e.taskId, e.attempt, e.delayMs, e.error.message])).toEqual([
      ['a', 2, 5, 'flaky 1'],
      ['a', 3, 10, 'flaky 2'],
    ]);
    // one task:start per attempt, a single terminal task:end
    expect(ofType(events, 'task:start').filter((e) => e.taskId === 'a').map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(ofType(events, 'task:end').filter((e) => e.taskId === 'a').map((e) => [e.status, e.attempts])).toEqual([['succeeded', 3]]);
    // b runs only after a succeeded, and sees a's final result
    expect(adapter.callsOf('b')).toHaveLength(1);
  });

  it('gives up after 1 + retries attempts; dependents never run', async () => {
    const adapter = createScriptedAdapter({ a: { fail: 'always' } });
    const { result, events } = await run(adapter, { retries: 2, retryDelayMs: 1, onFailure: 'continue' });
    expect(result.tasks['a']).toMatchObject({ status: 'failed', attempts: 3 });
    expect(ofType(events, 'task:retry')).toHaveLength(2);
    expect(adapter.calls.filter((c) => c.taskId === 'b' || c.taskId === 'c')).toEqual([]);
  });

  it('the default is one retry', async () => {
    const adapter = createScriptedAdapter({ a: { fail: 'always' } });
    const p = await chain();
    const result = await new Orchestrator({ cwd: plainDir(), adapter, git: false, replan: false, retryDelayMs: 0, onFailure: 'continue' }).run(p);
    expect(result.tasks['a']?.attempts).toBe(2);
  });
});

describe('T3: failure policies', () => {
  it("onFailure 'rollback' restores the repository exactly and runs compensations in reverse", async () => {
    const repo = makeRunRepo();
    // The user's own uncommitted state at start: unstaged edit, staged new file, untracked file, ignored file.
    repo.write('README.md', '# project\nuser edit\n');
    repo.write('staged.txt', 'staged by the user\n');
    repo.git('add', 'staged.txt');
    repo.write('notes.txt', 'untracked user notes\n');
    repo.write('.env', 'SECRET=1\n');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const before = treeHashes(repo.dir);
    const statusBefore = repo.git('status', '--porcelain');
    const indexBefore = repo.git('ls-files', '-s');

    const undone: string[] = [];
    const compensate = (name: string) => ({
      run: async (request: { registerCompensation?: (c: { description: string; run: () => void }) => void }) => {
        request.registerCompensation?.({ description: `undo ${name}`, run: () => void undone.push(name) });
      },
    });
    const adapter = createScriptedAdapter({
      a: { ...compensate('a'), writeFiles: { 'src/users.ts': 'users\n', 'README.md': '# overwritten by agent\n' } },
      d: { ...compensate('d'), writeFiles: { 'docs/api.md': 'docs\n' }, deleteFiles: ['notes.txt'] },
      b: { ...compensate('b'), durationMs: 30, writeFiles: { 'src/orders.ts': 'orders\n' } },
      c: { writeFiles: { 'test/orders.test.ts': 'partial\n' }, throw: 'tests crashed' },
    });
    const p = await chain();
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId: 'rb-1', replan: false, retries: 0 });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(p);

    expect(result.status).toBe('rolled-back');
    expect(result.error?.message).toBe('task c failed: tests crashed');
    expect(result.commit).toBeUndefined();
    expect(result.filesChanged).toEqual([]);
    expect(result.tasks['git_commit']).toMatchObject({ status: 'skipped' });
    // Exactly as at start: files, index (staged vs unstaged), HEAD and branch; ignored file untouched.
    expect(treeHashes(repo.dir)).toEqual(before);
    expect(repo.git('status', '--porcelain')).toBe(statusBefore);
    expect(repo.git('ls-files', '-s')).toBe(indexBefore);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.git('symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(repo.exists('src/users.ts')).toBe(false);
    expect(repo.read('README.md').toString()).toBe('# project\nuser edit\n');
    expect(repo.read('notes.txt').toString()).toBe('untracked user notes\n');
    expect(repo.read('.env').toString()).toBe('SECRET=1\n');
    // The backup ref stays for inspection.
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/wavefront/').trim()).toBe('refs/wavefront/runs/rb-1/wave-0');

    // Compensations ran in reverse registration order.
    const registered = adapter.calls.map((c) => c.taskId).filter((id) => id !== 'c');
    expect(undone).toEqual([...registered].reverse());
    expect(undone).toHaveLength(3);
    expect(undone.indexOf('b')).toBeLessThan(undone.indexOf('a'));
    const start = ofType(events, 'rollback:start');
    const end = ofType(events, 'rollback:end');
    expect(start).toEqual([expect.objectContaining({ backupRef: 'refs/wavefront/runs/rb-1/wave-0', reason: 'task c failed: tests crashed' })]);
    expect(end).toEqual([expect.objectContaining({ ok: true, compensations: 3 })]);
    const kinds = events.map((e) => e.type);
    expect(kinds.indexOf('rollback:start')).toBeLessThan(kinds.indexOf('rollback:end'));
    expect(kinds.indexOf('rollback:end')).toBeLessThan(kinds.indexOf('run:end'));
  });

  it("a failing compensation is reported and the run ends 'failed' after restoring the files", async () => {
    const repo = makeRunRepo();
    const before = treeHashes(repo.dir);
    const adapter = createScriptedAdapter({
      a: {
        writeFiles: { 'src/users.ts': 'users\n' },
        run: async (request) => request.registerCompensation?.({ description: 'drop temp table', run: () => Promise.reject(new Error('db gone')) }),
      },
      b: { fail: 'nope' },
    });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, replan: false, retries: 0 });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(await chain());
    expect(result.status).toBe('failed');
    expect(ofType(events, 'rollback:end')[0]).toMatchObject({ ok: false, error: 'compensation "drop temp table" failed: db gone' });
    expect(treeHashes(repo.dir)).toEqual(before);
  });

  it("onFailure 'continue' skips only the failed task's descendants and ends 'failed' without a commit", async () => {
    const repo = makeRunRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const adapter = createScriptedAdapter({
      a: { writeFiles: { 'src/users.ts': 'users\n' } },
      b: { fail: 'orders broken' },
      d: { durationMs: 30, writeFiles: { 'docs/api.md': 'docs\n' } },
    });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, replan: false, retries: 0, onFailure: 'continue' });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(await chain());
    expect(result.status).toBe('failed');
    expect(result.tasks['a']?.status).toBe('succeeded');
    expect(result.tasks['b']?.status).toBe('failed');
    expect(result.tasks['c']?.status).toBe('skipped');
    expect(result.tasks['d']?.status).toBe('succeeded'); // independent work went on
    expect(adapter.callsOf('c')).toHaveLength(0);
    expect(ofType(events, 'rollback:start')).toHaveLength(0);
    expect(result.commit).toBeUndefined();
    expect(result.tasks['git_commit']?.status).toBe('skipped');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    // The work of the tasks that succeeded is left in the working tree, uncommitted.
    expect(repo.read('src/users.ts').toString()).toBe('users\n');
    expect(repo.read('docs/api.md').toString()).toBe('docs\n');
  });

  it("onFailure 'pause' lets running tasks finish, starts nothing new, and ends 'paused' without a commit", async () => {
    const repo = makeRunRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const adapter = createScriptedAdapter({ a: { fail: 'broken' }, d: { durationMs: 40, writeFiles: { 'docs/api.md': 'docs\n' } } });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, replan: false, retries: 0, onFailure: 'pause' });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(await chain());
    expect(result.status).toBe('paused');
    expect(result.error?.message).toBe('task a failed: broken');
    expect(result.tasks['d']?.status).toBe('succeeded'); // was running: allowed to finish
    expect(result.tasks['b']?.status).toBe('skipped');
    expect(result.commit).toBeUndefined();
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(ofType(events, 'rollback:start')).toHaveLength(0);
    // worktree isolation: a paused run's merged work waits on its integration branch for the resume
    expect(repo.exists('docs/api.md')).toBe(false);
    expect(repo.git('show', `wavefront/${result.runId}/integration:docs/api.md`)).toBe('docs\n');
  });
});
