/**
 * One scheduled task, from dispatch to completion: the approval of a critical task, then its
 * attempts (each in its workspace, under the run's abort and the task timeout, its work integrated
 * on success), with retries. Outcomes are returned, not applied: the executor applies them.
 * @module
 */
import type { AgentAdapter, AgentResult, Compensation } from '../adapters/types.js';
import { failpoint } from '../journal/failpoint.js';
import type { Plan, PlannedTask } from '../model/plan.js';
import type { Emit, ErrorInfo } from './execution-types.js';
import type { Resolvers } from './integration-recovery.js';
import type { OrchestratorOptions } from './options.js';
import type { RunRecorder } from './recorder.js';
import { type AbortWatch, attemptWatch, describeError, runAttempt } from './run-attempt.js';
import { agentRequest, retryDelayMs, sleep } from './task-attempt.js';
import type { UsageMeter } from './usage.js';
import type { IntegrationOutcome } from './workspaces.js';
import type { WorktreeFlow } from './worktree-flow.js';

/** How one scheduled task ended. */
export type Completion =
  | { readonly taskId: string; readonly kind: 'succeeded'; readonly result: AgentResult; readonly integration?: IntegrationOutcome | undefined }
  | { readonly taskId: string; readonly kind: 'failed'; readonly result?: AgentResult | undefined; readonly error?: ErrorInfo | undefined }
  | { readonly taskId: string; readonly kind: 'denied' }
  | { readonly taskId: string; readonly kind: 'cancelled'; readonly error: ErrorInfo };

/** The adapter that runs `task` on `instance`: by instance, then planned instance, then role, then the default. */
export function adapterFor(options: OrchestratorOptions, task: PlannedTask, instance: string): AgentAdapter | undefined {
  const adapters = options.adapters ?? {};
  return adapters[instance] ?? adapters[task.instance] ?? adapters[task.role] ?? options.adapter;
}

/** What a {@link TaskRunner} needs from its run. */
export interface TaskRunnerInput {
  readonly plan: Plan;
  readonly options: OrchestratorOptions;
  readonly runId: string;
  readonly recorder: RunRecorder;
  readonly emit: Emit;
  /** The run's abort, watched by every attempt. */
  readonly runWatch: AbortWatch;
  readonly worktrees: WorktreeFlow;
  readonly resolvers: Resolvers;
  readonly usage: UsageMeter;
  /** A task of `wave` starts. */
  readonly startWave: (wave: number) => void;
  /** Counts a new attempt of `task` on `instance` (its start time and instance); returns the task's attempt number. */
  readonly beginAttempt: (task: PlannedTask, instance: string) => number;
  /** The results `task`'s dependencies recorded, for its request. */
  readonly dependencies: (task: PlannedTask) => Record<string, AgentResult>;
  /** A succeeded attempt changed `files`. */
  readonly changed: (files: readonly string[]) => void;
  /** An adapter registered a compensation for `taskId`. */
  readonly compensate: (taskId: string, compensation: Compensation) => void;
}

/** Runs scheduled tasks through their adapters. */
export class TaskRunner {
  readonly #input: TaskRunnerInput;

  constructor(input: TaskRunnerInput) {
    this.#input = input;
  }

