/**
 * replayJournal: folds journal records into the state a resume needs. Pure.
 * @module
 */
import type { AgentResult } from '../adapters/types.js';
import type { RunStatus } from '../execute/events.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import type { JournalError, JournalRecord, ReplanRecord, TaskEndRecord } from './records.js';

/** The recorded end of one task. */
export interface FinishedTask {
  readonly status: TaskEndRecord['status'];
  readonly attempts: number;
  readonly result?: AgentResult | undefined;
  readonly error?: JournalError | undefined;
  readonly reason?: string | undefined;
}

/** One recorded replan: the replan record without its journal fields. */
export type ReplayedReplan = Pick<ReplanRecord, 'failedTaskId' | 'round' | 'inserted' | 'rerun' | 'resolve' | 'rewire'>;

/** What a journal says about a run. */
export interface RunState {
  readonly runId: string;
  readonly plan: Plan;
  /** The repository of the run. */
  readonly cwd: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** `at` of the last record. */
  readonly updatedAt: number;
  /** `seq` of the last record. */
  readonly lastSeq: number;
  /** The wave-0 snapshot ref, once pinned. */
  readonly backupRef?: string | undefined;
  /** The wave-0 snapshot commit, once pinned. */
  readonly backupCommit?: string | undefined;
  /** Tasks whose last record is a `succeeded` end, with their results (`{ ok: true }` when none was recorded). */
  readonly succeeded: Map<string, AgentResult>;
  /** Tasks whose last record is an end, with that end. */
  readonly finished: Map<string, FinishedTask>;
  /** Tasks whose last record is a start (started, no end): in start order. */
  readonly inDoubt: string[];
  /** Last recorded attempt count per task. */
  readonly attempts: Map<string, number>;
  /** Replans, in order. */
  readonly replans: ReplayedReplan[];
  /** Last approval decision per task. */
  readonly approvals: Map<string, boolean>;
  /** True when a `pause` record is not followed by a task start or the run end. */
  readonly paused: boolean;
  /** `started` after a `rollback-start` without a successful `rollback-end` (a failed rollback stays `started`, see `rollbackError`). */
  readonly rollback: 'none' | 'started' | 'done';
  /** The error of the last failed `rollback-end`. */
  readonly rollbackError?: string | undefined;
  /** The final commit: not begun, begun (in doubt), or done. */
  readonly commit: 'none' | 'started' | { readonly commit: string | null; readonly filesChanged: readonly string[] };
  /** With worktree isolation: the commit every worktree started from. */
  readonly workspaceBase?: string | undefined;
  /** With worktree isolation: the integration head after the last recorded merge. */
  readonly integrationHead?: string | undefined;
  /** The run's recorded end, when it is the last run-level fact (a resumed run appends after it). */
  readonly ended?: { readonly status: RunStatus; readonly error?: JournalError | undefined } | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Folds records (as returned by `Journal.open`) into a {@link RunState}. For each task the LAST
 * record wins: a task that failed, was replanned and started again is in doubt again until its
 * next end. Pure and deterministic.
 *
 * @throws {@link WavefrontError} `JOURNAL_CORRUPT` when the first record is not the run header.
 */
export function replayJournal(records: readonly JournalRecord[]): RunState {
  if (!Array.isArray(records)) throw new WavefrontError('INVALID_ARGUMENT', 'replayJournal: expected an array of records');
  const header = records[0];
  if (header?.type !== 'run') throw new WavefrontError('JOURNAL_CORRUPT', 'replayJournal: the first record must be the run header', { details: { line: 1 } });
  const state: Mutable<RunState> = {
    runId: header.runId,
    plan: header.plan,
    cwd: header.cwd,
    createdAt: header.createdAt,
    updatedAt: header.at,
    lastSeq: header.seq,
    succeeded: new Map(),
    finished: new Map(),
    inDoubt: [],
    attempts: new Map(),
    replans: [],
    approvals: new Map(),
    paused: false,
    rollback: 'none',
    commit: 'none',
  };
  const running = new Set<string>();
  for (const record of records.slice(1)) {
    state.updatedAt = record.at;
    state.lastSeq = record.seq;
    delete state.ended; // records after a run-end mean the run was resumed
    switch (record.type) {
      case 'run':
        throw new WavefrontError('JOURNAL_CORRUPT', `replayJournal: a second run header at seq ${record.seq}`, { details: { line: record.seq } });
      case 'backup':
        state.backupRef = record.ref;
        state.backupCommit = record.commit;
        break;
      case 'task-start':
        running.delete(record.taskId); // re-insert: start order is the latest start
        running.add(record.taskId);
        state.finished.delete(record.taskId);
        state.succeeded.delete(record.taskId);
        state.attempts.set(record.taskId, record.attempt);
        state.paused = false;
        break;
      case 'task-end': {
        running.delete(record.taskId);
        const finished: Mutable<FinishedTask> = { status: record.status, attempts: record.attempts };
        if (record.result !== undefined) finished.result = record.result;
        if (record.error !== undefined) finished.error = record.error;
        if (record.reason !== undefined) finished.reason = record.reason;
        state.finished.set(record.taskId, finished);
        if (record.status === 'succeeded') state.succeeded.set(record.taskId, record.result ?? { ok: true });
        else state.succeeded.delete(record.taskId);
        state.attempts.set(record.taskId, record.attempts);
        break;
      }
      case 'approval':
        state.approvals.set(record.taskId, record.approved);
        break;
      case 'replan':
        state.replans.push({
          failedTaskId: record.failedTaskId,
          round: record.round,
          inserted: record.inserted,
          rerun: record.rerun,
          ...(record.resolve === undefined ? {} : { resolve: record.resolve }),
          ...(record.rewire === undefined ? {} : { rewire: record.rewire }),
        });
        if (record.resolve !== undefined && !state.succeeded.has(record.failedTaskId)) {
          // its work was handed to the resolver: accepted, even if the crash came before its end was written
          running.delete(record.failedTaskId);
          state.succeeded.set(record.failedTaskId, { ok: true, summary: `work merged by resolver task ${record.resolve.resolverId}` });
        }
        break;
      case 'workspace':
        state.workspaceBase = record.base;
        break;
      case 'integrated':
        // merged work is accepted: the task is done even if its task-end was never written
        running.delete(record.taskId);
        state.integrationHead = record.head;
        state.succeeded.set(record.taskId, record.result ?? { ok: true });
        break;
      case 'pause':
        state.paused = true;
        break;
      case 'rollback-start':
        state.rollback = 'started';
        break;
      case 'rollback-end':
        if (record.ok) {
          state.rollback = 'done';
          delete state.rollbackError;
        } else state.rollbackError = record.error ?? 'rollback failed';
        break;
      case 'commit-start':
        state.commit = 'started';
        break;
      case 'commit':
        state.commit = { commit: record.commit, filesChanged: record.filesChanged };
        break;
      case 'run-end':
        state.ended = record.error === undefined ? { status: record.status } : { status: record.status, error: record.error };
        state.paused = record.status === 'paused';
        break;
    }
  }
  state.inDoubt = [...running];
  return state;
}
