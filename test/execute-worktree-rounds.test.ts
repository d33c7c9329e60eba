/**
 * Worktree isolation, resolver rounds: a resolver whose own merge conflicts again (another task
 * landed a conflicting edit on the same file while it ran) gets a second round and the run ends
 * green with every task's intent in HEAD; with one round only, the run rolls back to the wave-0
 * snapshot and leaves nothing behind. Dependents of a conflicting task wait for its resolver and
 * see the resolved file. A resolver that commits the merge itself is accepted, unless it commits
 * conflict markers.
 *
 * The order of merges is forced with latches opened by `integration` events and agent starts:
 * left merges first, so right conflicts; `late` (after left) lands its edit while the resolver of
 * right runs, so the resolver's merge conflicts as well.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdapter, AgentRequest, AgentResult } from '../src/adapters/types.js';
import type { OrchestratorEvent } from '../src/execute/events.js';
import type { OrchestratorOptions } from '../src/execute/options.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { readJournal, type JournalRecord } from '../src/journal/index.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { treeState } from './crash-fixtures.js';
import { makeRunRepo, ofType, recordEvents } from './execute-fixtures.js';
import { pruneDryRun, runLeftovers, worktreePaths } from './fixtures/worktree-checks.js';
import { latch, type Latch } from './fixtures/resolver-latch.js';
import { cleanupAll, git, isolateGitHome, type TestRepo } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const FILE = 'shared.txt';
const MARKER = /^(<{7} |={7}$|>{7} )/m;
const OPTIONS: Partial<OrchestratorOptions> = { isolation: 'worktree', mode: 'dynamic', retryDelayMs: 0, replan: false };

/** A repository with `shared.txt` = "base\n" committed and an uncommitted user file. */
function prepare(): TestRepo {
  const repo = makeRunRepo();
  repo.write(FILE, 'base\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'shared');
  repo.write('notes.txt', 'user work in progress\n');
  return repo;
}

/** What one agent call saw. */
interface Seen {
  readonly taskId: string;
  readonly cwd: string;
  /** `shared.txt` in its worktree when it started. */
  readonly text: string;
  readonly dependencies: readonly string[];
  /** Agent calls already started when this one started. */
  readonly startedBefore: readonly string[];
}

interface Scenario {
  readonly adapter: AgentAdapter;
  readonly seen: Seen[];
  /** Task ids in agent-call order. */
  readonly calls: string[];
  /** Opens the latches on the orchestrator's `integration` events. */
  attach(orchestrator: Orchestrator): void;
}

type Handler = (request: AgentRequest, text: string) => Promise<AgentResult>;

/** An adapter that records every call and dispatches by task id; unknown tasks fail loudly. */
function scenario(handlers: Record<string, Handler>, onIntegration: (event: Extract<OrchestratorEvent, { type: 'integration' }>) => void): Scenario {
  const seen: Seen[] = [];
  const calls: string[] = [];
  return {
    seen,
    calls,
    adapter: {
      name: 'rounds',
      async run(request) {
        const id = request.task.id;
        const text = readFileSync(join(request.cwd, FILE), 'utf8');
        seen.push({ taskId: id, cwd: request.cwd, text, dependencies: Object.keys(request.dependencies).sort(), startedBefore: [...calls] });
        calls.push(id);
        const handler = handlers[id];
        if (handler === undefined) return { ok: false, summary: `unexpected agent call for ${id}` };
        return handler(request, text);
      },
    },
    attach(orchestrator) {
      orchestrator.on('integration', (event) => onIntegration({ type: 'integration', ...event }));
    },
  };
}

function write(request: AgentRequest, content: string, path = FILE): void {
  writeFileSync(join(request.cwd, path), content);
}

const OK: AgentResult = { ok: true };

/** left writes "left"; right writes "right" once left merged, so right's merge conflicts. */
function leftThenRight(leftMerged: Latch): Record<'left' | 'right', Handler> {
  return {
    left: (request) => {
      write(request, 'left\n');
      return Promise.resolve(OK);
    },
    right: async (request) => {
      await leftMerged.wait();
      write(request, 'right\n');
      return OK;
    },
  };
}

/** An `integration` listener that opens the latch of each task id once that task merged. */
function openOnMerge(latches: Readonly<Record<string, Latch>>): (event: Extract<OrchestratorEvent, { type: 'integration' }>) => void {
  return (event) => {
    if (event.status === 'merged') latches[event.taskId]?.open();
  };
}

/** An orchestrator for `run` in `repo` with {@link OPTIONS} (and `extra`), its latches attached and its events recorded. */
function orchestrate(repo: TestRepo, run: Scenario, runId: string, extra: Partial<OrchestratorOptions> = {}): { orchestrator: Orchestrator; events: OrchestratorEvent[] } {
  const orchestrator = new Orchestrator({ cwd: repo.dir, adapter: run.adapter, runId, ...OPTIONS, ...extra });
  run.attach(orchestrator);
  return { orchestrator, events: recordEvents(orchestrator) };
}

/** The tasks of {@link leftThenRight}. */
const LEFT_RIGHT = [
  { id: 'left', title: 'Create users API endpoint' },
  { id: 'right', title: 'Write API documentation' },
];

/**
 * left, right, late (after left) and after (after right). right conflicts with left; late lands
 * "left late" while resolve-right-1 runs, so that resolver's merge conflicts too.
 */
async function twoRoundPlan(): Promise<Plan> {
  return plan({
    text: 'Three agents edit one file',
    tasks: [
      ...LEFT_RIGHT,
      { id: 'late', title: 'Build profile page component', dependsOn: ['left'] },
      { id: 'after', title: 'Write unit tests for profile API', dependsOn: ['right'] },
    ],
  });
}

/** The two-round scenario; `final` is what resolve-right-2 does (absent: it must not run). */
function twoRoundScenario(final?: Handler): Scenario {
  const leftMerged = latch('left merged');
  const lateMerged = latch('late merged');
  const resolving = latch('resolve-right-1 started');
  const handlers: Record<string, Handler> = {
    ...leftThenRight(leftMerged),
    late: async (request) => {
      await resolving.wait(); // the resolver's worktree was prepared from the head before this merge
      write(request, 'left\nlate\n');
      return OK;
    },
    'resolve-right-1': async (request, text) => {
      resolving.open();
      await lateMerged.wait();
      if (!MARKER.test(text)) return { ok: false, summary: `no conflict markers in ${FILE}: ${JSON.stringify(text)}` };
      write(request, 'left\nright\n');
      return { ok: true, summary: 'kept left and right' };
    },
    after: (request) => {
      write(request, `after saw:\n${readFileSync(join(request.cwd, FILE), 'utf8')}`, 'after.txt');
      return Promise.resolve(OK);
    },
  };
  if (final !== undefined) handlers['resolve-right-2'] = final;
  return scenario(handlers, openOnMerge({ left: leftMerged, late: lateMerged }));
}

async function journalOf(repo: TestRepo, runId: string): Promise<JournalRecord[]> {
  return (await readJournal(join(repo.dir, '.wavefront', 'runs', runId))).records;
}

function replansOf(records: readonly JournalRecord[]): Extract<JournalRecord, { type: 'replan' }>[] {
  return records.filter((r): r is Extract<JournalRecord, { type: 'replan' }> => r.type === 'replan');
}

function integratedOf(records: readonly JournalRecord[]): Extract<JournalRecord, { type: 'integrated' }>[] {
  return records.filter((r): r is Extract<JournalRecord, { type: 'integrated' }> => r.type === 'integrated');
}

function expectNothingLeft(repo: TestRepo, runId: string): void {
  expect(worktreePaths(repo)).toEqual([realpathSync(repo.dir)]);
  expect(runLeftovers(repo)).toEqual([]);
  expect(pruneDryRun(repo)).toBe('');
  expect(repo.exists(join('.wavefront', 'worktrees', runId))).toBe(false);
}

function indexOfEvent(events: readonly OrchestratorEvent[], match: (event: OrchestratorEvent) => boolean): number {
  const index = events.findIndex(match);
  expect(index, 'event not emitted').toBeGreaterThanOrEqual(0);
  return index;
}

describe('worktree isolation: resolver rounds', () => {
  it('a resolver whose own merge conflicts again gets round 2, and the run ends green with every intent in HEAD', async () => {
    const repo = prepare();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const run = twoRoundScenario((request, text) => {
      if (!MARKER.test(text)) return Promise.resolve({ ok: false, summary: `no conflict markers in ${FILE}` });
      write(request, 'left\nlate\nright\n');
      return Promise.resolve({ ok: true, summary: 'kept all three' });
    });
    const { orchestrator, events } = orchestrate(repo, run, 'rounds-2');

    const result = await orchestrator.run(await twoRoundPlan());

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    for (const id of ['left', 'right', 'late', 'after', 'resolve-right-1', 'resolve-right-2']) expect(result.tasks[id]?.status, id).toBe('succeeded');
    expect(Object.keys(result.tasks).filter((id) => id.startsWith('resolve-')).sort()).toEqual(['resolve-right-1', 'resolve-right-2']);
    // each agent ran once: the conflicting task was not re-run, each round had its own resolver
    expect([...run.calls].sort()).toEqual(['after', 'late', 'left', 'resolve-right-1', 'resolve-right-2', 'right']);

    // the merges, in order: the second conflict is the first resolver's own merge
    const integrations = ofType(events, 'integration').map((e) => `${e.taskId} ${e.status}${e.resolverTaskId ? ` -> ${e.resolverTaskId}` : ''}`);
    expect(integrations).toEqual([
      'left merged',
      'right conflict -> resolve-right-1',
      'late merged',
      'resolve-right-1 conflict -> resolve-right-2',
      'resolve-right-2 merged',
      'after merged',
    ]);
    expect(ofType(events, 'replan').map((e) => [e.failedTaskId, e.round, e.inserted.map((t) => t.id)])).toEqual([
      ['right', 1, ['resolve-right-1']],
      ['resolve-right-1', 2, ['resolve-right-2']],
    ]);

    // round 2 saw both resolutions in conflict; the dependent of right saw the final result
    const second = run.seen.find((s) => s.taskId === 'resolve-right-2') as Seen;
    expect(second.text).toContain('late');
    expect(second.text).toContain('right');
    const after = run.seen.find((s) => s.taskId === 'after') as Seen;
    expect(after.text).toBe('left\nlate\nright\n');
    expect(after.startedBefore).toContain('resolve-right-2');
    expect(after.dependencies).toEqual(['resolve-right-1', 'resolve-right-2', 'right']);

    // the journal: each round's resolve info (origin stays right) and the rewiring of `after`
    const replans = replansOf(await journalOf(repo, 'rounds-2'));
    expect(replans.map((r) => ({ failed: r.failedTaskId, round: r.round, resolve: r.resolve && { ...r.resolve, commit: 'x', output: 'x' }, rewire: r.rewire }))).toEqual([
      {
        failed: 'right',
        round: 1,
        resolve: { resolverId: 'resolve-right-1', origin: 'right', commit: 'x', kind: 'conflict', conflicts: [FILE], output: 'x' },
        rewire: [{ taskId: 'after', addDependsOn: ['resolve-right-1'] }],
      },
      {
        failed: 'resolve-right-1',
        round: 2,
        resolve: { resolverId: 'resolve-right-2', origin: 'right', commit: 'x', kind: 'conflict', conflicts: [FILE], output: 'x' },
        rewire: [{ taskId: 'after', addDependsOn: ['resolve-right-2'] }],
      },
    ]);

    // one commit on the user's HEAD with every intent; the user's own file stays uncommitted
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(repo.git('show', `HEAD:${FILE}`)).toBe('left\nlate\nright\n');
    expect(repo.git('show', 'HEAD:after.txt')).toBe('after saw:\nleft\nlate\nright\n');
    expect(readFileSync(join(repo.dir, FILE), 'utf8')).toBe('left\nlate\nright\n');
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');
    expect(repo.git('log', '--format=%P', '-1').trim().split(' ')).toHaveLength(1);
    expectNothingLeft(repo, 'rounds-2');
  });

  it('with maxReplanRounds 1 the same scenario rolls back to the wave-0 snapshot with INTEGRATION_FAILED and leaves nothing behind', async () => {
    const repo = prepare();
    const before = treeState(repo);
    const run = twoRoundScenario(); // a second resolver must not run
    const { orchestrator, events } = orchestrate(repo, run, 'rounds-1', { maxReplanRounds: 1 });

    const result = await orchestrator.run(await twoRoundPlan());

    expect(result.status).toBe('rolled-back');
    expect(result.error?.code).toBe('INTEGRATION_FAILED');
    expect(result.tasks['resolve-right-1']?.status).toBe('failed');
    expect(result.tasks['resolve-right-1']?.error?.code).toBe('INTEGRATION_FAILED');
    expect(result.tasks['resolve-right-1']?.error?.message).toMatch(/no resolver rounds left/);
    expect(result.tasks['after']?.status).toBe('skipped');
    expect(result.tasks['resolve-right-2']).toBeUndefined();
    expect(run.calls).not.toContain('resolve-right-2');
    expect(run.calls).not.toContain('after');
    expect(ofType(events, 'integration').map((e) => `${e.taskId} ${e.status}`)).toEqual(['left merged', 'right conflict', 'late merged', 'resolve-right-1 conflict']);
    expect(ofType(events, 'rollback:end')[0]?.ok).toBe(true);

    // the checkout is exactly the wave-0 state: HEAD, files (the user's uncommitted file too), status
    expect(treeState(repo)).toEqual(before);
    expect(readFileSync(join(repo.dir, 'notes.txt'), 'utf8')).toBe('user work in progress\n');
    expectNothingLeft(repo, 'rounds-1');
  });

  it('dependents of the conflicting task start only after its resolver succeeded, and see the resolved file', async () => {
    const repo = prepare();
    const leftMerged = latch('left merged');
    const resolved = 'left\nright\n';
    let running = false;
    const startedWhileResolving: string[] = [];
    const run = scenario(
      {
        ...leftThenRight(leftMerged),
        'resolve-right-1': async (request, text) => {
          running = true;
          // keep the resolver busy for a while: a dependent wrongly released now would start meanwhile
          await new Promise((resolve) => setTimeout(resolve, 150));
          running = false;
          if (!MARKER.test(text)) return { ok: false, summary: 'no conflict markers' };
          write(request, resolved);
          return OK;
        },
        after: (request, text) => {
          if (running) startedWhileResolving.push(request.task.id);
          write(request, `after saw:\n${text}`, 'after.txt');
          return Promise.resolve(OK);
        },
        afterLeft: (request) => {
          write(request, 'left follow-up\n', 'left-follow-up.txt');
          return Promise.resolve(OK);
        },
      },
      openOnMerge({ left: leftMerged }),
    );
    const p = await plan({
      text: 'A dependent of a conflicting task',
      tasks: [
        ...LEFT_RIGHT,
        { id: 'after', title: 'Write unit tests for profile API', dependsOn: ['right'] },
        { id: 'afterLeft', title: 'Add lint rules for users module', dependsOn: ['left'] },
      ],
    });
    const { orchestrator, events } = orchestrate(repo, run, 'rounds-deps');

    const result = await orchestrator.run(p);

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect(startedWhileResolving).toEqual([]);
    const resolverEnd = indexOfEvent(events, (e) => e.type === 'task:end' && e.taskId === 'resolve-right-1' && e.status === 'succeeded');
    const resolverMerged = indexOfEvent(events, (e) => e.type === 'integration' && e.taskId === 'resolve-right-1' && e.status === 'merged');
    const afterStart = indexOfEvent(events, (e) => e.type === 'task:start' && e.taskId === 'after');
    expect(afterStart).toBeGreaterThan(resolverEnd);
    expect(afterStart).toBeGreaterThan(resolverMerged);
    // exactly one start of `after`: it was never dispatched early and cancelled
    expect(ofType(events, 'task:start').filter((e) => e.taskId === 'after')).toHaveLength(1);

    const after = run.seen.find((s) => s.taskId === 'after') as Seen;
    expect(after.text).toBe(resolved);
    expect(after.dependencies).toEqual(['resolve-right-1', 'right']);
    // the dependent of the task that merged cleanly was not rewired
    expect((run.seen.find((s) => s.taskId === 'afterLeft') as Seen).dependencies).toEqual(['left']);
    const replans = replansOf(await journalOf(repo, 'rounds-deps'));
    expect(replans.map((r) => r.rewire)).toEqual([[{ taskId: 'after', addDependsOn: ['resolve-right-1'] }]]);

    expect(repo.git('show', 'HEAD:after.txt')).toBe(`after saw:\n${resolved}`);
    expect(repo.git('show', `HEAD:${FILE}`)).toBe(resolved);
    expectNothingLeft(repo, 'rounds-deps');
  });

  /** left and right conflict; the resolver of right does `resolve` in its worktree. */
  async function selfCommitRun(runId: string, resolve: Handler): Promise<{ repo: TestRepo; run: Scenario; result: Awaited<ReturnType<Orchestrator['run']>>; events: OrchestratorEvent[] }> {
    const repo = prepare();
    const leftMerged = latch('left merged');
    const run = scenario(
      {
        ...leftThenRight(leftMerged),
        'resolve-right-1': resolve,
      },
      openOnMerge({ left: leftMerged }),
    );
    const p = await plan({
      text: 'Two agents edit one file',
      tasks: [
        ...LEFT_RIGHT,
      ],
    });
    const { orchestrator, events } = orchestrate(repo, run, runId);
    const result = await orchestrator.run(p);
    return { repo, run, result, events };
  }

  it('a resolver that commits the merge itself (git add + git commit in request.cwd) is accepted', async () => {
    const made: string[] = [];
    const { repo, result, events } = await selfCommitRun('rounds-self', (request, text) => {
      if (!MARKER.test(text)) return Promise.resolve({ ok: false, summary: 'no conflict markers' });
      write(request, 'left\nright\n');
      git(request.cwd, 'add', '-A');
      git(request.cwd, 'commit', '-q', '--no-edit');
      made.push(git(request.cwd, 'rev-parse', 'HEAD').trim());
      return Promise.resolve({ ok: true, summary: 'resolved and committed' });
    });

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect(result.tasks['resolve-right-1']?.status).toBe('succeeded');
    expect(result.tasks['resolve-right-1']?.attempts).toBe(1);
    expect(ofType(events, 'integration').map((e) => `${e.taskId} ${e.status}`)).toEqual(['left merged', 'right conflict', 'resolve-right-1 merged']);
    // the agent's own merge commit is what was integrated, not a commit wavefront made on top
    expect(made).toHaveLength(1);
    const integrated = integratedOf(await journalOf(repo, 'rounds-self')).find((r) => r.taskId === 'resolve-right-1');
    expect(integrated?.commit).toBe(made[0]);
    const parents = repo.git('cat-file', '-p', made[0] as string).split('\n').filter((line) => line.startsWith('parent '));
    expect(parents).toHaveLength(2);
    expect(repo.git('show', `HEAD:${FILE}`)).toBe('left\nright\n');
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');
    expectNothingLeft(repo, 'rounds-self');
  });

  it('a resolver that aborts the merge instead of resolving it does not drop the conflicting task\'s work', async () => {
    const { repo, result, events } = await selfCommitRun('rounds-abort', (request, text) => {
      if (!MARKER.test(text)) return Promise.resolve({ ok: false, summary: 'no conflict markers' });
      git(request.cwd, 'merge', '--abort'); // the worktree is back at the integration head: left only
      return Promise.resolve({ ok: true, summary: 'nothing to do' });
    });

    const integrations = ofType(events, 'integration').map((e) => `${e.taskId} ${e.status}`);
    const head = repo.git('show', `HEAD:${FILE}`);
    // right's work reached the run only through its resolver: a green run must contain it
    expect(result.status === 'succeeded' && !head.includes('right'), `run ${result.status} (${integrations.join(', ')}) with HEAD:${FILE} = ${JSON.stringify(head)}`).toBe(false);
    if (result.status !== 'succeeded') {
      expect(result.status).toBe('rolled-back');
      expect(head).toBe('base\n');
    }
  });

  it('a resolver that commits the merge itself with the conflict markers still in is refused, not integrated', async () => {
    const { repo, result, run } = await selfCommitRun('rounds-self-markers', (request, text) => {
      if (!MARKER.test(text)) return Promise.resolve({ ok: false, summary: 'no conflict markers' });
      // commits the file exactly as the merge left it, markers and all
      git(request.cwd, 'add', '-A');
      git(request.cwd, 'commit', '-q', '--no-edit');
      return Promise.resolve({ ok: true, summary: 'committed' });
    });

    // documented: "wavefront refuses its work if a conflict marker is left in a conflicted file"
    expect(repo.git('show', `HEAD:${FILE}`), "conflict markers reached the user's branch").not.toMatch(MARKER);
    expect(run.calls.filter((id) => id === 'resolve-right-1')).toHaveLength(2); // refused, retried once
    expect(result.tasks['resolve-right-1']?.status).toBe('failed');
    expect(result.tasks['resolve-right-1']?.error?.message).toMatch(/conflict marker/i);
    expect(result.status).toBe('rolled-back');
    expect(repo.git('show', `HEAD:${FILE}`)).toBe('base\n');
    expect(readFileSync(join(repo.dir, FILE), 'utf8')).not.toMatch(MARKER);
  });
});
