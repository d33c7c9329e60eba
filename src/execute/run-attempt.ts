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
 * Calls `adapter.run(request)`. Resolves on the adapter's answer, or as soon as `controller`
 * aborts (timeout, run abort): an adapter that ignores its signal cannot hold the run.
 */
export async function runAttempt(
  adapter: AgentAdapter,
  request: AgentRequest,
  controller: AbortController,
  timeoutMs: number | undefined,
): Promise<AttemptOutcome> {
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new WavefrontError('TASK_TIMEOUT', `task ${request.task.id} timed out after ${timeoutMs} ms`)), timeoutMs);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<AttemptOutcome>((resolve) => {
    onAbort = () => resolve({ kind: 'error', error: describeError(controller.signal.reason, 'ABORTED'), aborted: true });
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort, { once: true });
  });
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
      return { kind: 'error', error: describeError(error, 'ADAPTER_FAILED'), aborted: controller.signal.aborted };
    }
  })();
  try {
    return await Promise.race([call, aborted]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) controller.signal.removeEventListener('abort', onAbort);
  }
}

/** A serialisable `{ code, message }` from anything thrown. */
export function describeError(error: unknown, fallbackCode: string): { code: string; message: string } {
  if (error instanceof WavefrontError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: fallbackCode, message: error.message };
  return { code: fallbackCode, message: typeof error === 'string' ? error : 'unknown error' };
}