  /** Runs `task` on `instance` until it succeeds, is denied or cancelled, or has no attempts left. */
  async run(task: PlannedTask, instance: string): Promise<Completion> {
    const { options, recorder, emit, worktrees, resolvers } = this.#input;
    const signal = this.#input.runWatch.signal;
    this.#input.startWave(task.wave);
    if (task.critical && (options.requireApproval ?? this.#input.plan.settings.requireApproval)) {
      const approved = await this.#askApproval(task);
      if (!approved) return { taskId: task.id, kind: 'denied' };
    }
    const adapter = adapterFor(options, task, instance) as AgentAdapter;
    const maxAttempts = task.critical ? 1 : 1 + (options.retries ?? 1);
    let last: Completion = { taskId: task.id, kind: 'failed', error: { message: 'not run' } };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (signal.aborted) return { taskId: task.id, kind: 'cancelled', error: describeError(signal.reason, 'ABORTED') };
      const attempts = this.#input.beginAttempt(task, instance);
      await recorder.record({ type: 'task-start', taskId: task.id, attempt: attempts, instance });
      failpoint('after-task-start');
      emit('task:start', {
        taskId: task.id,
        title: task.title,
        wave: task.wave,
        instance,
        plannedInstance: instance === task.instance ? undefined : task.instance,
        attempt: attempts,
        critical: task.critical,
      });
      let cwd: string;
      try {
        cwd = await worktrees.workspaceFor(instance, resolvers.get(task.id));
      } catch (error) {
        // the worktree could not be prepared: nothing ran; fail like an attempt so retries apply
        last = { taskId: task.id, kind: 'failed', error: describeError(error, 'GIT_FAILED') };
        continue;
      }
      const guard = attemptWatch(this.#input.runWatch, task.id, options.taskTimeoutMs);
      const request = agentRequest({
        task,
        instance,
        attempt: attempts,
        signal: guard.watch.signal,
        cwd,
        dependencies: this.#input.dependencies(task),
        onProgress: (percent, message) => emit('task:progress', { taskId: task.id, instance, percent, message }),
        onCompensation: (compensation) => this.#input.compensate(task.id, compensation),
      });
      let result = await runAttempt(adapter, request, guard.watch);
      guard.dispose();
      this.#input.usage.add(task.id, task.role, result.kind === 'result' ? result.result.usage : undefined);
      if (result.kind === 'result' && result.result.ok && !signal.aborted) {
        try {
          const integration = await worktrees.integrate(task, instance, result.result, resolvers.get(task.id));
          this.#input.changed(result.result.filesChanged ?? []);
          return { taskId: task.id, kind: 'succeeded', result: result.result, integration };
        } catch (error) {
          // e.g. a resolver left conflict markers: the attempt failed
          result = { kind: 'error', error: describeError(error, 'GIT_FAILED'), aborted: false };
        }
      } else if (result.kind === 'result' && result.result.ok) {
        this.#input.changed(result.result.filesChanged ?? []);
        return { taskId: task.id, kind: 'succeeded', result: result.result };
      }
      if (signal.aborted) {
        return { taskId: task.id, kind: 'cancelled', error: describeError(signal.reason, 'ABORTED') };
      }
      last =
        result.kind === 'result'
          ? { taskId: task.id, kind: 'failed', result: result.result, error: { code: 'TASK_FAILED', message: result.result.summary ?? 'the agent reported failure' } }
          : { taskId: task.id, kind: 'failed', error: result.error };
      if (attempt < maxAttempts) {
        const delayMs = retryDelayMs(options.retryDelayMs, attempt);
        emit('task:retry', { taskId: task.id, attempt: attempts + 1, delayMs, error: last.kind === 'failed' ? (last.error ?? { message: 'failed' }) : { message: 'failed' } });
        await sleep(delayMs, signal);
      }
    }
    return last;
  }

  /** Asks `approve` about a critical task; records the answer before announcing it. */
  async #askApproval(task: PlannedTask): Promise<boolean> {
    const { options, recorder, emit } = this.#input;
    emit('approval:request', { taskId: task.id, title: task.title, criticalReasons: task.criticalReasons });
    let approved = false;
    const approve = options.approve;
    if (approve) {
      try {
        approved = (await approve({ runId: this.#input.runId, task, reasons: task.criticalReasons })) === true;
      } catch {
        approved = false;
      }
    }
    await recorder.record({ type: 'approval', taskId: task.id, approved });
    emit('approval:request', { taskId: task.id, title: task.title, criticalReasons: task.criticalReasons, approved });
    return approved && !this.#input.runWatch.signal.aborted;
  }
}
