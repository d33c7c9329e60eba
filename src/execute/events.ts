/**
 * Typed orchestrator events. Each event carries one payload object with `runId` and `at`.
 * @module
 */
import type { AgentResult, AgentUsage } from '../adapters/types.js';
import type { Plan } from '../model/plan.js';

/** Final state of one task in a run. */
export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** Final state of a run. */
export type RunStatus = 'succeeded' | 'failed' | 'rolled-back' | 'paused' | 'aborted' | 'needs-human';

/** Fields every event payload has. */
export interface EventBase {
  /** The run. */
  readonly runId: string;
  /** Wall-clock time, ms since the epoch (virtual minutes * 60000 in dry runs). */
  readonly at: number;
}

/** `run:start` */
export interface RunStartEvent extends EventBase {
  readonly plan: Plan;
  readonly mode: 'dynamic' | 'waves';
  readonly dryRun: boolean;
  readonly instances: readonly string[];
  readonly backupRef?: string | undefined;
}
/** `run:end` */
export interface RunEndEvent extends EventBase {
  readonly status: RunStatus;
  readonly durationMs: number;
  readonly commit?: string | undefined;
  readonly error?: { readonly code?: string | undefined; readonly message: string } | undefined;
}
/** `wave:start` */
export interface WaveStartEvent extends EventBase {
  readonly wave: number;
  readonly name: string;
  readonly taskIds: readonly string[];
}
/** `wave:end` */
export interface WaveEndEvent extends EventBase {
  readonly wave: number;
  readonly name: string;
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly durationMs: number;
}
/** `task:start` */
export interface TaskStartEvent extends EventBase {
  readonly taskId: string;
  readonly title: string;
  readonly wave: number;
  readonly instance: string;
  /** The instance the plan chose, when the task runs elsewhere (dynamic mode borrowed an idle one). */
  readonly plannedInstance?: string | undefined;
  readonly attempt: number;
  readonly critical: boolean;
}
/** `task:progress` */
export interface TaskProgressEvent extends EventBase {
  readonly taskId: string;
  readonly instance: string;
  readonly percent?: number | undefined;
  readonly message?: string | undefined;
}
/** `task:end` */
export interface TaskEndEvent extends EventBase {
  readonly taskId: string;
  readonly instance: string;
  readonly wave: number;
  readonly status: Exclude<TaskStatus, 'pending' | 'running'>;
  readonly attempts: number;
  readonly durationMs: number;
  readonly result?: AgentResult | undefined;
  readonly error?: { readonly code?: string | undefined; readonly message: string } | undefined;
  /** Why a task was skipped (dependency failed, approval denied, run stopping). */
  readonly reason?: string | undefined;
}
/** `task:retry` */
export interface TaskRetryEvent extends EventBase {
  readonly taskId: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: { readonly code?: string | undefined; readonly message: string };
}
/** `approval:request` / its answer */
export interface ApprovalRequestEvent extends EventBase {
  readonly taskId: string;
  readonly title: string;
  readonly criticalReasons: readonly string[];
  readonly approved?: boolean | undefined;
}
/** `replan` */
export interface ReplanEvent extends EventBase {
  readonly failedTaskId: string;
  readonly round: number;
  readonly inserted: readonly { readonly id: string; readonly title: string; readonly dependsOn: readonly string[] }[];
}
/** `checkpoint` */
export interface CheckpointEvent extends EventBase {
  readonly taskId?: string | undefined;
  readonly wave?: number | undefined;
  readonly path?: string | undefined;
  readonly ref?: string | undefined;
}
/** `rollback:start` */
export interface RollbackStartEvent extends EventBase {
  readonly reason: string;
  readonly backupRef?: string | undefined;
}
/** `rollback:end` */
export interface RollbackEndEvent extends EventBase {
  readonly ok: boolean;
  readonly compensations: number;
  readonly error?: string | undefined;
}
/** `budget:exceeded` */
export interface BudgetExceededEvent extends EventBase {
  readonly limit: 'tokens' | 'usd' | 'wallClockMs';
  readonly used: number;
  readonly budget: number;
  readonly usage?: AgentUsage | undefined;
}

/** With worktree isolation: a finished task's work was merged into the integration worktree, or was not. */
export interface IntegrationEvent extends EventBase {
  readonly taskId: string;
  readonly instance: string;
  /** `merged`; `empty` (the task changed nothing); `conflict` or `gate-failed` (a resolver task is inserted, or the run fails). */
  readonly status: 'merged' | 'empty' | 'conflict' | 'gate-failed';
  /** The integration head afterwards. */
  readonly head: string;
  /** Conflicted paths (status `conflict`). */
  readonly conflicts?: readonly string[] | undefined;
  /** The resolver task inserted, if any. */
  readonly resolverTaskId?: string | undefined;
}

/** The event map of the orchestrator: event name → payload tuple (eventemitter3 style). */
export interface OrchestratorEvents {
  'run:start': [event: RunStartEvent];
  'run:end': [event: RunEndEvent];
  'wave:start': [event: WaveStartEvent];
  'wave:end': [event: WaveEndEvent];
  'task:start': [event: TaskStartEvent];
  'task:progress': [event: TaskProgressEvent];
  'task:end': [event: TaskEndEvent];
  'task:retry': [event: TaskRetryEvent];
  'approval:request': [event: ApprovalRequestEvent];
  replan: [event: ReplanEvent];
  checkpoint: [event: CheckpointEvent];
  'rollback:start': [event: RollbackStartEvent];
  'rollback:end': [event: RollbackEndEvent];
  'budget:exceeded': [event: BudgetExceededEvent];
  integration: [event: IntegrationEvent];
}

/** Names of all orchestrator events. */
export type OrchestratorEventName = keyof OrchestratorEvents;

/** All event names, in a stable order. */
export const ORCHESTRATOR_EVENT_NAMES: readonly OrchestratorEventName[] = [
  'run:start',
  'run:end',
  'wave:start',
  'wave:end',
  'task:start',
  'task:progress',
  'task:end',
  'task:retry',
  'approval:request',
  'replan',
  'checkpoint',
  'rollback:start',
  'rollback:end',
  'budget:exceeded',
  'integration',
];

/** One event with its name, as written to NDJSON streams: `{ type, ...payload }`. */
export type OrchestratorEvent = {
  [K in OrchestratorEventName]: { readonly type: K } & OrchestratorEvents[K][0];
}[OrchestratorEventName];
