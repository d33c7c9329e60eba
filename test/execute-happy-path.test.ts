/**
 * Orchestrator happy path in a real temp repository: wave-0 snapshot ref, agents' files committed
 * on the current branch, RunResult fields, dependency results handed to dependents, and the same
 * start order as simulate() for the same durations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { OrchestratorEvent } from '../src/execute/events.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { simulate } from '../src/schedule/simulate.js';
import { createScriptedAdapter } from '../src/testing/scripted-adapter.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { cleanupPlainDirs, makeRunRepo, ofType, plainDir, recordEvents } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(() => {
  cleanupAll();
  cleanupPlainDirs();
});

describe('Orchestrator: a successful run in a git repository', () => {
  it('snapshots wave 0, runs every task, and commits the agents’ files on the current branch', async () => {
    const repo = makeRunRepo();
    const initial = repo.git('rev-parse', 'HEAD').trim();
    repo.write('notes.txt', 'user work in progress\n'); // uncommitted user work: must stay uncommitted
    const p = await plan({
      text: 'Add a users API with docs',
      tasks: [
        { id: 'api', title: 'Create users API endpoint' },
        { id: 'docs', title: 'Write API documentation' },
        { id: 'tests', title: 'Write tests for users API', dependsOn: ['api'] },
      ],
    });
    const adapter = createScriptedAdapter({
      api: { durationMs: 10, writeFiles: { 'src/api.ts': 'export const api = 1;\n' }, result: { output: { route: '/users' } } },
      docs: { writeFiles: { 'docs/api.md': '# API\n' } },
      tests: { writeFiles: { 'test/api.test.ts': 'test\n' } },
    });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId: 'happy-1' });
    const events = recordEvents(orchestrator);

    const result = await orchestrator.run(p);

    expect(result.status).toBe('succeeded');
    expect(result.runId).toBe('happy-1');
    expect(result.error).toBeUndefined();
    expect(result.backupRef).toBe('refs/wavefront/runs/happy-1/wave-0');
    // The snapshot ref exists and points at a commit whose tree has the user's pre-run work.
    expect(repo.git('rev-parse', '--verify', 'refs/wavefront/runs/happy-1/wave-0^{commit}').trim()).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.git('show', 'refs/wavefront/runs/happy-1/wave-0:notes.txt')).toBe('user work in progress\n');

    // The final commit is HEAD of main, on top of the initial commit, with exactly the agents' files.
    expect(result.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(initial);
    expect(repo.git('symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(repo.git('log', '--format=%s', '-1').trim()).toBe('wavefront: Add a users API with docs');
    const stat = repo.git('show', '--stat', '--format=', 'HEAD');
    expect(stat).toContain('src/api.ts');
    expect(stat).toContain('docs/api.md');
    expect(stat).toContain('test/api.test.ts');
    expect(stat).not.toContain('notes.txt');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['docs/api.md', 'src/api.ts', 'test/api.test.ts']);
    expect(repo.git('status', '--porcelain').trim()).toBe('?? notes.txt');
    expect(result.filesChanged).toEqual(['docs/api.md', 'src/api.ts', 'test/api.test.ts']);

    // Every task succeeded once, backup and commit included.
    expect(Object.keys(result.tasks).sort()).toEqual(p.tasks.map((t) => t.id).sort());
    for (const [id, outcome] of Object.entries(result.tasks)) {
      expect(outcome.status, id).toBe('succeeded');
      expect(outcome.attempts, id).toBe(1);
    }
    expect(result.tasks['api']?.result?.output).toEqual({ route: '/users' });
    expect(result.tasks['git_commit']?.result?.output).toEqual({ ref: result.commit });
    expect(adapter.calls.map((c) => c.taskId).sort()).toEqual(['api', 'docs', 'tests']);

    // Checkpoint events name the backup ref and the commit.
    expect(ofType(events, 'checkpoint').flatMap((e) => (e.ref === undefined ? [] : [e.ref]))).toEqual([result.backupRef, result.commit]);
    expect(ofType(events, 'checkpoint').filter((e) => e.path !== undefined).length).toBeGreaterThan(0);
    const end = ofType(events, 'run:end');
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ status: 'succeeded', commit: result.commit, runId: 'happy-1' });
  });

  it('passes each dependency’s result to its dependents, and only direct dependencies', async () => {
    const dir = plainDir();
    const p = await plan({
      tasks: [
        { id: 'schema', title: 'Design users schema' },
        { id: 'api', title: 'Create users API endpoint', dependsOn: ['schema'] },
        { id: 'ui', title: 'Build users page', dependsOn: ['api'] },
      ],
    });
    const adapter = createScriptedAdapter({
      schema: { result: { summary: 'schema has 3 columns', output: { columns: 3 } } },
      api: { result: { summary: 'GET /users ready', output: { route: '/users' } } },
    });
    const seen = new Map<string, { deps: Record<string, unknown>; prompt: string }>();
    const spy = {
      name: 'spy',
      run: (request: Parameters<typeof adapter.run>[0]) => {
        seen.set(request.task.id, { deps: { ...request.dependencies }, prompt: request.prompt });
        return adapter.run(request);
      },
    };
    const result = await new Orchestrator({ cwd: dir, adapter: spy, git: false }).run(p);

    expect(result.status).toBe('succeeded');
    expect(result.commit).toBeUndefined();
    expect(result.backupRef).toBeUndefined();
    // Roots depend on the wave-0 backup task, an orchestrator step whose result is not an agent's: not passed on.
    expect(Object.keys(seen.get('schema')?.deps ?? {})).toEqual([]);
    expect(seen.get('api')?.deps).toEqual({ schema: { ok: true, summary: 'schema has 3 columns', output: { columns: 3 } } });
    expect(Object.keys(seen.get('ui')?.deps ?? {})).toEqual(['api']);
    expect(seen.get('ui')?.deps['api']).toMatchObject({ ok: true, output: { route: '/users' } });
    expect(seen.get('ui')?.prompt).toContain('- api: GET /users ready');
  });
});

/** Groups of tasks started together: simulate() by start time; the executor by the task:end events between starts. */
function simulatedBatches(p: Plan, mode: 'dynamic' | 'waves', work: ReadonlySet<string>): string[][] {
  const groups = new Map<number, string[]>();
  for (const entry of simulate(p, { mode }).timeline) {
    if (!work.has(entry.taskId)) continue;
    groups.set(entry.start, [...(groups.get(entry.start) ?? []), `${entry.taskId}@${entry.instance}`]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, ids]) => ids.sort());
}

