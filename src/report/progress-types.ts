/**
 * The shape of {@link ProgressState}: everything the dashboard, the plain log and the summary
 * show, folded from orchestrator events by `reduceProgress`.
 * @module
 */
import type { RunStatus } from '../execute/events.js';

/** Status of one task as the progress view sees it (`retrying`: waiting for its next attempt). */
export type TaskProgressStatus = 'pending' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** Status of one wave. */
export type WaveProgressStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** Status of the whole run as seen so far. */
export type RunProgressStatus = 'pending' | 'running' | RunStatus;

/** One task. */
export interface TaskProgress {
  /** Task id. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Plan wave index (for re-planned tasks: the failed task's wave). */
  readonly wave: number;
  /** Key of the wave this task is displayed under ("5", or "5.1" for re-planned tasks). */
  readonly waveKey: string;
  /** Instance the plan chose, when known. */
  readonly plannedInstance?: string | undefined;
  /** Instance that ran (or runs) the latest attempt. */
  readonly instance?: string | undefined;
  /** Estimate used as the task's weight in overall progress (minutes, > 0). */
  readonly estimateMinutes: number;
  /** True for critical tasks. */
  readonly critical: boolean;
  /** True when added by re-planning. */
  readonly inserted: boolean;
  /** Current status. */
  readonly status: TaskProgressStatus;
  /** Last percent the adapter reported for the current attempt (0..100). */
  readonly percent?: number | undefined;
  /** Last progress message of the current attempt. */
  readonly message?: string | undefined;
  /** Attempts started so far. */
  readonly attempts: number;
  /** When the first attempt started (ms). */
  readonly startedAt?: number | undefined;
  /** When the current attempt started (ms). */
  readonly attemptStartedAt?: number | undefined;
  /** When the task finished (ms). */
  readonly endedAt?: number | undefined;
  /** Duration the orchestrator reported at `task:end`. */
  readonly durationMs?: number | undefined;
  /** Error message of the last failed attempt. */
  readonly error?: string | undefined;
  /** Why the task was skipped or cancelled. */
  readonly reason?: string | undefined;
  /** Adapter summary line. */
  readonly summary?: string | undefined;
  /** Number of files the task reported changed. */
  readonly filesChanged: number;
}

/** One wave (plan wave or re-planned "5.1" wave). */
export interface WaveProgress {
  /** Display key: the plan index ("5"), or "5.1", "5.2" for re-planned waves. */
  readonly key: string;
  /** Plan wave index (re-planned waves share their parent's index). */
  readonly index: number;
  /** Display name. */
  readonly name: string;
  /** Tasks in this wave. */
  readonly taskIds: readonly string[];
  /** True for waves inserted by re-planning. */
  readonly inserted: boolean;
  /** True when the wave runs one task alone. */
  readonly critical: boolean;
  /** Estimate of the wave (longest task), minutes. */
  readonly estimateMinutes: number;
  /** Current status. */
  readonly status: WaveProgressStatus;
  /** When its first task (or `wave:start`) started. */
  readonly startedAt?: number | undefined;
  /** When it finished. */
  readonly endedAt?: number | undefined;
  /** Duration (from `wave:end`, else first start to last end). */
  readonly durationMs?: number | undefined;
  /** Sum of task weights. */
  readonly totalWeight: number;
  /** Sum of weights of finished tasks. */
  readonly doneWeight: number;
  /** Tasks finished (any final status). */
  readonly finished: number;
  /** Tasks that succeeded. */
  readonly succeeded: number;
  /** Tasks that failed. */
  readonly failed: number;
}

/** One agent instance. */
export interface InstanceProgress {
  /** Instance id (`I4`). */
  readonly id: string;
  /** Task it runs now. */
  readonly currentTaskId?: string | undefined;
  /** Tasks planned on it. */
  readonly planned: number;
  /** Planned tasks not finished yet. */
  readonly remaining: number;
  /** Tasks it finished successfully. */
  readonly succeeded: number;
  /** Tasks that failed on it. */
  readonly failed: number;
  /** Attempts it started. */
  readonly started: number;
}

/** One re-planning round. */
export interface ReplanProgress {
  /** The task whose failure caused it. */
  readonly failedTaskId: string;
  /** Round number. */
  readonly round: number;
  /** Ids of the inserted tasks. */
  readonly taskIds: readonly string[];
  /** Keys of the waves they were placed in. */
  readonly waveKeys: readonly string[];
  /** When. */
  readonly at: number;
}

