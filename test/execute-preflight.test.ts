/**
 * P6 / preflight through the real Orchestrator: invalid plans, unsafe repositories, missing
 * adapters and bad options are refused before anything runs or touches git; `git: false` runs in a
 * plain directory.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../src/adapters/types.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { OrchestratorOptions } from '../src/execute/options.js';
import { isWavefrontError, type WavefrontError } from '../src/model/errors.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter } from '../src/testing/scripted-adapter.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { cleanupPlainDirs, makeRunRepo, plainDir, recordEvents } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(() => {
  cleanupAll();
  cleanupPlainDirs();
});

async function rejection(promise: Promise<unknown>): Promise<WavefrontError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isWavefrontError(error), `expected a WavefrontError, got ${String(error)}`).toBe(true);
  return error as WavefrontError;
}

function thrown(fn: () => unknown): WavefrontError {
  try {
    fn();
  } catch (error) {
    expect(isWavefrontError(error), String(error)).toBe(true);
    return error as WavefrontError;
  }
  throw new Error('expected a throw');
}

const simplePlan = () =>
  plan({
    tasks: [
      { id: 'api', title: 'Create users API endpoint' },
      { id: 'tests', title: 'Write tests for users API', dependsOn: ['api'] },
    ],
  });

const refs = (repo: { git(...args: string[]): string }) => repo.git('for-each-ref', '--format=%(refname)').trim();

describe('P6: an invalid plan is rejected before anything runs', () => {
  it('rejects malformed plans with INVALID_PLAN (or the graph code), creates no ref and calls no adapter', async () => {
    const repo = makeRunRepo();
    const before = { refs: refs(repo), status: repo.git('status', '--porcelain') };
    const good = await simplePlan();
    const clone = (): Plan & { tasks: Record<string, unknown>[]; waves: Record<string, unknown>[] } => JSON.parse(JSON.stringify(good));
    const cases: [string, unknown, string][] = [
      ['null', null, 'INVALID_PLAN'],
      ['not a plan', { tasks: 'nope' }, 'INVALID_PLAN'],
      ['no tasks', { ...clone(), tasks: [] }, 'INVALID_PLAN'],
      ['wrong version', { ...clone(), version: 2 }, 'INVALID_PLAN'],
      ['unknown instance', (() => { const p = clone(); (p.tasks[1] as Record<string, unknown>)['instance'] = 'I99'; return p; })(), 'INVALID_PLAN'],
      ['task in the wrong wave', (() => { const p = clone(); (p.tasks[1] as Record<string, unknown>)['wave'] = 0; return p; })(), 'INVALID_PLAN'],
      ['dependency in a later wave', (() => { const p = clone(); (p.tasks[2] as Record<string, unknown>)['dependsOn'] = ['git_backup']; (p.tasks[1] as Record<string, unknown>)['dependsOn'] = ['tests']; return p; })(), 'INVALID_PLAN'],
      ['negative estimate', (() => { const p = clone(); (p.tasks[1] as Record<string, unknown>)['estimateMinutes'] = -1; return p; })(), 'INVALID_PLAN'],
      ['cycle', (() => { const p = clone(); (p.tasks[1] as Record<string, unknown>)['dependsOn'] = ['tests']; (p.tasks[2] as Record<string, unknown>)['dependsOn'] = ['api']; return p; })(), 'CYCLE'],
      ['unknown dependency', (() => { const p = clone(); (p.tasks[2] as Record<string, unknown>)['dependsOn'] = ['ghost']; return p; })(), 'UNKNOWN_DEPENDENCY'],
      ['duplicate id', (() => { const p = clone(); (p.tasks[2] as Record<string, unknown>)['id'] = 'api'; return p; })(), 'DUPLICATE_ID'],
      ['no backup wave', { ...clone(), waves: clone().waves.slice(1) }, 'INVALID_PLAN'],
    ];
    const adapter = createScriptedAdapter({});
    for (const [name, value, code] of cases) {
      const error = await rejection(new Orchestrator({ cwd: repo.dir, adapter }).run(value as Plan));
      expect(error.code, name).toBe(code);
    }
    expect(adapter.calls).toEqual([]);
    expect({ refs: refs(repo), status: repo.git('status', '--porcelain') }).toEqual(before);
  });

  it('rejects a critical task that shares its wave with another task', async () => {
    const p = await plan({ tasks: [{ id: 'a', title: 'Create users API endpoint' }, { id: 'b', title: 'Create orders API endpoint' }] });
    const tampered = JSON.parse(JSON.stringify(p)) as { tasks: Record<string, unknown>[] };
    (tampered.tasks.find((t) => t['id'] === 'a') as Record<string, unknown>)['critical'] = true;
    const error = await rejection(new Orchestrator({ cwd: plainDir(), adapter: createScriptedAdapter({}), git: false }).run(tampered as unknown as Plan));
    expect(error.code).toBe('INVALID_PLAN');
    expect(error.message).toContain('must be alone in its wave');
  });
});

describe('P6: an unsafe repository is refused before anything runs', () => {
  it('a directory that is not a git repository: NOT_A_GIT_REPOSITORY', async () => {
    const dir = plainDir();
    const adapter = createScriptedAdapter({});
    const error = await rejection(new Orchestrator({ cwd: dir, adapter }).run(await simplePlan()));
    expect(error.code).toBe('NOT_A_GIT_REPOSITORY');
    expect(adapter.calls).toEqual([]);
    expect(existsSync(join(dir, '.git'))).toBe(false);
  });

  it('a detached HEAD: GIT_STATE_UNSAFE', async () => {
    const repo = makeRunRepo();
    repo.git('checkout', '-q', '--detach');
    const error = await rejection(new Orchestrator({ cwd: repo.dir, adapter: createScriptedAdapter({}) }).run(await simplePlan()));
    expect(error.code).toBe('GIT_STATE_UNSAFE');
    expect(error.message).toContain('detached');
    expect(refs(repo)).not.toContain('refs/wavefront');
  });

  it('an index.lock left behind: GIT_STATE_UNSAFE', async () => {
    const repo = makeRunRepo();
    writeFileSync(join(repo.dir, '.git', 'index.lock'), '');
    const error = await rejection(new Orchestrator({ cwd: repo.dir, adapter: createScriptedAdapter({}) }).run(await simplePlan()));
    expect(error.code).toBe('GIT_STATE_UNSAFE');
  });

  it('a runId already used is refused before anything runs; the old snapshot and journal are kept', async () => {
    const repo = makeRunRepo();
    const p = await simplePlan();
    expect((await new Orchestrator({ cwd: repo.dir, adapter: createScriptedAdapter({}), runId: 'same' }).run(p)).status).toBe('succeeded');
    const snapshot = repo.git('rev-parse', 'refs/wavefront/runs/same/wave-0');
    const adapter = createScriptedAdapter({});
    const error = await rejection(new Orchestrator({ cwd: repo.dir, adapter, runId: 'same' }).run(p));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('already exists');
    expect(error.details).toMatchObject({ field: 'runId' });
    expect(adapter.calls).toEqual([]);
    expect(repo.git('rev-parse', 'refs/wavefront/runs/same/wave-0')).toBe(snapshot);
  });

  it('a cwd that does not exist: INVALID_CONFIG naming cwd', async () => {
    const error = await rejection(new Orchestrator({ cwd: join(plainDir(), 'missing'), adapter: createScriptedAdapter({}) }).run(await simplePlan()));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details).toMatchObject({ field: 'cwd' });
  });
});

describe('P6: adapters', () => {
  it('no adapter for a task: NO_ADAPTER naming the task, before the backup', async () => {
    const repo = makeRunRepo();
    const p = await simplePlan();
    const error = await rejection(new Orchestrator({ cwd: repo.dir }).run(p));
    expect(error.code).toBe('NO_ADAPTER');
    expect(error.details).toMatchObject({ taskId: 'api' });
    // adapters for other roles only do not help
    const partial = await rejection(new Orchestrator({ cwd: repo.dir, adapters: { 'technical-writer': createScriptedAdapter({}) } }).run(p));
    expect(partial.code).toBe('NO_ADAPTER');
    expect(refs(repo)).not.toContain('refs/wavefront');
  });

  it('chooses the adapter by instance, then role, then the default', async () => {
    const p = await plan({
      tasks: [
        { id: 'api', title: 'Create users API endpoint' },
        { id: 'docs', title: 'Write API documentation' },
        { id: 'tests', title: 'Write tests for users API' },
      ],
    });
    const byTask = new Map(p.tasks.map((t) => [t.id, t]));
    const used = new Map<string, string>();
    const named = (name: string): AgentAdapter => ({ name, run: async (request) => (used.set(request.task.id, name), { ok: true }) });
    const api = byTask.get('api');
    const docs = byTask.get('docs');
    const result = await new Orchestrator({
      cwd: plainDir(),
      git: false,
      strictRoles: true,
      adapter: named('default'),
      adapters: { [api?.instance as string]: named('by-instance'), [docs?.role as string]: named('by-role') },
    }).run(p);
    expect(result.status).toBe('succeeded');
    expect(Object.fromEntries(used)).toEqual({ api: 'by-instance', docs: 'by-role', tests: 'default' });
  });
});

describe('P6: options', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['cwd', { cwd: undefined }],
    ['cwd', { cwd: '' }],
    ['adapter', { adapter: {} }],
    ['adapters.x', { adapters: { x: { name: 'x' } } }],
    ['maxInstances', { maxInstances: 0 }],
    ['maxInstances', { maxInstances: 16 }],
    ['retries', { retries: -1 }],
    ['retries', { retries: 1.5 }],
    ['retryDelayMs', { retryDelayMs: '5' }],
    ['taskTimeoutMs', { taskTimeoutMs: 0 }],
    ['maxReplanRounds', { maxReplanRounds: -1 }],
    ['mode', { mode: 'fast' }],
    ['onFailure', { onFailure: 'explode' }],
    ['onDenied', { onDenied: 'maybe' }],
    ['requireApproval', { requireApproval: 'yes' }],
    ['git', { git: 0 }],
    ['approve', { approve: true }],
    ['replan', { replan: true }],
    ['signal', { signal: {} }],
    ['runId', { runId: '' }],
    ['retry', { retry: 2 }],
  ];
  for (const [field, options] of bad) {
    it(`INVALID_CONFIG naming ${field} for ${JSON.stringify(options)}`, () => {
      const error = thrown(() => new Orchestrator({ cwd: '/tmp', ...options } as unknown as OrchestratorOptions));
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.details).toMatchObject({ field });
      expect(error.message).toContain(field);
    });
  }

  it('a non-object options value: INVALID_CONFIG', () => {
    expect(thrown(() => new Orchestrator(null as unknown as OrchestratorOptions)).code).toBe('INVALID_CONFIG');
  });
});

describe('git: false', () => {
  it('runs in a plain directory: files written, no .git, no commit, no backup ref', async () => {
    const dir = plainDir();
    const adapter = createScriptedAdapter({ api: { writeFiles: { 'src/api.ts': 'api\n' } } });
    const orchestrator = new Orchestrator({ cwd: dir, adapter, git: false });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(await simplePlan());
    expect(result.status).toBe('succeeded');
    expect(result.backupRef).toBeUndefined();
    expect(result.commit).toBeUndefined();
    expect(result.filesChanged).toEqual(['src/api.ts']);
    expect(existsSync(join(dir, 'src', 'api.ts'))).toBe(true);
    expect(existsSync(join(dir, '.git'))).toBe(false);
    expect(result.tasks['git_backup']?.result?.summary).toBe('git disabled: no snapshot');
    // no git: no snapshot or commit refs (checkpoint files are still written, with paths)
    expect(events.filter((e) => e.type === 'checkpoint' && e.ref !== undefined)).toEqual([]);
  });

  it('one run at a time per orchestrator: ALREADY_RUNNING, and the first run is unaffected', async () => {
    const adapter = createScriptedAdapter({ api: { durationMs: 30 } });
    const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false });
    const p = await simplePlan();
    const first = orchestrator.run(p);
    const error = await rejection(orchestrator.run(p));
    expect(error.code).toBe('ALREADY_RUNNING');
    expect((await first).status).toBe('succeeded');
    expect((await orchestrator.run(p)).status).toBe('succeeded'); // free again afterwards
  });
});