function executedBatches(events: readonly OrchestratorEvent[], work: ReadonlySet<string>): string[][] {
  const batches: string[][] = [[]];
  for (const event of events) {
    if (event.type === 'task:end' && (batches[batches.length - 1] as string[]).length > 0) batches.push([]);
    if (event.type === 'task:start' && work.has(event.taskId)) (batches[batches.length - 1] as string[]).push(`${event.taskId}@${event.instance}`);
  }
  return batches.filter((batch) => batch.length > 0).map((batch) => batch.sort());
}

describe('Orchestrator and simulate() agree', () => {
  // More ready backend tasks than backend instances, so instance choice and borrowing matter.
  // 30 ms per estimated minute; the task ends that decide a start are at least 3 minutes (90 ms) apart.
  const endpoints = [
    { id: 'e1', title: 'Create orders endpoint', estimateMinutes: 4 },
    { id: 'e2', title: 'Create users endpoint', estimateMinutes: 7 },
    { id: 'e3', title: 'Create carts endpoint', estimateMinutes: 12 },
    { id: 'e4', title: 'Create items endpoint', estimateMinutes: 4 },
    { id: 'e5', title: 'Create prices endpoint', estimateMinutes: 9 },
    { id: 't1', title: 'Write tests for orders', estimateMinutes: 5, dependsOn: ['e1', 'e2'] },
  ];
  const cases = {
    // the plan puts d1 on I1, next to the backup and commit
    'I1 hosts work': [...endpoints, { id: 'd1', title: 'Write API documentation', estimateMinutes: 2, dependsOn: ['e3'] }],
    // I1 hosts only the backup and commit; simulate() may still borrow it for work
    'I1 hosts only backup and commit': endpoints,
  };

  for (const [name, specs] of Object.entries(cases)) {
    for (const mode of ['dynamic', 'waves'] as const) {
      it(`starts tasks in the same order and on the same instances as simulate() (${mode}, ${name})`, async () => {
        const p = await plan({ tasks: specs });
        const work = new Set(specs.map((s) => s.id));
        const adapter = createScriptedAdapter((request) => ({ durationMs: request.task.estimateMinutes * 30 }));
        const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false, mode, replan: false });
        const events = recordEvents(orchestrator);
        const result = await orchestrator.run(p);
        expect(result.status).toBe('succeeded');
        const expected = simulatedBatches(p, mode, work);
        expect(expected.length).toBeGreaterThanOrEqual(2);
        expect(executedBatches(events, work)).toEqual(expected);
      });
    }
  }
});
