/**
 * `testAdapter()`: the conformance suite every agent adapter (built-in or third-party) should pass.
 * It registers vitest tests, so call it inside a vitest test file (vitest is an optional peer).
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentAdapter, AgentProgress, AgentRequest, AgentResult } from '../adapters/types.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import type { PlannedTask } from '../model/plan.js';
import { createTestRequest, type TestRequestOverrides } from './request.js';

/** Task ids the suite uses unless `task`, `failingTask` or `hangingTask` set others. */
export const CONFORMANCE_TASK_IDS = {
  /** The task that must succeed. */
  ok: 'conformance-ok',
  /** The task that must fail. */
  fail: 'conformance-fail',
  /** The task that must run until aborted. */
  hang: 'conformance-hang',
} as const;

/** Capabilities an adapter may opt out of. */
export interface ConformanceSkips {
  /** The adapter cannot be made to fail on purpose. */
  readonly failure?: boolean | undefined;
  /** The adapter cannot be made to run until aborted. */
  readonly abort?: boolean | undefined;
  /** Do not check progress reports. */
  readonly progress?: boolean | undefined;
}

/** Options of {@link testAdapter}. */
export interface TestAdapterOptions {
  /** The adapter, or a factory called once per test (its `dispose` is then called after each test). */
  readonly adapter: AgentAdapter | (() => AgentAdapter | Promise<AgentAdapter>);
  /** Suite title suffix. @defaultValue the adapter's name, or "adapter" for a factory */
  readonly name?: string | undefined;
  /** Builds requests; receives the suite's overrides (task, fresh temporary `cwd`, signal). @defaultValue {@link createTestRequest} */
  readonly makeRequest?: ((overrides: TestRequestOverrides) => AgentRequest) | undefined;
  /** Fields of the task that must succeed (e.g. a `command` for the shell adapter). */
  readonly task?: Partial<PlannedTask> | undefined;
  /** Fields of the task that must fail. */
  readonly failingTask?: Partial<PlannedTask> | undefined;
  /** Fields of the task that must run until aborted. */
  readonly hangingTask?: Partial<PlannedTask> | undefined;
  /** Checks to leave out. */
  readonly skip?: ConformanceSkips | undefined;
  /** Longest a run may take to settle (success, failure, or after an abort). @defaultValue 10000 */
  readonly timeoutMs?: number | undefined;
  /** When the hanging task is aborted: at its first progress report, or after this long. @defaultValue 200 */
  readonly abortAfterMs?: number | undefined;
}

/**
 * Registers the adapter conformance suite (a `describe` block) in the calling vitest file.
 *
 * It checks that `name` is a non-empty string; `run` returns a promise of `{ ok: boolean }`; a
 * successful task resolves `ok: true` with a JSON-serialisable result; progress reports are
 * well-formed; a failing task resolves `ok: false` or rejects with an `Error`, and never hangs; an
 * abort mid-run and an already-aborted signal settle within `timeoutMs` (rejecting, or resolving
 * `ok: false`); `dispose`, when present, can be called twice.
 *
 * @example
 * ```ts
 * import { testAdapter } from 'wavefront/testing';
 * testAdapter({ adapter: () => createMyAdapter(), skip: { failure: true } });
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for malformed options.
 */
