/**
 * Worktree isolation in the executor, the parallel side: eight scripted agents edit (and some of
 * them commit) in their own worktrees at the same time while a poller hammers `worktreeStatus` and
 * a plain `git status` on the user's checkout and on the agents' worktrees. No git call anywhere
 * hits `index.lock`, every change reaches the final commit through the integration worktree, the
 * user's uncommitted edit is left alone, dependents start from their dependencies' merged work,
 * and the run leaves no worktree, branch or work ref behind. The final commit also survives the
 * user's own `git status` holding the checkout's index lock for a moment. Also: `isolation:
 * 'shared'`, and `auto` with one instance, run every agent in the checkout itself.
 */
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentRequest } from '../src/adapters/types.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { OrchestratorOptions } from '../src/execute/options.js';
import { worktreeStatus } from '../src/git/worktree-status.js';
import { readJournal, type JournalRecord } from '../src/journal/index.js';
import type { Plan } from '../src/model/plan.js';
import type { TaskSpec } from '../src/model/task.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter, type ScriptStep } from '../src/testing/scripted-adapter.js';
import { makeRunRepo, ofType, recordEvents } from './execute-fixtures.js';
import { barrier, delay, gitAsync, pruneDryRun, runLeftovers, worktreePaths } from './fixtures/worktree-checks.js';
import { cleanupAll, isolateGitHome, type TestRepo } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const AGENTS = 8;
const PARALLEL = Array.from({ length: AGENTS }, (_, i) => `t${i + 1}`);
/** Dependents and the tasks (transitively) below them whose work they must find in their worktree. */
const DEPENDENTS: Readonly<Record<string, { readonly dependsOn: readonly string[]; readonly sees: readonly string[] }>> = {
  d1: { dependsOn: ['t1', 't2'], sees: ['t1', 't2'] },
  d2: { dependsOn: ['t3', 't4', 't5'], sees: ['t3', 't4', 't5'] },
  d3: { dependsOn: ['d1', 't8'], sees: ['d1', 't1', 't2', 't8'] },
};
const WORK = [...PARALLEL, ...Object.keys(DEPENDENTS)];
const README = '# project\n';
const USER_README = '# project\n\nthe user is editing this, uncommitted\n';

/** Eight independent tasks, one per instance I1..I8, and three dependents. */
function parallelPlan(): Promise<Plan> {
  const tasks: TaskSpec[] = PARALLEL.map((id, i) => ({ id, title: `Write module ${i + 1}`, role: `I${i + 1}` }));
  for (const [id, { dependsOn }] of Object.entries(DEPENDENTS)) tasks.push({ id, title: `Combine modules for ${id}`, dependsOn: [...dependsOn] });
  return plan({ text: 'Eight modules in parallel', tasks }, { maxInstances: AGENTS });
}

/** The file every task creates. */
const ownFile = (id: string): string => `src/${id}/index.txt`;
const ownContent = (id: string): string => `module ${id}\nwritten by the agent of ${id}\n`;
/** The tracked file each parallel task edits (committed before the run). */
const moduleFile = (id: string): string => `modules/${id}.txt`;
const moduleBase = (id: string): string => `module ${id}\n`;
const moduleEdited = (id: string): string => `module ${id}\nedited by ${id}\n`;

/** How a parallel agent leaves its work: committed on its branch by the agent itself, staged only, or untouched. */
type Mode = 'commit' | 'stage' | 'none';

/** Agents that leave their work staged (t1, t4, t7) or untouched in the working tree. */
function stagedOrUntouched(id: string): Mode {
  return Number(id.slice(1)) % 3 === 1 ? 'stage' : 'none';
}

/** As above, but t3 and t6 `git add -A && git commit` their work themselves, as coding agents often do. */
function someCommitThemselves(id: string): Mode {
  const n = Number(id.slice(1));
  return n % 3 === 0 ? 'commit' : n % 3 === 1 ? 'stage' : 'none';
}

/** A repository with the module files committed, plus the user's uncommitted edit and untracked notes. */
function prepareRepo(): { repo: TestRepo; head: string } {
  const repo = makeRunRepo();
  for (const id of PARALLEL) repo.write(moduleFile(id), moduleBase(id));
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'modules');
  const head = repo.git('rev-parse', 'HEAD').trim();
  repo.write('README.md', USER_README); // tracked, modified, uncommitted: the run must not commit it
  repo.write('notes.txt', 'user notes\n'); // untracked: the run must not commit it
  return { repo, head };
}

/** Everything the agents observed. */
interface AgentLog {
  readonly cwd: Map<string, string>;
  readonly instance: Map<string, string>;
  /** Per dependent: path → content found in its worktree (null: missing). */
  readonly saw: Map<string, Record<string, string | null>>;
  /** Errors of the agents' own git calls. */
  readonly gitErrors: string[];
}

