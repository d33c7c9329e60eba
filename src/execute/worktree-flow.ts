/**
 * Worktree isolation within one run: whether it applies, opening the run's worktrees, where each
 * attempt runs, merging finished work into the integration worktree, and cleaning up at the end.
 * @module
 */
import type { AgentResult } from '../adapters/types.js';
import { failpoint } from '../journal/failpoint.js';
import type { ResolveInfo } from '../journal/records.js';
import type { PlannedTask } from '../model/plan.js';
import type { RunStatus } from './events.js';
import type { Emit } from './execution-types.js';
import type { OrchestratorOptions } from './options.js';
import type { ResumeState, RunRecorder } from './recorder.js';
import type { IntegrationOutcome, Workspaces } from './workspaces.js';

/** What {@link wantsWorktrees} decides on. */
export interface IsolationInput {
  /** Worktrees can be created: git is on and the orchestrator passed a factory. */
  readonly available: boolean;
  readonly resume: ResumeState | undefined;
  readonly tasks: ReadonlyMap<string, PlannedTask>;
  readonly isolation: OrchestratorOptions['isolation'];
  /** The size of the run's instance pool. */
  readonly poolSize: () => number;
}

/** Worktree isolation applies: git on, and `isolation` (auto: more than one instance), kept as recorded on resume. */
export function wantsWorktrees(input: IsolationInput): boolean {
  if (!input.available) return false;
  const resume = input.resume;
  if (resume?.workspace !== undefined) return true;
  // A resumed run that ran tasks in the shared checkout stays there: its work is in the checkout.
  if (resume !== undefined && [...resume.attempts.keys()].some((id) => { const kind = input.tasks.get(id)?.kind; return kind !== 'backup' && kind !== 'commit'; })) return false;
  const isolation = input.isolation ?? 'auto';
  if (isolation !== 'auto') return isolation === 'worktree';
  return input.poolSize() > 1;
}

/** What a {@link WorktreeFlow} needs. */
export interface WorktreeFlowInput {
  readonly runId: string;
  /** The shared checkout: where attempts run without isolation. */
  readonly cwd: string;
  readonly create: (() => Workspaces) | undefined;
  readonly recorder: RunRecorder;
  readonly emit: Emit;
  readonly resume: ResumeState | undefined;
}

/** The run's worktrees, once opened; without them every call falls back to the shared checkout. */
export class WorktreeFlow {
  readonly #input: WorktreeFlowInput;
  #workspaces: Workspaces | undefined;

  constructor(input: WorktreeFlowInput) {
    this.#input = input;
  }

  /** True when the orchestrator can create worktrees for this run (git on). */
  get canCreate(): boolean {
    return this.#input.create !== undefined;
  }

  /** Creates the run's workspaces (not yet opened); call only when isolation applies. */
  create(): void {
    this.#workspaces = (this.#input.create as () => Workspaces)();
  }

  /** Opens the workspaces {@link create} made on `backupRef` (resumed at the recorded integration head) and records their base on a fresh run. */
  async open(backupRef: string): Promise<void> {
    const workspaces = this.#workspaces as Workspaces;
    const resume = this.#input.resume;
    await workspaces.open(backupRef, resume === undefined ? undefined : { integrationHead: resume.workspace?.integrationHead });
    if (resume?.workspace === undefined) await this.#input.recorder.record({ type: 'workspace', base: workspaces.base });
  }

  /** Where an attempt on `instance` runs: its worktree (reset to the integration head, with `resolve`'s merge started for a resolver), or the shared checkout. */
  async workspaceFor(instance: string, resolve: ResolveInfo | undefined): Promise<string> {
    const workspaces = this.#workspaces;
    if (workspaces === undefined) return this.#input.cwd;
    if (resolve === undefined) return workspaces.prepare(instance);
    return (await workspaces.prepareResolver(instance, resolve.commit)).path;
  }

  /**
   * Commits a finished attempt's work in its worktree and merges it into the integration worktree;
   * undefined without worktrees. `resolving`: the task is a resolver, whose commit must resolve that merge.
   */
  async integrate(task: PlannedTask, instance: string, result: AgentResult, resolving: ResolveInfo | undefined): Promise<IntegrationOutcome | undefined> {
    const workspaces = this.#workspaces;
    if (workspaces === undefined) return undefined;
    const { runId, recorder, emit } = this.#input;
    const commit = await workspaces.commitTask(instance, task.id, `wavefront ${runId}: ${task.id}\n\n${task.title}\n`);
    if (resolving !== undefined) await workspaces.verifyResolution(commit, resolving.commit, resolving.conflicts);
    failpoint('before-integration');
    const outcome = await workspaces.integrate(instance, commit, async (head) => {
      failpoint('after-merge'); // merged, not recorded: resume drops this merge and runs the task again
      // in merge order, before the next merge: resume restarts the integration from the last recorded head
      await recorder.record({ type: 'integrated', taskId: task.id, head, commit: commit as string, result });
      failpoint('after-integrated-record');
    });
    if (outcome.status === 'merged' || outcome.status === 'empty') {
      emit('integration', { taskId: task.id, instance, status: outcome.status, head: outcome.head });
    }
    return outcome;
  }

  /** True once the run's workspaces exist. */
  get isolated(): boolean {
    return this.#workspaces !== undefined;
  }

  /** Writes the integrated result into the checkout and returns its paths; only when {@link isolated}. */
  materialize(): Promise<string[]> {
    return (this.#workspaces as Workspaces).materialize();
  }

  /**
   * Removes the run's worktrees and branches (also those a resumed run left, when this one opened
   * none) unless the run can resume or `keep`. With `leaveWork`, the merged work is first written
   * to the checkout, uncommitted, as in a shared checkout; if that fails, the branches keep it.
   */
  async close(status: RunStatus, keep: boolean, leaveWork: boolean): Promise<void> {
    const workspaces = this.#workspaces ?? (this.#input.resume?.workspace !== undefined ? this.#input.create?.() : undefined);
    if (workspaces === undefined) return;
    const resumable = status === 'paused' || status === 'needs-human';
    if (resumable || keep) return;
    if (leaveWork && this.#workspaces !== undefined) {
      try {
        await this.#workspaces.materialize();
      } catch {
        return;
      }
    }
    await workspaces.close().catch(() => undefined); // leftovers are found by findOrphanWorktrees / a later cleanup
  }
}
