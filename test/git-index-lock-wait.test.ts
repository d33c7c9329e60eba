/**
 * waitOutIndexLock: a foreign `index.lock` (a user's `git status`, an IDE) is waited out for a
 * bounded time; a lock that stays, and every other error, is thrown.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isIndexLocked, waitOutIndexLock } from '../src/git/index-lock-wait.js';
import { preflight } from '../src/git/preflight.js';
import { WavefrontError } from '../src/model/errors.js';
import { baseRepo, cleanupAll, isolateGitHome } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

describe('waitOutIndexLock', () => {
  it('retries a step refused for index.lock until the lock is gone', async () => {
    const repo = baseRepo();
    const lock = join(repo.dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    let calls = 0;
    setTimeout(() => rmSync(lock), 150);
    const result = await waitOutIndexLock(() => {
      calls += 1;
      return preflight(repo.dir);
    });
    expect(result.root).toBe(repo.dir);
    expect(calls).toBeGreaterThan(1);
  });

  it('gives up after the wait with the step’s own error when the lock stays', async () => {
    const repo = baseRepo();
    writeFileSync(join(repo.dir, '.git', 'index.lock'), '');
    const error = await waitOutIndexLock(() => preflight(repo.dir), 200).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GIT_STATE_UNSAFE', details: { state: 'index-locked' } });
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const failure = new WavefrontError('GIT_STATE_UNSAFE', 'merge in progress', { details: { state: 'merge' } });
    await expect(
      waitOutIndexLock(() => {
        calls += 1;
        return Promise.reject(failure);
      }),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('recognises git’s own index.lock failure', () => {
    expect(isIndexLocked(new WavefrontError('GIT_FAILED', 'x', { details: { stderr: "fatal: Unable to create '/r/.git/index.lock': File exists." } }))).toBe(true);
    expect(isIndexLocked(new WavefrontError('GIT_FAILED', 'x', { details: { stderr: 'fatal: bad object' } }))).toBe(false);
    expect(isIndexLocked(new Error('index.lock'))).toBe(false);
  });
});
