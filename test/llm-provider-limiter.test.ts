import { describe, expect, it } from 'vitest';
import { createProviderLimiter, sharedProviderLimiter } from '../src/adapters/rate-limit.js';
import { WavefrontError } from '../src/model/errors.js';

function rateLimited(retryAfterMs?: number): Error {
  const headers: Record<string, string> = retryAfterMs === undefined ? {} : { 'retry-after-ms': String(retryAfterMs) };
  return Object.assign(new Error('429'), { statusCode: 429, responseHeaders: headers });
}

/** A call that stays in flight until released. */
function gate(): { promise: Promise<string>; release: () => void; fail: (error: unknown) => void } {
  let release!: () => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<string>((resolve, reject) => {
    release = () => resolve('done');
    fail = reject;
  });
  return { promise, release, fail };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createProviderLimiter', () => {
  it('never runs more calls at once than its concurrency', async () => {
    const limiter = createProviderLimiter({ maxConcurrency: 2 });
    const gates = [gate(), gate(), gate()];
    let started = 0;
    const runs = gates.map((g) =>
      limiter.run(() => {
        started += 1;
        return g.promise;
      }),
    );
    await tick();
    expect(started).toBe(2);
    expect(limiter.state()).toMatchObject({ active: 2, waiting: 1 });
    gates[0]?.release();
    await tick();
    expect(started).toBe(3);
    gates[1]?.release();
    gates[2]?.release();
    await expect(Promise.all(runs)).resolves.toEqual(['done', 'done', 'done']);
  });

  it('halves once per burst of 429s and climbs back one slot per run of successes', async () => {
    const limiter = createProviderLimiter({ maxConcurrency: 8, successesPerIncrease: 2 });
    // Three calls in flight when the provider starts refusing: one burst, one halving.
    const burst = [gate(), gate(), gate()];
    const runs = burst.map((g) => limiter.run(() => g.promise).catch(() => 'refused'));
    await tick();
    for (const g of burst) g.fail(rateLimited());
    await Promise.all(runs);
    expect(limiter.state()).toMatchObject({ concurrency: 4, rateLimited: 3 });
    // A 429 of a call started after the decrease halves again.
    await limiter.run(() => Promise.reject(rateLimited())).catch(() => undefined);
    expect(limiter.state().concurrency).toBe(2);
    for (let i = 0; i < 4; i += 1) await limiter.run(async () => i);
    expect(limiter.state().concurrency).toBe(4);
  });

  it('does not go below minConcurrency', async () => {
    const limiter = createProviderLimiter({ maxConcurrency: 4, minConcurrency: 2 });
    for (let i = 0; i < 3; i += 1) await limiter.run(() => Promise.reject(rateLimited())).catch(() => undefined);
    expect(limiter.state().concurrency).toBe(2);
  });

  it('holds new calls while a Retry-After lasts', async () => {
    let now = 1_000;
    const limiter = createProviderLimiter({ maxConcurrency: 4, now: () => now });
    await limiter.run(() => Promise.reject(rateLimited(40))).catch(() => undefined);
    expect(limiter.state().pausedUntil).toBe(1_040);
    let started = false;
    const next = limiter.run(async () => {
      started = true;
    });
    await tick();
    expect(started).toBe(false);
    now = 1_050;
    await next;
    expect(started).toBe(true);
  });

  it('rejects a waiting call with the signal reason when aborted', async () => {
    const limiter = createProviderLimiter({ maxConcurrency: 1 });
    const busy = gate();
    const first = limiter.run(() => busy.promise);
    const controller = new AbortController();
    const reason = new WavefrontError('ABORTED', 'stop waiting');
    let ran = false;
    const second = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(reason);
    await expect(second).rejects.toBe(reason);
    busy.release();
    await first;
    await tick();
    expect(ran).toBe(false);
    expect(limiter.state()).toMatchObject({ active: 0, waiting: 0 });
  });

  it('validates its options', () => {
    expect(() => createProviderLimiter({ maxConcurrency: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createProviderLimiter({ maxConcurrency: 2, minConcurrency: 3 })).toThrow(/minConcurrency/);
  });
});

describe('sharedProviderLimiter', () => {
  it('gives one limiter per provider family', () => {
    const a = sharedProviderLimiter('llm-test-provider.chat');
    expect(sharedProviderLimiter('llm-test-provider.responses')).toBe(a);
    expect(sharedProviderLimiter('llm-other-provider.chat')).not.toBe(a);
    expect(() => sharedProviderLimiter('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
