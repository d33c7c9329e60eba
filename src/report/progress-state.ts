/**
 * `reduceProgress`: the pure reducer that folds orchestrator events into a {@link ProgressState}.
 * @module
 */
import type {
  ApprovalRequestEvent,
  OrchestratorEvent,
  RunEndEvent,
  RunStatus,
  TaskEndEvent,
  TaskRetryEvent,
  TaskStartEvent,
} from '../execute/events.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { emptyProgressState, progressFromRunStart } from './progress-init.js';
import { applyReplan } from './progress-replan.js';
import { currentWaveKey, etaMinutesAt, getTask, isTaskFinished, overallPercentAt, taskWeight } from './progress-select.js';
import type { ApprovalProgress, ProgressState, TaskProgress, TaskProgressStatus } from './progress-types.js';
import { deriveWaveStatus, ensureTask, ensureWave, withInstance, withTask, withWave } from './progress-update.js';

const RUN_STATUSES: ReadonlySet<string> = new Set<RunStatus>(['succeeded', 'failed', 'rolled-back', 'paused', 'aborted', 'needs-human']);
const FINAL_TASK_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
function errorMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string') {
    return (value as { message: string }).message;
  }
  return undefined;
}

/**
 * Adds (`sign` 1) or removes (`sign` -1) a finished task's contribution to its wave, the totals and
 * its instances. Removing lets a task that is started again after finishing (resume) count once.
 */
function countFinish(state: ProgressState, task: TaskProgress, sign: 1 | -1, at: number): ProgressState {
  const weight = taskWeight(task) * sign;
  const succeeded = task.status === 'succeeded' ? sign : 0;
  const failed = task.status === 'failed' ? sign : 0;
  let next = withWave(state, task.waveKey, (wave) => {
    const counted = {
      ...wave,
      finished: wave.finished + sign,
      succeeded: wave.succeeded + succeeded,
      failed: wave.failed + failed,
      doneWeight: wave.doneWeight + weight,
    };
    const status = deriveWaveStatus(counted);
    const done = status !== 'running' && status !== 'pending';
    if (!done) return { ...counted, status, endedAt: undefined, durationMs: undefined };
    const endedAt = counted.endedAt ?? at;
    const durationMs = counted.durationMs ?? (counted.startedAt === undefined ? undefined : Math.max(0, endedAt - counted.startedAt));
    return { ...counted, status, endedAt, durationMs };
  });
  const totals = next.totals;
  next = {
    ...next,
    totals: {
      ...totals,
      succeeded: totals.succeeded + succeeded,
      failed: totals.failed + failed,
      skipped: totals.skipped + (task.status === 'skipped' ? sign : 0),
      cancelled: totals.cancelled + (task.status === 'cancelled' ? sign : 0),
      doneWeight: totals.doneWeight + weight,
    },
  };
  if (task.plannedInstance !== undefined) {
    next = withInstance(next, task.plannedInstance, (instance) => ({ ...instance, remaining: instance.remaining - sign }));
  }
  if (task.instance !== undefined && (succeeded !== 0 || failed !== 0)) {
    next = withInstance(next, task.instance, (instance) => ({
      ...instance,
      succeeded: instance.succeeded + succeeded,
      failed: instance.failed + failed,
    }));
  }
  return next;
}

/** Frees `instance` if it is running `taskId`. */
function release(state: ProgressState, instance: string | undefined, taskId: string): ProgressState {
  if (instance === undefined) return state;
  const current = state.instances.find((item) => item.id === instance);
  if (current?.currentTaskId !== taskId) return state;
  return withInstance(state, instance, (item) => ({ ...item, currentTaskId: undefined }));
}

function stopRunning(state: ProgressState, taskId: string): ProgressState {
  return state.running.includes(taskId) ? { ...state, running: state.running.filter((id) => id !== taskId) } : state;
}

function onTaskStart(state: ProgressState, event: TaskStartEvent, at: number): ProgressState {
  const id = String(event.taskId);
  let next = ensureTask(state, id, str(event.title) ?? id, Math.max(0, Math.trunc(finiteOr(event.wave, 0))));
  const before = getTask(next, id) as TaskProgress;
  if (isTaskFinished(before)) next = countFinish(next, before, -1, at);
  if (before.instance !== undefined) next = release(next, before.instance, id);
  const instance = str(event.instance) ?? before.instance ?? before.plannedInstance;
  next = withTask(next, id, (task) => ({
    ...task,
    title: str(event.title) ?? task.title,
    critical: task.critical || event.critical === true,
    status: 'running',
    instance,
    plannedInstance: task.plannedInstance ?? str(event.plannedInstance),
    attempts: Math.max(task.attempts + 1, Math.trunc(finiteOr(event.attempt, 0))),
    startedAt: task.startedAt ?? at,
    attemptStartedAt: at,
    endedAt: undefined,
    durationMs: undefined,
    percent: undefined,
    message: undefined,
  }));
  next = withWave(next, before.waveKey, (wave) => {
    const started = { ...wave, startedAt: wave.startedAt ?? at };
    return { ...started, status: deriveWaveStatus(started) };
  });
  if (instance !== undefined) {
    next = withInstance(next, instance, (item) => ({ ...item, currentTaskId: id, started: item.started + 1 }));
  }
  return next.running.includes(id) ? next : { ...next, running: [...next.running, id] };
}

