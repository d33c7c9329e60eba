/**
 * Worktree isolation under crashes, resolver side: two tasks conflict, so `resolve-right-1` is
 * inserted; the orchestrator (a real child process) is SIGKILLed while the resolver's agent runs,
 * or right after the resolver's merge was journalled, and a fresh child resumes the run. The run
 * ends green with the resolved file in HEAD; the conflicting task's agent is never run again (its
 * success was journalled); the resolver runs again only when its merge was not recorded; its
 * dependent waits for it on resume too; and nothing of the run's isolation is left behind.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRecord, RunState } from '../src/journal/index.js';
import { countByTask, ledgerOf, lockExists, readRun, treeState, type ChildOutcome, type CrashRepo, type TreeState } from './crash-fixtures.js';
import { makeResolverCrashRepo, resolverReferenceTree, runResolverChild } from './fixtures/resolver-crash.js';
import { RESOLVER_ID, RESOLVER_WORK, SHARED_BASE, SHARED_FILE, SHARED_RESOLVED } from './fixtures/resolver-plan.js';
import { pruneDryRun, runLeftovers, worktreePaths } from './fixtures/worktree-checks.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

let reference: TreeState;
let pristine: TreeState;

beforeAll(async () => {
  pristine = treeState(makeResolverCrashRepo().repo);
  reference = await resolverReferenceTree();
  // one run commit with the resolved file and each task's output; the user's notes stay untracked
  expect(reference.commits).toBe(pristine.commits + 1);
  expect(reference.files[SHARED_FILE]).toBe(SHARED_RESOLVED);
  expect(pristine.files[SHARED_FILE]).toBe(SHARED_BASE);
  expect(reference.status).toBe('?? notes.txt');
  expect(Object.keys(reference.files).filter((f) => f.startsWith('out/')).sort()).toEqual(RESOLVER_WORK.map((id) => `out/${id}.txt`));
}, 30_000);

type Replan = Extract<JournalRecord, { type: 'replan' }>;
type Integrated = Extract<JournalRecord, { type: 'integrated' }>;

function replansOf(records: readonly JournalRecord[]): Replan[] {
  return records.filter((r): r is Replan => r.type === 'replan');
}

function integratedOf(records: readonly JournalRecord[]): Integrated[] {
  return records.filter((r): r is Integrated => r.type === 'integrated');
}

/** What must hold once the first child is dead, whatever the case. */
async function checkCrashed(crash: CrashRepo, runId: string, first: ChildOutcome): Promise<{ state: RunState; records: JournalRecord[]; invoked: Record<string, number> }> {
  expect(first.signal, first.stdout + first.stderr).toBe('SIGKILL');
  expect(first.result).toBeUndefined();
  const { state, records } = await readRun(crash, runId);
  // right conflicted, its resolver was inserted with its resolve info and `after` rewired to it
  const replans = replansOf(records);
  expect(replans).toHaveLength(1);
  expect(replans[0]?.failedTaskId).toBe('right');
  expect(replans[0]?.resolve).toMatchObject({ resolverId: RESOLVER_ID, origin: 'right', kind: 'conflict', conflicts: [SHARED_FILE] });
  expect(replans[0]?.rewire).toEqual([{ taskId: 'after', addDependsOn: [RESOLVER_ID] }]);
  // the conflicting task was never merged itself; its dependent has not run
  expect(integratedOf(records).map((r) => r.taskId)).not.toContain('right');
  expect(state.succeeded.has('after')).toBe(false);
  // the user's checkout is as before the run; the dead process left its worktrees behind
  expect(treeState(crash.repo)).toEqual(pristine);
  expect(worktreePaths(crash.repo).length).toBeGreaterThan(1);
  return { state, records, invoked: Object.fromEntries(countByTask(ledgerOf(crash))) };
}

/** Resumes in a fresh child and checks the run's end state; returns the agent invocations of the resumed process. */
async function resumeAndCheck(crash: CrashRepo, runId: string): Promise<Record<string, number>> {
  const second = await runResolverChild({ crash, runId, resume: true });
  expect(second.code, second.stdout + second.stderr).toBe(0);
  expect(second.result?.status, JSON.stringify(second.result?.error)).toBe('succeeded');
  for (const id of [...RESOLVER_WORK, RESOLVER_ID]) expect(second.result?.tasks[id]?.status, id).toBe('succeeded');
  expect(Object.keys(second.result?.tasks ?? {}).filter((id) => id.startsWith('resolve-'))).toEqual([RESOLVER_ID]);

  // HEAD has the resolved content: the crash-free tree
  expect(crash.repo.git('show', `HEAD:${SHARED_FILE}`)).toBe(SHARED_RESOLVED);
  expect(treeState(crash.repo)).toEqual(reference);

  const after = await readRun(crash, runId);
  expect(after.tornBytes).toBe(0);
  expect(after.state.ended?.status).toBe('succeeded');
  expect(after.state.inDoubt).toEqual([]);
  expect(replansOf(after.records)).toHaveLength(1); // no second round

  // nothing of the run's isolation is left
  expect(worktreePaths(crash.repo)).toEqual([realpathSync(crash.dir)]);
  expect(runLeftovers(crash.repo)).toEqual([]);
  expect(pruneDryRun(crash.repo)).toBe('');
  expect(existsSync(join(crash.dir, '.wavefront', 'worktrees', runId))).toBe(false);
  expect(lockExists(crash)).toBe(false);
  return Object.fromEntries(countByTask(ledgerOf(crash, second.pid)));
}

