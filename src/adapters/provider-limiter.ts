/**
 * A per-provider concurrency limiter that backs off while the provider answers 429.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { abortError } from './abort.js';
import { isRateLimitError, retryAfterOf } from './http-errors.js';

/** Options of {@link createProviderLimiter}. */
export interface ProviderLimiterOptions {
  /** Most calls in flight at once, and the ceiling recovery climbs back to. @defaultValue 8 */
  readonly maxConcurrency?: number | undefined;
  /** Floor that halving never goes below. @defaultValue 1 */
  readonly minConcurrency?: number | undefined;
  /** Successful calls in a row (without a 429) that raise the concurrency by one. @defaultValue 5 */
  readonly successesPerIncrease?: number | undefined;
  /** Longest pause a `Retry-After` may impose on new calls. @defaultValue 60000 */
  readonly maxPauseMs?: number | undefined;
  /** Clock, for tests. @defaultValue Date.now */
  readonly now?: (() => number) | undefined;
}

/** A snapshot of a limiter's state. */
export interface ProviderLimiterState {
  /** Calls allowed in flight now. */
  readonly concurrency: number;
  /** Calls in flight. */
  readonly active: number;
  /** Calls waiting for a slot. */
  readonly waiting: number;
  /** Epoch milliseconds before which no new call starts (0 when not paused). */
  readonly pausedUntil: number;
  /** 429 answers seen. */
  readonly rateLimited: number;
}

/**
 * Limits concurrent calls to one provider, AIMD style: each burst of 429 answers halves the
 * concurrency (once per burst: calls that started before the last decrease do not decrease it
 * again) and pauses new calls for the `Retry-After` delay; every `successesPerIncrease` successes
 * in a row add one slot back, up to `maxConcurrency`.
 */
export interface ProviderLimiter {
  /** Runs `fn` when a slot is free, and learns from its outcome (429 or success). */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The current state. */
  state(): ProviderLimiterState;
}

/**
 * Creates a {@link ProviderLimiter}.
 *
 * @example
 * ```ts
 * const limiter = createProviderLimiter({ maxConcurrency: 4 });
 * const text = await limiter.run(() => callModel(prompt), signal);
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for bad options.
 */
export function createProviderLimiter(options: ProviderLimiterOptions = {}): ProviderLimiter {
  const config = _resolveOptions(options);
  let concurrency = config.maxConcurrency;
  let active = 0;
  let epoch = 0;
  let successes = 0;
  let pausedUntil = 0;
  let rateLimited = 0;
  let pauseTimer: NodeJS.Timeout | undefined;
  const queue: { start: () => void }[] = [];

  const pump = (): void => {
    const wait = pausedUntil - config.now();
    if (wait > 0) {
      if (pauseTimer === undefined && queue.length > 0) {
        pauseTimer = setTimeout(() => {
          pauseTimer = undefined;
          pump();
        }, wait);
        pauseTimer.unref?.();
      }
      return;
    }
    while (active < concurrency && queue.length > 0) queue.shift()?.start();
  };

  const onRateLimited = (startEpoch: number, retryAfterMs: number | undefined): void => {
    rateLimited += 1;
    successes = 0;
    if (startEpoch === epoch) {
      epoch += 1;
      concurrency = Math.max(config.minConcurrency, Math.floor(concurrency / 2));
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      pausedUntil = Math.max(pausedUntil, config.now() + Math.min(retryAfterMs, config.maxPauseMs));
    }
  };
  const onSuccess = (): void => {
    successes += 1;
    if (successes >= config.successesPerIncrease && concurrency < config.maxConcurrency) {
      concurrency += 1;
      successes = 0;
    }
  };

  return {
    run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (typeof fn !== 'function') return Promise.reject(_argumentError('fn', 'a function', fn));
      if (signal?.aborted === true) return Promise.reject(abortError(signal));
      return new Promise<T>((resolve, reject) => {
        const entry = {
          start: (): void => {
            signal?.removeEventListener('abort', onAbort);
            active += 1;
            const startEpoch = epoch;
            let outcome: Promise<T>;
            try {
              outcome = fn();
            } catch (error) {
              outcome = Promise.reject(error);
            }
            outcome.then(
              (value) => {
                onSuccess();
                active -= 1;
                pump();
                resolve(value);
              },
              (error: unknown) => {
                if (isRateLimitError(error)) onRateLimited(startEpoch, retryAfterOf(error, config.now()));
                active -= 1;
                pump();
                reject(error);
              },
            );
          },
        };
        const onAbort = (): void => {
          const index = queue.indexOf(entry);
          if (index !== -1) queue.splice(index, 1);
          reject(abortError(signal as AbortSignal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(entry);
        pump();
      });
    },
    state() {
      const now = config.now();
      return { concurrency, active, waiting: queue.length, pausedUntil: pausedUntil > now ? pausedUntil : 0, rateLimited };
    },
  };
}

const shared = new Map<string, ProviderLimiter>();

/**
 * The process-wide limiter of one provider (the part of the AI SDK `provider` id before the first
 * dot: `anthropic.messages` → `anthropic`), created with `options` on first use. Adapters and the
 * LLM decomposer share it by default so that all agents calling one provider back off together.
 */
export function sharedProviderLimiter(provider: string, options?: ProviderLimiterOptions): ProviderLimiter {
  if (typeof provider !== 'string' || provider === '') throw _argumentError('provider', 'a non-empty string', provider);
  const key = provider.split('.')[0] ?? provider;
  let limiter = shared.get(key);
  if (limiter === undefined) {
    limiter = createProviderLimiter(options);
    shared.set(key, limiter);
  }
  return limiter;
}

// --- Internal helpers ---

interface _Config {
  readonly maxConcurrency: number;
  readonly minConcurrency: number;
  readonly successesPerIncrease: number;
  readonly maxPauseMs: number;
  readonly now: () => number;
}

function _resolveOptions(options: ProviderLimiterOptions): _Config {
  if (typeof options !== 'object' || options === null) throw _argumentError('options', 'an options object', options);
  const { maxConcurrency = 8, minConcurrency = 1, successesPerIncrease = 5, maxPauseMs = 60_000, now = Date.now } = options;
  if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1) throw _argumentError('maxConcurrency', 'a positive integer', maxConcurrency);
  if (!Number.isSafeInteger(minConcurrency) || minConcurrency < 1 || minConcurrency > maxConcurrency) {
    throw _argumentError('minConcurrency', `an integer from 1 to maxConcurrency (${maxConcurrency})`, minConcurrency);
  }
  if (!Number.isSafeInteger(successesPerIncrease) || successesPerIncrease < 1) throw _argumentError('successesPerIncrease', 'a positive integer', successesPerIncrease);
  if (!Number.isFinite(maxPauseMs) || maxPauseMs < 0) throw _argumentError('maxPauseMs', 'a non-negative number', maxPauseMs);
  if (typeof now !== 'function') throw _argumentError('now', 'a function', now);
  return { maxConcurrency, minConcurrency, successesPerIncrease, maxPauseMs, now };
}

function _argumentError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `provider limiter: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field },
  });
}
