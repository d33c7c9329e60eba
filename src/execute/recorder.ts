/**
 * What the executor tells its durable record (the run journal) and what it gets back on resume.
 * @module
 */
import type { AgentResult } from '../adapters/types.js';
import type { PlannedTask } from '../model/plan.js';
import type { TaskStatus } from './events.js';
import type { ResolveInfo } from '../journal/records.js';

/** One fact about the run, written durably before the matching event is emitted. */
export type RunRecord = { readonly type: string } & Readonly<Record<string, unknown>>;

/** The durable side of a run. The executor awaits every call before emitting the event it backs. */
export interface RunRecorder {
  /** Appends a record durably (fsync'd) before resolving. */
  record(record: RunRecord): Promise<void>;
  /** Writes the human-readable checkpoint of a finished task; returns its path. */
  checkpoint(task: PlannedTask, info: CheckpointInfo): Promise<string | undefined>;
  /** The run ended: apply checkpoint retention, release resources. */
  close(status: string): Promise<void>;
}

/** What a task checkpoint says. */
export interface CheckpointInfo {
  readonly instance: string;
  readonly status: TaskStatus;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly result?: AgentResult | undefined;
  readonly error?: { readonly message: string } | undefined;
  readonly next: readonly string[];
}

/** A recorder that keeps nothing (dry runs, `stateDir: false`). */
export const NULL_RECORDER: RunRecorder = {
  record: () => Promise.resolve(),
  checkpoint: () => Promise.resolve(undefined),
  close: () => Promise.resolve(),
};

/** What a journal says about an interrupted run, as the executor needs it to resume. */
export interface ResumeState {
  /** The wave-0 snapshot already taken. */
  readonly backupRef?: string | undefined;
  /** Tasks whose success is recorded, with their results (never run again). */
  readonly succeeded: ReadonlyMap<string, AgentResult>;
  /** Attempts recorded per task. */
  readonly attempts: ReadonlyMap<string, number>;
  /** Tasks that started and have no recorded end. */
  readonly inDoubt: readonly string[];
  /** Replans recorded, in order. */
  readonly replans: readonly {
    readonly failedTaskId: string;
    readonly round?: number | undefined;
    readonly inserted: readonly PlannedTask[];
    readonly rerun: boolean;
    readonly resolve?: ResolveInfo | undefined;
    readonly rewire?: readonly { readonly taskId: string; readonly addDependsOn: readonly string[] }[] | undefined;
  }[];
  /** With worktree isolation: the base commit and the integration head of the last recorded merge. */
  readonly workspace?: { readonly base: string; readonly integrationHead?: string | undefined } | undefined;
  /** Tasks whose merge is recorded but not their end (a crash in between): done, their end still to record. */
  readonly integratedOnly?: readonly string[] | undefined;
  /** A rollback was started (and maybe finished). */
  readonly rollback: 'none' | 'started' | 'done';
  /** The final commit was started, or done with this commit. */
  readonly commit: 'none' | 'started' | { readonly commit: string | null };
}
