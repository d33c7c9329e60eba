/**
 * Worktree isolation under crashes: the orchestrator runs as a real child process with
 * `isolation: 'worktree'` and is SIGKILLed during the integration of finished tasks — at the
 * failpoints around a merge (before it, merged but unrecorded, recorded), around the final commit
 * that writes the integrated result into the checkout, and by an external `kill -9` at seeded
 * random moments — then a fresh child resumes it. No accepted work is lost:
 * a task whose success or merge was journalled is never invoked again, every task's work is merged
 * exactly once, and the final tree equals a crash-free run's. The user's checkout is untouched at
 * the crash, and after the resumed run no worktree, run branch, work ref or stale worktree
 * metadata is left.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRecord, RunState } from '../src/journal/index.js';
import { countByTask, ledgerOf, lockExists, readRun, treeState, type ChildOutcome, type TreeState } from './crash-fixtures.js';
import { makeWorktreeCrashRepo, runWorktreeChild, worktreeReferenceTree, type WorktreeCrashRepo } from './fixtures/worktree-crash.js';
import { CONFIG_BASE, CONFIG_FILE, WT_WORK, ancestorsOf } from './fixtures/worktree-plan.js';
import { pruneDryRun, runLeftovers, worktreePaths } from './fixtures/worktree-checks.js';
import { prng } from './fixtures/crash-plan.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const WORK = [...WT_WORK].sort();
let reference: TreeState;
let pristine: TreeState;

beforeAll(async () => {
  pristine = treeState(makeWorktreeCrashRepo().repo);
  reference = await worktreeReferenceTree();
  // one run commit holding every task's file and the edited config; the user's notes stay untracked
  expect(reference.commits).toBe(pristine.commits + 1);
  expect(reference.status).toBe('?? notes.txt');
  expect(Object.keys(reference.files).filter((f) => f.startsWith('out/'))).toHaveLength(WORK.length);
  expect(reference.files[CONFIG_FILE]).toBe(`${CONFIG_BASE}schema\napi\ntests\n`);
  expect(ancestorsOf('changelog')).toEqual(WORK.filter((id) => id !== 'changelog'));
}, 30_000);

/** The integration branch of a run, or undefined when it does not exist. */
function integrationBranch(crash: WorktreeCrashRepo, runId: string): string | undefined {
  const result = crash.repo.gitStatus('rev-parse', '-q', '--verify', `refs/heads/wavefront/${runId}/integration`);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

function integratedOf(records: readonly JournalRecord[]): Extract<JournalRecord, { type: 'integrated' }>[] {
  return records.filter((r): r is Extract<JournalRecord, { type: 'integrated' }> => r.type === 'integrated');
}

/** What must hold once the first child is dead; returns what resume must respect. */
async function checkCrashed(
  crash: WorktreeCrashRepo,
  runId: string,
  first: ChildOutcome,
  checkout: 'untouched' | 'committed' = 'untouched',
): Promise<{ state: RunState; succeededBefore: Set<string>; invokedBefore: Map<string, number> }> {
  expect(first.signal, first.stdout + first.stderr).toBe('SIGKILL');
  expect(first.result).toBeUndefined();
  const { state, records } = await readRun(crash, runId);
  expect(state.workspaceBase, 'a worktree run journals its workspace base').toBeDefined();
  // the agents worked in worktrees: until the final commit, the user's checkout is exactly as before the run
  expect(treeState(crash.repo)).toEqual(checkout === 'untouched' ? pristine : reference);
  // the dead process left its worktrees behind for the resume to clean up
  expect(worktreePaths(crash.repo).length).toBeGreaterThan(1);
  // each recorded merge builds on the previous one
  const integrated = integratedOf(records);
  for (let i = 1; i < integrated.length; i += 1) {
    expect(crash.repo.gitStatus('merge-base', '--is-ancestor', (integrated[i - 1] as { head: string }).head, (integrated[i] as { head: string }).head).code).toBe(0);
  }
  const invokedBefore = countByTask(ledgerOf(crash));
  for (const [id, count] of invokedBefore) expect(count, id).toBe(1);
  return { state, succeededBefore: new Set([...state.succeeded.keys()].filter((id) => WORK.includes(id))), invokedBefore };
}

/** Resumes in a fresh child and checks the run's end state. */
async function resumeAndCheck(crash: WorktreeCrashRepo, runId: string, before: { succeededBefore: Set<string>; invokedBefore: Map<string, number> }): Promise<ChildOutcome> {
  const second = await runWorktreeChild({ crash, runId, resume: true });
  expect(second.code, second.stdout + second.stderr).toBe(0);
  expect(second.result?.status, JSON.stringify(second.result?.error)).toBe('succeeded');
  for (const id of WORK) expect(second.result?.tasks[id]?.status, id).toBe('succeeded');

  // Ledger: a success or merge journalled before the crash is never run again; the rest exactly once more.
  const resumed = countByTask(ledgerOf(crash, second.pid));
  for (const id of WORK) {
    expect(resumed.get(id) ?? 0, `${id} invocations on resume`).toBe(before.succeededBefore.has(id) ? 0 : 1);
    expect((before.invokedBefore.get(id) ?? 0) + (resumed.get(id) ?? 0), id).toBeGreaterThanOrEqual(1);
  }

  // Every agent ran in a worktree of the run, never in the checkout.
  const runRoot = join(realpathSync(crash.dir), '.wavefront', 'worktrees', runId) + sep;
  const cwds = readFileSync(crash.cwdLog, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { taskId: string; cwd: string });
  expect(cwds.length).toBeGreaterThanOrEqual(WORK.length);
  for (const { taskId, cwd } of cwds) expect(cwd.startsWith(runRoot), `${taskId} ran in ${cwd}`).toBe(true);

  // No accepted work lost, none merged twice: the crash-free tree, each task integrated once.
  expect(treeState(crash.repo)).toEqual(reference);
  const after = await readRun(crash, runId);
  expect(after.tornBytes).toBe(0);
  expect(after.state.ended?.status).toBe('succeeded');
  expect(after.state.inDoubt).toEqual([]);
  expect(integratedOf(after.records).map((r) => r.taskId).sort()).toEqual(WORK);

  // Nothing of the run's isolation is left.
  expect(worktreePaths(crash.repo)).toEqual([realpathSync(crash.dir)]);
  expect(runLeftovers(crash.repo)).toEqual([]);
  expect(pruneDryRun(crash.repo)).toBe('');
  expect(existsSync(join(crash.dir, '.wavefront', 'worktrees', runId))).toBe(false);
  expect(lockExists(crash)).toBe(false);
  return second;
}

interface FailpointCase {
  readonly name: string;
  readonly env: Record<string, string>;
  /** The checkout at the crash: untouched until the final commit wrote the integrated result. @defaultValue 'untouched' */
  readonly checkout?: 'untouched' | 'committed';
  /** What the journal and git say at the crash: proves the kill happened where intended. */
  readonly atCrash: (state: RunState, crash: WorktreeCrashRepo, runId: string) => void;
}

const CASES: readonly FailpointCase[] = [
  {
    name: 'before-integration (first finished task)',
    env: { WAVEFRONT_FAILPOINT: 'before-integration' },
    atCrash: (s, crash, runId) => {
      expect(s.integrationHead).toBeUndefined();
      expect([...s.succeeded.keys()]).toEqual(['git_backup']);
      expect(s.inDoubt.length).toBeGreaterThanOrEqual(1);
      expect(integrationBranch(crash, runId)).toBe(s.workspaceBase); // nothing merged yet
    },
  },
  {
    name: 'after-merge (merged, not recorded)',
    env: { WAVEFRONT_FAILPOINT: 'after-merge' },
    atCrash: (s, crash, runId) => {
      expect(s.integrationHead).toBeUndefined();
      expect([...s.succeeded.keys()]).toEqual(['git_backup']);
      // the merge exists in git but not in the journal: resume must drop it
      expect(integrationBranch(crash, runId)).toBeDefined();
      expect(integrationBranch(crash, runId)).not.toBe(s.workspaceBase);
    },
  },
  {
    name: 'after-integrated-record (recorded, task end not written)',
    env: { WAVEFRONT_FAILPOINT: 'after-integrated-record' },
    atCrash: (s, crash, runId) => {
      const work = [...s.succeeded.keys()].filter((id) => WORK.includes(id));
      expect(work).toHaveLength(1);
      expect(s.finished.has(work[0] as string)).toBe(false); // accepted through its integrated record only
      expect(s.integrationHead).toBe(integrationBranch(crash, runId));
    },
  },
  {
    name: 'before-integration (armed mid-run at ui)',
    env: { CRASH_ARM_FAILPOINT: 'before-integration', CRASH_ARM_AT: 'ui' },
    atCrash: (s) => {
      expect(s.succeeded.has('schema')).toBe(true);
      expect(s.integrationHead).toBeDefined();
    },
  },
  {
    name: 'after-merge (armed mid-run at e2e)',
    env: { CRASH_ARM_FAILPOINT: 'after-merge', CRASH_ARM_AT: 'e2e' },
    atCrash: (s, crash, runId) => {
      expect(s.succeeded.has('api')).toBe(true);
      expect(s.succeeded.has('ui')).toBe(true);
      expect(s.integrationHead).toBeDefined();
      // one more merge on top of the last recorded head
      const branch = integrationBranch(crash, runId) as string;
      expect(branch).not.toBe(s.integrationHead);
      expect(crash.repo.gitStatus('merge-base', '--is-ancestor', s.integrationHead as string, branch).code).toBe(0);
    },
  },
  {
    name: 'after-integrated-record (armed mid-run at tests)',
    env: { CRASH_ARM_FAILPOINT: 'after-integrated-record', CRASH_ARM_AT: 'tests' },
    atCrash: (s, crash, runId) => {
      expect(s.succeeded.has('api')).toBe(true);
      expect(s.integrationHead).toBe(integrationBranch(crash, runId));
    },
  },
  {
    name: 'during-commit (everything integrated, final commit begun)',
    env: { WAVEFRONT_FAILPOINT: 'during-commit' },
    atCrash: (s, crash, runId) => {
      expect(s.commit).toBe('started');
      for (const id of WORK) expect(s.succeeded.has(id), id).toBe(true);
      expect(s.integrationHead).toBe(integrationBranch(crash, runId));
    },
  },
  {
    name: 'after-commit (committed, run end not recorded)',
    env: { WAVEFRONT_FAILPOINT: 'after-commit' },
    checkout: 'committed',
    atCrash: (s) => {
      expect(typeof s.commit).toBe('object');
      expect(s.ended).toBeUndefined();
    },
  },
];

// Each case drives its own repository and child processes: run them side by side (the file stays
// well under a minute on two cores). The timeouts only guard against a hung child.
describe.concurrent('worktree isolation: SIGKILL during integration, then resume', () => {
  it.each(CASES)('failpoint $name', async ({ env, atCrash, checkout }) => {
    const crash = makeWorktreeCrashRepo();
    const runId = 'wt';
    const first = await runWorktreeChild({ crash, runId, env });
    const before = await checkCrashed(crash, runId, first, checkout);
    atCrash(before.state, crash, runId);
    await resumeAndCheck(crash, runId, before);
  }, 100_000);

  const SEEDS = [7, 12, 20, 30]; // kills after agent #1, #3, #6, #7 (of 8), 3–53 ms later
  it.each(SEEDS)('external kill -9 at a random moment of the integration wave (seed %i)', async (seed) => {
    const random = prng(seed);
    const crash = makeWorktreeCrashRepo();
    const runId = `wk-${seed}`;
    // The last task's agent is held, so the run cannot end before the kill; the kill lands a random
    // 0–60 ms after the n-th agent has finished, i.e. while finished work is committed and merged.
    const count = 1 + Math.floor(random() * (WORK.length - 1));
    const delayMs = Math.floor(random() * 61);
    const first = await runWorktreeChild({ crash, runId, slowSeed: seed, hold: 'changelog', killAfter: { marker: '@@agent-done', count, delayMs } });
    const before = await checkCrashed(crash, runId, first);
    expect(before.state.ended).toBeUndefined();
    expect(before.succeededBefore.has('changelog')).toBe(false);
    await resumeAndCheck(crash, runId, before);
    console.log(`seed ${seed}: killed ${delayMs} ms after agent #${count} finished; ${before.succeededBefore.size} of ${WORK.length} tasks accepted before the kill`);
  }, 100_000);
});
