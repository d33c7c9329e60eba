import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WavefrontError } from '../src/model/errors.js';
import { createScriptedAdapter, readLedger } from '../src/testing/scripted-adapter.js';
import { createTestRequest, type TestRequestOverrides } from '../src/testing/request.js';

let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'wavefront-scripted-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(cwd, { recursive: true, force: true });
});

const request = (id: string, overrides: TestRequestOverrides = {}) => createTestRequest({ cwd, ...overrides, task: { id, ...overrides.task } });

describe('scripted adapter: results', () => {
  it('succeeds by default, for scripted and unscripted tasks', async () => {
    const adapter = createScriptedAdapter({ a: {} });
    await expect(adapter.run(request('a'))).resolves.toEqual({ ok: true, summary: 'scripted success of a', output: { taskId: 'a', attempt: 1 } });
    await expect(adapter.run(request('other'))).resolves.toMatchObject({ ok: true });
  });

  it('fails with a summary, and merges result fields (result.ok wins over fail)', async () => {
    const adapter = createScriptedAdapter({
      a: { fail: 'tests failed: 3' },
      b: { fail: true, result: { ok: true, usage: { inputTokens: 10 } } },
    });
    await expect(adapter.run(request('a'))).resolves.toMatchObject({ ok: false, summary: 'tests failed: 3' });
    await expect(adapter.run(request('b'))).resolves.toMatchObject({ ok: true, usage: { inputTokens: 10 } });
  });

  it('throws a string as an Error and an Error as itself', async () => {
    const custom = new WavefrontError('ADAPTER_FAILED', 'custom');
    const adapter = createScriptedAdapter({ a: { throw: 'agent crashed' }, b: { throw: custom } });
    await expect(adapter.run(request('a'))).rejects.toThrow(new Error('agent crashed'));
    await expect(adapter.run(request('b'))).rejects.toBe(custom);
  });

  it('picks the step by attempt and repeats the last one', async () => {
    const adapter = createScriptedAdapter({ flaky: [{ fail: 'first' }, { throw: 'second' }, { result: { summary: 'third' } }] });
    await expect(adapter.run(request('flaky', { attempt: 1 }))).resolves.toMatchObject({ ok: false, summary: 'first' });
    await expect(adapter.run(request('flaky', { attempt: 2 }))).rejects.toThrow('second');
    await expect(adapter.run(request('flaky', { attempt: 3 }))).resolves.toMatchObject({ ok: true, summary: 'third' });
    await expect(adapter.run(request('flaky', { attempt: 9 }))).resolves.toMatchObject({ ok: true, summary: 'third' });
  });

  it('uses defaultStep for unscripted tasks and a function script when given', async () => {
    const withDefault = createScriptedAdapter({}, { defaultStep: { fail: 'not scripted' } });
    await expect(withDefault.run(request('x'))).resolves.toMatchObject({ ok: false, summary: 'not scripted' });
    const byFunction = createScriptedAdapter(async (req) => (req.task.id.startsWith('bad') ? { fail: true } : {}));
    await expect(byFunction.run(request('bad-1'))).resolves.toMatchObject({ ok: false });
    await expect(byFunction.run(request('good-1'))).resolves.toMatchObject({ ok: true });
  });

  it('merges what run() returns over the step result', async () => {
    const adapter = createScriptedAdapter({ a: { result: { summary: 'from result' }, run: async (req) => ({ output: { deps: Object.keys(req.dependencies) } }) } });
    const result = await adapter.run(request('a', { dependencies: { d1: { ok: true } } }));
    expect(result).toMatchObject({ ok: true, summary: 'from result', output: { deps: ['d1'] } });
  });
});

