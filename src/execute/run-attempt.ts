/**
 * One adapter call with timeout and abort, never trusting the adapter to stop.
 * @module
 */
import type { AgentAdapter, AgentRequest, AgentResult } from '../adapters/types.js';
import { WavefrontError } from '../model/errors.js';

/** How an attempt ended. */
export type AttemptOutcome =
  | { readonly kind: 'result'; readonly result: AgentResult }
  | { readonly kind: 'error'; readonly error: { readonly code?: string | undefined; readonly message: string }; readonly aborted: boolean };

/**
 * Races promises against one abort signal with a single listener on the signal: each watched
 * promise registers a resolver that is dropped as soon as it settles, so thousands of attempts
 * leave no reactions behind on a long-lived promise.
 */
export class AbortWatch {
  readonly signal: AbortSignal;
  readonly #waiting = new Set<(outcome: AttemptOutcome) => void>();

  constructor(signal: AbortSignal) {
    this.signal = signal;
    signal.addEventListener(
      'abort',
      () => {
        const outcome: AttemptOutcome = { kind: 'error', error: describeError(signal.reason, 'ABORTED'), aborted: true };
        for (const resolve of [...this.#waiting]) resolve(outcome);
      },
      { once: true },
    );
  }

  /** Resolves with `work`'s outcome, or with the abort as soon as the signal aborts. */
  watch(work: Promise<AttemptOutcome>): Promise<AttemptOutcome> {
    if (this.signal.aborted) return Promise.resolve({ kind: 'error', error: describeError(this.signal.reason, 'ABORTED'), aborted: true });
    return new Promise((resolve) => {
      const finish = (outcome: AttemptOutcome): void => {
        if (!this.#waiting.delete(finish)) return;
        resolve(outcome);
      };
      this.#waiting.add(finish);
      void work.then(finish);
    });
  }
}

/**
 * Calls `adapter.run(request)`. Resolves on the adapter's answer, or as soon as `watch`'s signal
 * (the request's signal) aborts: an adapter that ignores its signal cannot hold the run.
 */
export function runAttempt(adapter: AgentAdapter, request: AgentRequest, watch: AbortWatch): Promise<AttemptOutcome> {
  const call = (async (): Promise<AttemptOutcome> => {
    try {
      const result: unknown = await adapter.run(request);
      if (typeof result !== 'object' || result === null || typeof (result as AgentResult).ok !== 'boolean') {
        return {
          kind: 'error',
          error: { code: 'ADAPTER_FAILED', message: `adapter ${adapter.name} returned ${result === null ? 'null' : typeof result}, expected { ok: boolean }` },
          aborted: false,
        };
      }
      return { kind: 'result', result: result as AgentResult };
    } catch (error) {
      return { kind: 'error', error: describeError(error, 'ADAPTER_FAILED'), aborted: request.signal.aborted };
    }
  })();
  return watch.watch(call);
}

/**
 * The watch an attempt runs under: the run's own, or — with a timeout — one on a child signal
 * that also aborts with `TASK_TIMEOUT`. `dispose` clears the timer and the link.
 */
export function attemptWatch(run: AbortWatch, taskId: string, timeoutMs: number | undefined): { watch: AbortWatch; dispose(): void } {
  if (timeoutMs === undefined) return { watch: run, dispose: () => undefined };
  const controller = new AbortController();
  const relay = (): void => controller.abort(run.signal.reason);
  if (run.signal.aborted) relay();
  else run.signal.addEventListener('abort', relay, { once: true });
  const timer = setTimeout(() => controller.abort(new WavefrontError('TASK_TIMEOUT', `task ${taskId} timed out after ${timeoutMs} ms`)), timeoutMs);
  return {
    watch: new AbortWatch(controller.signal),
    dispose() {
      clearTimeout(timer);
      run.signal.removeEventListener('abort', relay);
    },
  };
}

/** A serialisable `{ code, message }` from anything thrown. */
export function describeError(error: unknown, fallbackCode: string): { code: string; message: string } {
  if (error instanceof WavefrontError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: fallbackCode, message: error.message };
  return { code: fallbackCode, message: typeof error === 'string' ? error : 'unknown error' };
}
