/**
 * One run of a plan: drives the scheduler core with real adapter calls.
 * @module
 */
import type { AgentResult, Compensation } from '../adapters/types.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan, PlannedTask } from '../model/plan.js';
import type { Scheduler } from '../schedule/scheduler.js';
import type { RunStatus, TaskEndEvent } from './events.js';
import { defaultReplanner } from './default-replanner.js';
import type { OrchestratorOptions, Replanner, RunResult, TaskOutcome } from './options.js';
import { UsageMeter } from './usage.js';
import { AbortWatch, describeError } from './run-attempt.js';
import type { GitSteps } from './git-steps.js';
import { failpoint } from '../journal/failpoint.js';
import { NULL_RECORDER, type ResumeState, type RunRecorder } from './recorder.js';
import type { Workspaces } from './workspaces.js';
import type { Emit, ErrorInfo } from './execution-types.js';
import { createRunScheduler, poolIndex, runPool, scheduleTaskOf, type PoolInstance } from './run-scheduler.js';
import { askReplanner, planRecovery, ReplanRounds } from './replanning.js';
import { integrationFailureText, planResolver, Resolvers, type FailedIntegration } from './integration-recovery.js';
import { criticalInDoubt, needsHumanError, replayReplans, unwrittenEnds } from './resume-replay.js';
import { wantsWorktrees, WorktreeFlow } from './worktree-flow.js';
import { WaveProgress } from './wave-progress.js';
import { CheckpointWrites } from './checkpoints.js';
import { adapterFor, TaskRunner, type Completion } from './task-runner.js';
import { rollBack } from './rollback.js';
import { runCommitMessage } from './commit-message.js';
import { backupStep, finalCommitStep, type StepResult } from './run-steps.js';

/** A task's outcome as it evolves during the run. */
type OutcomeState = { status: TaskOutcome['status']; attempts: number; result?: AgentResult; error?: ErrorInfo };

/** Everything an execution needs from the orchestrator. */
export interface ExecutionInput {
  readonly plan: Plan;
  readonly options: OrchestratorOptions;
  readonly runId: string;
  readonly emit: Emit;
  readonly git: GitSteps;
  /** Set by `Orchestrator.pause()`. */
  readonly pauseRequested: () => boolean;
  /** The durable record (journal + checkpoints). */
  readonly recorder?: RunRecorder | undefined;
  /** What an interrupted run's journal says, when resuming. */
  readonly resume?: ResumeState | undefined;
  /** Creates the run's worktrees when worktree isolation applies (git on). */
  readonly workspaces?: (() => Workspaces) | undefined;
}

/** Runs a validated plan once. */
export class Execution {
  readonly #plan: Plan;
  readonly #options: OrchestratorOptions;
  readonly #runId: string;
  readonly #emit: Emit;
  readonly #git: GitSteps;
  readonly #pauseRequested: () => boolean;
  readonly #recorder: RunRecorder;
  readonly #resume: ResumeState | undefined;
  readonly #tasks = new Map<string, PlannedTask>();
  readonly #outcomes = new Map<string, OutcomeState>();
  readonly #compensations: { taskId: string; compensation: Compensation }[] = [];
  readonly #replanRounds = new ReplanRounds();
  /** Resolver tasks, and the resolver rounds used per task whose work did not integrate first. */
  readonly #resolvers = new Resolvers();
  readonly #waves: WaveProgress;
  readonly #filesChanged = new Set<string>();
  readonly #taskStartedAt = new Map<string, number>();
  readonly #ranOn = new Map<string, string>();
  readonly #usage = new UsageMeter();
  readonly #checkpoints: CheckpointWrites;
  #confirmedInDoubt: string[] = [];
  #startedAt = Date.now();
  readonly #runAbort = new AbortController();
  readonly #runWatch = new AbortWatch(this.#runAbort.signal);
  #scheduler!: Scheduler;
  #stop: { status: RunStatus; error?: ErrorInfo } | undefined;
  #rollbackWanted = false;
  #anyFailed = false;
  readonly #worktrees: WorktreeFlow;
  readonly #runner: TaskRunner;
  #keepWorkspaces = false;

