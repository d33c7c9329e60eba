import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acquireRunLock,
  applyRetention,
  ensureDir,
  ensureRunDir,
  ensureStateDir,
  Journal,
  listRuns,
  resolveStateDir,
  runDir,
  writeCheckpoint,
  writeFileAtomic,
} from '../src/journal/index.js';
import { cleanupTempDirs, makeRun, samplePlan, tempDir } from './journal-fixtures.js';

afterAll(cleanupTempDirs);

const TARGET_TEXT = 'export PATH=/usr/bin # a bashrc-like file\n';

/** A file outside the repository that an attacker wants overwritten. */
function victim(): { dir: string; file: string } {
  const dir = tempDir('wf-victim-');
  const file = join(dir, 'bashrc');
  writeFileSync(file, TARGET_TEXT);
  return { dir, file };
}

function expectUntouched(v: { dir: string; file: string }): void {
  expect(readFileSync(v.file, 'utf8')).toBe(TARGET_TEXT);
  expect(readdirSync(v.dir)).toEqual(['bashrc']);
}

const header = (runId: string, cwd: string) => ({ runId, plan: samplePlan(), cwd, createdAt: 0 });

describe('ids and state dir paths', () => {
  it('keeps a relative state dir inside cwd', () => {
    const cwd = '/repo';
    expect(resolveStateDir(cwd)).toBe('/repo/.wavefront');
    expect(resolveStateDir(cwd, 'state/wf')).toBe('/repo/state/wf');
    expect(resolveStateDir(cwd, '/var/lib/wf')).toBe('/var/lib/wf');
    for (const bad of ['..', '../x', 'a/../../x', '.', './']) expect(() => resolveStateDir(cwd, bad)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    expect(() => resolveStateDir(cwd, '')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => resolveStateDir('', '.wavefront')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('validates run ids', () => {
    expect(runDir('/s', 'run-2024.01_a')).toBe('/s/runs/run-2024.01_a');
    for (const bad of ['', '..', 'a..b', '../x', 'a/b', '/abs', '-x', '.hidden', 'x.lock', 'a\0b', 'x'.repeat(129), 'a b']) {
      expect(() => runDir('/s', bad)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }));
    }
  });

  it('ensureDir refuses a path outside its root and a file in the chain', async () => {
    const root = tempDir();
    await expect(ensureDir(join(root, '..', 'elsewhere'), root)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    writeFileSync(join(root, 'file'), 'x');
    await expect(ensureDir(join(root, 'file', 'sub'), root)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    const made = await ensureDir(join(root, 'a', 'b', 'c'), root);
    expect(lstatSync(made).isDirectory()).toBe(true);
    expect(lstatSync(made).mode & 0o777).toBe(0o700);
  });
});

describe('symlinks planted in the state dir are refused, never followed (T12)', () => {
  it('at the state dir', async () => {
    const v = victim();
    const cwd = tempDir();
    symlinkSync(v.dir, join(cwd, '.wavefront'));
    await expect(ensureStateDir(cwd)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(acquireRunLock(join(cwd, '.wavefront'), { runId: 'r1' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(listRuns(join(cwd, '.wavefront'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(ensureRunDir(join(cwd, '.wavefront'), 'r1')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expectUntouched(v);
  });

  it('at the runs dir and the run dir', async () => {
    const v = victim();
    const cwd = tempDir();
    const stateDir = await ensureStateDir(cwd);
    symlinkSync(v.dir, join(stateDir, 'runs'));
    await expect(ensureRunDir(stateDir, 'r1')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(listRuns(stateDir)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expectUntouched(v);

    const cwd2 = tempDir();
    const stateDir2 = await ensureStateDir(cwd2);
    mkdirSync(join(stateDir2, 'runs'));
    symlinkSync(v.dir, join(stateDir2, 'runs', 'r1'));
    await expect(ensureRunDir(stateDir2, 'r1')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(Journal.create(join(stateDir2, 'runs', 'r1'), header('r1', cwd2))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(Journal.open(join(stateDir2, 'runs', 'r1'))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(applyRetention(join(stateDir2, 'runs', 'r1'), 'cleanup')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expectUntouched(v);
  });

  it('at the journal path', async () => {
    const v = victim();
    const { cwd, runDir: dir } = await makeRun('r1');
    symlinkSync(v.file, join(dir, 'journal.jsonl'));
    await expect(Journal.create(dir, header('r1', cwd))).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(Journal.open(dir)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expectUntouched(v);
  });

  it('at the checkpoint path', async () => {
    const v = victim();
    const { runDir: dir } = await makeRun('r1');
    const path = join(dir, 'WAVE_1_I4_CHECKPOINT.txt');
    symlinkSync(v.file, path);
    const input = { task: 't', instance: 'I4', wave: 1, status: 'succeeded', startedAt: 0, endedAt: 1, verbosity: 'minimal' } as const;
    await expect(writeCheckpoint(dir, input)).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    await expect(writeFileAtomic(path, 'pwned')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(['WAVE_1_I4_CHECKPOINT.txt']);
    expectUntouched(v);
  });

  it('at the lock path', async () => {
    const v = victim();
    const { stateDir } = await makeRun('r1');
    symlinkSync(v.file, join(stateDir, 'run.lock'));
    await expect(acquireRunLock(stateDir, { runId: 'r1' })).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expectUntouched(v);
    expect(readdirSync(stateDir).sort()).toEqual(['run.lock', 'runs']);
  });

  it('at the archive dir', async () => {
    const v = victim();
    const { stateDir, runDir: dir } = await makeRun('r1');
    writeFileSync(join(dir, 'WAVE_1_I4_CHECKPOINT.txt'), 'cp');
    symlinkSync(v.dir, join(stateDir, 'archive'));
    await expect(applyRetention(dir, 'archive')).rejects.toMatchObject({ code: 'UNSAFE_PATH' });
    expect(existsSync(join(dir, 'WAVE_1_I4_CHECKPOINT.txt'))).toBe(true);
    expectUntouched(v);
  });
});
