/**
 * Helpers for tests that expect a `WavefrontError`: they hand the error back for assertions on its
 * code and details, and fail the test when nothing (or something else) is thrown.
 */
import { expect } from 'vitest';
import { WavefrontError, isWavefrontError } from '../src/model/errors.js';

/** Runs `fn` and returns the `WavefrontError` it throws; throws when it throws anything else or nothing. */
export function thrown(fn: () => unknown): WavefrontError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WavefrontError) return error;
    throw new Error(`expected a WavefrontError, got ${String(error)}`);
  }
  throw new Error('expected a throw');
}

/** Awaits `promise` and returns the `WavefrontError` it rejects with; throws when it rejects with anything else or resolves. */
export async function rejection(promise: Promise<unknown>): Promise<WavefrontError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WavefrontError) return error;
    throw new Error(`expected a WavefrontError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

/** Asserts that `promise` rejects with a `WavefrontError` of `code` and, when given, `details.state`. */
export async function expectCode(promise: Promise<unknown>, code: string, state?: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'WavefrontError', code });
  if (state !== undefined) expect(error).toMatchObject({ details: { state } });
}

/** Runs `fn` and returns the code of the `WavefrontError` it throws, or undefined when it does not throw; rethrows anything else. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isWavefrontError(error)) return error.code;
    throw error;
  }
  return undefined;
}
