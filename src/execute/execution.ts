/**
 * One run of a plan: drives the scheduler core with real adapter calls.
 * @module
 */
import type { AgentAdapter, AgentRequest, AgentResult, Compensation } from '../adapters/types.js';
import { matchRole } from '../allocate/match-role.js';
import { instancesOfRole, roleOfInstance, ROLES, type Role } from '../allocate/roles.js';
import { detectCritical } from '../critical/index.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan, PlannedTask } from '../model/plan.js';
import { parseTaskSpecs } from '../model/task.js';
import { Scheduler } from '../schedule/scheduler.js';
import { searchPriorities } from '../schedule/search-priorities.js';
import type { ScheduleTask } from '../schedule/types.js';
import { criticalText, estimateOf } from '../waves/generate-waves.js';
import type { OrchestratorEvents, RunStatus, TaskEndEvent } from './events.js';
import { defaultReplanner } from './default-replanner.js';
import type { OrchestratorOptions, Replanner, RunResult, TaskOutcome } from './options.js';
import { buildPrompt } from './prompt.js';
import { UsageMeter } from './usage.js';
import { AbortWatch, attemptWatch, describeError, runAttempt } from './run-attempt.js';
import type { GitSteps } from './git-steps.js';
import { failpoint } from '../journal/failpoint.js';
import { NULL_RECORDER, type ResumeState, type RunRecorder } from './recorder.js';
import type { ResolveInfo } from '../journal/records.js';
import { RESOLVER_ROLE, resolverId, resolverTask } from './resolver-task.js';
import type { IntegrationOutcome, Workspaces } from './workspaces.js';

type Emit = <K extends keyof OrchestratorEvents>(event: K, payload: Omit<OrchestratorEvents[K][0], 'runId' | 'at'>) => void;
type ErrorInfo = { readonly code?: string | undefined; readonly message: string };

/** How one scheduled task ended. */
type Completion =
  | { readonly taskId: string; readonly kind: 'succeeded'; readonly result: AgentResult; readonly integration?: IntegrationOutcome | undefined }
  | { readonly taskId: string; readonly kind: 'failed'; readonly result?: AgentResult | undefined; readonly error?: ErrorInfo | undefined }
  | { readonly taskId: string; readonly kind: 'denied' }
  | { readonly taskId: string; readonly kind: 'cancelled'; readonly error: ErrorInfo };

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

