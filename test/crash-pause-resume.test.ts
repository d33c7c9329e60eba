/**
 * on_failure 'pause' across processes: a task failing once pauses the run (the process exits
 * normally); a new process resumes it, re-runs only the paused task and the tasks that never ran,
 * and ends with the same tree as a run without the failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_TASKS } from './fixtures/crash-plan.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { countByTask, ledgerOf, lockExists, makeCrashRepo, readRun, referenceTree, runChild, treeState } from './crash-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const WORK = MAIN_TASKS.map((task) => task.id).sort();

describe('pause, then resume in another process', () => {
  it('re-runs the paused task with its next attempt and never a task that succeeded', async () => {
    const crash = makeCrashRepo();
    const runId = 'pz';
    const first = await runChild({ crash, runId, onFailure: 'pause', failOnce: 'api' });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.result?.status).toBe('paused');
    expect(first.result?.tasks['api']?.status).toBe('failed');
    expect(first.result?.commit).toBeUndefined();
    expect(lockExists(crash)).toBe(false);
    const before = await readRun(crash, runId);
    expect(before.state.ended?.status).toBe('paused');
    const succeededBefore = new Set(before.state.succeeded.keys());
    expect(succeededBefore.has('schema')).toBe(true);
    expect(succeededBefore.has('api')).toBe(false);

    const second = await runChild({ crash, runId, resume: true, onFailure: 'pause', failOnce: 'api' });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.result?.status).toBe('succeeded');
    const resumed = ledgerOf(crash, second.pid);
    for (const id of WORK) {
      const calls = resumed.filter((entry) => entry.taskId === id);
      expect(calls.length, id).toBe(succeededBefore.has(id) ? 0 : 1);
    }
    // The attempt number carries over: attempt 2 of the step list succeeds.
    expect(resumed.find((entry) => entry.taskId === 'api')?.attempt).toBe(2);
    expect(second.result?.tasks['api']).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(countByTask(ledgerOf(crash)).get('api')).toBe(2);
    expect(treeState(crash.repo)).toEqual(await referenceTree());
  });
});
