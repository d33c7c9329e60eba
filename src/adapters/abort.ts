/**
 * Turning an aborted `AbortSignal` into the error an adapter rejects with.
 * @module
 */
import { WavefrontError, isWavefrontError } from '../model/errors.js';

/**
 * The error an adapter should reject with when `signal` aborted its task.
 *
 * The orchestrator aborts with a {@link WavefrontError} (`TASK_TIMEOUT` or `ABORTED`) as the
 * signal's reason; that error is returned as is so the code survives. A `TimeoutError` reason
 * (from `AbortSignal.timeout`) becomes `TASK_TIMEOUT`; anything else becomes `ABORTED`, with the
 * reason kept as `cause`.
 *
 * @example
 * ```ts
 * if (request.signal.aborted) throw abortError(request.signal, request.task.id);
 * ```
 */
export function abortError(signal: AbortSignal, taskId?: string): WavefrontError {
  const reason: unknown = signal.reason;
  if (isWavefrontError(reason)) return reason;
  const subject = taskId === undefined ? 'task' : `task ${JSON.stringify(taskId)}`;
  const details = taskId === undefined ? {} : { taskId };
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new WavefrontError('TASK_TIMEOUT', `${subject} timed out`, { cause: reason, details });
  }
  return new WavefrontError('ABORTED', `${subject} was aborted`, { cause: reason, details });
}