/** Polls the checkout and the agents' worktrees until stopped; collects every error and stderr. */
class Poller {
  readonly messages: string[] = [];
  polls = 0;
  #stopped = false;
  readonly #done: Promise<void>;

  constructor(repo: string, worktrees: () => Iterable<string>) {
    this.#done = this.#loop(repo, worktrees);
  }

  async #loop(repo: string, worktrees: () => Iterable<string>): Promise<void> {
    while (!this.#stopped) {
      const targets = [repo, ...worktrees()];
      await Promise.all(
        targets.map(async (path) => {
          try {
            await worktreeStatus(path);
          } catch (error) {
            // a worktree removed at the end of the run is not a git repository any more: fine
            const message = String((error as Error).message);
            if (path === repo || !/not inside a git work tree|not a git repository|not an existing directory|could not start git|no such file|ENOENT/i.test(message)) this.messages.push(`worktreeStatus(${path}): ${message}`);
          }
        }),
      );
      // a plain `git status`, as the user's editor runs it: it takes the optional index lock
      const plain = await gitAsync(repo, 'status', '--porcelain');
      if (plain.code !== 0 || plain.stderr.trim() !== '') this.messages.push(`git status: exit ${plain.code}: ${plain.stderr.trim()}`);
      this.polls += 1;
      await delay(2);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

function runScript(log: AgentLog, together: () => Promise<void>, modeOf: (id: string) => Mode) {
  return async (request: AgentRequest): Promise<ScriptStep> => {
    const id = request.task.id;
    log.cwd.set(id, request.cwd);
    log.instance.set(id, request.instance);
    const dependent = DEPENDENTS[id];
    if (dependent === undefined) {
      await together(); // all eight agents are in flight at once
      return {
        durationMs: 5 + Number(id.slice(1)) * 4,
        writeFiles: { [ownFile(id)]: ownContent(id), [moduleFile(id)]: moduleEdited(id) },
        run: async (req) => {
          const mode = modeOf(id);
          if (mode === 'none') return;
          for (const args of mode === 'commit' ? [['add', '-A'], ['commit', '-q', '-m', `agent ${id}`]] : [['add', '-A']]) {
            const result = await gitAsync(req.cwd, ...args);
            if (result.code !== 0 || result.stderr.trim() !== '') log.gitErrors.push(`${id}: git ${args.join(' ')}: exit ${result.code}: ${result.stderr.trim()}`);
          }
        },
      };
    }
    const saw: Record<string, string | null> = {};
    for (const dep of dependent.sees) {
      const path = join(request.cwd, ownFile(dep));
      saw[ownFile(dep)] = existsSync(path) ? readFileSync(path, 'utf8') : null;
      if (PARALLEL.includes(dep)) {
        const module = join(request.cwd, moduleFile(dep));
        saw[moduleFile(dep)] = existsSync(module) ? readFileSync(module, 'utf8') : null;
      }
    }
    log.saw.set(id, saw);
    return { durationMs: 5, writeFiles: { [ownFile(id)]: ownContent(id) } };
  };
}

function newLog(): AgentLog {
  return { cwd: new Map(), instance: new Map(), saw: new Map(), gitErrors: [] };
}

/** Paths changed by the commit HEAD (against its parent). */
function committedPaths(repo: TestRepo): string[] {
  return repo
    .git('diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD~1', 'HEAD')
    .split('\n')
    .filter((p) => p !== '')
    .sort();
}

describe('worktree isolation: eight agents in parallel worktrees', () => {
  it.each([
    ['agents leave their work staged or untouched', 'par8', stagedOrUntouched],
    ['two agents commit their work themselves', 'par8c', someCommitThemselves],
  ] as const)('edit and commit under status polling with zero index.lock errors, and every change is in the final commit: %s', async (_name, runId, modeOf) => {
    const { repo, head } = prepareRepo();
    const log = newLog();
    const adapter = createScriptedAdapter(runScript(log, barrier(AGENTS), modeOf));
    // isolation left at 'auto': git is on and the pool has eight instances, so worktrees apply
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId, maxInstances: AGENTS, retries: 0, replan: false });
    const events = recordEvents(orchestrator);
    const poller = new Poller(repo.dir, () => new Set(log.cwd.values()));

    let result;
    try {
      result = await orchestrator.run(await parallelPlan());
    } finally {
      await poller.stop();
    }

    // --- no git call anywhere saw index.lock --------------------------------------------------
    const lockErrors = [...poller.messages, ...log.gitErrors, result.error?.message ?? '', ...Object.values(result.tasks).map((t) => t.error?.message ?? '')].filter((m) =>
      /index\.lock/.test(m),
    );
    expect(lockErrors).toEqual([]);
    expect(poller.messages).toEqual([]);
    expect(log.gitErrors).toEqual([]);
    expect(poller.polls).toBeGreaterThan(0);

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    for (const id of WORK) expect(result.tasks[id]?.status, id).toBe('succeeded');
    expect(ofType(events, 'run:start')[0]?.instances).toHaveLength(AGENTS);

    // --- every agent worked in its own worktree, never in the checkout --------------------------
    const runRoot = join(realpathSync(repo.dir), '.wavefront', 'worktrees', runId);
    for (const id of WORK) {
      const cwd = log.cwd.get(id) as string;
      expect(cwd, id).not.toBe(repo.dir);
      expect(cwd.startsWith(runRoot + sep), `${id} ran in ${cwd}`).toBe(true);
      expect(cwd, id).toBe(join(runRoot, log.instance.get(id) as string));
    }
    expect(new Set(PARALLEL.map((id) => log.cwd.get(id))).size).toBe(AGENTS);

    // --- each task integrated once, one merge at a time, in journal order ---------------------
    const integration = ofType(events, 'integration');
    expect(Object.fromEntries(integration.map((e) => [e.taskId, e.status]))).toEqual(Object.fromEntries(WORK.map((id) => [id, 'merged'])));
    expect(integration.map((e) => e.taskId).sort()).toEqual([...WORK].sort()); // each exactly once
    const { records } = await readJournal(join(repo.dir, '.wavefront', 'runs', runId));
    const integrated = records.filter((r): r is Extract<JournalRecord, { type: 'integrated' }> => r.type === 'integrated');
    expect(integrated.map((r) => r.taskId)).toEqual(integration.map((e) => e.taskId));
    expect(integrated.map((r) => r.head)).toEqual(integration.map((e) => e.head));
    for (let i = 1; i < integrated.length; i += 1) {
      // every merge builds on the previous one (the commits stay in the object store after cleanup)
      const prev = (integrated[i - 1] as { head: string }).head;
      const next = (integrated[i] as { head: string }).head;
      expect(repo.gitStatus('merge-base', '--is-ancestor', prev, next).code, `${prev} → ${next}`).toBe(0);
    }
    for (const id of WORK) expect(integration.filter((e) => e.taskId === id).every((e) => e.instance === log.instance.get(id)), id).toBe(true);

    // --- dependents started from their dependencies' merged work ------------------------------
    for (const [id, { sees }] of Object.entries(DEPENDENTS)) {
      const expected: Record<string, string | null> = {};
      for (const dep of sees) {
        expected[ownFile(dep)] = ownContent(dep);
        if (PARALLEL.includes(dep)) expected[moduleFile(dep)] = moduleEdited(dep);
      }
      expect(log.saw.get(id), id).toEqual(expected);
    }

    // --- the final commit: exactly the agents' files, on top of the user's HEAD ---------------
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(repo.git('log', '-1', '--format=%P').trim().split(' ')).toHaveLength(1);
    const expectedPaths = [...WORK.map(ownFile), ...PARALLEL.map(moduleFile)].sort();
    expect(committedPaths(repo)).toEqual(expectedPaths);
    expect([...result.filesChanged].sort()).toEqual(expectedPaths);
    for (const id of WORK) expect(repo.git('show', `HEAD:${ownFile(id)}`), id).toBe(ownContent(id));
    for (const id of PARALLEL) expect(repo.git('show', `HEAD:${moduleFile(id)}`), id).toBe(moduleEdited(id));
    for (const id of WORK) expect(readFileSync(join(repo.dir, ownFile(id)), 'utf8'), id).toBe(ownContent(id));
    // the checkout holds what was integrated, path for path
    const lastHead = (integrated.at(-1) as { head: string }).head;
    expect(repo.git('diff', '--name-only', lastHead, 'HEAD', '--', 'src', 'modules')).toBe('');

    // --- the user's uncommitted edit and untracked file are untouched and still uncommitted ----
    expect(readFileSync(join(repo.dir, 'README.md'), 'utf8')).toBe(USER_README);
    expect(repo.git('show', 'HEAD:README.md')).toBe(README);
    expect(readFileSync(join(repo.dir, 'notes.txt'), 'utf8')).toBe('user notes\n');
    expect(repo.git('status', '--porcelain')).toBe(' M README.md\n?? notes.txt\n');

    // --- nothing of the run's isolation is left --------------------------------------------------
    expect(worktreePaths(repo)).toEqual([realpathSync(repo.dir)]);
    expect(runLeftovers(repo)).toEqual([]);
    expect(pruneDryRun(repo)).toBe('');
    expect(existsSync(runRoot)).toBe(false);
  });
});

