/**
 * T9 at-most-once for critical tasks: a process killed inside an approved migration leaves it in
 * doubt; resuming ends `needs-human` without invoking it again (nor anything else), and a later
 * resume is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITICAL_TITLE } from './fixtures/crash-plan.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { countByTask, ledgerOf, lockExists, lockPid, makeCrashRepo, readRun, runChild } from './crash-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

describe('a critical task in doubt after a crash (T9)', () => {
  it('resume stops as needs-human and the migration is invoked exactly once overall', async () => {
    const crash = makeCrashRepo();
    const runId = 'crit';
    const first = await runChild({ crash, runId, plan: 'critical', env: { CRASH_KILL_IN: 'migrate' } });
    expect(first.signal).toBe('SIGKILL');
    const before = await readRun(crash, runId);
    const migrate = before.state.plan.tasks.find((task) => task.id === 'migrate');
    expect(migrate?.title).toBe(CRITICAL_TITLE);
    expect(migrate?.critical).toBe(true);
    expect(before.state.approvals.get('migrate')).toBe(true); // it was approved, then started
    expect(before.state.inDoubt).toEqual(['migrate']);
    expect(lockPid(crash)).toBe(first.pid);

    const second = await runChild({ crash, runId, resume: true });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.result?.status).toBe('needs-human');
    expect(second.result?.error?.code).toBe('NEEDS_HUMAN');
    expect(second.result?.error?.message).toContain('migrate');
    expect(second.result?.commit).toBeUndefined();
    expect(ledgerOf(crash, second.pid)).toEqual([]); // nothing runs, not even the unrelated tasks
    expect(countByTask(ledgerOf(crash)).get('migrate')).toBe(1);
    expect(lockExists(crash)).toBe(false);
    const after = await readRun(crash, runId);
    expect(after.state.ended?.status).toBe('needs-human');
    expect(after.state.succeeded.has('migrate')).toBe(false);
    expect(after.state.ended?.error?.message).toContain('migrate');

    // A plain resume is refused: the migration can never be re-run by resuming.
    const third = await runChild({ crash, runId, resume: true });
    expect(third.code).toBe(2);
    expect(third.rejected?.code).toBe('INVALID_ARGUMENT');
    expect(third.rejected?.message).toContain('needs-human');
    expect(third.rejected?.message).toContain('migrate');
    expect(countByTask(ledgerOf(crash)).get('migrate')).toBe(1);

    // After a human checked the migration and confirms it done, the run continues without it.
    const fourth = await runChild({ crash, runId, resume: true, confirm: ['migrate'] });
    expect(fourth.code, fourth.stdout + fourth.stderr).toBe(0);
    expect(fourth.result?.status).toBe('succeeded');
    expect(fourth.result?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(countByTask(ledgerOf(crash)).get('migrate')).toBe(1);
    expect(ledgerOf(crash, fourth.pid).length).toBeGreaterThan(0); // the rest of the plan ran
    const done = await readRun(crash, runId);
    expect(done.state.succeeded.get('migrate')?.summary).toContain('confirmed');
    expect(done.state.ended?.status).toBe('succeeded');
  });
});
