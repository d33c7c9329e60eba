/**
 * Types of the scheduler core and of `simulate()`.
 * @module
 */
import type { TaskSpec } from '../model/task.js';

/** How the scheduler releases tasks: `dynamic` list scheduling (default) or strict `waves` barriers. */
export type ScheduleMode = 'dynamic' | 'waves';

/** One task as the scheduler core sees it: a node of the DAG with an estimate and placement hints. */
export interface ScheduleTask {
  /** Unique id. */
  readonly id: string;
  /** Ids of tasks that must succeed before this one starts. */
  readonly dependsOn: readonly string[];
  /** Estimated duration, >= 0, in any unit (used for priorities and by `simulate()` as the duration). */
  readonly estimate: number;
  /** True when the task is exclusive: it starts only when nothing else runs, and nothing starts beside it. */
  readonly critical: boolean;
  /** Wave index (integer >= 0): the barrier in `waves` mode, a tie-breaker in `dynamic` mode. */
  readonly wave: number;
  /** The instance the plan assigned the task to, when any; must be in the pool. */
  readonly instance?: string | undefined;
  /** Role key; same-role instances are the second choice after the planned instance. */
  readonly role?: string | undefined;
  /**
   * File globs the task writes (see `writeSetsOverlap()`): it never runs while a task whose write
   * set overlaps is running. Absent or empty: conflicts with nothing.
   */
  readonly touches?: readonly string[] | undefined;
}

/** One agent instance of the pool. */
export interface ScheduleInstance {
  /** Unique instance id (`I4`). */
  readonly id: string;
  /** The instance's role key, when it has one. */
  readonly role?: string | undefined;
}

/** Options of the {@link Scheduler} constructor. */
export interface SchedulerOptions {
  /** The pool; at least one instance, unique ids. Pool order breaks ties between free instances. */
  readonly instances: readonly ScheduleInstance[];
  /** `dynamic` (default) or `waves`. */
  readonly mode?: ScheduleMode | undefined;
  /**
   * Only run a task on its planned instance (or on same-role instances when it has no planned one).
   * Default false: `dynamic` mode may borrow any free instance.
   */
  readonly strictInstances?: boolean | undefined;
  /** Priority overrides, higher first. Tasks absent from the map keep their b-level. */
  readonly priority?: ReadonlyMap<string, number> | undefined;
  /** Ids of tasks that already succeeded (resume): they count as done from the start. */
  readonly completed?: readonly string[] | undefined;
}

/** Lifecycle state of a task inside the scheduler. */
export type ScheduleStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** The outcome a caller reports for a running task. */
export type ScheduleOutcome = 'succeeded' | 'failed';

/** One task the scheduler released: start it now on `instance`. */
export interface Dispatch {
  /** The task to start. */
  readonly taskId: string;
  /** The instance to run it on. */
  readonly instance: string;
  /** True when the instance is neither the task's planned instance nor one of its role. */
  readonly borrowed: boolean;
}

/** A task currently running, and where. */
export interface RunningTask {
  /** The running task. */
  readonly taskId: string;
  /** The instance it occupies. */
  readonly instance: string;
}

/** Options of `simulate()`. */
export interface SimulateOptions {
  /**
   * Number of interchangeable instances (`I1`..`In`). Default 4 for a task list; for a plan the
   * plan's own instances are used unless this is given.
   */
  readonly instances?: number | undefined;
  /** `dynamic` (default) or `waves`. */
  readonly mode?: ScheduleMode | undefined;
  /** Extra critical verdict per task, OR-ed with the task's own `critical` flag. */
  readonly isCritical?: ((spec: TaskSpec) => boolean) | undefined;
  /**
   * `dynamic` mode only: run the plan-time priority search (`searchPolicy()`) and simulate with
   * its priorities (default true); `false` = plain b-level priorities.
   */
  readonly search?: boolean | undefined;
}

/** One task's slot in a simulated schedule. */
export interface TimelineEntry {
  /** Task id. */
  readonly taskId: string;
  /** Instance it ran on. */
  readonly instance: string;
  /** Start time (minutes from 0). */
  readonly start: number;
  /** End time (minutes from 0). */
  readonly end: number;
}

/** What `simulate()` returns. */
export interface SimulateResult {
  /** Time at which the last task ends. */
  readonly makespanMinutes: number;
  /** Sum of all task durations (one instance, no parallelism). */
  readonly sequentialMinutes: number;
  /** `(sequential - makespan) / sequential * 100`, rounded to one decimal; 0 when sequential is 0. */
  readonly savedPercent: number;
  /** Every task once, sorted by start time, then instance pool order. */
  readonly timeline: readonly TimelineEntry[];
}

/** Options of `searchPolicy()`. */
export interface SearchOptions {
  /** Number of interchangeable instances (integer >= 1). */
  readonly instances: number;
  /** `dynamic` (default) searches; `waves` returns the b-level policy without searching (barriers decide). */
  readonly mode?: ScheduleMode | undefined;
  /**
   * Most priority vectors evaluated (integer >= 1). Default: a work budget — about 2,000 for a
   * 100-task graph, fewer for larger graphs, 1 (plain b-level) for huge ones.
   */
  readonly maxCandidates?: number | undefined;
}

/** What `searchPolicy()` returns. */
export interface SearchResult {
  /** Id of the winning candidate (`<rule>#<index>`), accepted by `policyPriorities()`. */
  readonly policy: string;
  /** Dispatch priority per task id (higher first): pass it as the Scheduler's `priority` option. */
  readonly priority: ReadonlyMap<string, number>;
  /** Makespan of the winning policy with durations = estimates. */
  readonly makespan: number;
  /** Makespan of plain b-level priority (the first candidate), for comparison. */
  readonly baselineMakespan: number;
  /** The lower bound the search stops at (no schedule can be shorter). */
  readonly lowerBound: number;
  /** Number of priority vectors evaluated. */
  readonly candidates: number;
}