function onTaskEnd(state: ProgressState, event: TaskEndEvent, at: number): ProgressState {
  const id = String(event.taskId);
  let next = ensureTask(state, id, id, Math.max(0, Math.trunc(finiteOr(event.wave, 0))));
  const before = getTask(next, id) as TaskProgress;
  if (isTaskFinished(before)) next = countFinish(next, before, -1, at);
  next = release(next, before.instance, id);
  const status = (FINAL_TASK_STATUSES.has(event.status) ? event.status : 'failed') as TaskProgressStatus;
  const result = typeof event.result === 'object' && event.result !== null ? event.result : undefined;
  const files = Array.isArray(result?.filesChanged) ? result.filesChanged.filter((file): file is string => typeof file === 'string') : [];
  next = withTask(next, id, (task) => ({
    ...task,
    status,
    instance: str(event.instance) ?? task.instance,
    attempts: Math.max(task.attempts, Math.trunc(finiteOr(event.attempts, 0))),
    endedAt: at,
    durationMs: finiteOr(event.durationMs, task.attemptStartedAt === undefined ? 0 : Math.max(0, at - task.attemptStartedAt)),
    percent: status === 'succeeded' ? 100 : task.percent,
    error: errorMessage(event.error) ?? (status === 'failed' ? task.error : undefined),
    reason: str(event.reason),
    summary: str(result?.summary),
    filesChanged: files.length,
  }));
  next = countFinish(stopRunning(next, id), getTask(next, id) as TaskProgress, 1, at);
  if (files.length > 0) {
    // A linear scan per new file beats rebuilding a Set of all files on every task end.
    const added: string[] = [];
    for (const file of files) if (!next.filesChanged.includes(file) && !added.includes(file)) added.push(file);
    if (added.length > 0) next = { ...next, filesChanged: [...next.filesChanged, ...added] };
  }
  return next;
}

function onTaskRetry(state: ProgressState, event: TaskRetryEvent): ProgressState {
  const id = String(event.taskId);
  const task = getTask(state, id);
  if (!task || isTaskFinished(task)) return { ...state, retries: state.retries + 1 };
  const next = release(stopRunning(state, id), task.instance, id);
  return {
    ...withTask(next, id, (item) => ({ ...item, status: 'retrying', percent: undefined, error: errorMessage(event.error) ?? item.error })),
    retries: state.retries + 1,
  };
}

function onApproval(state: ProgressState, event: ApprovalRequestEvent, at: number): ProgressState {
  const taskId = String(event.taskId);
  const approvals = state.approvals.slice();
  let position = -1;
  for (let i = approvals.length - 1; i >= 0; i -= 1) {
    if ((approvals[i] as ApprovalProgress).taskId === taskId) {
      position = i;
      break;
    }
  }
  const existing = position === -1 ? undefined : approvals[position];
  const answered = typeof event.approved === 'boolean';
  if (!answered || !existing || existing.status !== 'pending') {
    if (!answered && existing?.status === 'pending') return state;
    approvals.push({
      taskId,
      title: str(event.title) ?? getTask(state, taskId)?.title ?? taskId,
      criticalReasons: Array.isArray(event.criticalReasons) ? event.criticalReasons.filter((r): r is string => typeof r === 'string') : [],
      status: answered ? (event.approved ? 'approved' : 'denied') : 'pending',
      requestedAt: at,
      answeredAt: answered ? at : undefined,
    });
  } else {
    approvals[position] = { ...existing, status: event.approved ? 'approved' : 'denied', answeredAt: at };
  }
  return { ...state, approvals };
}

function onRunEnd(state: ProgressState, event: RunEndEvent, at: number): ProgressState {
  const error = errorMessage(event.error);
  const code = typeof event.error === 'object' && event.error !== null ? str(event.error.code) : undefined;
  return {
    ...state,
    status: RUN_STATUSES.has(event.status) ? event.status : 'failed',
    endedAt: at,
    durationMs: finiteOr(event.durationMs, state.startedAt === undefined ? 0 : Math.max(0, at - state.startedAt)),
    commit: str(event.commit) ?? state.commit,
    error: error === undefined ? undefined : { code, message: error },
  };
}