describe('worktree isolation: the user runs git in the checkout meanwhile', () => {
  it("the final commit waits out the index.lock of the user's own `git status` (released 150 ms later) instead of failing the run", async () => {
    const { repo, head } = prepareRepo();
    const ids = ['a', 'b', 'c'];
    const adapter = createScriptedAdapter((request) => ({ durationMs: 5, writeFiles: { [ownFile(request.task.id)]: ownContent(request.task.id) } }));
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, runId: 'user-lock', isolation: 'worktree', retries: 0, replan: false });
    const p = await plan({ text: 'Three modules', tasks: ids.map((id) => ({ id, title: `Write module ${id}` })) });
    const commitId = p.tasks.find((task) => task.kind === 'commit')?.id;
    const lock = join(repo.dir, '.git', 'index.lock');
    let released: Promise<void> | undefined;
    // Exactly when the final commit starts, a git process of the user's holds the checkout's index
    // lock, as `git status` does while it refreshes the index, and lets go of it shortly after.
    orchestrator.on('task:start', (event) => {
      if (event.taskId !== commitId || released !== undefined) return;
      writeFileSync(lock, '');
      released = delay(150).then(() => rmSync(lock, { force: true }));
    });

    const result = await orchestrator.run(p);
    await released;

    expect(released).toBeDefined();
    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(committedPaths(repo)).toEqual(ids.map(ownFile).sort());
    expect(repo.git('status', '--porcelain')).toBe(' M README.md\n?? notes.txt\n');
    expect(worktreePaths(repo)).toEqual([realpathSync(repo.dir)]);
    expect(runLeftovers(repo)).toEqual([]);
  });
});

