/**
 * The agent adapter contract: how wavefront asks an agent to do one task.
 * @module
 */
import type { PlannedTask } from '../model/plan.js';
import type { Role } from '../allocate/roles.js';

/** Token and cost usage reported by an adapter. */
export interface AgentUsage {
  /** Prompt tokens. */
  readonly inputTokens?: number | undefined;
  /** Completion tokens. */
  readonly outputTokens?: number | undefined;
  /** Cost in US dollars. */
  readonly costUsd?: number | undefined;
}

/** What an adapter returns for one task attempt. */
export interface AgentResult {
  /** True when the task succeeded. */
  readonly ok: boolean;
  /** One line for humans. */
  readonly summary?: string | undefined;
  /** Anything the agent produced; passed to dependents. Must be JSON-serialisable to be journalled. */
  readonly output?: unknown;
  /** Files the task created or modified, relative to `cwd`. */
  readonly filesChanged?: readonly string[] | undefined;
  /** Usage for budgets and reports. */
  readonly usage?: AgentUsage | undefined;
}

/** Progress an adapter reports while running. */
export interface AgentProgress {
  /** 0..100. */
  readonly percent?: number | undefined;
  /** One line for humans. */
  readonly message?: string | undefined;
}

/** Everything an adapter needs to run one task attempt. */
export interface AgentRequest {
  /** The planned task. */
  readonly task: PlannedTask;
  /** The catalogue entry of the instance running it. */
  readonly role: Role;
  /** Instance id running it (`I4`). */
  readonly instance: string;
  /** A ready-made prompt: role, task, dependency summaries. */
  readonly prompt: string;
  /**
   * Working directory: with worktree isolation, this instance's own git worktree (reset to the
   * merged work of the task's dependencies before each attempt); otherwise the repository.
   */
  readonly cwd: string;
  /** Aborted on timeout, run abort or rollback. Adapters must stop promptly. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Results of the task's direct dependencies. */
  readonly dependencies: Readonly<Record<string, AgentResult>>;
  /** Report progress; shown on the dashboard and emitted as `task:progress`. */
  report(progress: AgentProgress): void;
  /** Register an undo step run (in reverse order) if the run rolls back. */
  registerCompensation?(compensation: Compensation): void;
}

/** An undo step registered by a task. */
export interface Compensation {
  /** Shown in rollback output. */
  readonly description: string;
  /** Undoes the task's external side effect. */
  run(): void | Promise<void>;
}

/** An agent backend: Claude Code, Codex, a model, a shell, a test double. */
export interface AgentAdapter {
  /** Short name for logs and events. */
  readonly name: string;
  /** Runs one task attempt. Throwing counts as a failed attempt. */
  run(request: AgentRequest): Promise<AgentResult>;
  /** Releases resources when the orchestrator is done with the adapter. */
  dispose?(): void | Promise<void>;
}

/** A factory that builds an adapter from options (unstorage-style). */
export type AdapterFactory<Options = void> = (options: Options) => AgentAdapter;
