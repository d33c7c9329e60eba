/**
 * T1 crash-point matrix: the orchestrator runs as a real child process and SIGKILLs itself at each
 * failpoint (or inside an agent); a second child resumes it. A task whose success was journalled
 * before the crash is never invoked again, every other task runs exactly once more, the final git
 * tree equals a crash-free run's, and the dead process's run lock is taken over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunState } from '../src/journal/index.js';
import { MAIN_TASKS } from './fixtures/crash-plan.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { countByTask, ledgerOf, lockExists, lockPid, makeCrashRepo, readRun, referenceTree, runChild, treeState, type TreeState } from './crash-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const WORK = MAIN_TASKS.map((task) => task.id).sort();
let reference: TreeState;
let pristine: TreeState;

beforeAll(async () => {
  const crash = makeCrashRepo();
  pristine = treeState(crash.repo);
  reference = await referenceTree();
  // The run committed exactly the agents' files; the user's untracked notes stay untracked.
  expect(reference.commits).toBe(2);
  expect(reference.status).toBe('?? notes.txt');
  expect(Object.keys(reference.files).filter((f) => f.startsWith('out/'))).toHaveLength(WORK.length);
});

interface MatrixCase {
  readonly name: string;
  readonly env: Record<string, string>;
  /** What the journal must say at the crash: proves the kill happened where intended. */
  readonly atCrash: (state: RunState) => void;
}

const CASES: readonly MatrixCase[] = [
  {
    name: 'before-backup',
    env: { WAVEFRONT_FAILPOINT: 'before-backup' },
    atCrash: (s) => {
      expect(s.backupRef).toBeUndefined();
      expect(s.attempts.size).toBe(0);
    },
  },
  {
    name: 'after-snapshot',
    env: { WAVEFRONT_FAILPOINT: 'after-snapshot' },
    atCrash: (s) => {
      expect(s.backupRef).toBeUndefined(); // the snapshot ref exists in git, unrecorded
      expect(s.inDoubt).toEqual(['git_backup']);
    },
  },
  {
    name: 'after-backup',
    env: { WAVEFRONT_FAILPOINT: 'after-backup' },
    atCrash: (s) => {
      expect(s.backupRef).toBe('refs/wavefront/runs/m/wave-0');
      expect([...s.succeeded.keys()]).toEqual(['git_backup']);
    },
  },
  {
    name: 'after-task-start',
    env: { WAVEFRONT_FAILPOINT: 'after-task-start' },
    atCrash: (s) => {
      // wave 1's tasks start together: each start is journalled before its failpoint
      expect(s.inDoubt.filter((id) => WORK.includes(id)).length).toBeGreaterThanOrEqual(1);
      expect(s.succeeded.size).toBe(1); // only the backup
    },
  },
  {
    name: 'inside the adapter',
    env: { CRASH_KILL_IN: 'api' },
    atCrash: (s) => {
      expect(s.inDoubt).toContain('api');
      expect(s.succeeded.has('schema')).toBe(true);
    },
  },
  {
    name: 'before-task-end-record',
    env: { WAVEFRONT_FAILPOINT: 'before-task-end-record' },
    atCrash: (s) => {
      expect(s.backupRef).toBeDefined();
      expect(s.inDoubt).toEqual(['git_backup']); // the backup step's own end was not recorded
    },
  },
  {
    name: 'before-task-end-record (armed mid-run)',
    env: { CRASH_ARM_FAILPOINT: 'before-task-end-record', CRASH_ARM_AT: 'ui' },
    atCrash: (s) => {
      expect(s.succeeded.has('schema')).toBe(true);
      expect(s.inDoubt.filter((id) => WORK.includes(id)).length).toBeGreaterThan(0);
    },
  },
  {
    name: 'after-task-end-record (armed mid-run)',
    env: { CRASH_ARM_FAILPOINT: 'after-task-end-record', CRASH_ARM_AT: 'e2e' },
    atCrash: (s) => expect(s.succeeded.size).toBeGreaterThan(4),
  },
  {
    name: 'during-commit',
    env: { WAVEFRONT_FAILPOINT: 'during-commit' },
    atCrash: (s) => {
      expect(s.commit).toBe('started');
      for (const id of WORK) expect(s.succeeded.has(id), id).toBe(true);
    },
  },
  {
    name: 'after-commit',
    env: { WAVEFRONT_FAILPOINT: 'after-commit' },
    atCrash: (s) => {
      expect(typeof s.commit).toBe('object');
      expect(s.ended).toBeUndefined();
    },
  },
];

describe('crash-point matrix: SIGKILL at a failpoint, then resume (T1)', () => {
  it.each(CASES)('$name', async ({ env, atCrash }) => {
    const crash = makeCrashRepo();
    const runId = 'm';
    const first = await runChild({ crash, runId, env });
    expect(first.signal, first.stderr).toBe('SIGKILL');
    expect(first.result).toBeUndefined();

    // The dead process's lock is left behind, naming it.
    expect(lockPid(crash)).toBe(first.pid);
    const before = await readRun(crash, runId);
    atCrash(before.state);
    const succeededBefore = new Set(before.state.succeeded.keys());
    const invokedBefore = countByTask(ledgerOf(crash));
    for (const [id, count] of invokedBefore) expect(count, id).toBe(1);

    const second = await runChild({ crash, runId, resume: true });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.result?.status).toBe('succeeded');
    expect(second.result?.runId).toBe(runId);

    // Ledger: recorded successes never again; everything else exactly once more.
    const resumed = countByTask(ledgerOf(crash, second.pid));
    for (const id of WORK) {
      expect(resumed.get(id) ?? 0, `${id} invocations on resume`).toBe(succeededBefore.has(id) ? 0 : 1);
      expect((invokedBefore.get(id) ?? 0) + (resumed.get(id) ?? 0), id).toBeGreaterThanOrEqual(1);
    }
    for (const id of WORK) expect(second.result?.tasks[id]?.status, id).toBe('succeeded');

    // Same tree as the crash-free run: one run commit, the user's notes untouched and uncommitted.
    expect(treeState(crash.repo)).toEqual(reference);
    expect(lockExists(crash)).toBe(false);
    const after = await readRun(crash, runId);
    expect(after.tornBytes).toBe(0);
    expect(after.state.ended?.status).toBe('succeeded');
    expect(after.state.inDoubt).toEqual([]);
  });

  it('during-rollback: resume completes the rollback and the tree equals the pre-run tree', async () => {
    const crash = makeCrashRepo();
    const runId = 'rb';
    const first = await runChild({ crash, runId, fail: 'e2e', onFailure: 'rollback', env: { WAVEFRONT_FAILPOINT: 'during-rollback' } });
    expect(first.signal).toBe('SIGKILL');
    const before = await readRun(crash, runId);
    expect(before.state.rollback).toBe('started');
    expect(before.state.finished.get('e2e')?.status).toBe('failed');
    // worktree isolation: the agents' work is in their worktrees, never in the checkout before the final commit
    expect(crash.repo.exists('out/e2e.txt')).toBe(false);
    expect(lockPid(crash)).toBe(first.pid);

    const second = await runChild({ crash, runId, resume: true, fail: 'e2e', onFailure: 'rollback' });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.result?.status).toBe('rolled-back');
    expect(ledgerOf(crash, second.pid)).toEqual([]); // completing a rollback runs no agent
    expect(treeState(crash.repo)).toEqual(pristine);
    expect(lockExists(crash)).toBe(false);
    const after = await readRun(crash, runId);
    expect(after.state.rollback).toBe('done');
    expect(after.state.ended?.status).toBe('rolled-back');
  });
});
