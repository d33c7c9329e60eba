/**
 * Waiting out another process's `index.lock` in the user's checkout.
 * @module
 */
import { isWavefrontError } from '../model/errors.js';

/** How long a step waits for a foreign `index.lock` to go away before it gives up. */
export const INDEX_LOCK_WAIT_MS = 10_000;

/** True for an error caused by an `index.lock` that another git process holds. */
export function isIndexLocked(error: unknown): boolean {
  if (!isWavefrontError(error)) return false;
  const details = error.details as { state?: unknown; stderr?: unknown } | undefined;
  if (error.code === 'GIT_STATE_UNSAFE') return details?.state === 'index-locked';
  return error.code === 'GIT_FAILED' && typeof details?.stderr === 'string' && details.stderr.includes('index.lock');
}

/**
 * Runs `step`; while it fails because `index.lock` exists (a user's `git status` takes it for a
 * moment; an IDE polls git all the time), waits and tries again, for at most `waitMs`. A lock left
 * by a crashed git process outlives the wait and the last error is thrown. `step` must be safe to
 * repeat after such a failure: wavefront's steps check the lock before they change anything.
 */
export async function waitOutIndexLock<T>(step: () => Promise<T>, waitMs = INDEX_LOCK_WAIT_MS): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 400)) {
    try {
      return await step();
    } catch (error) {
      if (!isIndexLocked(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
