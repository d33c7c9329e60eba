/**
 * Worktree isolation for one run: a git worktree per agent instance, and an integration worktree
 * that merges finished tasks one at a time behind the gate.
 * @module
 */
import { type IntegrationGate, type IntegrationSession, openIntegration } from '../git/integrate.js';
import { waitOutIndexLock } from '../git/index-lock-wait.js';
import { runGit } from '../git/run-git.js';
import { materializeRun } from '../git/materialize.js';
import { assertResolved, commitWork, createWorkspaceBase, deleteWorkRefs, resetWorktree, startMerge, workRef } from '../git/workspace.js';
import { cleanupRunWorktrees, createIntegrationWorktree, createRunWorktree } from '../git/worktree.js';
import { runBranchRef } from '../git/worktree-names.js';

/** How merging one task's work into the integration worktree went. */
export type IntegrationOutcome =
  | { readonly status: 'merged'; readonly head: string; readonly commit: string }
  | { readonly status: 'empty'; readonly head: string }
  | {
      readonly status: 'conflict' | 'gate-failed';
      readonly head: string;
      /** The task's commit that did not integrate (pinned under `refs/wavefront/work/<runId>/tasks/`). */
      readonly commit: string;
      readonly conflicts: readonly string[];
      readonly output: string;
    };

/** What a new worktree gets before any agent or gate uses it, e.g. links to ignored dependency directories. */
export type WorktreeSetup = (worktree: string, info: { readonly repo: string; readonly runId: string; readonly instance: string }) => void | Promise<void>;

/** What a resumed run's journal says about its workspaces. */
export interface ResumedWorkspaces {
  /** The integration head of the last merge that was recorded. */
  readonly integrationHead?: string | undefined;
}

/**
 * The worktrees of one run. Instance worktrees are created lazily and, before every task attempt,
 * reset to the current integration head, so a task always starts from every dependency's merged
 * work. Merges are serialised in completion order, which is a dependency order: a task starts only
 * after its dependencies were merged.
 */
export class Workspaces {
  readonly #repo: string;
  readonly #runId: string;
  readonly #gate: IntegrationGate | undefined;
  readonly #setup: WorktreeSetup | undefined;
  readonly #paths = new Map<string, string>();
  /** The commit each instance's worktree was last reset to. */
  readonly #preparedAt = new Map<string, string>();
  #base = '';
  #head = '';
  #integration: IntegrationSession | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(repo: string, runId: string, gate: IntegrationGate | undefined, setup?: WorktreeSetup | undefined) {
    this.#repo = repo;
    this.#runId = runId;
    this.#gate = gate;
    this.#setup = setup;
  }

  /** The commit the run's worktrees started from (the wave-0 snapshot's state on top of HEAD). */
  get base(): string {
    return this.#base;
  }

  /** The integration branch's current commit: everything merged so far. */
  get head(): string {
    return this.#head;
  }

  /**
   * Creates the base commit and the integration worktree. On resume, every worktree the crashed or
   * paused process left is removed first and the integration worktree is recreated at the last
   * recorded merge, so merges that were never recorded are dropped (their tasks run again).
   */
  async open(snapshotRef: string, resumed?: ResumedWorkspaces): Promise<void> {
    if (resumed !== undefined) await cleanupRunWorktrees(this.#repo, this.#runId);
    this.#base = await createWorkspaceBase(this.#repo, this.#runId, snapshotRef);
    const start = resumed?.integrationHead ?? this.#base;
    const created = await createIntegrationWorktree(this.#repo, { runId: this.#runId, base: start });
    this.#head = created.base;
    await this.#setup?.(created.path, { repo: this.#repo, runId: this.#runId, instance: created.instance });
    this.#integration = await openIntegration(this.#repo, created.path);
  }

  /** The worktree of `instance`, reset to the integration head; created on first use. */
  async prepare(instance: string): Promise<string> {
    const existing = this.#paths.get(instance);
    this.#preparedAt.set(instance, this.#head);
    if (existing !== undefined) {
      await resetWorktree(existing, this.#head);
      return existing;
    }
    const created = await createRunWorktree(this.#repo, { runId: this.#runId, instance, base: this.#head });
    this.#paths.set(instance, created.path);
    await this.#setup?.(created.path, { repo: this.#repo, runId: this.#runId, instance });
    return created.path;
  }

  /** Prepares `instance` for a resolver: reset to the head, then start merging `commit`, conflicts left in place. */
  async prepareResolver(instance: string, commit: string): Promise<{ path: string; conflicts: string[] }> {
    const path = await this.prepare(instance);
    const { conflicts } = await startMerge(path, commit);
    return { path, conflicts };
  }

  /**
   * Commits a finished task's work on its instance branch and pins it; null when it changed nothing.
   * An agent that committed its work itself is fine: its commits count (leftovers are committed on top).
   */
  async commitTask(instance: string, taskId: string, message: string): Promise<string | null> {
    const path = this.#paths.get(instance);
    if (path === undefined) return null;
    const pin = workRef(this.#runId, `tasks/${taskId}`);
    const made = await commitWork(path, message, { pin });
    if (made !== null) return made;
    const head = (await runGit(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: path, readOnly: true })).stdout.trim();
    if (head === this.#preparedAt.get(instance)) return null;
    await runGit(['update-ref', pin, head], { cwd: this.#repo });
    return head;
  }

  /** Refuses a resolver's commit that dropped the work it had to merge or kept conflict markers. */
  verifyResolution(commit: string | null, merged: string, conflicts: readonly string[]): Promise<void> {
    return assertResolved(this.#repo, commit, { merged, paths: conflicts });
  }

  /**
   * Merges `instance`'s branch (holding `commit`) into the integration worktree, then runs the gate;
   * one merge at a time. `onMerged` runs inside the same turn, so what it records is in merge order.
   */
  integrate(instance: string, commit: string | null, onMerged: (head: string) => Promise<void>): Promise<IntegrationOutcome> {
    const run = async (): Promise<IntegrationOutcome> => {
      if (commit === null) return { status: 'empty', head: this.#head };
      const session = this.#integration as IntegrationSession;
      const merged = await session.merge(runBranchRef(this.#runId, instance), this.#gate);
      if (merged.status === 'merged') {
        // null: the branch was already contained (nothing new to merge)
        if (merged.commit !== null) this.#head = merged.commit;
        await onMerged(this.#head);
        return { status: 'merged', head: this.#head, commit };
      }
      return { status: merged.status, head: this.#head, commit, conflicts: merged.conflicts ?? [], output: merged.output ?? '' };
    };
    const turn = this.#queue.then(run, run);
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Writes the integrated result into the user's checkout, for exactly the paths the run changed;
   * returns them. Refuses (GIT_STATE_UNSAFE) when one of them was edited in the checkout meanwhile.
   */
  async materialize(): Promise<string[]> {
    const result = await waitOutIndexLock(() => materializeRun(this.#repo, { base: this.#base, head: this.#head }));
    return result.paths;
  }

  /** Removes the run's worktrees, branches and pinned work refs. Idempotent. */
  async close(): Promise<void> {
    await this.#queue;
    await cleanupRunWorktrees(this.#repo, this.#runId);
    await deleteWorkRefs(this.#repo, this.#runId);
    this.#paths.clear();
  }
}
