import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  errorStatus,
  isRateLimitError,
  isRetryableError,
  parseRetryAfter,
  retryAfterOf,
  withRateLimitRetry,
  type RateLimitRetryInfo,
} from '../src/adapters/rate-limit.js';
import { WavefrontError } from '../src/model/errors.js';

/** An error shaped like the AI SDK's APICallError. */
function apiError(statusCode: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HTTP ${statusCode}`), { statusCode, responseHeaders: headers, isRetryable: statusCode === 429 || statusCode >= 500 });
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds, including fractions', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('gives undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});

describe('reading provider errors', () => {
  it('finds the status through RetryError.lastError and cause chains', () => {
    const inner = apiError(429, { 'retry-after': '2' });
    const retryError = Object.assign(new Error('failed after retries'), { lastError: inner, errors: [inner] });
    expect(errorStatus(retryError)).toBe(429);
    expect(isRateLimitError(new Error('wrapped', { cause: inner }))).toBe(true);
    expect(retryAfterOf(retryError)).toBe(2000);
  });

  it('prefers retry-after-ms and reads Headers objects and response.status', () => {
    expect(retryAfterOf(apiError(429, { 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    const fetchLike = { response: { status: 503, headers: new Headers({ 'Retry-After': '4' }) } };
    expect(errorStatus(fetchLike)).toBe(503);
    expect(retryAfterOf(fetchLike)).toBe(4000);
  });

  it('retries 429, 408, 5xx and SDK-retryable errors, never 4xx or aborts', () => {
    expect(isRetryableError(apiError(429))).toBe(true);
    expect(isRetryableError(apiError(529))).toBe(true);
    expect(isRetryableError(apiError(408))).toBe(true);
    expect(isRetryableError(apiError(400))).toBe(false);
    expect(isRetryableError(apiError(401))).toBe(false);
    expect(isRetryableError(Object.assign(new Error('socket hang up'), { isRetryable: true }))).toBe(true);
    expect(isRetryableError(new Error('plain'))).toBe(false);
    expect(isRetryableError(Object.assign(new Error('aborted'), { name: 'AbortError', isRetryable: true }))).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('is equal-jitter exponential backoff without Retry-After', () => {
    expect(backoffDelayMs(1, undefined, { baseDelayMs: 100, random: () => 0 })).toBe(50);
    expect(backoffDelayMs(1, undefined, { baseDelayMs: 100, random: () => 1 })).toBe(100);
    expect(backoffDelayMs(3, undefined, { baseDelayMs: 100, random: () => 0 })).toBe(200);
    expect(backoffDelayMs(30, undefined, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 1 })).toBe(5000);
  });

  it('waits at least the Retry-After, plus at most a quarter of the base delay', () => {
    expect(backoffDelayMs(1, 3000, { baseDelayMs: 1000, random: () => 0 })).toBe(3000);
    expect(backoffDelayMs(1, 3000, { baseDelayMs: 1000, random: () => 1 })).toBe(3250);
  });
});

describe('withRateLimitRetry', () => {
  it('retries a 429 after the Retry-After delay and returns the later success', async () => {
    const retries: RateLimitRetryInfo[] = [];
    let calls = 0;
    const result = await withRateLimitRetry(
      async (attempt) => {
        calls += 1;
        if (attempt === 1) throw apiError(429, { 'retry-after-ms': '30' });
        return `ok on ${attempt}`;
      },
      { baseDelayMs: 1, random: () => 0, onRetry: (info) => retries.push(info) },
    );
    expect(result).toBe('ok on 2');
    expect(calls).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, retryAfterMs: 30, delayMs: 30, status: 429 });
  });

  it('gives up after maxRetries and rethrows the last error as it is', async () => {
    let calls = 0;
    const last = apiError(503);
    await expect(
      withRateLimitRetry(
        async () => {
          calls += 1;
          throw calls === 3 ? last : apiError(503);
        },
        { maxRetries: 2, baseDelayMs: 1 },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
  });

  it('does not retry non-retryable errors', async () => {
    let calls = 0;
    const error = apiError(400);
    await expect(
      withRateLimitRetry(async () => {
        calls += 1;
        throw error;
      }),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('does not wait for a Retry-After longer than maxDelayMs', async () => {
    let calls = 0;
    await expect(
      withRateLimitRetry(
        async () => {
          calls += 1;
          throw apiError(429, { 'retry-after': '3600' });
        },
        { maxDelayMs: 1000 },
      ),
    ).rejects.toMatchObject({ statusCode: 429 });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted and rejects with the signal reason', async () => {
    const controller = new AbortController();
    const reason = new WavefrontError('ABORTED', 'stop');
    const pending = withRateLimitRetry(
      async () => {
        throw apiError(429, { 'retry-after': '30' });
      },
      { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(reason), 5) },
    );
    await expect(pending).rejects.toBe(reason);
  });

  it('rejects bad options with INVALID_ARGUMENT', async () => {
    await expect(withRateLimitRetry(async () => 1, { maxRetries: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(withRateLimitRetry(async () => 1, { baseDelayMs: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(withRateLimitRetry('nope' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
