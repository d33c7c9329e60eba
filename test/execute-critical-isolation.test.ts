/**
 * T9 critical-operation isolation through the real Orchestrator: guards run around the critical
 * task, nothing runs beside it, approvals (granted, denied with skip or stop, not required), and a
 * failing verification rolls back without ever re-running the critical task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest, OrchestratorOptions } from '../src/execute/options.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter, type Script } from '../src/testing/scripted-adapter.js';
import { cleanupAll, isolateGitHome, treeHashes } from './git-fixtures.js';
import { cleanupPlainDirs, makeRunRepo, ofType, overlapping, plainDir, recordEvents, trackConcurrency } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(() => {
  cleanupAll();
  cleanupPlainDirs();
});

const migrationPlan = () =>
  plan({
    text: 'Track last login',
    tasks: [
      { id: 'script', title: 'Write migration script for last_login_at' },
      { id: 'migrate', title: 'Execute migration adding last_login_at to users', dependsOn: ['script'] },
      { id: 'login', title: 'Update login endpoint to set last_login_at', dependsOn: ['migrate'] },
      { id: 'docs', title: 'Write documentation for login tracking' },
      { id: 'ui', title: 'Build last login column in admin page' },
    ],
  });

async function run(script: Script, options: Partial<OrchestratorOptions>, cwd = plainDir()) {
  const adapter = trackConcurrency(createScriptedAdapter(script));
  const orchestrator = new Orchestrator({ cwd, adapter, git: false, ...options });
  const events = recordEvents(orchestrator);
  const result = await orchestrator.run(await migrationPlan());
  return { adapter, events, result, order: adapter.requests.map((r) => r.task.id) };
}

// Long-running neighbours, so that the critical task has something it could overlap with.
const busyNeighbours: Script = { docs: { durationMs: 60 }, ui: { durationMs: 30 }, script: { durationMs: 10 } };

describe('T9: the plan guards the critical task', () => {
  it('marks the migration critical, with data backup and rollback script before it and verification after it', async () => {
    const p = await migrationPlan();
    const migrate = p.tasks.find((t) => t.id === 'migrate');
    expect(migrate?.critical).toBe(true);
    expect(migrate?.dependsOn).toEqual(expect.arrayContaining(['migrate.data-backup', 'migrate.rollback-script']));
    expect(p.tasks.find((t) => t.id === 'login')?.dependsOn).toContain('migrate.verify');
    expect(p.waves[migrate?.wave ?? -1]?.taskIds).toEqual(['migrate']);
  });
});

describe('T9: isolation at run time', () => {
  for (const mode of ['dynamic', 'waves'] as const) {
    it(`runs guards before and verification after, and nothing beside the critical task (${mode})`, async () => {
      const { adapter, events, result, order } = await run(busyNeighbours, { mode, approve: () => true });
      expect(result.status).toBe('succeeded');
      const at = (id: string) => order.indexOf(id);
      expect(at('migrate.data-backup')).toBeGreaterThanOrEqual(0);
      expect(at('migrate.data-backup')).toBeLessThan(at('migrate'));
      expect(at('migrate.rollback-script')).toBeLessThan(at('migrate'));
      expect(at('migrate')).toBeLessThan(at('migrate.verify'));
      expect(at('migrate.verify')).toBeLessThan(at('login'));
      expect(overlapping(adapter, 'migrate')).toEqual([]);
      expect(overlapping(adapter, 'docs').length).toBeGreaterThan(0); // the tracking does see overlaps
      // and in event terms: between migrate's start and end no other task starts or is running
      const startIndex = events.findIndex((e) => e.type === 'task:start' && e.taskId === 'migrate');
      const endIndex = events.findIndex((e) => e.type === 'task:end' && e.taskId === 'migrate');
      const between = events.slice(startIndex + 1, endIndex).filter((e) => e.type === 'task:start' || e.type === 'task:end');
      expect(between).toEqual([]);
      const running = new Set<string>();
      for (const e of events.slice(0, startIndex)) {
        if (e.type === 'task:start') running.add(e.taskId);
        if (e.type === 'task:end') running.delete(e.taskId);
      }
      expect([...running]).toEqual([]);
      expect(ofType(events, 'task:start').find((e) => e.taskId === 'migrate')?.critical).toBe(true);
    });
  }

  it('asks approve() with the task and its reasons, and runs it when granted', async () => {
    const asked: ApprovalRequest[] = [];
    const { events, result, order } = await run(
      {},
      {
        runId: 'appr-1',
        approve: async (request) => {
          asked.push(request);
          return true;
        },
      },
    );
    expect(result.status).toBe('succeeded');
    expect(asked.map((a) => [a.runId, a.task.id])).toEqual([['appr-1', 'migrate']]);
    expect(asked[0]?.reasons.length).toBeGreaterThan(0);
    expect(order).toContain('migrate');
    const approvals = ofType(events, 'approval:request');
    expect(approvals.map((e) => [e.taskId, e.approved])).toEqual([
      ['migrate', undefined],
      ['migrate', true],
    ]);
    const kinds = events.map((e) => `${e.type}:${'taskId' in e ? e.taskId : ''}`);
    expect(kinds.lastIndexOf('approval:request:migrate')).toBeLessThan(kinds.indexOf('task:start:migrate'));
  });

  it("denied with onDenied 'skip': the task and its dependents are skipped, the rest runs", async () => {
    const { events, result, order } = await run(busyNeighbours, { approve: () => false, onDenied: 'skip' });
    expect(order).not.toContain('migrate');
    expect(order).not.toContain('migrate.verify');
    expect(order).not.toContain('login');
    expect(order).toEqual(expect.arrayContaining(['docs', 'ui', 'script', 'migrate.data-backup', 'migrate.rollback-script']));
    expect(result.tasks['migrate']).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(result.tasks['migrate.verify']?.status).toBe('skipped');
    expect(result.tasks['login']?.status).toBe('skipped');
    expect(ofType(events, 'task:end').find((e) => e.taskId === 'migrate')?.reason).toBe('approval denied');
    expect(ofType(events, 'task:end').find((e) => e.taskId === 'login')?.reason).toBe('depends on migrate (approval denied)');
    expect(ofType(events, 'approval:request').at(-1)).toMatchObject({ taskId: 'migrate', approved: false });
    // The seed's "skip migration and continue": the run goes on to its end.
    expect(result.status).toBe('succeeded');
  });

  it("denied with onDenied 'stop': the run stops as 'aborted' and nothing after it runs", async () => {
    const repo = makeRunRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const { result, order } = await run({ script: { writeFiles: { 'db/migrate.sql': 'ALTER TABLE users ...\n' } } }, { approve: () => false, onDenied: 'stop', git: true }, repo.dir);
    expect(result.status).toBe('aborted');
    expect(result.error).toMatchObject({ code: 'APPROVAL_DENIED' });
    expect(order).not.toContain('migrate');
    expect(order).not.toContain('login');
    expect(result.tasks['git_commit']?.status).toBe('skipped');
    expect(result.commit).toBeUndefined();
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(result.backupRef).toMatch(/^refs\/wavefront\/runs\//); // kept for a manual rollback
  });

  it('an approve() that throws counts as denied; no approve() at all denies', async () => {
    const thrown = await run({}, { approve: () => Promise.reject(new Error('UI crashed')) });
    expect(thrown.order).not.toContain('migrate');
    expect(thrown.result.tasks['migrate']?.status).toBe('skipped');
    const none = await run({}, {});
    expect(none.order).not.toContain('migrate');
  });

  it('requireApproval: false runs the critical task without asking', async () => {
    let asked = 0;
    const { events, result, order } = await run({}, { requireApproval: false, approve: () => ++asked > 0 });
    expect(asked).toBe(0);
    expect(ofType(events, 'approval:request')).toEqual([]);
    expect(order).toContain('migrate');
    expect(result.status).toBe('succeeded');
  });
});

describe('T9: a failing critical operation or verification rolls back', () => {
  it('a failing verify step rolls back code, calls the data-restore compensation, and never re-runs the critical task', async () => {
    const repo = makeRunRepo();
    const before = treeHashes(repo.dir);
    const restored: string[] = [];
    const script: Script = {
      script: { writeFiles: { 'db/0001_last_login.sql': 'ALTER TABLE users ADD last_login_at;\n' } },
      migrate: {
        run: async (request) => request.registerCompensation?.({ description: 'restore users table', run: () => void restored.push('users') }),
      },
      'migrate.verify': { fail: 'column last_login_at missing' },
    };
    const { events, result, order } = await run(script, { git: true, approve: () => true, replan: false, retries: 3, retryDelayMs: 1 }, repo.dir);
    expect(result.status).toBe('rolled-back');
    expect(result.error?.message).toBe('task migrate.verify failed: column last_login_at missing');
    expect(result.tasks['migrate']).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(order.filter((id) => id === 'migrate')).toHaveLength(1);
    expect(order).not.toContain('login');
    expect(restored).toEqual(['users']);
    expect(treeHashes(repo.dir)).toEqual(before);
    expect(ofType(events, 'rollback:end')[0]).toMatchObject({ ok: true, compensations: 1 });
  });

  it('a failing critical task is attempted once (no retries, no replanning) and rolls back', async () => {
    const { events, result, order } = await run({ migrate: { fail: 'lock timeout' } }, { approve: () => true, retries: 3, retryDelayMs: 1 });
    expect(result.tasks['migrate']).toMatchObject({ status: 'failed', attempts: 1 });
    expect(order.filter((id) => id === 'migrate')).toHaveLength(1);
    expect(ofType(events, 'task:retry')).toEqual([]);
    expect(ofType(events, 'replan')).toEqual([]);
    expect(result.status).toBe('rolled-back');
    expect(order).not.toContain('migrate.verify');
    expect(order).not.toContain('login');
  });
});
