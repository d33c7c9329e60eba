/**
 * The records of the run journal: a discriminated union on `type`, with the zod schemas that
 * validate every line read back from disk (and every record before it is written).
 * @module
 */
import { z } from 'zod';
import type { AgentResult } from '../adapters/types.js';
import type { RunStatus, TaskStatus } from '../execute/events.js';
import type { Plan, PlannedTask } from '../model/plan.js';
import { TASK_ID_PATTERN } from '../model/task.js';
import { RUN_ID_PATTERN } from './state-dir.js';

/** Version of the journal format, stored in the `run` record. */
export const JOURNAL_VERSION = 1;

/** An error as journalled. */
export interface JournalError {
  readonly code?: string | undefined;
  readonly message: string;
}

/** Fields every record has. */
export interface RecordBase {
  /** 1-based, consecutive; equals the record's line number. */
  readonly seq: number;
  /** Wall-clock time of the append, ms since the epoch. */
  readonly at: number;
}

/** First record: the run header. */
export interface RunHeaderRecord extends RecordBase {
  readonly type: 'run';
  readonly v: typeof JOURNAL_VERSION;
  readonly runId: string;
  readonly plan: Plan;
  readonly cwd: string;
  /** ms since the epoch. */
  readonly createdAt: number;
}
/** The wave-0 snapshot is pinned. */
export interface BackupRecord extends RecordBase {
  readonly type: 'backup';
  readonly ref: string;
  readonly commit: string;
}
/** A task attempt is about to start (written before the agent runs). */
export interface TaskStartRecord extends RecordBase {
  readonly type: 'task-start';
  readonly taskId: string;
  readonly attempt: number;
  readonly instance: string;
}
/** A task reached a final state. */
export interface TaskEndRecord extends RecordBase {
  readonly type: 'task-end';
  readonly taskId: string;
  readonly status: Exclude<TaskStatus, 'pending' | 'running'>;
  readonly attempts: number;
  readonly result?: AgentResult | undefined;
  readonly error?: JournalError | undefined;
  readonly reason?: string | undefined;
}
/** A critical task's approval was decided. */
export interface ApprovalRecord extends RecordBase {
  readonly type: 'approval';
  readonly taskId: string;
  readonly approved: boolean;
}
/** Tasks were inserted after a failure (or a resolver after an integration conflict). */
export interface ReplanRecord extends RecordBase {
  readonly type: 'replan';
  readonly failedTaskId: string;
  readonly round: number;
  readonly inserted: readonly PlannedTask[];
  readonly rerun: boolean;
  /** For a resolver task: what it resolves. */
  readonly resolve?: ResolveInfo | undefined;
  /** Pending tasks that now also wait for inserted ones. */
  readonly rewire?: readonly { readonly taskId: string; readonly addDependsOn: readonly string[] }[] | undefined;
}
/** What a resolver task (inserted after an integration conflict or a red gate) must integrate. */
export interface ResolveInfo {
  /** The resolver task. */
  readonly resolverId: string;
  /** The task whose work did not integrate first (rounds count per origin). */
  readonly origin: string;
  /** The commit to merge (pinned under `refs/wavefront/work/<runId>/tasks/`). */
  readonly commit: string;
  readonly kind: 'conflict' | 'gate-failed';
  readonly conflicts: readonly string[];
  readonly output: string;
}
/** Worktree isolation is on: the commit every worktree started from. */
export interface WorkspaceRecord extends RecordBase {
  readonly type: 'workspace';
  readonly base: string;
}
/** A task's work was merged into the integration worktree (it counts as succeeded from here on). */
export interface IntegratedRecord extends RecordBase {
  readonly type: 'integrated';
  readonly taskId: string;
  /** The integration head after the merge. */
  readonly head: string;
  /** The task's own commit. */
  readonly commit: string;
  readonly result?: AgentResult | undefined;
}
/** The run paused (resumable). */
export interface PauseRecord extends RecordBase {
  readonly type: 'pause';
  readonly reason?: string | undefined;
}
/** A rollback began. */
export interface RollbackStartRecord extends RecordBase {
  readonly type: 'rollback-start';
  readonly reason: string;
  readonly backupRef?: string | undefined;
}
/** A rollback finished. */
export interface RollbackEndRecord extends RecordBase {
  readonly type: 'rollback-end';
  readonly ok: boolean;
  readonly error?: string | undefined;
}
/** The final commit began. */
export interface CommitStartRecord extends RecordBase {
  readonly type: 'commit-start';
}
/** The final commit is done (`commit` null when there was nothing to commit). */
export interface CommitRecord extends RecordBase {
  readonly type: 'commit';
  readonly commit: string | null;
  readonly filesChanged: readonly string[];
}
/** The run ended. */
export interface RunEndRecord extends RecordBase {
  readonly type: 'run-end';
  readonly status: RunStatus;
  readonly error?: JournalError | undefined;
}