  constructor(input: ExecutionInput) {
    this.#plan = input.plan;
    this.#options = input.options;
    this.#runId = input.runId;
    this.#emit = input.emit;
    this.#git = input.git;
    this.#pauseRequested = input.pauseRequested;
    this.#recorder = input.recorder ?? NULL_RECORDER;
    this.#resume = input.resume;
    this.#worktrees = new WorktreeFlow({ runId: input.runId, cwd: input.options.cwd, create: input.workspaces, recorder: this.#recorder, emit: input.emit, resume: input.resume });
    this.#checkpoints = new CheckpointWrites(this.#recorder, this.#tasks);
    this.#waves = new WaveProgress(input.plan.waves, input.emit, (id) => this.#outcomes.get(id)?.status);
    this.#runner = new TaskRunner({
      plan: input.plan,
      options: input.options,
      runId: input.runId,
      recorder: this.#recorder,
      emit: input.emit,
      runWatch: this.#runWatch,
      worktrees: this.#worktrees,
      resolvers: this.#resolvers,
      usage: this.#usage,
      startWave: (wave) => this.#waves.start(wave),
      beginAttempt: (task, instance) => this.#beginAttempt(task, instance),
      dependencies: (task) => this.#dependencyResults(task),
      changed: (files) => this.#addFilesChanged(files),
      compensate: (taskId, compensation) => this.#compensations.push({ taskId, compensation }),
    });
    for (const task of input.plan.tasks) {
      this.#tasks.set(task.id, task);
      this.#outcomes.set(task.id, { status: 'pending', attempts: 0 });
      this.#waves.add(task);
    }
  }

  /** Checks that every task that an agent runs has an adapter. */
  assertAdapters(): void {
    for (const task of this.#tasks.values()) {
      if (task.kind === 'backup' || task.kind === 'commit') continue;
      if (!adapterFor(this.#options, task, task.instance)) {
        throw new WavefrontError('NO_ADAPTER', `no adapter for task ${JSON.stringify(task.id)} (instance ${task.instance}, role ${task.role}); pass options.adapter or options.adapters`, {
          details: { taskId: task.id },
        });
      }
    }
  }

  /** Runs the plan to its end. Never rejects for task failures. */
  async execute(): Promise<RunResult> {
    const startedAt = Date.now();
    this.#startedAt = startedAt;
    const external = this.#options.signal;
    const onExternalAbort = (): void => this.#requestStop({ status: 'aborted', error: { code: 'ABORTED', message: 'the run was aborted' } }, true);
    external?.addEventListener('abort', onExternalAbort, { once: true });
    const mode = this.#options.mode ?? this.#plan.settings.mode;
    const backupTask = this.#plan.tasks.find((task) => task.kind === 'backup') as PlannedTask;
    const commitTask = this.#plan.tasks.find((task) => task.kind === 'commit') as PlannedTask;
    this.#emit('run:start', { plan: this.#plan, mode, dryRun: false, instances: this.#plan.instances.map((i) => i.id) });

    let backupRef: string | undefined = this.#resume?.backupRef;
    let commit: string | undefined;
    try {
      if (external?.aborted) onExternalAbort();
      const resumed = this.#applyResume(backupTask);
      for (const id of this.#confirmedInDoubt) {
        await this.#endTask(this.#tasks.get(id) as PlannedTask, 'succeeded', {
          result: { ok: true, summary: 'confirmed done by a human after the run stopped with it in doubt' },
          reason: 'confirmInDoubt',
        });
      }
      for (const record of unwrittenEnds(this.#resume, backupTask.id, (id) => this.#outcomes.get(id))) await this.#recorder.record(record);
      if (resumed === 'needs-human') {
        // fall through to the end: nothing runs
      } else if (backupRef === undefined) {
        failpoint('before-backup');
        backupRef = await this.#internalStep(backupTask, () => backupStep(this.#git, this.#recorder));
        failpoint('after-backup');
        if (backupRef === undefined && this.#git.enabled && this.#stop === undefined) {
          this.#requestStop({ status: 'failed', error: this.#outcomes.get(backupTask.id)?.error ?? { message: 'backup failed' } }, false);
        }
      }
      if (this.#stop === undefined && this.#resume?.rollback !== 'none' && this.#resume !== undefined) {
        this.#rollbackWanted = true;
        this.#stop = { status: 'rolled-back', error: { message: 'resuming an interrupted rollback' } };
      }
      if (this.#stop === undefined && !this.#commitRecorded() && backupRef !== undefined && this.#wantsWorktrees()) await this.#openWorkspaces(backupRef);
      if (this.#stop === undefined && !this.#commitRecorded()) {
        this.#scheduler = createRunScheduler({
          tasks: this.#tasks,
          pool: this.#pool(),
          mode,
          strictRoles: this.#options.strictRoles ?? false,
          backupId: backupTask.id,
          commitId: commitTask.id,
          succeeded: (id) => this.#outcomes.get(id)?.status === 'succeeded',
        });
        await this.#loop();
      }
      await this.#skipRemaining(commitTask.id);
      if (this.#rollbackWanted && this.#stop?.status !== 'aborted') {
        const ok = await this.#rollback(backupRef, this.#stop?.error?.message ?? 'a task failed');
        this.#stop = { status: ok ? 'rolled-back' : 'failed', error: this.#stop?.error ?? { message: 'a task failed' } };
      }
      if (this.#stop === undefined && this.#pauseRequested()) this.#stop = { status: 'paused' };
      // on_failure 'continue': the commit depends on every sink, so a failed task's work is never committed
      if (this.#stop === undefined && this.#anyFailed) this.#stop = { status: 'failed', error: { message: 'some tasks failed (on_failure: continue)' } };
      if (this.#stop?.status === 'paused') await this.#recorder.record({ type: 'pause', reason: this.#stop.error?.message });
      if (this.#stop === undefined) {
        const outcome = await this.#internalStep(commitTask, () =>
          finalCommitStep({
            runId: this.#runId,
            recorded: this.#resume?.commit,
            git: this.#git,
            recorder: this.#recorder,
            commitRun: () => this.#commitRun(),
            committed: (files) => this.#addFilesChanged(files),
          }),
        );
        commit = outcome ?? undefined;
        if (this.#outcomes.get(commitTask.id)?.status !== 'succeeded') {
          this.#keepWorkspaces = true; // the integrated work exists only on the run's branches now
          this.#stop = { status: 'failed', error: this.#outcomes.get(commitTask.id)?.error ?? { message: 'final commit failed' } };
        }
      } else await this.#endTask(commitTask, 'skipped', { reason: `run ${this.#stop.status}` });
    } finally {
      external?.removeEventListener('abort', onExternalAbort);
    }
    const status: RunStatus = this.#stop?.status ?? 'succeeded';
    await this.#closeWorkspaces(status);
    const durationMs = Date.now() - startedAt;
    await this.#checkpoints.settled();
    await this.#recorder.record({ type: 'run-end', status, error: this.#stop?.error });
    await this.#recorder.close(status);
    this.#emit('run:end', { status, durationMs, commit, error: this.#stop?.error });
    return {
      runId: this.#runId,
      status,
      tasks: Object.fromEntries([...this.#outcomes].map(([id, outcome]) => [id, { ...outcome }])),
      durationMs,
      backupRef,
      commit,
      filesChanged: [...this.#filesChanged].sort(),
      error: this.#stop?.error,
      usage: this.#usage.toJSON(),
    };
  }

  // ---- worktree isolation ----------------------------------------------------------------

  #wantsWorktrees(): boolean {
    return wantsWorktrees({
      available: this.#worktrees.canCreate && this.#git.enabled,
      resume: this.#resume,
      tasks: this.#tasks,
      isolation: this.#options.isolation,
      poolSize: () => this.#pool().length,
    });
  }

  async #openWorkspaces(backupRef: string): Promise<void> {
    this.#worktrees.create();
    try {
      await this.#worktrees.open(backupRef);
    } catch (error) {
      this.#requestStop({ status: 'failed', error: describeError(error, 'GIT_FAILED') }, false);
    }
  }

  /** The final commit: with worktrees, the integrated result is written to the checkout first. */
  async #commitRun(): Promise<Awaited<ReturnType<GitSteps['commit']>>> {
    const paths = this.#worktrees.isolated ? await this.#worktrees.materialize() : undefined;
    return this.#git.commit(runCommitMessage(this.#plan, this.#runId, this.#tasks.values(), (id) => this.#outcomes.get(id)?.status), paths);
  }

  /** Removes the run's worktrees and branches unless the run can resume, the user asked to keep them, or they hold uncommitted work. */
  #closeWorkspaces(status: RunStatus): Promise<void> {
    const keep = this.#keepWorkspaces || (status !== 'succeeded' && this.#options.keepWorktrees === true);
    // aborted, or onFailure 'continue': the merged work of the tasks that succeeded stays in the checkout
    const leaveWork = status === 'aborted' || (status === 'failed' && this.#anyFailed && !this.#rollbackWanted);
    return this.#worktrees.close(status, keep, leaveWork);
  }

  /**
   * A finished task's work did not integrate (conflict or red gate): insert a resolver task that
   * merges it by hand, make the task's dependents wait for it, and count the round against the
   * task the work came from. Past `maxReplanRounds`, the task fails for good.
   */
  async #onIntegrationFailure(task: PlannedTask, done: Extract<Completion, { kind: 'succeeded' }>, outcome: FailedIntegration): Promise<void> {
    const origin = this.#resolvers.get(task.id)?.origin ?? task.id;
    const round = this.#resolvers.nextRound(origin);
    const instance = this.#ranOn.get(task.id) ?? task.instance;
    const what = integrationFailureText(task, outcome);
    const fail = async (message: string): Promise<void> => {
      this.#emit('integration', { taskId: task.id, instance, status: outcome.status, head: outcome.head, conflicts: outcome.conflicts });
      this.#scheduler.finish(task.id, 'failed');
      const error = { code: 'INTEGRATION_FAILED', message };
      await this.#endTask(task, 'failed', { result: done.result, error });
      await this.#onFinalFailure(task, error);
    };
    if (this.#stop !== undefined || round > (this.#options.maxReplanRounds ?? 2)) {
      return fail(`${what}; no resolver rounds left`);
    }
    const pool = this.#pool();
    const isPending = (id: string): boolean => this.#outcomes.get(id)?.status === 'pending';
    const { info, resolver, dependents, rewire } = planResolver({ task, outcome, origin, round, instance, pool, tasks: this.#tasks, isPending });
    const id = info.resolverId;
    try {
      this.#scheduler.insert([scheduleTaskOf(resolver, poolIndex(pool))], rewire);
    } catch (error) {
      return fail(`${what}; the resolver task could not be inserted: ${describeError(error, 'INVALID_PLAN').message}`);
    }
    this.#scheduler.finish(task.id, 'succeeded');
    this.#addTask(resolver);
    for (const taskId of dependents) {
      const current = this.#tasks.get(taskId) as PlannedTask;
      this.#tasks.set(taskId, { ...current, dependsOn: [...current.dependsOn, id] });
    }
    this.#resolvers.added(info, round);
    await this.#recorder.record({ type: 'replan', failedTaskId: task.id, round, inserted: [resolver], rerun: false, resolve: info, rewire });
    this.#emit('integration', { taskId: task.id, instance, status: outcome.status, head: outcome.head, conflicts: outcome.conflicts, resolverTaskId: id });
    this.#emit('replan', { failedTaskId: task.id, round, inserted: [{ id, title: resolver.title, dependsOn: [] }] });
    await this.#endTask(task, 'succeeded', { result: done.result, reason: `${what}; resolver task ${id} merges it` });
  }

  // ---- resume ----------------------------------------------------------------------------

  /**
   * Applies what the journal of an interrupted run says: recorded replans, recorded successes
   * (never run again; their results go to dependents), and in-doubt tasks. A critical task in
   * doubt stops the run as `needs-human`: it may have half-run and is never re-run silently.
   */
  #applyResume(backupTask: PlannedTask): 'ok' | 'needs-human' {
    const resume = this.#resume;
    if (resume === undefined) return 'ok';
    const replayed = replayReplans(this.#tasks, resume.replans);
    for (const [id, task] of replayed.tasks) this.#tasks.set(id, task);
    for (const task of replayed.inserted) {
      this.#outcomes.set(task.id, { status: 'pending', attempts: 0 });
      this.#waves.add(task);
    }
    for (const { info, round } of replayed.resolvers) this.#resolvers.replayed(info, round);
    for (const taskId of replayed.replanned) this.#replanRounds.replayed(taskId);
    for (const [id, attempts] of resume.attempts) {
      const outcome = this.#outcomes.get(id);
      if (outcome) outcome.attempts = attempts;
    }
    for (const [id, result] of resume.succeeded) {
      const outcome = this.#outcomes.get(id);
      if (!outcome) continue;
      this.#usage.add(id, this.#tasks.get(id)?.role ?? 'unknown', result.usage);
      outcome.status = 'succeeded';
      outcome.result = result;
      this.#waves.finishTask(this.#tasks.get(id)?.wave ?? 0);
    }
    if (resume.backupRef !== undefined && this.#outcomes.get(backupTask.id)?.status !== 'succeeded') {
      const outcome = this.#outcomes.get(backupTask.id);
      if (outcome) {
        outcome.status = 'succeeded';
        outcome.result = { ok: true, summary: `backup ${resume.backupRef}`, output: { ref: resume.backupRef } };
        this.#waves.finishTask(backupTask.wave);
      }
    }
    const inDoubt = criticalInDoubt(resume.inDoubt, this.#tasks, this.#options.confirmInDoubt);
    this.#confirmedInDoubt = inDoubt.confirmed;
    if (inDoubt.unconfirmed.length > 0) {
      this.#stop = { status: 'needs-human', error: needsHumanError(inDoubt.unconfirmed) };
      return 'needs-human';
    }
    return 'ok';
  }

  #commitRecorded(): boolean {
    return typeof this.#resume?.commit === 'object';
  }

  // ---- scheduling loop -------------------------------------------------------------------

  /** The plan's instances, capped at `maxInstances` (busiest kept). */
  #pool(): PoolInstance[] {
    return runPool(this.#plan, this.#tasks, this.#options.maxInstances);
  }

  async #loop(): Promise<void> {
    const inflight = new Map<string, Promise<Completion>>();
    for (;;) {
      if (this.#pauseRequested() && this.#stop === undefined) this.#requestStop({ status: 'paused' }, false);
      this.#checkBudget();
      if (this.#stop === undefined) {
        for (const dispatch of this.#scheduler.dispatch()) {
          const task = this.#tasks.get(dispatch.taskId) as PlannedTask;
          inflight.set(task.id, this.#runner.run(task, dispatch.instance));
        }
      }
      if (inflight.size === 0) return;
      const done = await Promise.race(inflight.values());
      inflight.delete(done.taskId);
      await this.#complete(done);
    }
  }

  async #complete(done: Completion): Promise<void> {
    const task = this.#tasks.get(done.taskId) as PlannedTask;
    switch (done.kind) {
      case 'succeeded': {
        const integration = done.integration;
        if (integration?.status === 'conflict' || integration?.status === 'gate-failed') return this.#onIntegrationFailure(task, done, integration);
        this.#scheduler.finish(task.id, 'succeeded');
        await this.#endTask(task, 'succeeded', { result: done.result });
        return;
      }
      case 'cancelled':
        this.#scheduler.finish(task.id, 'failed');
        await this.#endTask(task, 'cancelled', { error: done.error, reason: `run ${this.#stop?.status ?? 'stopping'}` });
        return;
      case 'denied': {
        this.#scheduler.finish(task.id, 'failed');
        await this.#endTask(task, 'skipped', { reason: 'approval denied' });
        for (const id of this.#scheduler.skipDescendants(task.id)) await this.#endTask(this.#tasks.get(id) as PlannedTask, 'skipped', { reason: `depends on ${task.id} (approval denied)` });
        if ((this.#options.onDenied ?? 'skip') === 'stop') {
          this.#requestStop({ status: 'aborted', error: { code: 'APPROVAL_DENIED', message: `approval denied for critical task ${task.id}` } }, true);
        }
        return;
      }
      case 'failed': {
        this.#scheduler.finish(task.id, 'failed');
        await this.#endTask(task, 'failed', { result: done.result, error: done.error, mayRerun: true });
        const replanned = this.#stop === undefined ? await this.#replan(task, done) : 'no';
        if (replanned === 'rerun') return;
        this.#waves.finishTask(task.wave);
        // 'inserted' (rerun: false): the new tasks are queued, but this task has failed for good
        await this.#onFinalFailure(task, done.error ?? { message: done.result?.summary ?? `task ${task.id} failed` });
        return;
      }
    }
  }

  #checkBudget(): void {
    if (this.#stop !== undefined) return;
    const over = this.#usage.exceeded(this.#options.budget, Date.now() - this.#startedAt);
    if (over === undefined) return;
    this.#emit('budget:exceeded', { ...over, usage: this.#usage.total });
    this.#requestStop(
      { status: 'paused', error: { code: 'BUDGET_EXCEEDED', message: `budget ${over.limit} ${over.budget} would be exceeded (used ${Math.round(over.used * 1000) / 1000}); resume with a larger budget` } },
      false,
    );
  }

  async #onFinalFailure(task: PlannedTask, error: ErrorInfo): Promise<void> {
    this.#anyFailed = true;
    const policy = this.#options.onFailure ?? this.#plan.settings.onFailure;
    const skipped = this.#scheduler.skipDescendants(task.id);
    for (const id of skipped) await this.#endTask(this.#tasks.get(id) as PlannedTask, 'skipped', { reason: `depends on failed task ${task.id}` });
    if (policy === 'continue') return;
    const message = `task ${task.id} failed: ${error.message}`;
    if (policy === 'pause') this.#requestStop({ status: 'paused', error: { code: error.code, message } }, false);
    else {
      this.#rollbackWanted = true;
      this.#requestStop({ status: 'rolled-back', error: { code: error.code, message } }, true);
    }
  }

  /** Stops starting tasks; with `cancelRunning`, aborts the running ones too. */
  #requestStop(stop: { status: RunStatus; error?: ErrorInfo }, cancelRunning: boolean): void {
    if (this.#stop === undefined) this.#stop = stop;
    this.#scheduler?.drain(true);
    if (cancelRunning) {
      const reason = new WavefrontError('ABORTED', `run ${stop.status}: ${stop.error?.message ?? 'stopping'}`);
      this.#runAbort.abort(reason);
    }
  }

  // ---- one task (run by the TaskRunner) -------------------------------------------------

  #beginAttempt(task: PlannedTask, instance: string): number {
    const outcome = this.#outcomes.get(task.id) as OutcomeState;
    outcome.attempts += 1;
    this.#taskStartedAt.set(task.id, Date.now());
    this.#ranOn.set(task.id, instance);
    return outcome.attempts;
  }

  #addFilesChanged(files: readonly string[]): void {
    for (const file of files) this.#filesChanged.add(file);
  }

  /** The results `task`'s dependencies recorded (not the backup step's). */
  #dependencyResults(task: PlannedTask): Record<string, AgentResult> {
    const dependencies: Record<string, AgentResult> = {};
    for (const dep of task.dependsOn) {
      const result = this.#outcomes.get(dep)?.result;
      if (result && this.#tasks.get(dep)?.kind !== 'backup') dependencies[dep] = result;
    }
    return dependencies;
  }

  // ---- adaptive re-planning --------------------------------------------------------------

  /** Inserts recovery tasks; 'rerun' when the failed task will run again, 'inserted' when not, 'no' when nothing was done. */
  async #replan(task: PlannedTask, failure: Extract<Completion, { kind: 'failed' }>): Promise<'no' | 'inserted' | 'rerun'> {
    const replanner: Replanner | false = this.#options.replan === undefined ? defaultReplanner : this.#options.replan;
    // Only work tasks are re-planned: a failed guard (backup, rollback script, verify) must reach the failure policy.
    if (replanner === false || task.critical || task.kind !== 'work' || this.#resolvers.has(task.id)) return 'no';
    const round = this.#replanRounds.admit(task.id, failure, this.#options.maxReplanRounds ?? 2);
    if (round === undefined) return 'no';
    const request = await askReplanner(replanner, { task, result: failure.result, error: failure.error, round, plan: this.#plan });
    if (request === undefined) return 'no';
    const pool = this.#pool();
    const recovery = planRecovery(request, task, this.#tasks, pool);
    if (recovery === undefined) return 'no';
    const { inserted, sinks, rerun } = recovery;
    const index = poolIndex(pool);
    try {
      // Insert first: atomic, so an invalid decision leaves the scheduler (and the failed task) as they were.
      this.#scheduler.insert(inserted.map((t) => scheduleTaskOf(t, index)));
    } catch {
      return 'no';
    }
    if (rerun) {
      // rewire accepts pending tasks only: put the failed task back to pending first
      this.#scheduler.retry(task.id);
      this.#scheduler.insert([], [{ taskId: task.id, addDependsOn: sinks }]);
    }
    this.#replanRounds.applied(task.id, round);
    for (const t of inserted) this.#addTask(t);
    if (rerun) {
      const current = this.#tasks.get(task.id) as PlannedTask;
      this.#tasks.set(task.id, { ...current, dependsOn: [...current.dependsOn, ...sinks] });
      this.#outcomes.set(task.id, { ...(this.#outcomes.get(task.id) as OutcomeState), status: 'pending' });
    }
    await this.#recorder.record({ type: 'replan', failedTaskId: task.id, round, inserted, rerun });
    this.#emit('replan', {
      failedTaskId: task.id,
      round,
      inserted: inserted.map((t) => ({ id: t.id, title: t.title, dependsOn: t.dependsOn })),
    });
    return rerun ? 'rerun' : 'inserted';
  }

  /** Adds a task inserted during the run (replan or resolver), pending. */
  #addTask(task: PlannedTask): void {
    this.#tasks.set(task.id, task);
    this.#outcomes.set(task.id, { status: 'pending', attempts: 0 });
    this.#waves.add(task);
  }

  // ---- internal steps, rollback, bookkeeping ---------------------------------------------

  /** Runs the backup or commit step as a task of its own wave; returns its `ref` on success. */
  async #internalStep(task: PlannedTask, step: () => Promise<StepResult>): Promise<string | undefined> {
    this.#waves.start(task.wave);
    const outcome = this.#outcomes.get(task.id) as { attempts: number };
    outcome.attempts += 1;
    this.#taskStartedAt.set(task.id, Date.now());
    await this.#recorder.record({ type: 'task-start', taskId: task.id, attempt: outcome.attempts, instance: task.instance });
    this.#emit('task:start', { taskId: task.id, title: task.title, wave: task.wave, instance: task.instance, attempt: outcome.attempts, critical: false });
    let done: StepResult;
    try {
      done = await step();
    } catch (error) {
      await this.#endTask(task, 'failed', { error: describeError(error, 'GIT_FAILED') });
      return undefined;
    }
    const result: AgentResult = { ok: true, summary: done.summary, output: done.ref === undefined ? undefined : { ref: done.ref }, filesChanged: done.filesChanged };
    await this.#endTask(task, 'succeeded', { result });
    if (done.ref !== undefined) this.#emit('checkpoint', { taskId: task.id, wave: task.wave, ref: done.ref });
    return done.ref;
  }

  #rollback(backupRef: string | undefined, reason: string): Promise<boolean> {
    return rollBack({
      reason,
      backupRef,
      compensations: this.#compensations,
      git: this.#git,
      recorder: this.#recorder,
      emit: this.#emit,
      onRestored: () => this.#filesChanged.clear(),
    });
  }

  async #skipRemaining(commitId: string): Promise<void> {
    for (const [id, outcome] of [...this.#outcomes]) {
      if (id === commitId || (outcome.status !== 'pending' && outcome.status !== 'running')) continue;
      const task = this.#tasks.get(id) as PlannedTask;
      if (task.kind === 'backup') continue;
      if (this.#stop?.status === 'needs-human' && task.critical && this.#resume?.inDoubt.includes(id)) {
        // it may have half-run: not skipped, not failed; its state is for a human to establish
        outcome.status = 'running';
        outcome.error = { code: 'NEEDS_HUMAN', message: 'was running when the run stopped; check its effect by hand' };
        continue;
      }
      await this.#endTask(task, 'skipped', { reason: this.#stop ? `run ${this.#stop.status}` : 'not reachable' });
    }
  }

  async #endTask(
    task: PlannedTask,
    status: TaskEndEvent['status'],
    extra: { result?: AgentResult | undefined; error?: ErrorInfo | undefined; reason?: string | undefined; mayRerun?: boolean },
  ): Promise<void> {
    const outcome = this.#outcomes.get(task.id) as OutcomeState;
    outcome.status = status;
    if (extra.result !== undefined) outcome.result = extra.result;
    if (extra.error !== undefined) outcome.error = extra.error;
    const startedAt = this.#taskStartedAt.get(task.id);
    failpoint('before-task-end-record');
    // durable before the event: a consumer never sees an outcome that resume would not know
    await this.#recorder.record({ type: 'task-end', taskId: task.id, status, attempts: outcome.attempts, result: extra.result, error: extra.error, reason: extra.reason });
    failpoint('after-task-end-record');
    if (startedAt !== undefined && status !== 'skipped') {
      const info = { instance: this.#ranOn.get(task.id) ?? task.instance, status, startedAt, endedAt: Date.now(), result: extra.result, error: extra.error };
      this.#checkpoints.write(task, info, (path) => this.#emit('checkpoint', { taskId: task.id, wave: task.wave, path }));
    }
    this.#emit('task:end', {
      taskId: task.id,
      instance: this.#ranOn.get(task.id) ?? task.instance,
      wave: task.wave,
      status,
      attempts: outcome.attempts,
      durationMs: startedAt === undefined ? 0 : Date.now() - startedAt,
      result: extra.result,
      error: extra.error,
      reason: extra.reason,
    });
    if (extra.mayRerun === true) return; // a replan may run it again: its wave stays open until that is decided
    this.#waves.finishTask(task.wave);
  }
}
