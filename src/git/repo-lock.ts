/**
 * An in-process, per-repository mutex so wavefront's own mutating git calls never race on
 * `index.lock` or on refs.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const tails = new Map<string, Promise<void>>();
const held = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `fn` while holding the lock of `repoKey` (use the repository top level, e.g.
 * `preflight().root`). Calls with the same key run one after another in call order.
 *
 * Re-entrant: a call made from inside `fn` (same async context) with the same key runs at once
 * instead of deadlocking. Does not protect against git processes outside this Node process.
 */
export async function withRepoLock<T>(repoKey: string, fn: () => Promise<T>): Promise<T> {
  const current = held.getStore();
  if (current?.has(repoKey) === true) return fn();
  const previous = tails.get(repoKey) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  tails.set(repoKey, tail);
  await previous;
  try {
    return await held.run(new Set([...(current ?? []), repoKey]), fn);
  } finally {
    release();
    if (tails.get(repoKey) === tail) tails.delete(repoKey);
  }
}