/** One line of the journal. */
export type JournalRecord =
  | RunHeaderRecord
  | BackupRecord
  | TaskStartRecord
  | TaskEndRecord
  | ApprovalRecord
  | ReplanRecord
  | WorkspaceRecord
  | IntegratedRecord
  | PauseRecord
  | RollbackStartRecord
  | RollbackEndRecord
  | CommitStartRecord
  | CommitRecord
  | RunEndRecord;

/** The `type`s of {@link JournalRecord}. */
export type JournalRecordType = JournalRecord['type'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What {@link Journal.append} takes: a record without `seq` (assigned) and with `at` optional (defaults to now). */
export type JournalEntry = DistributiveOmit<Exclude<JournalRecord, RunHeaderRecord>, 'seq' | 'at'> & { readonly at?: number | undefined };

const taskId = z.string().regex(TASK_ID_PATTERN, 'invalid task id');
const count = z.number().int().nonnegative();
const time = z.number().finite().nonnegative();
const sha = z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'expected a full commit id');
const errorInfo = z.looseObject({ code: z.string().optional(), message: z.string() });

const plannedTask = z.looseObject({
  id: taskId,
  title: z.string(),
  dependsOn: z.array(taskId),
  instance: z.string(),
  wave: count,
  critical: z.boolean(),
});

const plan = z.looseObject({
  version: z.literal(1),
  tasks: z.array(plannedTask).min(1),
  waves: z.array(z.looseObject({ index: count, name: z.string(), taskIds: z.array(taskId) })),
});

const agentResult = z.looseObject({
  ok: z.boolean(),
  summary: z.string().optional(),
  output: z.unknown().optional(),
  filesChanged: z.array(z.string()).optional(),
  usage: z.looseObject({}).optional(),
});

const base = { seq: z.number().int().positive(), at: time };

/** zod schema of one journal line. */
export const JournalRecordSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('run'),
    v: z.literal(JOURNAL_VERSION),
    runId: z.string().regex(RUN_ID_PATTERN),
    plan,
    cwd: z.string().min(1),
    createdAt: time,
  }),
  z.object({ ...base, type: z.literal('backup'), ref: z.string().min(1), commit: z.string().min(1) }),
  z.object({ ...base, type: z.literal('task-start'), taskId, attempt: z.number().int().positive(), instance: z.string().min(1) }),
  z.object({
    ...base,
    type: z.literal('task-end'),
    taskId,
    status: z.enum(['succeeded', 'failed', 'skipped', 'cancelled']),
    attempts: count,
    result: agentResult.optional(),
    error: errorInfo.optional(),
    reason: z.string().optional(),
  }),
  z.object({ ...base, type: z.literal('approval'), taskId, approved: z.boolean() }),
  z.object({
    ...base,
    type: z.literal('replan'),
    failedTaskId: taskId,
    round: z.number().int().positive(),
    inserted: z.array(plannedTask),
    rerun: z.boolean(),
    resolve: z
      .looseObject({
        resolverId: taskId,
        origin: taskId,
        commit: sha,
        kind: z.enum(['conflict', 'gate-failed']),
        conflicts: z.array(z.string()),
        output: z.string(),
      })
      .optional(),
    rewire: z.array(z.looseObject({ taskId, addDependsOn: z.array(taskId) })).optional(),
  }),
  z.object({ ...base, type: z.literal('workspace'), base: sha }),
  z.object({ ...base, type: z.literal('integrated'), taskId, head: sha, commit: sha, result: agentResult.optional() }),
  z.object({ ...base, type: z.literal('pause'), reason: z.string().optional() }),
  z.object({ ...base, type: z.literal('rollback-start'), reason: z.string(), backupRef: z.string().optional() }),
  z.object({ ...base, type: z.literal('rollback-end'), ok: z.boolean(), error: z.string().optional() }),
  z.object({ ...base, type: z.literal('commit-start') }),
  z.object({ ...base, type: z.literal('commit'), commit: z.string().min(1).nullable(), filesChanged: z.array(z.string()) }),
  z.object({
    ...base,
    type: z.literal('run-end'),
    status: z.enum(['succeeded', 'failed', 'rolled-back', 'paused', 'aborted', 'needs-human']),
    error: errorInfo.optional(),
  }),
]);

/** Validates one parsed line; returns the record or a one-line reason. */
export function checkRecord(value: unknown): { ok: true; record: JournalRecord } | { ok: false; reason: string } {
  const parsed = JournalRecordSchema.safeParse(value);
  if (parsed.success) return { ok: true, record: value as JournalRecord };
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return { ok: false, reason: issue ? `${path === '' ? '' : `${path}: `}${issue.message}` : 'invalid record' };
}
