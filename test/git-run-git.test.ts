/**
 * runGit: errors, stdin, aborts, and the per-repository mutex.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit, withRepoLock } from '../src/git/index.js';
import { WavefrontError, isWavefrontError } from '../src/model/errors.js';
import { cleanupAll, isolateGitHome, makeRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

describe('runGit', () => {
  it('throws GIT_FAILED with args, code and stderr, or returns the code with allowFailure', async () => {
    const repo = makeRepo();
    const error = await runGit(['rev-parse', '--verify', 'no-such-ref'], { cwd: repo.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WavefrontError);
    const failure = error as WavefrontError;
    expect(failure.code).toBe('GIT_FAILED');
    expect(failure.details['args']).toEqual(['rev-parse', '--verify', 'no-such-ref']);
    expect(failure.details['code']).toBe(128);
    expect(String(failure.details['stderr'])).toMatch(/Needed a single revision/);
    const allowed = await runGit(['rev-parse', '--verify', 'no-such-ref'], { cwd: repo.dir, allowFailure: true });
    expect(allowed.code).toBe(128);
  });

  it('passes input on stdin and reports a missing cwd as GIT_FAILED', async () => {
    const repo = makeRepo();
    const hashed = await runGit(['hash-object', '--stdin'], { cwd: repo.dir, input: 'hello\n' });
    expect(hashed.stdout.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const missing = await runGit(['status'], { cwd: `${tempDir()}/missing` }).catch((e: unknown) => e);
    expect(isWavefrontError(missing, 'GIT_FAILED')).toBe(true);
  });

  it('rejects invalid arguments before spawning', async () => {
    const repo = makeRepo();
    for (const args of [['status', 'a\0b'], [42], 'status']) {
      const error = await runGit(args as string[], { cwd: repo.dir }).catch((e: unknown) => e);
      expect(isWavefrontError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
    const noCwd = await runGit(['status'], { cwd: '' }).catch((e: unknown) => e);
    expect(isWavefrontError(noCwd, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('rejects with ABORTED when the signal fires, before or during the call', async () => {
    const repo = makeRepo();
    const before = await runGit(['status'], { cwd: repo.dir, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isWavefrontError(before, 'ABORTED')).toBe(true);
    const controller = new AbortController();
    const slow = runGit(['-c', 'alias.slow=!sleep 2', 'slow'], { cwd: repo.dir, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const during = await slow.catch((e: unknown) => e);
    expect(isWavefrontError(during, 'ABORTED')).toBe(true);
  });

  it('exclusive calls on one repository never collide on index.lock', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 12; i += 1) repo.write(`f${i}.txt`, `${i}\n`);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => runGit(['add', '--', `f${i}.txt`], { cwd: repo.dir, exclusive: true })),
    );
    expect(results.every((result) => result.code === 0)).toBe(true);
    expect(repo.git('ls-files').trim().split('\n')).toHaveLength(12);
  });
});

describe('withRepoLock', () => {
  it('runs holders of one key one at a time in call order, other keys freely, and is re-entrant', async () => {
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const first = withRepoLock('/repo', async () => {
      log.push('first:start');
      const nested = await withRepoLock('/repo', async () => 'nested-ran');
      log.push(nested);
      await gate;
      log.push('first:end');
    });
    const second = withRepoLock('/repo', async () => {
      log.push('second');
    });
    const other = withRepoLock('/other', async () => {
      log.push('other');
    });
    await other;
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The re-entrant call ran inside the held lock, the other key was not blocked, the second waits.
    expect([...log].sort()).toEqual(['first:start', 'nested-ran', 'other']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log.slice(3)).toEqual(['first:end', 'second']);
  });

  it('releases the lock when the holder throws', async () => {
    await expect(withRepoLock('/repo-throws', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withRepoLock('/repo-throws', async () => 'next')).toBe('next');
  });
});