export function testAdapter(options: TestAdapterOptions): void {
  const config = _resolveOptions(options);
  const isFactory = typeof options.adapter === 'function';
  const title = options.name ?? (isFactory ? 'adapter' : (options.adapter as AgentAdapter).name);
  const testTimeout = config.timeoutMs + 5000;

  describe(`adapter conformance: ${title}`, () => {
    let cwd = '';
    const created: AgentAdapter[] = [];
    const getAdapter = async (): Promise<AgentAdapter> => {
      if (!isFactory) return options.adapter as AgentAdapter;
      const adapter = await (options.adapter as () => AgentAdapter | Promise<AgentAdapter>)();
      created.push(adapter);
      return adapter;
    };
    const request = (task: Partial<PlannedTask>, extra: TestRequestOverrides = {}): AgentRequest =>
      config.makeRequest({ cwd, ...extra, task });
    const settle = (promise: Promise<AgentResult>): Promise<_Outcome> => _withDeadline(promise, config.timeoutMs);

    beforeEach(async () => {
      cwd = await mkdtemp(join(tmpdir(), 'wavefront-conformance-'));
    });
    afterEach(async () => {
      for (const adapter of created.splice(0)) await adapter.dispose?.();
      await rm(cwd, { recursive: true, force: true });
    });

    it('has a non-empty string name', async () => {
      const adapter = await getAdapter();
      expect(typeof adapter.name).toBe('string');
      expect(adapter.name.length).toBeGreaterThan(0);
      expect(typeof adapter.run).toBe('function');
    });

    it('run returns a promise of an object with a boolean ok', async () => {
      const adapter = await getAdapter();
      const pending: unknown = adapter.run(request(config.task));
      expect(typeof (pending as { then?: unknown } | null)?.then).toBe('function');
      const outcome = await settle(pending as Promise<AgentResult>);
      expect(outcome.status, _describe(outcome)).toBe('resolved');
      const result = (outcome as { value: unknown }).value;
      expect(typeof result).toBe('object');
      expect(typeof (result as { ok?: unknown }).ok).toBe('boolean');
    }, testTimeout);

    it('resolves ok: true with a well-typed, JSON-serialisable result for a successful task', async () => {
      const adapter = await getAdapter();
      const outcome = await settle(adapter.run(request(config.task)));
      expect(outcome.status, _describe(outcome)).toBe('resolved');
      const result = (outcome as { value: AgentResult }).value;
      expect(result.ok).toBe(true);
      _expectWellTyped(result);
      expect(JSON.parse(JSON.stringify({ summary: result.summary, output: result.output }))).toEqual({
        summary: result.summary,
        output: result.output,
      });
    }, testTimeout);

    it.skipIf(config.skip.progress)('reports only well-formed progress, if any', async () => {
      const adapter = await getAdapter();
      const reports: AgentProgress[] = [];
      const outcome = await settle(adapter.run(request(config.task, { report: (p) => reports.push(p) })));
      expect(outcome.status, _describe(outcome)).toBe('resolved');
      for (const report of reports) {
        expect(typeof report).toBe('object');
        if (report.percent !== undefined) {
          expect(report.percent).toBeGreaterThanOrEqual(0);
          expect(report.percent).toBeLessThanOrEqual(100);
        }
        if (report.message !== undefined) expect(typeof report.message).toBe('string');
      }
    }, testTimeout);

    it.skipIf(config.skip.failure)('resolves ok: false or rejects with an Error for a failing task', async () => {
      const adapter = await getAdapter();
      const outcome = await settle(adapter.run(request(config.failingTask)));
      expect(outcome.status, _describe(outcome)).not.toBe('timeout');
      if (outcome.status === 'resolved') {
        expect(outcome.value.ok).toBe(false);
        _expectWellTyped(outcome.value);
      } else if (outcome.status === 'rejected') {
        expect(outcome.error).toBeInstanceOf(Error);
      }
    }, testTimeout);

    it.skipIf(config.skip.abort)('settles within timeoutMs when aborted mid-run', async () => {
      const adapter = await getAdapter();
      const controller = new AbortController();
      const reason = new WavefrontError('ABORTED', 'aborted by the conformance suite');
      let timer: NodeJS.Timeout | undefined;
      const abort = (): void => {
        clearTimeout(timer);
        controller.abort(reason);
      };
      timer = setTimeout(abort, config.abortAfterMs);
      const outcome = await settle(adapter.run(request(config.hangingTask, { signal: controller.signal, report: abort })));
      clearTimeout(timer);
      _expectAborted(outcome);
    }, testTimeout);

    it.skipIf(config.skip.abort)('settles within timeoutMs when the signal is already aborted', async () => {
      const adapter = await getAdapter();
      const reason = new WavefrontError('ABORTED', 'aborted by the conformance suite');
      const outcome = await settle(adapter.run(request(config.hangingTask, { signal: AbortSignal.abort(reason) })));
      _expectAborted(outcome);
    }, testTimeout);

    it('allows dispose, when present, to be called twice', async () => {
      const adapter = await getAdapter();
      expect(['undefined', 'function']).toContain(typeof adapter.dispose);
      if (adapter.dispose === undefined) return;
      await adapter.dispose();
      await adapter.dispose();
    }, testTimeout);
  });
}

