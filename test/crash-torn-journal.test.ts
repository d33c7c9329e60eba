/**
 * T2 end to end: after a crash, the journal's last record is cut at several byte offsets (each on
 * its own copy of the repository) and the run is resumed in a new process. A cut record is as if
 * never written — the task it ended runs again, a commit it recorded is found in git instead of
 * being made twice — and the resumed run completes with the crash-free tree. A corrupted middle
 * line is refused with JOURNAL_CORRUPT before anything is touched.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, isolateGitHome, openRepo, tempDir } from './git-fixtures.js';
import {
  countByTask,
  journalPathOf,
  ledgerOf,
  lockPid,
  makeCrashRepo,
  readRun,
  referenceTree,
  runChild,
  treeState,
  type ChildOutcome,
  type CrashRepo,
  type TreeState,
} from './crash-fixtures.js';

beforeAll(isolateGitHome);
afterAll(() => {
  cleanupAll();
  delete process.env['CRASH_ISOLATION'];
});

const runId = 'tj';
let reference: TreeState;
/** A run killed right after journalling a task's success (mid-run). */
let taskEndCrash: CrashRepo;
let taskEndCrashPid: number;

beforeAll(async () => {
  reference = await referenceTree();
  taskEndCrash = makeCrashRepo();
  const first = await runChild({ crash: taskEndCrash, runId, env: { CRASH_ARM_FAILPOINT: 'after-task-end-record', CRASH_ARM_AT: 'e2e' } });
  expect(first.signal).toBe('SIGKILL');
  taskEndCrashPid = first.pid;
});

/** A byte-identical copy of a crashed repository (git dir, state dir and ledger included). */
function copyOf(crash: CrashRepo): CrashRepo {
  const dir = join(tempDir('wf-crash-copy-'), 'repo');
  cpSync(crash.dir, dir, { recursive: true });
  const ledger = join(tempDir('wf-crash-ledger-'), 'ledger.jsonl');
  cpSync(crash.ledger, ledger);
  return { repo: openRepo(dir), dir, ledger };
}

/** The journal's bytes and where its last record starts. */
function lastRecord(crash: CrashRepo): { bytes: Buffer; start: number; length: number } {
  const bytes = readFileSync(journalPathOf(crash, runId));
  expect(bytes.at(-1)).toBe(0x0a);
  const start = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
  return { bytes, start, length: bytes.length - start };
}

/** Cuts the last record after `keep` of its bytes, then resumes in a new process. */
async function cutAndResume(crashed: CrashRepo, keep: number): Promise<{ copy: CrashRepo; child: ChildOutcome }> {
  const copy = copyOf(crashed);
  const { bytes, start } = lastRecord(copy);
  writeFileSync(journalPathOf(copy, runId), bytes.subarray(0, start + keep));
  const child = await runChild({ crash: copy, runId, resume: true });
  expect(child.code, child.stdout + child.stderr).toBe(0);
  expect(child.result?.status).toBe('succeeded');
  // The appends after recovery are whole lines: the journal reads back cleanly to the run's end.
  const after = await readRun(copy, runId);
  expect(after.tornBytes).toBe(0);
  expect(after.state.ended?.status).toBe('succeeded');
  expect(treeState(copy.repo)).toEqual(reference);
  return { copy, child };
}

// These tests copy crashed repositories with cp -r; git worktrees are registered by absolute path,
// so a copy would share (and clean up) the original's worktrees. Journal semantics are the same in
// both isolation modes; worktree crashes are covered by crash-worktree.test.ts and the matrix.
process.env['CRASH_ISOLATION'] = 'shared';

describe('journal cut inside its last record, then resume (T2)', () => {
  it('a cut task-end: that task runs again; an intact one: it does not', async () => {
    const { records } = await readRun(taskEndCrash, runId);
    const last = records.at(-1);
    expect(last?.type === 'task-end' && last.status === 'succeeded').toBe(true);
    const taskId = (last as { taskId: string }).taskId;
    const { length } = lastRecord(taskEndCrash);

    for (const keep of [0, Math.floor(length / 2), length]) {
      const { copy, child } = await cutAndResume(taskEndCrash, keep);
      const again = countByTask(ledgerOf(copy, child.pid)).get(taskId) ?? 0;
      expect(again, `${taskId} re-run with ${keep} of ${length} bytes kept`).toBe(keep === length ? 0 : 1);
    }
  });

  it('a cut commit record: the commit already in git is found, not made twice', async () => {
    const crashed = makeCrashRepo();
    const first = await runChild({ crash: crashed, runId, env: { WAVEFRONT_FAILPOINT: 'after-commit' } });
    expect(first.signal).toBe('SIGKILL');
    const head = crashed.repo.git('rev-parse', 'HEAD').trim();
    const { records } = await readRun(crashed, runId);
    expect(records.at(-1)).toMatchObject({ type: 'commit', commit: head });
    const { length } = lastRecord(crashed);

    for (const keep of [0, length - 1]) {
      const { copy, child } = await cutAndResume(crashed, keep);
      expect(child.result?.commit).toBe(head);
      expect(copy.repo.git('rev-parse', 'HEAD').trim()).toBe(head);
      expect(ledgerOf(copy, child.pid)).toEqual([]);
    }
  });

  it('a corrupted middle line: resume rejects with JOURNAL_CORRUPT and touches nothing', async () => {
    const crashed = copyOf(taskEndCrash);
    const path = journalPathOf(crashed, runId);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(6);
    lines[2] = `${(lines[2] as string).slice(0, 20)}#garbage#`;
    const corrupted = lines.join('\n');
    writeFileSync(path, corrupted);
    const tree = treeState(crashed.repo);
    const ledger = ledgerOf(crashed);

    const second = await runChild({ crash: crashed, runId, resume: true });
    expect(second.code).toBe(2);
    expect(second.rejected?.code).toBe('JOURNAL_CORRUPT');
    expect(second.rejected?.details?.['line']).toBe(3);
    expect(second.rejected?.message).toContain('line 3');
    expect(readFileSync(path, 'utf8')).toBe(corrupted); // never truncated or appended to
    expect(treeState(crashed.repo)).toEqual(tree);
    expect(ledgerOf(crashed)).toEqual(ledger);
    expect(lockPid(crashed)).toBe(taskEndCrashPid); // refused before taking the repository
  });
});
