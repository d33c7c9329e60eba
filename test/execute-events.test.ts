/**
 * Orchestrator events: ordering invariants, listeners that throw change nothing, dry runs emit the
 * same kinds of events without adapter calls or git, and aborting or pausing a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../src/execute/events.js';
import { ORCHESTRATOR_EVENT_NAMES } from '../src/execute/events.js';
import type { OrchestratorOptions } from '../src/execute/options.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter, type Script } from '../src/testing/scripted-adapter.js';
import { cleanupAll, isolateGitHome, treeHashes } from './git-fixtures.js';
import { eventViolations } from './execute-event-invariants.js';
import { cleanupPlainDirs, makeRunRepo, ofType, plainDir, recordEvents, trackConcurrency } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(() => {
  cleanupAll();
  cleanupPlainDirs();
});

const featurePlan = () =>
  plan({
    tasks: [
      { id: 'schema', title: 'Design users schema' },
      { id: 'api', title: 'Create users API endpoint', dependsOn: ['schema'] },
      { id: 'ui', title: 'Build users page', dependsOn: ['api'] },
      { id: 'tests', title: 'Write tests for users API', dependsOn: ['api'] },
      { id: 'docs', title: 'Write API documentation' },
    ],
  });

/** The run-independent part of an event, for comparing two runs. */
function shape(event: OrchestratorEvent): string {
  const e = event as unknown as Record<string, unknown>;
  return [event.type, e['taskId'] ?? e['failedTaskId'] ?? '', e['wave'] ?? '', e['status'] ?? '', e['attempt'] ?? e['attempts'] ?? '', e['approved'] ?? ''].join('|');
}

async function runWith(p: Plan, script: Script, options: Partial<OrchestratorOptions>, setup: (o: Orchestrator) => void = () => undefined) {
  const orchestrator = new Orchestrator({ cwd: plainDir(), adapter: createScriptedAdapter(script), git: false, ...options });
  setup(orchestrator);
  const events = recordEvents(orchestrator);
  const result = await orchestrator.run(p);
  return { events, result };
}

describe('event ordering', () => {
  const scenarios: [string, Script, Partial<OrchestratorOptions>][] = [
    ['success', { docs: { durationMs: 15 } }, {}],
    ['retry then success', { api: [{ fail: 'x' }, {}] }, { retries: 1, retryDelayMs: 1, replan: false }],
    ['replan then success', { api: [{ fail: 'x' }, {}] }, { retries: 0 }],
    ['failure with rollback', { api: { fail: 'x' }, docs: { durationMs: 30 } }, { retries: 0, replan: false }],
    ['failure with continue', { api: { fail: 'x' } }, { retries: 0, replan: false, onFailure: 'continue' }],
    ['failure with pause', { api: { fail: 'x' }, docs: { durationMs: 20 } }, { retries: 0, replan: false, onFailure: 'pause' }],
    ['waves mode', { docs: { durationMs: 15 } }, { mode: 'waves' }],
  ];
  for (const [name, script, options] of scenarios) {
    it(`run:start first, run:end last, tasks inside their waves, one terminal task:end each (${name})`, async () => {
      const p = await featurePlan();
      const { events, result } = await runWith(p, script, options);
      expect(eventViolations(events, p, result)).toEqual([]);
    });
  }

  it('every payload carries runId and a numeric at; run:start carries the plan and mode', async () => {
    const p = await featurePlan();
    const { events } = await runWith(p, {}, { runId: 'ev-1', mode: 'waves' });
    for (const e of events) {
      expect(e.runId).toBe('ev-1');
      expect(Number.isFinite(e.at)).toBe(true);
    }
    expect(ofType(events, 'run:start')[0]).toMatchObject({ plan: p, mode: 'waves', dryRun: false });
  });

  it('task:progress relays adapter reports, clamped and trimmed', async () => {
    const p = await featurePlan();
    const { events } = await runWith(p, {
      api: { durationMs: 10, progress: [25, 75] },
      docs: { run: async (request) => request.report({ percent: 250, message: 'x'.repeat(900) }) },
    }, {});
    expect(ofType(events, 'task:progress').filter((e) => e.taskId === 'api').map((e) => e.percent)).toEqual([25, 75]);
    const docs = ofType(events, 'task:progress').find((e) => e.taskId === 'docs');
    expect(docs?.percent).toBe(100);
    expect(docs?.message).toHaveLength(500);
  });
});

describe('listeners that throw change nothing', () => {
  it('same RunResult status and same events for the other listener as a run without the throwing listener', async () => {
    const p = await featurePlan();
    // Deterministic order: no two tasks can finish "at the same time" in different orders.
    const script: Script = { api: [{ fail: 'first try' }, {}], docs: { durationMs: 1 } };
    const options = { retries: 1, retryDelayMs: 1, replan: false as const, mode: 'waves' as const };
    const plain = await runWith(p, script, options);

    const errors: string[] = [];
    const noisy = await runWith(p, script, { ...options, onListenerError: (_error, event) => void errors.push(event) }, (o) => {
      for (const name of ORCHESTRATOR_EVENT_NAMES) {
        o.on(name, () => {
          throw new Error(`listener of ${name} broke`);
        });
      }
    });
    expect(noisy.result.status).toBe(plain.result.status);
    expect(noisy.result.status).toBe('succeeded');
    // checkpoint files are written off the critical path, so their events may land anywhere
    const ordered = (events: typeof plain.events) => events.filter((e) => e.type !== 'checkpoint').map(shape);
    const checkpoints = (events: typeof plain.events) => events.filter((e) => e.type === 'checkpoint').map(shape).sort();
    expect(ordered(noisy.events)).toEqual(ordered(plain.events));
    expect(checkpoints(noisy.events)).toEqual(checkpoints(plain.events));
    expect(errors).toEqual(noisy.events.map((e) => e.type)); // every throw was reported, once per event
  });

  it('an onListenerError that throws too is contained, and once() listeners still fire once', async () => {
    const p = await featurePlan();
    let once = 0;
    const { result, events } = await runWith(p, {}, { onListenerError: () => { throw new Error('handler broke'); } }, (o) => {
      o.on('task:end', () => {
        throw new Error('boom');
      });
      o.once('task:end', () => void once++);
    });
    expect(result.status).toBe('succeeded');
    expect(once).toBe(1);
    expect(events.at(-1)?.type).toBe('run:end');
  });
});