describe('worktree isolation: when agents share the checkout', () => {
  const SMALL: readonly TaskSpec[] = [
    { id: 'a', title: 'Write module a', role: 'I2' },
    { id: 'b', title: 'Write module b', role: 'I3' },
    { id: 'c', title: 'Write module c', role: 'I4' },
    { id: 'd', title: 'Combine modules a and b', dependsOn: ['a', 'b'] },
  ];

  async function runSmall(options: Partial<OrchestratorOptions>): Promise<{ repo: TestRepo; cwds: Map<string, string>; worktreesSeen: number[]; result: Awaited<ReturnType<Orchestrator['run']>>; integrations: number }> {
    const { repo } = prepareRepo();
    const cwds = new Map<string, string>();
    const worktreesSeen: number[] = [];
    const adapter = createScriptedAdapter(async (request) => {
      cwds.set(request.task.id, request.cwd);
      worktreesSeen.push((await gitAsync(repo.dir, 'worktree', 'list', '--porcelain')).stdout.split('\n').filter((l) => l.startsWith('worktree ')).length);
      return { durationMs: 5, writeFiles: { [ownFile(request.task.id)]: ownContent(request.task.id) } };
    });
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, retries: 0, replan: false, ...options });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(await plan({ text: 'Small plan', tasks: SMALL }));
    return { repo, cwds, worktreesSeen, result, integrations: ofType(events, 'integration').length };
  }

  it.each([
    ['isolation: shared, four instances', { isolation: 'shared' }],
    ['isolation: auto, maxInstances 1', { isolation: 'auto', maxInstances: 1 }],
    ['isolation unset, maxInstances 1', { maxInstances: 1 }],
  ] as const)('%s: every agent runs in the repository itself', async (_name, options) => {
    const { repo, cwds, worktreesSeen, result, integrations } = await runSmall(options);
    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect([...cwds.keys()].sort()).toEqual(SMALL.map((t) => t.id).sort());
    for (const [id, cwd] of cwds) expect(cwd, id).toBe(resolve(repo.dir));
    expect(worktreesSeen.every((n) => n === 1)).toBe(true);
    expect(integrations).toBe(0);
    expect(existsSync(join(repo.dir, '.wavefront', 'worktrees'))).toBe(false);
    expect(committedPaths(repo)).toEqual(SMALL.map((t) => ownFile(t.id)).sort());
    expect(repo.git('status', '--porcelain')).toBe(' M README.md\n?? notes.txt\n');
  });

  it('isolation: worktree applies even with one instance; auto with four instances uses worktrees', async () => {
    for (const options of [{ isolation: 'worktree', maxInstances: 1 }, { isolation: 'auto' }] as const) {
      const { repo, cwds, worktreesSeen, result, integrations } = await runSmall(options);
      expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
      for (const [id, cwd] of cwds) expect(cwd.includes(`${sep}.wavefront${sep}worktrees${sep}`), `${id}: ${cwd}`).toBe(true);
      expect(worktreesSeen.every((n) => n > 1)).toBe(true);
      expect(integrations).toBe(SMALL.length);
      expect(committedPaths(repo)).toEqual(SMALL.map((t) => ownFile(t.id)).sort());
      expect(repo.git('status', '--porcelain')).toBe(' M README.md\n?? notes.txt\n');
      expect(worktreePaths(repo)).toHaveLength(1);
      expect(runLeftovers(repo)).toEqual([]);
    }
  });
});
