/**
 * Run summaries for `wavefront status`: read-only views of the journals in a state dir.
 * @module
 */
import { lstat, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunStatus, TaskStatus } from '../execute/events.js';
import { isWavefrontError } from '../model/errors.js';
import { checkRealDir, requirePathString } from './fs-util.js';
import { readJournal } from './journal.js';
import { isLockOwnerAlive, readRunLock } from './lock.js';
import { replayJournal } from './replay.js';
import { isValidRunId, runDir } from './state-dir.js';

/** Status of a run as `wavefront status` shows it. */
export type RunSummaryStatus = RunStatus | 'running' | 'interrupted' | 'corrupt';

/** One run, summarised. */
export interface RunSummary {
  readonly runId: string;
  /**
   * The recorded end status; otherwise `running` (the repository lock is held for this run by a live
   * process), `paused` (a pause was recorded), `interrupted` (the process died), or `corrupt`.
   */
  readonly status: RunSummaryStatus;
  /** The request text of the plan. */
  readonly request?: string | undefined;
  /** Task counts by status (tasks of the plan plus replan insertions); in-doubt tasks count as `running`. */
  readonly tasks: Readonly<Record<TaskStatus, number>>;
  /** Tasks started without a recorded end. */
  readonly inDoubt: readonly string[];
  readonly backupRef?: string | undefined;
  /** The final commit: the sha, null (nothing to commit), or undefined (none recorded). */
  readonly commit?: string | null | undefined;
  /** ms since the epoch. */
  readonly createdAt?: number | undefined;
  /** `at` of the last record, ms since the epoch. */
  readonly updatedAt?: number | undefined;
  /** The recorded error of the run end, or why the journal is unreadable. */
  readonly error?: string | undefined;
}

function emptyCounts(): Record<TaskStatus, number> {
  return { pending: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0 };
}

/**
 * Summarises one run from its journal (read-only: a torn tail is not truncated) and the lock.
 *
 * @throws `WavefrontError` `RUN_NOT_FOUND`, `UNSAFE_PATH`, `JOURNAL_CORRUPT`.
 */
export async function readRunStatus(stateDir: string, runId: string): Promise<RunSummary> {
  const dir = runDir(requirePathString(stateDir, 'stateDir'), runId);
  const { records } = await readJournal(dir);
  const state = replayJournal(records);
  const counts = emptyCounts();
  const ids = new Set(state.plan.tasks.map((task) => task.id));
  for (const replan of state.replans) for (const task of replan.inserted) ids.add(task.id);
  const inDoubt = new Set(state.inDoubt);
  for (const id of ids) counts[state.finished.get(id)?.status ?? (inDoubt.has(id) ? 'running' : 'pending')] += 1;
  let status: RunSummaryStatus;
  if (state.ended !== undefined) status = state.ended.status;
  else {
    const lock = await readRunLock(stateDir).catch(() => undefined);
    if (typeof lock === 'object' && lock.runId === state.runId && (await isLockOwnerAlive(lock))) status = 'running';
    else status = state.paused ? 'paused' : 'interrupted';
  }
  const commit = typeof state.commit === 'object' ? state.commit.commit : undefined;
  return {
    runId: state.runId,
    status,
    request: state.plan.request?.text,
    tasks: counts,
    inDoubt: state.inDoubt,
    backupRef: state.backupRef,
    commit,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    error: state.ended?.error?.message,
  };
}

/**
 * Summarises every run under `<stateDir>/runs/`, oldest first (unreadable ones last). A run whose journal cannot be read
 * is listed with status `corrupt` and the reason in `error`; entries that are not valid run ids or
 * not real directories are ignored. A missing state dir has no runs.
 *
 * @throws `WavefrontError` `UNSAFE_PATH` when the state dir or its `runs` dir is a symlink.
 */
export async function listRuns(stateDir: string): Promise<RunSummary[]> {
  const dir = resolve(requirePathString(stateDir, 'stateDir'));
  if (!(await checkRealDir(dir))) return [];
  const runsDir = join(dir, 'runs');
  if (!(await checkRealDir(runsDir))) return [];
  const summaries: RunSummary[] = [];
  for (const name of await readdir(runsDir)) {
    if (!isValidRunId(name)) continue;
    const stats = await lstat(join(runsDir, name)).catch(() => undefined);
    if (stats?.isDirectory() !== true) continue;
    try {
      summaries.push(await readRunStatus(dir, name));
    } catch (error) {
      if (!isWavefrontError(error)) throw error;
      summaries.push({ runId: name, status: 'corrupt', tasks: emptyCounts(), inDoubt: [], error: error.message });
    }
  }
  return summaries.sort((a, b) => (a.createdAt ?? Infinity) - (b.createdAt ?? Infinity) || a.runId.localeCompare(b.runId));
}