describe('dry runs', () => {
  it('emit the same kinds of events as a real run, with no adapter calls and no git refs', async () => {
    const repo = makeRunRepo();
    const before = { hashes: treeHashes(repo.dir), refs: repo.git('for-each-ref') };
    const p = await featurePlan();
    const adapter = trackConcurrency(createScriptedAdapter({}));
    const dry = new Orchestrator({ cwd: repo.dir, adapter, dryRun: true });
    const dryEvents = recordEvents(dry);
    const result = await dry.run(p);
    expect(result.status).toBe('succeeded');
    expect(adapter.requests).toEqual([]);
    expect({ hashes: treeHashes(repo.dir), refs: repo.git('for-each-ref') }).toEqual(before);
    expect(result.backupRef).toBeUndefined();
    expect(result.commit).toBeUndefined();
    expect(ofType(dryEvents, 'run:start')[0]?.dryRun).toBe(true);
    expect(eventViolations(dryEvents, p, result)).toEqual([]);
    // virtual time: the duration is the simulated makespan in ms
    expect(result.durationMs).toBe(p.estimate.parallelMinutes * 60_000);

    const real = await runWith(p, {}, {});
    const kinds = (events: readonly OrchestratorEvent[]) => events.map((e) => shape(e)).sort();
    expect(kinds(dryEvents)).toEqual(kinds(real.events));
  });

  it('the plan’s own dry_run setting is honoured, and needs no adapter', async () => {
    const repo = makeRunRepo();
    const p = await plan({ tasks: [{ id: 'api', title: 'Create users API endpoint' }] }, { dryRun: true });
    const result = await new Orchestrator({ cwd: repo.dir }).run(p);
    expect(result.status).toBe('succeeded');
    expect(repo.git('for-each-ref', 'refs/wavefront')).toBe('');
  });
});

describe('abort and pause', () => {
  it('aborting the signal cancels the running task (its signal aborts), skips the rest, keeps the backup, and ends aborted', async () => {
    const repo = makeRunRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const controller = new AbortController();
    const adapter = trackConcurrency(createScriptedAdapter({ api: { hang: true, writeFiles: { 'src/api.ts': 'partial\n' } } }));
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, signal: controller.signal, runId: 'abort-1' });
    orchestrator.on('task:start', (e) => {
      if (e.taskId === 'api') setTimeout(() => controller.abort(), 5);
    });
    const events = recordEvents(orchestrator);
    const p = await featurePlan();
    const result = await orchestrator.run(p);

    expect(result.status).toBe('aborted');
    expect(result.error).toMatchObject({ code: 'ABORTED' });
    expect(result.tasks['api']).toMatchObject({ status: 'cancelled' });
    expect(adapter.requests.find((r) => r.task.id === 'api')?.signal.aborted).toBe(true);
    expect(adapter.active.size).toBe(0);
    for (const id of ['ui', 'tests']) expect(result.tasks[id]?.status).toBe('skipped');
    expect(adapter.requests.map((r) => r.task.id)).not.toContain('ui');
    expect(result.commit).toBeUndefined();
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(ofType(events, 'rollback:start')).toEqual([]); // abort does not roll back by itself...
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/wavefront').trim()).toBe('refs/wavefront/runs/abort-1/wave-0'); // ...the backup stays for it
    expect(eventViolations(events, p, result)).toEqual([]);
  });

  it('a signal aborted before run() starts nothing', async () => {
    const adapter = trackConcurrency(createScriptedAdapter({}));
    const p = await featurePlan();
    const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false, signal: AbortSignal.abort() });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(p);
    expect(result.status).toBe('aborted');
    expect(adapter.requests).toEqual([]);
    expect(eventViolations(events, p, result)).toEqual([]);
  });

  it('pause() lets running tasks finish, starts nothing new, and ends paused', async () => {
    const adapter = trackConcurrency(createScriptedAdapter({ schema: { durationMs: 20 } }));
    const p = await featurePlan();
    const orchestrator = new Orchestrator({ cwd: plainDir(), adapter, git: false });
    orchestrator.on('task:start', (e) => {
      if (e.taskId === 'schema') orchestrator.pause();
    });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(p);
    expect(result.status).toBe('paused');
    expect(result.tasks['schema']?.status).toBe('succeeded');
    expect(result.tasks['api']?.status).toBe('skipped');
    expect(adapter.requests.map((r) => r.task.id)).not.toContain('api');
    expect(eventViolations(events, p, result)).toEqual([]);
  });
});
