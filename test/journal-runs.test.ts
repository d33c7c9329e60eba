import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRunLock, ensureRunDir, failpoint, Journal, JOURNAL_FILE, listRuns, readRunStatus, type JournalEntry } from '../src/journal/index.js';
import { cleanupTempDirs, makeRun, plannedTask, samplePlan, tempDir } from './journal-fixtures.js';

afterAll(cleanupTempDirs);

async function journalled(stateDir: string, runId: string, createdAt: number, entries: JournalEntry[]): Promise<string> {
  const dir = await ensureRunDir(stateDir, runId);
  const journal = await Journal.create(dir, { runId, plan: samplePlan(), cwd: '/repo', createdAt });
  for (const entry of entries) await journal.append({ ...entry, at: createdAt + 1000 });
  await journal.close();
  return dir;
}

const started: JournalEntry[] = [
  { type: 'task-start', taskId: 'backup', attempt: 1, instance: 'I1' },
  { type: 'backup', ref: 'refs/wavefront/runs/r/wave-0', commit: 'abc1234' },
  { type: 'task-end', taskId: 'backup', status: 'succeeded', attempts: 1 },
  { type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' },
];

describe('run summaries for wavefront status', () => {
  it('reports ended, interrupted, paused, running and corrupt runs', async () => {
    const { stateDir } = await makeRun('unused');
    await journalled(stateDir, 'done', 1000, [
      ...started,
      { type: 'task-end', taskId: 'a', status: 'succeeded', attempts: 1, result: { ok: true } },
      { type: 'replan', failedTaskId: 'b', round: 1, inserted: [plannedTask('b-fix', 1)], rerun: false },
      { type: 'task-end', taskId: 'b', status: 'failed', attempts: 2, error: { message: 'x' } },
      { type: 'task-end', taskId: 'b-fix', status: 'skipped', attempts: 0 },
      { type: 'commit-start' },
      { type: 'commit', commit: 'def5678', filesChanged: ['a.ts'] },
      { type: 'task-end', taskId: 'commit', status: 'succeeded', attempts: 1 },
      { type: 'run-end', status: 'failed', error: { message: 'b failed' } },
    ]);
    await journalled(stateDir, 'crashed', 2000, started);
    await journalled(stateDir, 'paused', 3000, [...started, { type: 'task-end', taskId: 'a', status: 'failed', attempts: 1 }, { type: 'pause' }]);
    await journalled(stateDir, 'live', 4000, started);
    const broken = await journalled(stateDir, 'broken', 5000, started);
    const lines = readFileSync(join(broken, JOURNAL_FILE), 'utf8').split('\n');
    lines[2] = '#';
    writeFileSync(join(broken, JOURNAL_FILE), lines.join('\n'));
    const lock = await acquireRunLock(stateDir, { runId: 'live' });
    try {
      const runs = await listRuns(stateDir);
      expect(runs.map((run) => [run.runId, run.status])).toEqual([
        ['done', 'failed'],
        ['crashed', 'interrupted'],
        ['paused', 'paused'],
        ['live', 'running'],
        ['broken', 'corrupt'],
        ['unused', 'corrupt'],
      ]);
      const [done, crashed] = runs;
      expect(done).toMatchObject({
        backupRef: 'refs/wavefront/runs/r/wave-0',
        commit: 'def5678',
        error: 'b failed',
        request: 'add a feature',
        createdAt: 1000,
        updatedAt: 2000,
        tasks: { pending: 0, running: 0, succeeded: 3, failed: 1, skipped: 1, cancelled: 0 },
      });
      expect(crashed).toMatchObject({ inDoubt: ['a'], tasks: { pending: 2, running: 1, succeeded: 1, failed: 0, skipped: 0, cancelled: 0 } });
      expect(runs[4]?.error).toContain('line 3');
    } finally {
      await lock.release();
    }
    expect((await readRunStatus(stateDir, 'live')).status).toBe('interrupted');
    await expect(readRunStatus(stateDir, 'broken')).rejects.toMatchObject({ code: 'JOURNAL_CORRUPT', details: { line: 3 } });
    await expect(readRunStatus(stateDir, 'nope')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await expect(readRunStatus(stateDir, '../x')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
  });

  it('reads a torn journal without truncating it (the run may be live)', async () => {
    const { stateDir, runDir } = await makeRun('torn');
    const journal = await Journal.create(runDir, { runId: 'torn', plan: samplePlan(), cwd: '/repo', createdAt: 0 });
    await journal.append({ type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' });
    await journal.close();
    const path = join(runDir, JOURNAL_FILE);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"seq":3,"at":`);
    const before = readFileSync(path);
    expect((await readRunStatus(stateDir, 'torn')).inDoubt).toEqual(['a']);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('has no runs in a missing state dir', async () => {
    expect(await listRuns(join(tempDir(), '.wavefront'))).toEqual([]);
  });
});

describe('failpoints and acknowledged appends', () => {
  it('is a no-op unless WAVEFRONT_FAILPOINT names it', () => {
    expect(process.env['WAVEFRONT_FAILPOINT']).toBeUndefined();
    expect(failpoint('after-append')).toBeUndefined();
  });

  it('every append acknowledged before a SIGKILL is in the journal after it', async () => {
    const { runDir } = await makeRun('crash');
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./journal-crash-child.ts', import.meta.url)), runDir, '25'], {
      env: { ...process.env, WAVEFRONT_FAILPOINT: 'after-append' },
      stdio: 'ignore',
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    const opened = await Journal.open(runDir);
    await opened.journal.close();
    expect(opened.recovered).toBeUndefined();
    expect(opened.records.map((record) => (record.type === 'task-start' ? record.taskId : record.type))).toEqual(['run', ...Array.from({ length: 25 }, (_, i) => `t${i + 1}`)]);
  });
});