/** One approval request and its answer. */
export interface ApprovalProgress {
  /** Task needing approval. */
  readonly taskId: string;
  /** Its title. */
  readonly title: string;
  /** Rules that made it critical. */
  readonly criticalReasons: readonly string[];
  /** Answer so far. */
  readonly status: 'pending' | 'approved' | 'denied';
  /** When requested. */
  readonly requestedAt: number;
  /** When answered. */
  readonly answeredAt?: number | undefined;
}

/** Rollback state. */
export interface RollbackProgress {
  /** `none` until `rollback:start`. */
  readonly status: 'none' | 'running' | 'succeeded' | 'failed';
  /** Why it started. */
  readonly reason?: string | undefined;
  /** Compensations run. */
  readonly compensations?: number | undefined;
  /** Error when it failed. */
  readonly error?: string | undefined;
}

/** A budget limit that was hit. */
export interface BudgetProgress {
  /** Which limit. */
  readonly limit: 'tokens' | 'usd' | 'wallClockMs';
  /** Amount used. */
  readonly used: number;
  /** The budget. */
  readonly budget: number;
  /** When. */
  readonly at: number;
}

/** Counters over all tasks. */
export interface ProgressTotals {
  /** Tasks known (plan + inserted). */
  readonly tasks: number;
  /** Succeeded. */
  readonly succeeded: number;
  /** Failed. */
  readonly failed: number;
  /** Skipped. */
  readonly skipped: number;
  /** Cancelled. */
  readonly cancelled: number;
  /** Sum of all task weights (estimate minutes). */
  readonly weight: number;
  /** Sum of weights of finished tasks. */
  readonly doneWeight: number;
}

/** Plan figures kept for ETA and the summary. */
export interface ProgressPlanInfo {
  /** Request text. */
  readonly request: string;
  /** Pattern label. */
  readonly pattern: string;
  /** Sum of task estimates. */
  readonly sequentialMinutes: number;
  /** Planned makespan. */
  readonly parallelMinutes: number;
  /** Planned saving, percent. */
  readonly savedPercent: number;
  /** Highest plan wave index ("of M" on the dashboard). */
  readonly lastWave: number;
}

/**
 * Everything known about a run, folded from its events. Plain data; never mutated by the reducer
 * (every event returns a new state sharing unchanged parts).
 */
export interface ProgressState {
  /** Run id (empty before the first event). */
  readonly runId: string;
  /** Run status. */
  readonly status: RunProgressStatus;
  /** Execution mode. */
  readonly mode: 'dynamic' | 'waves';
  /** True for dry runs (times are virtual). */
  readonly dryRun: boolean;
  /** Plan figures. */
  readonly plan: ProgressPlanInfo;
  /** `at` of `run:start`. */
  readonly startedAt?: number | undefined;
  /** `at` of `run:end`. */
  readonly endedAt?: number | undefined;
  /** Duration reported by `run:end`. */
  readonly durationMs?: number | undefined;
  /** `at` of the latest event. */
  readonly now: number;
  /** Waves in display order (re-planned waves follow their parent). */
  readonly waves: readonly WaveProgress[];
  /** Wave key → position in `waves`. */
  readonly waveIndex: ReadonlyMap<string, number>;
  /** Tasks: plan order, then inserted tasks. */
  readonly tasks: readonly TaskProgress[];
  /** Task id → position in `tasks`. */
  readonly taskIndex: ReadonlyMap<string, number>;
  /** Instances, in catalogue order of first appearance. */
  readonly instances: readonly InstanceProgress[];
  /** Ids of tasks whose attempt is running now. */
  readonly running: readonly string[];
  /** Counters. */
  readonly totals: ProgressTotals;
  /** Overall percent (0..100) as of `now`. */
  readonly overallPercent: number;
  /** Minutes remaining as of `now`; 0 once the run ended. */
  readonly etaMinutes: number;
  /** Key of the lowest wave with unfinished tasks (the last wave when all finished). */
  readonly currentWave: string | undefined;
  /** Distinct files reported changed, in first-seen order. */
  readonly filesChanged: readonly string[];
  /** Re-planning rounds. */
  readonly replans: readonly ReplanProgress[];
  /** Approval requests. */
  readonly approvals: readonly ApprovalProgress[];
  /** Retries scheduled. */
  readonly retries: number;
  /** Checkpoints written. */
  readonly checkpoints: number;
  /** Rollback. */
  readonly rollback: RollbackProgress;
  /** Budgets exceeded. */
  readonly budgets: readonly BudgetProgress[];
  /** Wave-0 snapshot ref. */
  readonly backupRef?: string | undefined;
  /** Final commit sha. */
  readonly commit?: string | undefined;
  /** Run error from `run:end`. */
  readonly error?: { readonly code?: string | undefined; readonly message: string } | undefined;
}
