/**
 * Helpers of the crash tests (not a test file): temp repositories, spawning the crash runner as a
 * real child process, reading its ledger and journal, and comparing final trees.
 */
import { existsSync, readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readJournal, replayJournal, type JournalRecord, type RunState } from '../src/journal/index.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { createScriptedAdapter, readLedger, type LedgerEntry } from '../src/testing/scripted-adapter.js';
import { spawnRunner, type ChildOutcome, type RunnerRun } from './fixtures/child-runner.js';
import { CRASH_RUN_OPTIONS, crashPlan, crashStep } from './fixtures/crash-plan.js';
import { makeRunRepo } from './execute-fixtures.js';
import { tempDir, type TestRepo } from './git-fixtures.js';

/** The project root and a child's outcome, for the crash tests that import them from here. */
export { ROOT, type ChildOutcome } from './fixtures/child-runner.js';

/** A repository for a crash test, with its ledger (outside the work tree). */
export interface CrashRepo {
  readonly repo: TestRepo;
  readonly dir: string;
  readonly ledger: string;
}

/**
 * A repository with one commit, an untracked user file (`notes.txt`, which no run may commit) and
 * an ignored `.env`; every crash repo starts byte-identical.
 */
export function makeCrashRepo(): CrashRepo {
  const repo = makeRunRepo();
  repo.write('notes.txt', 'user work in progress\n');
  repo.write('.env', 'TOKEN=local\n');
  return { repo, dir: repo.dir, ledger: join(tempDir('wf-crash-ledger-'), 'ledger.jsonl') };
}

/** Options of {@link runChild}. */
export interface ChildOptions extends RunnerRun {
  readonly crash: CrashRepo;
  readonly plan?: 'main' | 'critical';
  readonly onFailure?: 'rollback' | 'pause' | 'continue';
  readonly fail?: string;
  readonly failOnce?: string;
  readonly slowSeed?: number;
  /** With resume: critical tasks a human confirmed done (`confirmInDoubt`). */
  readonly confirm?: readonly string[];
  /** SIGKILL the child this many ms after it prints `@@run-start`. */
  readonly killAfterStartMs?: number;
}

/** Runs the crash runner once as a child process and waits for it to exit (or be killed). */
export function runChild(options: ChildOptions): Promise<ChildOutcome> {
  const args: string[] = [];
  if (options.plan !== undefined) args.push('--plan', options.plan);
  if (options.onFailure !== undefined) args.push('--on-failure', options.onFailure);
  if (options.fail !== undefined) args.push('--fail', options.fail);
  if (options.failOnce !== undefined) args.push('--fail-once', options.failOnce);
  if (options.slowSeed !== undefined) args.push('--slow-seed', String(options.slowSeed));
  for (const id of options.confirm ?? []) args.push('--confirm', id);
  const { killAfterStartMs } = options;
  return spawnRunner('crash-runner.ts', options, {
    args,
    watchdogMs: 20_000,
    kill: killAfterStartMs === undefined ? undefined : { when: (stderr) => stderr.includes('@@run-start'), delayMs: killAfterStartMs },
  });
}

/** The run directory of `runId` in a crash repo. */
export function runDirOf(crash: CrashRepo, runId: string): string {
  return join(crash.dir, '.wavefront', 'runs', runId);
}

/** The journal path of `runId`. */
export function journalPathOf(crash: CrashRepo, runId: string): string {
  return join(runDirOf(crash, runId), 'journal.jsonl');
}

/** The journal records and their replay (read-only: a torn tail is left alone). */
export async function readRun(crash: CrashRepo, runId: string): Promise<{ records: JournalRecord[]; state: RunState; tornBytes: number }> {
  const { records, tornBytes } = await readJournal(runDirOf(crash, runId));
  return { records, state: replayJournal(records), tornBytes };
}

/** Ledger entries, optionally of one process only. */
export function ledgerOf(crash: CrashRepo, pid?: number): LedgerEntry[] {
  return readLedger(crash.ledger).filter((entry) => pid === undefined || entry.pid === pid);
}

/** Invocation counts per task id. */
export function countByTask(entries: readonly LedgerEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.taskId, (counts.get(entry.taskId) ?? 0) + 1);
  return counts;
}

/** What a repository looks like, commit metadata aside. */
export interface TreeState {
  /** `HEAD^{tree}`. */
  readonly headTree: string;
  /** Number of commits on HEAD. */
  readonly commits: number;
  /** Working tree files (`.git` and `.wavefront` left out) → content. */
  readonly files: Readonly<Record<string, string>>;
  /** `git status --porcelain` (the state dir is excluded from git). */
  readonly status: string;
}

/** Reads the tree state of a repository. */
export function treeState(repo: TestRepo): TreeState {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const rel = relative(repo.dir, path);
      if (rel === '.git' || rel === '.wavefront') continue;
      if (lstatSync(path).isDirectory()) walk(path);
      else files[rel] = readFileSync(path, 'utf8');
    }
  };
  walk(repo.dir);
  return {
    headTree: repo.git('rev-parse', 'HEAD^{tree}').trim(),
    commits: Number(repo.git('rev-list', '--count', 'HEAD').trim()),
    files,
    status: repo.git('status', '--porcelain').trim(),
  };
}

/** True when the repository lock file exists. */
export function lockExists(crash: CrashRepo): boolean {
  return existsSync(join(crash.dir, '.wavefront', 'run.lock'));
}

/** The pid written in the repository lock. */
export function lockPid(crash: CrashRepo): number | undefined {
  const path = join(crash.dir, '.wavefront', 'run.lock');
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid;
}

/**
 * The tree of a crash-free run of the main plan, run in this process (faster than a child) with the
 * same plan, agent script and options as the crash runner, in a fresh crash repo.
 */
export async function referenceTree(): Promise<TreeState> {
  const crash = makeCrashRepo();
  const adapter = createScriptedAdapter((request) => crashStep(request));
  const result = await new Orchestrator({ cwd: crash.dir, adapter, runId: 'ref', ...CRASH_RUN_OPTIONS }).run(await crashPlan('main'));
  if (result.status !== 'succeeded') throw new Error(`the reference run ended ${result.status}: ${result.error?.message ?? ''}`);
  return treeState(crash.repo);
}
