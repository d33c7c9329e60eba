/**
 * Worktree isolation, the integration side: a merge conflict between two agents' work is handed to
 * an inserted resolver task (Code Reviewer) and the run ends green; a conflict the resolver cannot
 * fix rolls back to the wave-0 snapshot with nothing of the user's lost; a red integration gate is
 * resolved the same way.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdapter, AgentRequest, AgentResult } from '../src/adapters/types.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { OrchestratorOptions } from '../src/execute/options.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { cleanupAll, isolateGitHome, type TestRepo } from './git-fixtures.js';
import { makeRunRepo, ofType, recordEvents } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

/** Two independent tasks on different instances that both rewrite `shared.txt`, started together. */
async function conflictingPlan(): Promise<Plan> {
  return plan({
    text: 'Two agents edit one file',
    tasks: [
      { id: 'left', title: 'Create users API endpoint' },
      { id: 'right', title: 'Write API documentation' },
    ],
  });
}

/** Resolves once `n` callers have arrived: makes two agents overlap for sure. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === n) release();
    return all;
  };
}

type Resolve = (request: AgentRequest, text: string) => AgentResult;

function adapterFor(resolve: Resolve): AgentAdapter & { seen: Map<string, string> } {
  const together = barrier(2);
  const seen = new Map<string, string>();
  return {
    name: 'conflicting',
    seen,
    async run(request) {
      const id = request.task.id;
      seen.set(id, request.cwd);
      const file = join(request.cwd, 'shared.txt');
      if (id === 'left' || id === 'right') {
        await together();
        writeFileSync(file, `${id} wins\n`);
        return { ok: true, summary: `${id} edited shared.txt` };
      }
      return resolve(request, readFileSync(file, 'utf8'));
    },
  };
}

function worktreesOf(repo: TestRepo): string[] {
  return repo
    .git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '));
}

function runRefs(repo: TestRepo): string {
  return repo.git('for-each-ref', '--format=%(refname)', 'refs/heads/wavefront/', 'refs/wavefront/work/').trim();
}

function prepare(): TestRepo {
  const repo = makeRunRepo();
  repo.write('shared.txt', 'base\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'shared');
  repo.write('notes.txt', 'user work in progress\n'); // uncommitted: must survive every outcome
  return repo;
}

const OPTIONS: Partial<OrchestratorOptions> = { isolation: 'worktree', retryDelayMs: 0, replan: false };

describe('worktree isolation: integration conflicts', () => {
  it('inserts a Code Reviewer resolver task for a merge conflict, and the run ends green', async () => {
    const repo = prepare();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const adapter = adapterFor((request, text) => {
      expect(request.task.role).toBe('code-reviewer');
      expect(request.task.description).toContain('shared.txt');
      expect(text).toContain('<<<<<<<');
      writeFileSync(join(request.cwd, 'shared.txt'), 'left wins\nright wins\n');
      return { ok: true, summary: 'kept both' };
    });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId: 'resolve-ok', ...OPTIONS });
    const events = recordEvents(orchestrator);

    const result = await orchestrator.run(await conflictingPlan());

    expect(result.status).toBe('succeeded');
    const conflicts = ofType(events, 'integration').filter((e) => e.status === 'conflict');
    expect(conflicts).toHaveLength(1);
    const resolverId = conflicts[0]?.resolverTaskId as string;
    expect(resolverId).toMatch(/^resolve-(left|right)-1$/);
    expect(conflicts[0]?.conflicts).toEqual(['shared.txt']);
    expect(result.tasks[resolverId]?.status).toBe('succeeded');
    expect(ofType(events, 'replan').map((e) => e.inserted[0]?.id)).toEqual([resolverId]);
    // agents worked in their own worktrees, never in the checkout
    for (const cwd of adapter.seen.values()) expect(cwd).toContain(join('.wavefront', 'worktrees', 'resolve-ok'));
    // one commit on top of the user's HEAD with the resolved file; the user's work stays uncommitted
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(repo.git('show', 'HEAD:shared.txt')).toBe('left wins\nright wins\n');
    expect(readFileSync(join(repo.dir, 'shared.txt'), 'utf8')).toBe('left wins\nright wins\n');
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');
    expect(repo.git('log', '--format=%P', '-1').trim().split(' ')).toHaveLength(1); // no merge commits in the user's history
    expect(worktreesOf(repo)).toHaveLength(1);
    expect(runRefs(repo)).toBe('');
  });

  it('rolls back to the wave-0 snapshot, losing nothing, when the resolver leaves the conflict unresolved', async () => {
    const repo = prepare();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const adapter = adapterFor(() => ({ ok: true, summary: 'I looked at it' })); // markers stay
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId: 'resolve-bad', ...OPTIONS });
    const events = recordEvents(orchestrator);

    const result = await orchestrator.run(await conflictingPlan());

    expect(result.status).toBe('rolled-back');
    const resolverId = ofType(events, 'integration').find((e) => e.status === 'conflict')?.resolverTaskId as string;
    expect(result.tasks[resolverId]?.status).toBe('failed');
    expect(result.tasks[resolverId]?.error?.message).toMatch(/conflict marker/i);
    expect(result.tasks[resolverId]?.attempts).toBe(2); // retried once, then failed for good
    expect(ofType(events, 'rollback:end')[0]?.ok).toBe(true);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(readFileSync(join(repo.dir, 'shared.txt'), 'utf8')).toBe('base\n');
    expect(readFileSync(join(repo.dir, 'notes.txt'), 'utf8')).toBe('user work in progress\n');
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');
    expect(worktreesOf(repo)).toHaveLength(1);
    expect(runRefs(repo)).toBe('');
  });

  it('fails the task without a resolver when no rounds are left (maxReplanRounds: 0)', async () => {
    const repo = prepare();
    const adapter = adapterFor(() => {
      throw new Error('no resolver expected');
    });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId: 'resolve-none', ...OPTIONS, maxReplanRounds: 0, keepWorktrees: true });

    const result = await orchestrator.run(await conflictingPlan());

    expect(result.status).toBe('rolled-back');
    const failed = Object.entries(result.tasks).filter(([, t]) => t.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.[1].error).toMatchObject({ code: 'INTEGRATION_FAILED' });
    expect(Object.keys(result.tasks).some((id) => id.startsWith('resolve-'))).toBe(false);
    // keepWorktrees: the integration and instance worktrees stay for inspection
    expect(worktreesOf(repo).length).toBeGreaterThan(1);
    expect(existsSync(join(repo.dir, '.wavefront', 'worktrees', 'resolve-none', 'integration', 'shared.txt'))).toBe(true);
    expect(readFileSync(join(repo.dir, 'shared.txt'), 'utf8')).toBe('base\n');
  });

  it('a red integration gate undoes the merge and a resolver makes it green', async () => {
    const repo = prepare();
    const gateRuns: string[] = [];
    const p = await plan({ text: 'One agent breaks the gate', tasks: [{ id: 'breaker', title: 'Create users API endpoint' }, { id: 'other', title: 'Write API documentation' }] });
    const adapter: AgentAdapter = {
      name: 'gate',
      run(request) {
        const id = request.task.id;
        if (id === 'breaker') writeFileSync(join(request.cwd, 'gate.txt'), 'bad\n');
        else if (id === 'other') writeFileSync(join(request.cwd, 'docs.md'), '# docs\n');
        else {
          expect(request.task.description).toContain('gate says: bad');
          expect(readFileSync(join(request.cwd, 'gate.txt'), 'utf8')).toBe('bad\n'); // the merge is in progress here
          writeFileSync(join(request.cwd, 'gate.txt'), 'good\n');
        }
        return Promise.resolve({ ok: true });
      },
    };
    const orchestrator = new Orchestrator({
      cwd: repo.dir,
      adapter,
      runId: 'gate-red',
      ...OPTIONS,
      integrationGate: (cwd) => {
        const path = join(cwd, 'gate.txt');
        const text = existsSync(path) ? readFileSync(path, 'utf8').trim() : 'absent';
        gateRuns.push(text);
        return { ok: text !== 'bad', output: `gate says: ${text}` };
      },
    });
    const events = recordEvents(orchestrator);

    const result = await orchestrator.run(p);

    expect(result.status).toBe('succeeded');
    expect(ofType(events, 'integration').map((e) => e.status).sort()).toEqual(['gate-failed', 'merged', 'merged']);
    expect(gateRuns).toContain('bad');
    expect(gateRuns.at(-1)).not.toBe('bad');
    expect(repo.git('show', 'HEAD:gate.txt')).toBe('good\n');
    expect(repo.git('show', 'HEAD:docs.md')).toBe('# docs\n');
    expect(worktreesOf(repo)).toHaveLength(1);
  });

  it('rejects worktree isolation without git, and a malformed gate', () => {
    expect(() => new Orchestrator({ cwd: '.', isolation: 'worktree', git: false })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error);
    expect(() => new Orchestrator({ cwd: '.', integrationGate: [] as string[] })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error);
    expect(() => new Orchestrator({ cwd: '.', isolation: 'separate' as never })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }) as Error);
  });
});