function apply(state: ProgressState, event: OrchestratorEvent, at: number): ProgressState {
  switch (event.type) {
    case 'run:start':
      return progressFromRunStart(event);
    case 'run:end':
      return onRunEnd(state, event, at);
    case 'wave:start': {
      const index = Math.max(0, Math.trunc(finiteOr(event.wave, 0)));
      const next = ensureWave(state, index, str(event.name));
      return withWave(next, String(index), (wave) => {
        const started = { ...wave, startedAt: wave.startedAt ?? at };
        return { ...started, status: deriveWaveStatus(started) };
      });
    }
    case 'wave:end': {
      const index = Math.max(0, Math.trunc(finiteOr(event.wave, 0)));
      const next = ensureWave(state, index, str(event.name));
      const status = event.status === 'succeeded' || event.status === 'failed' || event.status === 'skipped' ? event.status : 'failed';
      return withWave(next, String(index), (wave) => ({
        ...wave,
        status,
        endedAt: at,
        durationMs: finiteOr(event.durationMs, wave.startedAt === undefined ? 0 : Math.max(0, at - wave.startedAt)),
      }));
    }
    case 'task:start':
      return onTaskStart(state, event, at);
    case 'task:progress': {
      const id = String(event.taskId);
      const task = getTask(state, id);
      if (task?.status !== 'running') return state;
      const percent = typeof event.percent === 'number' && Number.isFinite(event.percent) ? Math.min(100, Math.max(0, event.percent)) : undefined;
      return withTask(state, id, (item) => ({ ...item, percent: percent ?? item.percent, message: str(event.message) ?? item.message }));
    }
    case 'task:end':
      return onTaskEnd(state, event, at);
    case 'task:retry':
      return onTaskRetry(state, event);
    case 'approval:request':
      return onApproval(state, event, at);
    case 'replan':
      return applyReplan(state, event, at);
    case 'checkpoint':
      return { ...state, checkpoints: state.checkpoints + 1 };
    case 'rollback:start':
      return { ...state, rollback: { status: 'running', reason: str(event.reason) } };
    case 'rollback:end':
      return {
        ...state,
        rollback: {
          ...state.rollback,
          status: event.ok === true ? 'succeeded' : 'failed',
          compensations: finiteOr(event.compensations, 0),
          error: str(event.error),
        },
      };
    case 'budget:exceeded':
      return {
        ...state,
        budgets: [...state.budgets, { limit: event.limit, used: finiteOr(event.used, 0), budget: finiteOr(event.budget, 0), at }],
      };
    default:
      return state; // an event type from a newer orchestrator: ignore
  }
}

/**
 * Folds one orchestrator event into the progress state. Pure: never mutates `state`, never reads
 * the clock (`event.at` is "now"). `run:start` starts a fresh state from the plan; any other
 * event without a state starts from an empty one (a reporter attached mid-run). Unknown event
 * types and events for unknown tasks are tolerated (unknown tasks are appended to their wave).
 *
 * @param state - the previous state, or `undefined` before the first event.
 * @param event - `{ type, ...payload }` as in `OrchestratorEvent`.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `event` has no string `type`, or `state`
 *   is not a progress state.
 */
export function reduceProgress(state: ProgressState | undefined, event: OrchestratorEvent): ProgressState {
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', `reduceProgress: event must be an object with a string "type", got ${describeValue(event)}`, {
      details: { field: 'event' },
    });
  }
  if (state !== undefined && (typeof state !== 'object' || state === null || !Array.isArray(state.tasks) || !(state.taskIndex instanceof Map))) {
    throw new WavefrontError('INVALID_ARGUMENT', `reduceProgress: state must be a ProgressState or undefined, got ${describeValue(state)}`, {
      details: { field: 'state' },
    });
  }
  const at = finiteOr(event.at, state?.now ?? 0);
  const base = state ?? emptyProgressState(typeof event.runId === 'string' ? event.runId : '', at);
  const next = apply(base, event, at);
  if (next === base && state !== undefined && at === state.now) return state;
  const settled: ProgressState = {
    ...next,
    now: at,
    currentWave: currentWaveKey(next.waves),
    status: next.status === 'pending' ? 'running' : next.status,
  };
  return {
    ...settled,
    overallPercent: overallPercentAt(settled, at),
    etaMinutes: etaMinutesAt(settled, at),
  };
}