const MAX_RETRY_DELAY_MS = 30_000;

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
  readonly #outcomes = new Map<string, { status: TaskOutcome['status']; attempts: number; result?: AgentResult; error?: ErrorInfo }>();
  readonly #compensations: { taskId: string; compensation: Compensation }[] = [];
  readonly #replanRounds = new Map<string, number>();
  readonly #failureSignatures = new Map<string, Set<string>>();
  readonly #waveLeft = new Map<number, number>();
  readonly #waveTasks = new Map<number, string[]>();
  readonly #waveStartedAt = new Map<number, number>();
  readonly #filesChanged = new Set<string>();
  readonly #taskStartedAt = new Map<string, number>();
  readonly #ranOn = new Map<string, string>();
  readonly #usage = new UsageMeter();
  readonly #checkpointWrites = new Set<Promise<void>>();
  #dependentsIndex: Map<string, string[]> | undefined;
  #confirmedInDoubt: string[] = [];
  #dependentsIndexSize = 0;
  #startedAt = Date.now();
  readonly #runAbort = new AbortController();
  readonly #runWatch = new AbortWatch(this.#runAbort.signal);
  #scheduler!: Scheduler;
  #stop: { status: RunStatus; error?: ErrorInfo } | undefined;
  #rollbackWanted = false;
  #anyFailed = false;
  readonly #createWorkspaces: (() => Workspaces) | undefined;
  #workspaces: Workspaces | undefined;
  /** Resolver tasks by id: what each must integrate. */
  readonly #resolvers = new Map<string, ResolveInfo>();
  /** Resolver rounds used, per task whose work did not integrate first. */
  readonly #resolveRounds = new Map<string, number>();
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
    this.#createWorkspaces = input.workspaces;
    for (const task of input.plan.tasks) {
      this.#tasks.set(task.id, task);
      this.#outcomes.set(task.id, { status: 'pending', attempts: 0 });
      this.#addToWave(task);
    }
  }

  #addToWave(task: PlannedTask): void {
    this.#waveLeft.set(task.wave, (this.#waveLeft.get(task.wave) ?? 0) + 1);
    const list = this.#waveTasks.get(task.wave);
    if (list) list.push(task.id);
    else this.#waveTasks.set(task.wave, [task.id]);
  }

  /** Checks that every task that an agent runs has an adapter. */
  assertAdapters(): void {
    for (const task of this.#tasks.values()) {
      if (task.kind === 'backup' || task.kind === 'commit') continue;
      if (!this.#adapterFor(task, task.instance)) {
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
      for (const id of this.#resume?.integratedOnly ?? []) {
        // merged and recorded as integrated, but the crash came before its end was written
        const outcome = this.#outcomes.get(id);
        if (outcome?.status === 'succeeded') await this.#recorder.record({ type: 'task-end', taskId: id, status: 'succeeded', attempts: outcome.attempts, result: outcome.result });
      }
      if (this.#resume?.backupRef !== undefined && this.#resume.inDoubt.includes(backupTask.id)) {
        // The snapshot was journalled but not its step's end (a crash in between): record that end,
        // so a finished run leaves no task in doubt in its journal.
        const outcome = this.#outcomes.get(backupTask.id);
        await this.#recorder.record({ type: 'task-end', taskId: backupTask.id, status: 'succeeded', attempts: outcome?.attempts ?? 1, result: outcome?.result });
      }
      if (resumed === 'needs-human') {
        // fall through to the end: nothing runs
      } else if (backupRef === undefined) {
        failpoint('before-backup');
        backupRef = await this.#internalStep(backupTask, async () => {
          const snapshot = await this.#git.snapshot();
          failpoint('after-snapshot'); // the ref exists, the journal does not know it yet
          if (snapshot) await this.#recorder.record({ type: 'backup', ref: snapshot.ref, commit: snapshot.commit });
          return { ref: snapshot?.ref, summary: snapshot ? `backup ${snapshot.ref} (${snapshot.commit.slice(0, 7)})` : 'git disabled: no snapshot' };
        });
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
        this.#scheduler = this.#createScheduler(mode, backupTask.id, commitTask.id);
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
        const recorded = this.#resume?.commit;
        const outcome = await this.#internalStep(commitTask, async () => {
          if (typeof recorded === 'object') {
            return { ref: recorded.commit ?? undefined, summary: recorded.commit ? `commit ${recorded.commit.slice(0, 7)} (recorded)` : 'nothing to commit' };
          }
          await this.#recorder.record({ type: 'commit-start' });
          failpoint('during-commit');
          const done = recorded === 'started' ? ((await this.#git.findRunCommit(this.#runId)) ?? (await this.#commitRun())) : await this.#commitRun();
          await this.#recorder.record({ type: 'commit', commit: done?.commit ?? null, filesChanged: [...(done?.filesChanged ?? [])] });
          failpoint('after-commit');
          for (const file of done?.filesChanged ?? []) this.#filesChanged.add(file);
          return {
            ref: done?.commit ?? undefined,
            summary: done === undefined ? 'git disabled: no commit' : done.commit ? `commit ${done.commit.slice(0, 7)}` : 'nothing to commit',
            filesChanged: done?.filesChanged,
          };
        });
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
    await Promise.all(this.#checkpointWrites);
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

  /** Worktree isolation applies: git on, and `isolation` (auto: more than one instance), kept as recorded on resume. */
  #wantsWorktrees(): boolean {
    if (this.#createWorkspaces === undefined || !this.#git.enabled) return false;
    const resume = this.#resume;
    if (resume?.workspace !== undefined) return true;
    // A resumed run that ran tasks in the shared checkout stays there: its work is in the checkout.
    if (resume !== undefined && [...resume.attempts.keys()].some((id) => { const kind = this.#tasks.get(id)?.kind; return kind !== 'backup' && kind !== 'commit'; })) return false;
    const isolation = this.#options.isolation ?? 'auto';
    if (isolation !== 'auto') return isolation === 'worktree';
    return this.#pool().length > 1;
  }

  async #openWorkspaces(backupRef: string): Promise<void> {
    const workspaces = (this.#createWorkspaces as () => Workspaces)();
    this.#workspaces = workspaces;
    try {
      await workspaces.open(backupRef, this.#resume === undefined ? undefined : { integrationHead: this.#resume.workspace?.integrationHead });
      if (this.#resume?.workspace === undefined) await this.#recorder.record({ type: 'workspace', base: workspaces.base });
    } catch (error) {
      this.#requestStop({ status: 'failed', error: describeError(error, 'GIT_FAILED') }, false);
    }
  }

  /** The final commit: with worktrees, the integrated result is written to the checkout first. */
  async #commitRun(): Promise<Awaited<ReturnType<GitSteps['commit']>>> {
    const paths = this.#workspaces === undefined ? undefined : await this.#workspaces.materialize();
    return this.#git.commit(this.#commitMessage(), paths);
  }

  /** Removes the run's worktrees and branches unless the run can resume, the user asked to keep them, or they hold uncommitted work. */
  async #closeWorkspaces(status: RunStatus): Promise<void> {
    const workspaces = this.#workspaces ?? (this.#resume?.workspace !== undefined ? this.#createWorkspaces?.() : undefined);
    if (workspaces === undefined) return;
    const resumable = status === 'paused' || status === 'needs-human';
    if (resumable || this.#keepWorkspaces || (status !== 'succeeded' && this.#options.keepWorktrees === true)) return;
    const leaveWork = status === 'aborted' || (status === 'failed' && this.#anyFailed && !this.#rollbackWanted);
    if (leaveWork && this.#workspaces !== undefined) {
      // aborted, or onFailure 'continue': as in a shared checkout, the merged work of the tasks that
      // succeeded is left in the checkout, uncommitted; if it cannot be written there, the branches keep it
      try {
        await this.#workspaces.materialize();
      } catch {
        return;
      }
    }
    await workspaces.close().catch(() => undefined); // leftovers are found by findOrphanWorktrees / a later cleanup
  }

  /** Where a task attempt runs: its instance's worktree (reset to the integration head), or the shared checkout. */
  async #workspaceFor(task: PlannedTask, instance: string): Promise<string> {
    const workspaces = this.#workspaces;
    if (workspaces === undefined) return this.#options.cwd;
    const resolve = this.#resolvers.get(task.id);
    if (resolve === undefined) return workspaces.prepare(instance);
    return (await workspaces.prepareResolver(instance, resolve.commit)).path;
  }

  /** Commits a finished attempt's work in its worktree and merges it into the integration worktree. */
  async #integrate(task: PlannedTask, instance: string, result: AgentResult): Promise<IntegrationOutcome | undefined> {
    const workspaces = this.#workspaces;
    if (workspaces === undefined) return undefined;
    const commit = await workspaces.commitTask(instance, task.id, `wavefront ${this.#runId}: ${task.id}\n\n${task.title}\n`);
    const resolving = this.#resolvers.get(task.id);
    if (resolving !== undefined) await workspaces.verifyResolution(commit, resolving.commit, resolving.conflicts);
    failpoint('before-integration');
    const outcome = await workspaces.integrate(instance, commit, async (head) => {
      failpoint('after-merge'); // merged, not recorded: resume drops this merge and runs the task again
      // in merge order, before the next merge: resume restarts the integration from the last recorded head
      await this.#recorder.record({ type: 'integrated', taskId: task.id, head, commit: commit as string, result });
      failpoint('after-integrated-record');
    });
    if (outcome.status === 'merged' || outcome.status === 'empty') {
      this.#emit('integration', { taskId: task.id, instance, status: outcome.status, head: outcome.head });
    }
    return outcome;
  }

  /**
   * A finished task's work did not integrate (conflict or red gate): insert a resolver task that
   * merges it by hand, make the task's dependents wait for it, and count the round against the
   * task the work came from. Past `maxReplanRounds`, the task fails for good.
   */
  async #onIntegrationFailure(task: PlannedTask, done: Extract<Completion, { kind: 'succeeded' }>, outcome: Extract<IntegrationOutcome, { commit: string; conflicts: readonly string[] }>): Promise<void> {
    const origin = this.#resolvers.get(task.id)?.origin ?? task.id;
    const round = (this.#resolveRounds.get(origin) ?? 0) + 1;
    const instance = this.#ranOn.get(task.id) ?? task.instance;
    const what = outcome.status === 'conflict' ? `merging the work of ${task.id} conflicts in ${outcome.conflicts.join(', ')}` : `the integration gate failed after merging the work of ${task.id}`;
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
    const poolIds = new Set(pool.map((i) => i.id));
    const poolRoles = new Set(pool.map((i) => i.role));
    const resolverInstance = pool.find((i) => i.role === RESOLVER_ROLE)?.id ?? instancesOfRole(RESOLVER_ROLE)[0] ?? instance;
    const id = resolverId(origin, round, (candidate) => this.#tasks.has(candidate));
    const info: ResolveInfo = { resolverId: id, origin, commit: outcome.commit, kind: outcome.status, conflicts: [...outcome.conflicts], output: outcome.output };
    const resolver = resolverTask(task, info, resolverInstance, this.#tasks.get(origin)?.title ?? task.title);
    // the final commit is not a scheduled task: it runs after the loop, so after the resolver anyway
    const dependents = [...this.#tasks.values()]
      .filter((t) => t.kind !== 'commit' && t.dependsOn.includes(task.id) && this.#outcomes.get(t.id)?.status === 'pending')
      .map((t) => t.id);
    const rewire = dependents.map((taskId) => ({ taskId, addDependsOn: [id] }));
    try {
      this.#scheduler.insert([this.#scheduleTask(resolver, poolIds, poolRoles)], rewire);
    } catch (error) {
      return fail(`${what}; the resolver task could not be inserted: ${describeError(error, 'INVALID_PLAN').message}`);
    }
    this.#scheduler.finish(task.id, 'succeeded');
    this.#tasks.set(id, resolver);
    this.#outcomes.set(id, { status: 'pending', attempts: 0 });
    this.#addToWave(resolver);
    for (const taskId of dependents) {
      const current = this.#tasks.get(taskId) as PlannedTask;
      this.#tasks.set(taskId, { ...current, dependsOn: [...current.dependsOn, id] });
    }
    this.#resolvers.set(id, info);
    this.#resolveRounds.set(origin, round);
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
    for (const replan of resume.replans) {
      for (const task of replan.inserted) {
        if (this.#tasks.has(task.id)) continue;
        this.#tasks.set(task.id, task);
        this.#outcomes.set(task.id, { status: 'pending', attempts: 0 });
        this.#addToWave(task);
      }
      const failed = this.#tasks.get(replan.failedTaskId);
      if (failed && replan.rerun) {
        const sinks = replan.inserted.filter((t) => !replan.inserted.some((o) => o.dependsOn.includes(t.id))).map((t) => t.id);
        this.#tasks.set(failed.id, { ...failed, dependsOn: [...new Set([...failed.dependsOn, ...sinks])] });
      }
      if (replan.resolve !== undefined) {
        this.#resolvers.set(replan.resolve.resolverId, replan.resolve);
        this.#resolveRounds.set(replan.resolve.origin, Math.max(this.#resolveRounds.get(replan.resolve.origin) ?? 0, replan.round ?? 1));
      } else this.#replanRounds.set(replan.failedTaskId, (this.#replanRounds.get(replan.failedTaskId) ?? 0) + 1);
      for (const { taskId, addDependsOn } of replan.rewire ?? []) {
        const current = this.#tasks.get(taskId);
        if (current) this.#tasks.set(taskId, { ...current, dependsOn: [...new Set([...current.dependsOn, ...addDependsOn])] });
      }
    }
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
      this.#finishWaveTask(this.#tasks.get(id)?.wave ?? 0);
    }
    if (resume.backupRef !== undefined && this.#outcomes.get(backupTask.id)?.status !== 'succeeded') {
      const outcome = this.#outcomes.get(backupTask.id);
      if (outcome) {
        outcome.status = 'succeeded';
        outcome.result = { ok: true, summary: `backup ${resume.backupRef}`, output: { ref: resume.backupRef } };
        this.#finishWaveTask(backupTask.wave);
      }
    }
    const confirmed = new Set(this.#options.confirmInDoubt ?? []);
    const criticalInDoubt = resume.inDoubt.filter((id) => this.#tasks.get(id)?.critical === true && !confirmed.has(id));
    this.#confirmedInDoubt = resume.inDoubt.filter((id) => this.#tasks.get(id)?.critical === true && confirmed.has(id));
    if (criticalInDoubt.length > 0) {
      this.#stop = {
        status: 'needs-human',
        error: {
          code: 'NEEDS_HUMAN',
          message: `critical task ${criticalInDoubt.join(', ')} was running when the run stopped; check its effect by hand, it is never re-run automatically`,
        },
      };
      return 'needs-human';
    }
    return 'ok';
  }

  #commitRecorded(): boolean {
    return typeof this.#resume?.commit === 'object';
  }

  // ---- scheduling loop -------------------------------------------------------------------

  #createScheduler(mode: 'dynamic' | 'waves', backupId: string, commitId: string): Scheduler {
    const pool = this.#pool();
    const poolIds = new Set(pool.map((instance) => instance.id));
    const poolRoles = new Set(pool.map((instance) => instance.role));
    const tasks: ScheduleTask[] = [];
    for (const task of this.#tasks.values()) {
      if (task.id === backupId || task.id === commitId) continue;
      tasks.push(this.#scheduleTask(task, poolIds, poolRoles, backupId));
    }
    const completed = tasks.filter((task) => this.#outcomes.get(task.id)?.status === 'succeeded').map((task) => task.id);
    // the priorities of the plan-time policy search (the same ones simulate() and the estimate use)
    const priority = mode === 'dynamic' ? searchPriorities(tasks, pool) : undefined;
    return new Scheduler(tasks, { instances: pool, mode, strictInstances: this.#options.strictRoles ?? false, completed, priority });
  }

  #scheduleTask(task: PlannedTask, poolIds: ReadonlySet<string>, poolRoles: ReadonlySet<string>, backupId?: string): ScheduleTask {
    return {
      id: task.id,
      dependsOn: task.dependsOn.filter((dep) => dep !== backupId),
      estimate: task.estimateMinutes,
      critical: task.critical,
      wave: task.wave,
      instance: poolIds.has(task.instance) ? task.instance : undefined,
      role: poolRoles.has(task.role) ? task.role : undefined,
      touches: task.touches,
    };
  }

  /** The plan's instances, capped at `maxInstances` (busiest kept). */
  #pool(): { id: string; role: string }[] {
    const instances = this.#plan.instances.map((instance) => ({
      id: instance.id,
      role: instance.role,
      load: instance.taskIds.filter((id) => {
        const kind = this.#tasks.get(id)?.kind;
        return kind !== 'backup' && kind !== 'commit';
      }).length,
    }));
    const cap = this.#options.maxInstances ?? instances.length;
    // Every plan instance stays in the pool (as in simulate() and the plan's estimate), even one
    // that hosts only the backup and commit steps; a cap keeps the busiest.
    const chosen = instances
      .sort((a, b) => b.load - a.load || catalogueIndex(a.id) - catalogueIndex(b.id))
      .slice(0, cap)
      .sort((a, b) => catalogueIndex(a.id) - catalogueIndex(b.id));
    return chosen.map(({ id, role }) => ({ id, role }));
  }

  async #loop(): Promise<void> {
    const inflight = new Map<string, Promise<Completion>>();
    for (;;) {
      if (this.#pauseRequested() && this.#stop === undefined) this.#requestStop({ status: 'paused' }, false);
      this.#checkBudget();
      if (this.#stop === undefined) {
        for (const dispatch of this.#scheduler.dispatch()) {
          const task = this.#tasks.get(dispatch.taskId) as PlannedTask;
          inflight.set(task.id, this.#runTask(task, dispatch.instance));
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
        this.#finishWaveTask(task.wave);
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

  // ---- one task --------------------------------------------------------------------------

  async #runTask(task: PlannedTask, instance: string): Promise<Completion> {
    this.#startWave(task.wave);
    if (task.critical && this.#approvalRequired()) {
      const approved = await this.#askApproval(task);
      if (!approved) return { taskId: task.id, kind: 'denied' };
    }
    const adapter = this.#adapterFor(task, instance) as AgentAdapter;
    const outcome = this.#outcomes.get(task.id) as { attempts: number };
    const maxAttempts = task.critical ? 1 : 1 + (this.#options.retries ?? 1);
    let last: Completion = { taskId: task.id, kind: 'failed', error: { message: 'not run' } };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (this.#runAbort.signal.aborted) return { taskId: task.id, kind: 'cancelled', error: describeError(this.#runAbort.signal.reason, 'ABORTED') };
      outcome.attempts += 1;
      this.#taskStartedAt.set(task.id, Date.now());
      this.#ranOn.set(task.id, instance);
      await this.#recorder.record({ type: 'task-start', taskId: task.id, attempt: outcome.attempts, instance });
      failpoint('after-task-start');
      this.#emit('task:start', {
        taskId: task.id,
        title: task.title,
        wave: task.wave,
        instance,
        plannedInstance: instance === task.instance ? undefined : task.instance,
        attempt: outcome.attempts,
        critical: task.critical,
      });
      let cwd: string;
      try {
        cwd = await this.#workspaceFor(task, instance);
      } catch (error) {
        // the worktree could not be prepared: nothing ran; fail like an attempt so retries apply
        last = { taskId: task.id, kind: 'failed', error: describeError(error, 'GIT_FAILED') };
        continue;
      }
      const guard = attemptWatch(this.#runWatch, task.id, this.#options.taskTimeoutMs);
      const request = this.#request(task, instance, outcome.attempts, guard.watch.signal, cwd);
      let result = await runAttempt(adapter, request, guard.watch);
      guard.dispose();
      this.#usage.add(task.id, task.role, result.kind === 'result' ? result.result.usage : undefined);
      if (result.kind === 'result' && result.result.ok && !this.#runAbort.signal.aborted) {
        try {
          const integration = await this.#integrate(task, instance, result.result);
          for (const file of result.result.filesChanged ?? []) this.#filesChanged.add(file);
          return { taskId: task.id, kind: 'succeeded', result: result.result, integration };
        } catch (error) {
          // e.g. a resolver left conflict markers: the attempt failed
          result = { kind: 'error', error: describeError(error, 'GIT_FAILED'), aborted: false };
        }
      } else if (result.kind === 'result' && result.result.ok) {
        for (const file of result.result.filesChanged ?? []) this.#filesChanged.add(file);
        return { taskId: task.id, kind: 'succeeded', result: result.result };
      }
      if (this.#runAbort.signal.aborted) {
        return { taskId: task.id, kind: 'cancelled', error: describeError(this.#runAbort.signal.reason, 'ABORTED') };
      }
      last =
        result.kind === 'result'
          ? { taskId: task.id, kind: 'failed', result: result.result, error: { code: 'TASK_FAILED', message: result.result.summary ?? 'the agent reported failure' } }
          : { taskId: task.id, kind: 'failed', error: result.error };
      if (attempt < maxAttempts) {
        const delayMs = Math.min(MAX_RETRY_DELAY_MS, (this.#options.retryDelayMs ?? 1000) * 2 ** (attempt - 1));
        this.#emit('task:retry', { taskId: task.id, attempt: outcome.attempts + 1, delayMs, error: last.kind === 'failed' ? (last.error ?? { message: 'failed' }) : { message: 'failed' } });
        await sleep(delayMs, this.#runAbort.signal);
      }
    }
    return last;
  }

  #request(task: PlannedTask, instance: string, attempt: number, signal: AbortSignal, cwd: string): AgentRequest {
    const dependencies: Record<string, AgentResult> = {};
    for (const dep of task.dependsOn) {
      const result = this.#outcomes.get(dep)?.result;
      if (result && this.#tasks.get(dep)?.kind !== 'backup') dependencies[dep] = result;
    }
    const role: Role = roleOfInstance(task.instance) ?? (ROLES[0] as Role);
    let prompt: string | undefined;
    return {
      task,
      role,
      instance,
      get prompt(): string {
        prompt ??= buildPrompt(task, role, dependencies);
        return prompt;
      },
      cwd,
      signal,
      attempt,
      dependencies,
      report: (progress) => {
        if (typeof progress !== 'object' || progress === null) return;
        const percent = typeof progress.percent === 'number' && Number.isFinite(progress.percent) ? Math.max(0, Math.min(100, progress.percent)) : undefined;
        const message = typeof progress.message === 'string' ? progress.message.slice(0, 500) : undefined;
        this.#emit('task:progress', { taskId: task.id, instance, percent, message });
      },
      registerCompensation: (compensation) => {
        if (typeof compensation?.run === 'function') this.#compensations.push({ taskId: task.id, compensation });
      },
    };
  }

  #approvalRequired(): boolean {
    return this.#options.requireApproval ?? this.#plan.settings.requireApproval;
  }

  async #askApproval(task: PlannedTask): Promise<boolean> {
    this.#emit('approval:request', { taskId: task.id, title: task.title, criticalReasons: task.criticalReasons });
    let approved = false;
    const approve = this.#options.approve;
    if (approve) {
      try {
        approved = (await approve({ runId: this.#runId, task, reasons: task.criticalReasons })) === true;
      } catch {
        approved = false;
      }
    }
    await this.#recorder.record({ type: 'approval', taskId: task.id, approved });
    this.#emit('approval:request', { taskId: task.id, title: task.title, criticalReasons: task.criticalReasons, approved });
    return approved && !this.#runAbort.signal.aborted;
  }

  #adapterFor(task: PlannedTask, instance: string): AgentAdapter | undefined {
    const adapters = this.#options.adapters ?? {};
    return adapters[instance] ?? adapters[task.instance] ?? adapters[task.role] ?? this.#options.adapter;
  }

  // ---- adaptive re-planning --------------------------------------------------------------

  /** Inserts recovery tasks; 'rerun' when the failed task will run again, 'inserted' when not, 'no' when nothing was done. */
  async #replan(task: PlannedTask, failure: Extract<Completion, { kind: 'failed' }>): Promise<'no' | 'inserted' | 'rerun'> {
    const replanner: Replanner | false = this.#options.replan === undefined ? defaultReplanner : this.#options.replan;
    // Only work tasks are re-planned: a failed guard (backup, rollback script, verify) must reach the failure policy.
    if (replanner === false || task.critical || task.kind !== 'work' || this.#resolvers.has(task.id)) return 'no';
    const round = (this.#replanRounds.get(task.id) ?? 0) + 1;
    if (round > (this.#options.maxReplanRounds ?? 2)) return 'no';
    const signature = (failure.error?.message ?? failure.result?.summary ?? '').trim();
    const seen = this.#failureSignatures.get(task.id) ?? new Set<string>();
    if (round > 1 && seen.has(signature)) return 'no'; // the fix did not change the failure: stop looping
    seen.add(signature);
    this.#failureSignatures.set(task.id, seen);
    let decision;
    try {
      decision = await replanner({ task, result: failure.result, error: failure.error, round, plan: this.#plan });
    } catch {
      return 'no';
    }
    if (!decision || decision.tasks.length === 0) return 'no';
    let specs;
    try {
      specs = parseTaskSpecs(decision.tasks);
    } catch {
      return 'no';
    }
    const pool = this.#pool();
    const poolIds = new Set(pool.map((i) => i.id));
    const poolRoles = new Set(pool.map((i) => i.role));
    const inserted: PlannedTask[] = [];
    for (const spec of specs) {
      if (this.#tasks.has(spec.id)) return 'no';
      const role = matchRole(spec);
      const critical = spec.critical === true || detectCritical(criticalText(spec)).critical;
      const instance = role.instance ?? pool.find((i) => i.role === role.role)?.id ?? instancesOfRole(role.role)[0] ?? 'I1';
      inserted.push({
        id: spec.id,
        title: spec.title,
        description: spec.description,
        dependsOn: [...(spec.dependsOn ?? [])],
        role: role.role,
        instance,
        critical,
        criticalReasons: critical ? ['replan'] : [],
        kind: spec.kind ?? 'work',
        estimateMinutes: estimateOf(spec),
        wave: task.wave,
        phase: spec.phase,
      });
    }
    const insertedIds = new Set(inserted.map((t) => t.id));
    const sinks = inserted.filter((t) => !inserted.some((other) => other.dependsOn.includes(t.id))).map((t) => t.id);
    const rerun = decision.rerun !== false;
    // Once the failed task waits for the new tasks, a new task that depends on it (or on one of its
    // descendants) would close a cycle.
    if (rerun && this.#dependsOnOrBelow(inserted, task.id)) return 'no';
    try {
      // Insert first: atomic, so an invalid decision leaves the scheduler (and the failed task) as they were.
      this.#scheduler.insert(inserted.map((t) => this.#scheduleTask(t, poolIds, poolRoles)));
    } catch {
      return 'no';
    }
    if (rerun) {
      // rewire accepts pending tasks only: put the failed task back to pending first
      this.#scheduler.retry(task.id);
      this.#scheduler.insert([], [{ taskId: task.id, addDependsOn: sinks }]);
    }
    this.#replanRounds.set(task.id, round);
    for (const t of inserted) {
      this.#tasks.set(t.id, t);
      this.#outcomes.set(t.id, { status: 'pending', attempts: 0 });
      this.#addToWave(t);
    }
    if (rerun) {
      const current = this.#tasks.get(task.id) as PlannedTask;
      this.#tasks.set(task.id, { ...current, dependsOn: [...current.dependsOn, ...sinks.filter((id) => insertedIds.has(id))] });
      this.#outcomes.set(task.id, { ...(this.#outcomes.get(task.id) as { status: 'failed'; attempts: number }), status: 'pending' });
    }
    await this.#recorder.record({ type: 'replan', failedTaskId: task.id, round, inserted, rerun });
    this.#emit('replan', {
      failedTaskId: task.id,
      round,
      inserted: inserted.map((t) => ({ id: t.id, title: t.title, dependsOn: t.dependsOn })),
    });
    return rerun ? 'rerun' : 'inserted';
  }

  /** True when one of `tasks` depends on `taskId` or on a task below it. */
  #dependsOnOrBelow(tasks: readonly PlannedTask[], taskId: string): boolean {
    const dependents = new Map<string, string[]>();
    for (const t of this.#tasks.values()) for (const dep of t.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), t.id]);
    const below = new Set([taskId]);
    const queue = [taskId];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      for (const next of dependents.get(id) ?? []) {
        if (below.has(next)) continue;
        below.add(next);
        queue.push(next);
      }
    }
    return tasks.some((t) => t.dependsOn.some((dep) => below.has(dep)));
  }

  // ---- internal steps, rollback, bookkeeping ---------------------------------------------

  /** Runs the backup or commit step as a task of its own wave; returns its `ref` on success. */
  async #internalStep(
    task: PlannedTask,
    step: () => Promise<{ ref: string | undefined; summary: string; filesChanged?: readonly string[] | undefined }>,
  ): Promise<string | undefined> {
    this.#startWave(task.wave);
    const outcome = this.#outcomes.get(task.id) as { attempts: number };
    outcome.attempts += 1;
    this.#taskStartedAt.set(task.id, Date.now());
    await this.#recorder.record({ type: 'task-start', taskId: task.id, attempt: outcome.attempts, instance: task.instance });
    this.#emit('task:start', { taskId: task.id, title: task.title, wave: task.wave, instance: task.instance, attempt: outcome.attempts, critical: false });
    let done: Awaited<ReturnType<typeof step>>;
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

  async #rollback(backupRef: string | undefined, reason: string): Promise<boolean> {
    await this.#recorder.record({ type: 'rollback-start', reason, backupRef });
    this.#emit('rollback:start', { reason, backupRef });
    failpoint('during-rollback');
    let ok = true;
    let firstError: string | undefined;
    for (const { compensation } of [...this.#compensations].reverse()) {
      try {
        await compensation.run();
      } catch (error) {
        ok = false;
        firstError ??= `compensation "${compensation.description}" failed: ${describeError(error, 'ADAPTER_FAILED').message}`;
      }
    }
    if (backupRef !== undefined) {
      try {
        await this.#git.restore(backupRef);
      } catch (error) {
        ok = false;
        firstError ??= describeError(error, 'GIT_FAILED').message;
      }
    }
    this.#filesChanged.clear();
    await this.#recorder.record({ type: 'rollback-end', ok, error: firstError });
    this.#emit('rollback:end', { ok, compensations: this.#compensations.length, error: firstError });
    return ok;
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
    const outcome = this.#outcomes.get(task.id) as { status: TaskOutcome['status']; attempts: number; result?: AgentResult; error?: ErrorInfo };
    outcome.status = status;
    if (extra.result !== undefined) outcome.result = extra.result;
    if (extra.error !== undefined) outcome.error = extra.error;
    const startedAt = this.#taskStartedAt.get(task.id);
    failpoint('before-task-end-record');
    // durable before the event: a consumer never sees an outcome that resume would not know
    await this.#recorder.record({ type: 'task-end', taskId: task.id, status, attempts: outcome.attempts, result: extra.result, error: extra.error, reason: extra.reason });
    failpoint('after-task-end-record');
    if (startedAt !== undefined && status !== 'skipped') {
      // Human-readable checkpoint files are not what resume reads (the journal is): written off the
      // critical path, awaited before the run ends.
      const dependentsOf = (id: string): string[] => this.#dependentsOf(id);
      const pending = this.#recorder.checkpoint(task, {
        instance: this.#ranOn.get(task.id) ?? task.instance,
        status,
        startedAt,
        endedAt: Date.now(),
        result: extra.result,
        error: extra.error,
        // read only by recorders that write checkpoint files
        get next(): string[] {
          return dependentsOf(task.id);
        },
      });
      const tracked: Promise<void> = pending.then(
        (path) => {
          if (path !== undefined) this.#emit('checkpoint', { taskId: task.id, wave: task.wave, path });
        },
        () => undefined,
      ).finally(() => this.#checkpointWrites.delete(tracked));
      this.#checkpointWrites.add(tracked);
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
    this.#finishWaveTask(task.wave);
  }

  /** Titles of the tasks waiting on `taskId` (index built once, rebuilt after replans add tasks). */
  #dependentsOf(taskId: string): string[] {
    if (this.#dependentsIndex === undefined || this.#dependentsIndexSize !== this.#tasks.size) {
      const index = new Map<string, string[]>();
      for (const other of this.#tasks.values()) {
        for (const dep of other.dependsOn) {
          const list = index.get(dep);
          if (list) list.push(other.title);
          else index.set(dep, [other.title]);
        }
      }
      this.#dependentsIndex = index;
      this.#dependentsIndexSize = this.#tasks.size;
    }
    return (this.#dependentsIndex.get(taskId) ?? []).slice(0, 20);
  }

  #startWave(wave: number): void {
    if (this.#waveStartedAt.has(wave)) return;
    this.#waveStartedAt.set(wave, Date.now());
    const info = this.#plan.waves[wave];
    this.#emit('wave:start', { wave, name: info?.name ?? `Wave ${wave}`, taskIds: info?.taskIds ?? [] });
  }

  #finishWaveTask(wave: number): void {
    const left = (this.#waveLeft.get(wave) ?? 1) - 1;
    this.#waveLeft.set(wave, left);
    if (left > 0) return;
    const info = this.#plan.waves[wave];
    const ids = (this.#waveTasks.get(wave) ?? []).map((id) => this.#outcomes.get(id)?.status);
    const status = ids.some((s) => s === 'failed' || s === 'cancelled') ? 'failed' : ids.every((s) => s === 'skipped') ? 'skipped' : 'succeeded';
    if (!this.#waveStartedAt.has(wave)) this.#startWave(wave);
    this.#emit('wave:end', { wave, name: info?.name ?? `Wave ${wave}`, status, durationMs: Date.now() - (this.#waveStartedAt.get(wave) ?? Date.now()) });
  }

  #commitMessage(): string {
    const request = this.#plan.request.text.trim().split('\n')[0]?.slice(0, 72) || 'planned tasks';
    const work = [...this.#tasks.values()].filter((task) => task.kind !== 'backup' && task.kind !== 'commit');
    const done = work.filter((task) => this.#outcomes.get(task.id)?.status === 'succeeded').length;
    return `wavefront: ${request}\n\nRun ${this.#runId}: ${done} of ${work.length} tasks succeeded in ${this.#plan.waves.length} waves (${this.#plan.pattern.label}).\n`;
  }
}

function catalogueIndex(instance: string): number {
  return ROLES.findIndex((role) => role.id === instance);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
