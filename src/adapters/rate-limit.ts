/**
 * Retrying model calls on 429 (honouring `Retry-After`) and transient errors, with jittered
 * exponential backoff, optionally through a per-provider {@link ProviderLimiter}.
 * @module
 */
import { setTimeout as delay } from 'node:timers/promises';
import { WavefrontError, describeValue } from '../model/errors.js';
import { abortError } from './abort.js';
import { errorStatus, isRetryableError, retryAfterOf } from './http-errors.js';
import type { ProviderLimiter } from './provider-limiter.js';

export { errorStatus, isRateLimitError, isRetryableError, parseRetryAfter, retryAfterOf } from './http-errors.js';
export { createProviderLimiter, sharedProviderLimiter } from './provider-limiter.js';
export type { ProviderLimiter, ProviderLimiterOptions, ProviderLimiterState } from './provider-limiter.js';

/** What {@link RateLimitRetryOptions.onRetry} is told before each wait. */
export interface RateLimitRetryInfo {
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  /** How long the helper waits before the next attempt. */
  readonly delayMs: number;
  /** The server's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** HTTP status of the failure, when known. */
  readonly status: number | undefined;
  /** The error of the failed attempt. */
  readonly error: unknown;
}

/** Options of {@link withRateLimitRetry}. */
export interface RateLimitRetryOptions {
  /** Retries after the first attempt. @defaultValue 4 */
  readonly maxRetries?: number | undefined;
  /** Backoff of the first retry when the server sent no `Retry-After`; doubles each retry. @defaultValue 1000 */
  readonly baseDelayMs?: number | undefined;
  /** Longest wait. A `Retry-After` longer than this is not waited for: the error is thrown. @defaultValue 60000 */
  readonly maxDelayMs?: number | undefined;
  /** Stops waiting and retrying; the helper then rejects with the signal's {@link WavefrontError}. */
  readonly signal?: AbortSignal | undefined;
  /** Called before each wait. Errors it throws are ignored. */
  readonly onRetry?: ((info: RateLimitRetryInfo) => void) | undefined;
  /** Which errors are retried. @defaultValue {@link isRetryableError} (429, 408, 5xx, network) */
  readonly shouldRetry?: ((error: unknown) => boolean) | undefined;
  /** Runs each attempt through this limiter (which halves its concurrency on 429). */
  readonly limiter?: ProviderLimiter | undefined;
  /** Random source in [0, 1) for jitter, for tests. @defaultValue Math.random */
  readonly random?: (() => number) | undefined;
}

/**
 * Calls `fn` and retries it on 429 and transient errors. The wait before retry `n` is the server's
 * `Retry-After` (seconds, HTTP date, or `retry-after-ms`) plus up to 25 % of `baseDelayMs` of
 * jitter, or, without one, "equal jitter" backoff: half of `baseDelayMs · 2^(n-1)` plus a random
 * share of the other half, capped at `maxDelayMs`. Errors that are not retried, and the last error
 * once retries run out, are rethrown as they are.
 *
 * Give AI SDK calls `maxRetries: 0` so that this helper alone governs retries.
 *
 * @example
 * ```ts
 * const result = await withRateLimitRetry(
 *   () => generateText({ model, prompt, maxRetries: 0, abortSignal: signal }),
 *   { maxRetries: 5, baseDelayMs: 500, signal, onRetry: (info) => console.warn(`retry in ${info.delayMs} ms`) },
 * );
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for bad options; `ABORTED` / `TASK_TIMEOUT`
 * (the signal's reason) when aborted.
 */
export async function withRateLimitRetry<T>(fn: (attempt: number) => Promise<T>, options: RateLimitRetryOptions = {}): Promise<T> {
  if (typeof fn !== 'function') throw _argumentError('fn', 'a function', fn);
  const config = _resolveOptions(options);
  const { signal } = config;
  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted === true) throw abortError(signal);
    try {
      const call = (): Promise<T> => fn(attempt);
      return await (config.limiter === undefined ? call() : config.limiter.run(call, signal));
    } catch (error) {
      // The call may have failed because the signal aborted it (the narrowing above is stale here).
      if ((signal as AbortSignal | undefined)?.aborted === true) throw abortError(signal as AbortSignal);
      if (attempt > config.maxRetries || !config.shouldRetry(error)) throw error;
      const retryAfterMs = retryAfterOf(error);
      if (retryAfterMs !== undefined && retryAfterMs > config.maxDelayMs) throw error;
      const delayMs = _delayMs(attempt, retryAfterMs, config);
      try {
        config.onRetry?.({ attempt, delayMs, retryAfterMs, status: errorStatus(error), error });
      } catch {
        // A broken observer must not change the outcome.
      }
      try {
        await delay(delayMs, undefined, signal === undefined ? undefined : { signal });
      } catch {
        throw abortError(signal as AbortSignal);
      }
    }
  }
}

/**
 * The wait before retry `attempt` (1-based): see {@link withRateLimitRetry}. Pure given `random`.
 */
export function backoffDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  options: { readonly baseDelayMs?: number; readonly maxDelayMs?: number; readonly random?: () => number } = {},
): number {
  const { baseDelayMs = 1000, maxDelayMs = 60_000, random = Math.random } = options;
  return _delayMs(attempt, retryAfterMs, { baseDelayMs, maxDelayMs, random });
}

// --- Internal helpers ---

interface _Config {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onRetry: ((info: RateLimitRetryInfo) => void) | undefined;
  readonly shouldRetry: (error: unknown) => boolean;
  readonly limiter: ProviderLimiter | undefined;
  readonly random: () => number;
}

function _delayMs(attempt: number, retryAfterMs: number | undefined, config: Pick<_Config, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const unit = Math.min(1, Math.max(0, config.random()));
  if (retryAfterMs !== undefined) return Math.min(config.maxDelayMs, Math.round(retryAfterMs + unit * config.baseDelayMs * 0.25));
  const exponential = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(exponential / 2 + (unit * exponential) / 2);
}

function _resolveOptions(options: RateLimitRetryOptions): _Config {
  if (typeof options !== 'object' || options === null) throw _argumentError('options', 'an options object', options);
  const { maxRetries = 4, baseDelayMs = 1000, maxDelayMs = 60_000, signal, onRetry, shouldRetry = isRetryableError, limiter, random = Math.random } = options;
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0) throw _argumentError('maxRetries', 'a non-negative integer', maxRetries);
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) throw _argumentError('baseDelayMs', 'a non-negative number', baseDelayMs);
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0) throw _argumentError('maxDelayMs', 'a non-negative number', maxDelayMs);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw _argumentError('signal', 'an AbortSignal', signal);
  if (onRetry !== undefined && typeof onRetry !== 'function') throw _argumentError('onRetry', 'a function', onRetry);
  if (typeof shouldRetry !== 'function') throw _argumentError('shouldRetry', 'a function', shouldRetry);
  if (limiter !== undefined && (typeof limiter !== 'object' || limiter === null || typeof limiter.run !== 'function')) {
    throw _argumentError('limiter', 'a ProviderLimiter', limiter);
  }
  if (typeof random !== 'function') throw _argumentError('random', 'a function', random);
  return { maxRetries, baseDelayMs, maxDelayMs, signal, onRetry, shouldRetry, limiter, random };
}

function _argumentError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `withRateLimitRetry: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field },
  });
}
