import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShellAdapter } from '../src/adapters/shell.js';
import { WavefrontError } from '../src/model/errors.js';
import { createTestRequest } from '../src/testing/request.js';

const node = process.execPath;
let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'wavefront-shell-abort-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/**
 * True while `pid` runs. An exited process that nobody reaped (a zombie) counts as gone: an orphaned
 * grandchild is re-parented to PID 1, which in this sandbox never reaps.
 */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const readPid = (file: string): number => Number(readFileSync(join(cwd, file), 'utf8'));

// The child starts a grandchild in the same process group, records both pids, then idles.
const FAMILY = `
  const { spawn } = require('node:child_process');
  const fs = require('node:fs');
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  fs.writeFileSync('grandchild.pid', String(grandchild.pid));
  fs.writeFileSync('child.pid', String(process.pid));
  console.log('ready');
  setInterval(() => {}, 1000);
`;

describe('shell adapter: abort', () => {
  it('kills the whole process group, grandchild included, and rejects with the signal reason', async () => {
    const request = createTestRequest({ task: { command: [node, '-e', FAMILY] }, cwd });
    const pending = createShellAdapter({ killGraceMs: 200 }).run(request);
    await waitFor(() => request.progress.length > 0, 'the child to be ready');
    const child = readPid('child.pid');
    const grandchild = readPid('grandchild.pid');
    expect(isRunning(grandchild)).toBe(true);

    const reason = new WavefrontError('TASK_TIMEOUT', 'task T1 timed out after 10 ms');
    request.controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await waitFor(() => !isRunning(child), 'the child to be gone');
    await waitFor(() => !isRunning(grandchild), 'the grandchild to be gone');
  });

  it('escalates to SIGKILL after killGraceMs when the child ignores SIGTERM', async () => {
    const source = `
      process.on('SIGTERM', () => require('node:fs').writeFileSync('got-sigterm', ''));
      require('node:fs').writeFileSync('child.pid', String(process.pid));
      console.log('ready');
      setInterval(() => {}, 1000);
    `;
    const request = createTestRequest({ task: { command: [node, '-e', source] }, cwd });
    const pending = createShellAdapter({ killGraceMs: 300 }).run(request);
    await waitFor(() => request.progress.length > 0, 'the child to be ready');
    const child = readPid('child.pid');
    request.controller.abort();

    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    await waitFor(() => !isRunning(child), 'the child to be killed');
    expect(existsSync(join(cwd, 'got-sigterm'))).toBe(true);
  });

  it('rejects at once, without spawning, when the signal is already aborted', async () => {
    const request = createTestRequest({ task: { command: [node, '-e', 'require("fs").writeFileSync("ran", "")'] }, cwd });
    request.controller.abort(new Error('user pressed ctrl-c'));
    const error: unknown = await createShellAdapter(undefined).run(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED' });
    expect((error as Error).cause).toEqual(new Error('user pressed ctrl-c'));
    expect(existsSync(join(cwd, 'ran'))).toBe(false);
  });

  it('ends processes the command left running after it exited', async () => {
    const source = `
      const { spawn } = require('node:child_process');
      const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('node:fs').writeFileSync('leftover.pid', String(leftover.pid));
      leftover.unref();
    `;
    const request = createTestRequest({ task: { command: [node, '-e', source] }, cwd });
    const result = await createShellAdapter({ killGraceMs: 200 }).run(request);
    expect(result.ok).toBe(true);
    const leftover = readPid('leftover.pid');
    await waitFor(() => !isRunning(leftover), 'the leftover process to be gone');
  });

  it('dispose aborts the commands in flight', async () => {
    const adapter = createShellAdapter({ killGraceMs: 200 });
    const request = createTestRequest({ task: { command: [node, '-e', FAMILY] }, cwd });
    const pending = adapter.run(request);
    await waitFor(() => request.progress.length > 0, 'the child to be ready');
    const grandchild = readPid('grandchild.pid');
    await adapter.dispose?.();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', message: 'the shell adapter was disposed' });
    await waitFor(() => !isRunning(grandchild), 'the grandchild to be gone');
  });
});