function integrationBranch(crash: CrashRepo, runId: string): string {
  return crash.repo.git('rev-parse', '-q', '--verify', `refs/heads/wavefront/${runId}/integration`).trim();
}

// Each case drives its own repository and child processes: run them side by side. The timeouts
// only guard against a hung child.
describe.concurrent('worktree isolation: SIGKILL around a resolver, then resume', () => {
  it('kill -9 while the resolver agent runs: the resolver runs again, the conflicting task does not', async () => {
    const crash = makeResolverCrashRepo();
    const runId = 'res-agent';
    const first = await runResolverChild({ crash, runId, holdResolver: true, killOn: `@@agent ${RESOLVER_ID}` });
    const { state, records, invoked } = await checkCrashed(crash, runId, first);
    expect(invoked).toEqual({ left: 1, right: 1, [RESOLVER_ID]: 1 });
    expect(state.finished.get('right')?.status).toBe('succeeded');
    // killed inside the resolver's attempt: started, not ended, not merged
    expect(state.inDoubt).toEqual([RESOLVER_ID]);
    expect(state.succeeded.has(RESOLVER_ID)).toBe(false);
    expect(integratedOf(records).map((r) => r.taskId)).toEqual(['left']);

    const resumed = await resumeAndCheck(crash, runId);
    expect(resumed).toEqual({ [RESOLVER_ID]: 1, after: 1 });
    expect(integratedOf((await readRun(crash, runId)).records).map((r) => r.taskId)).toEqual(['left', RESOLVER_ID, 'after']);
  }, 60_000);

  it('kill -9 right after the resolver merge was recorded: the resolver is not run again', async () => {
    const crash = makeResolverCrashRepo();
    const runId = 'res-recorded';
    const first = await runResolverChild({ crash, runId, env: { CRASH_ARM_FAILPOINT: 'after-integrated-record', CRASH_ARM_AT: RESOLVER_ID } });
    const { state, records, invoked } = await checkCrashed(crash, runId, first);
    expect(invoked).toEqual({ left: 1, right: 1, [RESOLVER_ID]: 1 });
    expect(state.finished.get('right')?.status).toBe('succeeded');
    // accepted through its integrated record only: its end was never written
    expect(integratedOf(records).map((r) => r.taskId)).toEqual(['left', RESOLVER_ID]);
    expect(state.succeeded.has(RESOLVER_ID)).toBe(true);
    expect(state.finished.has(RESOLVER_ID)).toBe(false);
    expect(state.integrationHead).toBe(integrationBranch(crash, runId));
    expect(crash.repo.git('show', `${state.integrationHead as string}:${SHARED_FILE}`)).toBe(SHARED_RESOLVED);

    const resumed = await resumeAndCheck(crash, runId);
    expect(resumed).toEqual({ after: 1 });
    expect(integratedOf((await readRun(crash, runId)).records).map((r) => r.taskId)).toEqual(['left', RESOLVER_ID, 'after']);
  }, 60_000);

  it('kill -9 after the resolver merged but before the merge was recorded: the merge is dropped and the resolver runs again', async () => {
    const crash = makeResolverCrashRepo();
    const runId = 'res-unrecorded';
    const first = await runResolverChild({ crash, runId, env: { CRASH_ARM_FAILPOINT: 'after-merge', CRASH_ARM_AT: RESOLVER_ID } });
    const { state, records, invoked } = await checkCrashed(crash, runId, first);
    expect(invoked).toEqual({ left: 1, right: 1, [RESOLVER_ID]: 1 });
    expect(integratedOf(records).map((r) => r.taskId)).toEqual(['left']);
    expect(state.succeeded.has(RESOLVER_ID)).toBe(false);
    // the merge exists in git, one past the last recorded head
    const branch = integrationBranch(crash, runId);
    expect(branch).not.toBe(state.integrationHead);
    expect(crash.repo.git('show', `${branch}:${SHARED_FILE}`)).toBe(SHARED_RESOLVED);

    const resumed = await resumeAndCheck(crash, runId);
    expect(resumed).toEqual({ [RESOLVER_ID]: 1, after: 1 });
    expect(integratedOf((await readRun(crash, runId)).records).map((r) => r.taskId)).toEqual(['left', RESOLVER_ID, 'after']);
  }, 60_000);

  it('kill -9 after the resolver was recorded but before the conflicting task\'s end: its work is not done twice', async () => {
    const crash = makeResolverCrashRepo();
    const runId = 'res-handoff';
    // right's agent arms the failpoint: the next task end is right's, written after its replan record
    const first = await runResolverChild({ crash, runId, env: { CRASH_ARM_FAILPOINT: 'before-task-end-record', CRASH_ARM_AT: 'right' } });
    const { state, invoked } = await checkCrashed(crash, runId, first);
    expect(invoked).toEqual({ left: 1, right: 1 });
    // handed to resolve-right-1 (replan record), its end not written: the hand-off counts as its success
    expect(state.inDoubt).toEqual([]);
    expect(state.succeeded.has('right')).toBe(true);
    expect(state.finished.has('right')).toBe(false);

    const resumed = await resumeAndCheck(crash, runId);
    // right's committed work was handed to its resolver before the crash: resume either runs that
    // resolver or runs right again, never both (both merge right's intent, racing each other)
    expect(resumed, JSON.stringify(resumed)).not.toMatchObject({ right: 1, [RESOLVER_ID]: 1 });
    expect(resumed['right'] ?? 0).toBe(0); // never run again: its work reaches HEAD through the resolver
    const after = await readRun(crash, runId);
    expect(after.state.finished.get('right')?.status).toBe('succeeded'); // resume wrote the missing end
  }, 60_000);
});
