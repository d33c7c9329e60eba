import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRunLock, readRunLock } from '../src/journal/index.js';
import { removeStaleLock } from '../src/journal/lock.js';
import { cleanupTempDirs, tempDir } from './journal-fixtures.js';

afterAll(cleanupTempDirs);

const CHILD = fileURLToPath(new URL('./journal-lock-child.ts', import.meta.url));

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid as number;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

function staleLock(dir: string, pid: number, runId = 'old-run'): void {
  writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid, runId, startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), token: 'feedface' }));
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string; details: Record<string, unknown> }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as { code?: string; message: string; details: Record<string, unknown> },
  );
}

describe('repository lock in one process', () => {
  it('refuses a second run while the first holds the lock, naming it', async () => {
    const dir = tempDir();
    const lock = await acquireRunLock(dir, { runId: 'first' });
    expect(lock.info).toMatchObject({ pid: process.pid, runId: 'first', hostname: hostname() });
    if (process.platform === 'linux') expect(lock.info.processStart).toMatch(/^\d+$/);
    const error = await rejection(acquireRunLock(dir, { runId: 'second' }));
    expect(error.code).toBe('RUN_LOCKED');
    expect(error.message).toContain(`run first (pid ${process.pid}`);
    expect(error.details).toMatchObject({ runId: 'first', pid: process.pid });
    await lock.release();
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    const again = await acquireRunLock(dir, { runId: 'second' });
    expect((await readRunLock(dir)) as object).toMatchObject({ runId: 'second' });
    await again.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('release never removes a lock that is no longer ours', async () => {
    const dir = tempDir();
    const lock = await acquireRunLock(dir, { runId: 'first' });
    staleLock(dir, process.pid, 'someone-else');
    await lock.release();
    expect((await readRunLock(dir)) as object).toMatchObject({ runId: 'someone-else' });
  });

  it('takes over a lock whose owner process is dead', async () => {
    const dir = tempDir();
    staleLock(dir, await deadPid());
    const lock = await acquireRunLock(dir, { runId: 'new-run' });
    expect((await readRunLock(dir)) as object).toMatchObject({ runId: 'new-run', pid: process.pid });
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stale takeover puts back a fresh lock that replaced the stale one it observed', async () => {
    const dir = tempDir();
    staleLock(dir, await deadPid());
    const observed = readFileSync(join(dir, 'run.lock'));
    // between observing the stale lock and moving it, another process took over and created its own
    const fresh = await acquireRunLock(tempDir(), { runId: 'winner' });
    writeFileSync(join(dir, 'run.lock'), JSON.stringify(fresh.info));
    const error = await rejection(removeStaleLock(dir, join(dir, 'run.lock'), observed));
    expect(error.code).toBe('RUN_LOCKED');
    expect(error.details).toMatchObject({ runId: 'winner' });
    expect(JSON.parse(readFileSync(join(dir, 'run.lock'), 'utf8'))).toEqual(fresh.info);
    expect(readdirSync(dir)).toEqual(['run.lock']);
    await removeStaleLock(dir, join(dir, 'run.lock'), readFileSync(join(dir, 'run.lock')));
    expect(readdirSync(dir)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('detects pid reuse through the process start time', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid: process.pid, runId: 'old-run', startedAt: '2020-01-01T00:00:00.000Z', hostname: hostname(), processStart: '1', token: 'x' }));
    const lock = await acquireRunLock(dir, { runId: 'new-run' });
    expect(lock.info.runId).toBe('new-run');
    await lock.release();
  });

  it('treats a lock from another host as alive', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.lock'), JSON.stringify({ pid: await deadPid(), runId: 'remote', startedAt: '2020-01-01T00:00:00.000Z', hostname: 'other-host.invalid', token: 'x' }));
    const error = await rejection(acquireRunLock(dir, { runId: 'local' }));
    expect(error.code).toBe('RUN_LOCKED');
    expect(error.message).toContain('other-host.invalid');
  });

  it('waits out a fresh unreadable lock but takes over an old one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'run.lock'), '');
    expect((await rejection(acquireRunLock(dir, { runId: 'r' }))).code).toBe('RUN_LOCKED');
    expect(await readRunLock(dir)).toBe('corrupt');
    utimesSync(join(dir, 'run.lock'), new Date(0), new Date(0));
    const lock = await acquireRunLock(dir, { runId: 'r' });
    await lock.release();
  });

  it('validates its arguments', async () => {
    const dir = tempDir();
    await expect(acquireRunLock(dir, { runId: '../x' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(acquireRunLock(dir, { runId: 'r', pid: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(acquireRunLock(join(dir, 'missing'), { runId: 'r' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('repository lock across processes (P7)', () => {
  it('two processes racing 20 times: exactly one wins each round (10 rounds over a stale lock)', async () => {
    const rounds = 20;
    const base = tempDir();
    const stalePid = await deadPid();
    for (let round = 0; round < rounds; round += 1) {
      mkdirSync(join(base, `r${round}`));
      if (round % 2 === 1) staleLock(join(base, `r${round}`), stalePid);
    }
    const children = ['a', 'b'].map((name) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, base, name, String(rounds)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return { child, exited: new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr }))) };
    });
    const waitFor = async (files: string[]): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!files.every((file) => existsSync(join(base, file)))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${files.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    const outcomes: string[][] = [];
    for (let round = 0; round < rounds; round += 1) {
      await waitFor([`ready-${round}-a`, `ready-${round}-b`]);
      writeFileSync(join(base, `go-${round}`), '');
      await waitFor([`out-${round}-a`, `out-${round}-b`]);
      outcomes.push(['a', 'b'].map((name) => readFileSync(join(base, `out-${round}-${name}`), 'utf8')).sort());
    }
    for (const { exited } of children) expect(await exited).toEqual({ code: 0, stderr: '' });
    expect(outcomes).toEqual(Array.from({ length: rounds }, () => ['RUN_LOCKED', 'ok']));
    for (let round = 0; round < rounds; round += 1) {
      const lock = await readRunLock(join(base, `r${round}`));
      expect(typeof lock === 'object' && lock.runId.startsWith('run-')).toBe(true);
      expect(readdirSync(join(base, `r${round}`))).toEqual(['run.lock']);
    }
  });
});