describe('scripted adapter: files', () => {
  it('writes and deletes files under cwd and reports them in filesChanged', async () => {
    writeFileSync(join(cwd, 'old.txt'), 'old');
    const adapter = createScriptedAdapter({ a: { writeFiles: { 'src/deep/new.ts': 'export {}', 'top.txt': 'x' }, deleteFiles: ['old.txt', 'absent.txt'] } });
    const result = await adapter.run(request('a'));
    expect(result.filesChanged).toEqual(['src/deep/new.ts', 'top.txt', 'old.txt', 'absent.txt']);
    expect(readFileSync(join(cwd, 'src/deep/new.ts'), 'utf8')).toBe('export {}');
    expect(existsSync(join(cwd, 'old.txt'))).toBe(false);
  });

  it('writes files before failing or throwing, as a crashed agent leaves partial work', async () => {
    const adapter = createScriptedAdapter({ a: { writeFiles: { 'partial.txt': 'half' }, throw: 'crash' } });
    await expect(adapter.run(request('a'))).rejects.toThrow('crash');
    expect(existsSync(join(cwd, 'partial.txt'))).toBe(true);
  });

  it.each([['../escape.txt'], ['/etc/passwd'], ['a/../../escape.txt'], ['']])('refuses the path %j with UNSAFE_PATH', (path) => {
    expect(() => createScriptedAdapter({ a: { writeFiles: { [path]: 'x' } } })).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }) as Error);
    expect(() => createScriptedAdapter({ a: { deleteFiles: [path] } })).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }) as Error);
  });

  it('refuses escaping paths from a function script at run time', async () => {
    const adapter = createScriptedAdapter(() => ({ writeFiles: { '../../x': 'x' } }));
    await expect(adapter.run(request('a'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });
});

describe('scripted adapter: time, progress and abort', () => {
  it('reports progress spread over durationMs', async () => {
    vi.useFakeTimers();
    const adapter = createScriptedAdapter({ a: { durationMs: 300, progress: [25, 50] } });
    const req = request('a');
    const pending = adapter.run(req);
    await vi.advanceTimersByTimeAsync(99);
    expect(req.progress).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(req.progress).toEqual([{ percent: 25 }]);
    await vi.advanceTimersByTimeAsync(200);
    expect(req.progress).toEqual([{ percent: 25 }, { percent: 50 }]);
    await expect(pending).resolves.toMatchObject({ ok: true });
  });

  it('rejects with the abort reason when aborted while waiting', async () => {
    vi.useFakeTimers();
    const adapter = createScriptedAdapter({ a: { durationMs: 60_000 } });
    const req = request('a');
    const pending = adapter.run(req);
    const reason = new WavefrontError('TASK_TIMEOUT', 'timed out');
    req.controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a hanging step settles only when aborted', async () => {
    const adapter = createScriptedAdapter({ a: { hang: true } });
    const req = request('a');
    let settled = false;
    const pending = adapter.run(req).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    req.controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('an already-aborted signal rejects before any file is written', async () => {
    const adapter = createScriptedAdapter({ a: { writeFiles: { 'x.txt': 'x' } } });
    const req = request('a');
    req.controller.abort();
    await expect(adapter.run(req)).rejects.toMatchObject({ code: 'ABORTED' });
    expect(existsSync(join(cwd, 'x.txt'))).toBe(false);
  });

  it('ignoreAbort keeps waiting through an abort', async () => {
    vi.useFakeTimers();
    const adapter = createScriptedAdapter({ a: { durationMs: 1000, ignoreAbort: true } });
    const req = request('a');
    let settled = false;
    const pending = adapter.run(req).finally(() => {
      settled = true;
    });
    req.controller.abort();
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toMatchObject({ ok: true });
  });
});

describe('scripted adapter: invocation records', () => {
  it('records calls in memory, per task', async () => {
    const adapter = createScriptedAdapter({});
    await adapter.run(request('a', { attempt: 1 }));
    await adapter.run(request('b', { instance: 'I7' }));
    await adapter.run(request('a', { attempt: 2 }));
    expect(adapter.calls.map(({ taskId, attempt, instance }) => ({ taskId, attempt, instance }))).toEqual([
      { taskId: 'a', attempt: 1, instance: 'I4' },
      { taskId: 'b', attempt: 1, instance: 'I7' },
      { taskId: 'a', attempt: 2, instance: 'I4' },
    ]);
    expect(adapter.callsOf('a').map((call) => call.attempt)).toEqual([1, 2]);
    expect(adapter.calls.every((call) => Number.isInteger(call.at))).toBe(true);
  });

  it('appends one JSON line per invocation to the ledger, also for failing ones', async () => {
    const ledger = join(cwd, 'ledger.jsonl');
    const adapter = createScriptedAdapter({ b: { throw: 'boom' } }, { ledger });
    await adapter.run(request('a'));
    await adapter.run(request('b', { attempt: 2 })).catch(() => undefined);
    const entries = readLedger(ledger);
    expect(entries.map(({ taskId, attempt, pid }) => ({ taskId, attempt, pid }))).toEqual([
      { taskId: 'a', attempt: 1, pid: process.pid },
      { taskId: 'b', attempt: 2, pid: process.pid },
    ]);
  });

  it('readLedger skips a torn last line but refuses a corrupt middle line', () => {
    const ledger = join(cwd, 'ledger.jsonl');
    expect(readLedger(ledger)).toEqual([]);
    writeFileSync(ledger, '{"taskId":"a","attempt":1,"instance":"I4","pid":1,"at":1}\n{"taskId":"b","att');
    expect(readLedger(ledger).map((entry) => entry.taskId)).toEqual(['a']);
    appendFileSync(ledger, '\n{"taskId":"c","attempt":1,"instance":"I4","pid":1,"at":1}\n');
    expect(() => readLedger(ledger)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { line: 2 } }) as Error);
  });

  it('counts dispose calls', async () => {
    const adapter = createScriptedAdapter({});
    await adapter.dispose?.();
    await adapter.dispose?.();
    expect(adapter.disposeCount).toBe(2);
  });
});

describe('scripted adapter: validation', () => {
  it.each([
    [null, 'script'],
    [[], 'script'],
    [{ a: [] }, 'script.a'],
    [{ a: 5 }, 'script.a'],
    [{ a: { durationMs: -1 } }, 'script.a.durationMs'],
    [{ a: [{}, { progress: [101] }] }, 'script.a[1].progress'],
    [{ a: { hang: 'yes' } }, 'script.a.hang'],
    [{ a: { fail: 1 } }, 'script.a.fail'],
    [{ a: { run: 'code' } }, 'script.a.run'],
  ])('rejects the script %j with INVALID_ARGUMENT naming %s', (script, field) => {
    expect(() => createScriptedAdapter(script as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field } }) as Error);
  });

  it('rejects a malformed request with INVALID_ARGUMENT', async () => {
    const adapter = createScriptedAdapter({});
    await expect(adapter.run({ ...request('a'), attempt: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'request.attempt' } });
    await expect(adapter.run(null as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(adapter.calls).toHaveLength(0);
  });
});