// --- Internal helpers ---

type _Outcome =
  | { readonly status: 'resolved'; readonly value: AgentResult }
  | { readonly status: 'rejected'; readonly error: unknown }
  | { readonly status: 'timeout'; readonly timeoutMs: number };

interface _Config {
  readonly makeRequest: (overrides: TestRequestOverrides) => AgentRequest;
  readonly task: Partial<PlannedTask>;
  readonly failingTask: Partial<PlannedTask>;
  readonly hangingTask: Partial<PlannedTask>;
  readonly skip: { readonly failure: boolean; readonly abort: boolean; readonly progress: boolean };
  readonly timeoutMs: number;
  readonly abortAfterMs: number;
}

function _withDeadline(promise: Promise<AgentResult>, timeoutMs: number): Promise<_Outcome> {
  return new Promise<_Outcome>((resolve) => {
    const timer = setTimeout(() => resolve({ status: 'timeout', timeoutMs }), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ status: 'resolved', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ status: 'rejected', error });
      },
    );
  });
}

function _expectAborted(outcome: _Outcome): void {
  expect(outcome.status, _describe(outcome)).not.toBe('timeout');
  if (outcome.status === 'resolved') expect(outcome.value.ok, 'an aborted run must not report success').toBe(false);
  else if (outcome.status === 'rejected') expect(outcome.error).toBeInstanceOf(Error);
}

function _expectWellTyped(result: AgentResult): void {
  if (result.summary !== undefined) expect(typeof result.summary).toBe('string');
  if (result.filesChanged !== undefined) {
    expect(Array.isArray(result.filesChanged)).toBe(true);
    for (const file of result.filesChanged) expect(typeof file).toBe('string');
  }
  if (result.usage !== undefined) {
    for (const key of ['inputTokens', 'outputTokens', 'costUsd'] as const) {
      const value = result.usage[key];
      if (value !== undefined) expect(Number.isFinite(value) && value >= 0, `usage.${key} must be a non-negative number`).toBe(true);
    }
  }
}

function _describe(outcome: _Outcome): string {
  if (outcome.status === 'timeout') return `the adapter did not settle within ${outcome.timeoutMs} ms`;
  if (outcome.status === 'rejected') return `the adapter rejected: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`;
  return `the adapter resolved ok: ${String(outcome.value.ok)} (${outcome.value.summary ?? 'no summary'})`;
}

function _resolveOptions(options: TestAdapterOptions): _Config {
  if (typeof options !== 'object' || options === null) throw _argumentError('options', 'an options object', options);
  const { adapter, makeRequest = createTestRequest, timeoutMs = 10_000, abortAfterMs = 200, skip = {} } = options;
  if (typeof adapter !== 'function' && (typeof adapter !== 'object' || adapter === null)) {
    throw _argumentError('adapter', 'an AgentAdapter or a factory', adapter);
  }
  if (typeof makeRequest !== 'function') throw _argumentError('makeRequest', 'a function', makeRequest);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw _argumentError('timeoutMs', 'a positive number', timeoutMs);
  if (!Number.isFinite(abortAfterMs) || abortAfterMs < 0) throw _argumentError('abortAfterMs', 'a non-negative number', abortAfterMs);
  if (typeof skip !== 'object' || skip === null) throw _argumentError('skip', 'an object of flags', skip);
  return {
    makeRequest,
    task: { id: CONFORMANCE_TASK_IDS.ok, title: 'Conformance: succeed', ...options.task },
    failingTask: { id: CONFORMANCE_TASK_IDS.fail, title: 'Conformance: fail', ...options.failingTask },
    hangingTask: { id: CONFORMANCE_TASK_IDS.hang, title: 'Conformance: run until aborted', ...options.hangingTask },
    skip: { failure: skip.failure === true, abort: skip.abort === true, progress: skip.progress === true },
    timeoutMs,
    abortAfterMs,
  };
}

function _argumentError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `testAdapter: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field },
  });
}
