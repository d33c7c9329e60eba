/**
 * The Plan: what `plan()` returns and `wavefront plan --json` prints. Plain JSON, deterministic.
 * @module
 */
import type { TaskKind, TaskSpec } from './task.js';

/** Ids of the recognised request patterns. */
export type PatternId =
  | 'full-stack-feature'
  | 'frontend-feature'
  | 'bug-fix'
  | 'database-migration'
  | 'testing-suite'
  | 'refactoring'
  | 'generic';

/** The pattern a request was recognised as. */
export interface PatternMatch {
  /** Pattern id. */
  readonly id: PatternId;
  /** Human label ("Full-Stack Feature"). */
  readonly label: string;
  /** Trigger words found in the request, or the patterns merged into it. */
  readonly matched: readonly string[];
}

/** What a decomposer returns: tasks plus the recognised pattern. */
export interface Decomposition {
  /** The recognised pattern (for a mixed request: the dominant one; `matched` lists the others). */
  readonly pattern: PatternMatch;
  /** The tasks, without the wave-0 backup, guards or final commit (plan() adds those). */
  readonly tasks: readonly TaskSpec[];
  /** The clauses the request was split into, for display. */
  readonly clauses?: readonly string[] | undefined;
}

/** Turns request text into tasks. The pattern decomposer is offline and deterministic. */
export interface Decomposer {
  /** Short name for logs ("pattern", "llm"). */
  readonly name: string;
  /** Breaks a request into task specs. */
  decompose(request: string, context?: DecomposeContext): Decomposition | Promise<Decomposition>;
}

/** Extra inputs a decomposer may use. */
export interface DecomposeContext {
  /** Abort a slow (LLM) decomposition. */
  readonly signal?: AbortSignal | undefined;
}

/** Size class of a request, after the seed's allocation examples. */
export type ComplexityLevel = 'small' | 'medium' | 'large' | 'complex';

/** How big the request is. */
export interface Complexity {
  /** small (< 5 subtasks), medium (5-15), large (16-30), complex (> 30). */
  readonly level: ComplexityLevel;
  /** Number of tasks, without backup and commit. */
  readonly subtaskCount: number;
  /** Number of critical tasks. */
  readonly criticalCount: number;
  /** The widest wave (most tasks that can run at once under waves). */
  readonly maxParallelism: number;
  /** Number of waves (depth of the plan). */
  readonly depth: number;
  /** `recommendInstances(subtaskCount, maxParallelism)`: the seed formula, for reference. */
  readonly recommendedInstances: number;
}

/** One task in a plan, with everything planning decided for it. */
export interface PlannedTask {
  /** Task id. */
  readonly id: string;
  /** One line naming the work. */
  readonly title: string;
  /** Longer instructions, when given. */
  readonly description?: string | undefined;
  /** Direct dependencies (after guard insertion). */
  readonly dependsOn: readonly string[];
  /** Role key (`backend-engineer`). */
  readonly role: string;
  /** Instance id (`I4`). */
  readonly instance: string;
  /** True when the task must run alone, guarded. */
  readonly critical: boolean;
  /** Rule ids that made it critical (`user` when forced by the spec). */
  readonly criticalReasons: readonly string[];
  /** What the task is for. */
  readonly kind: TaskKind;
  /** Estimated minutes. */
  readonly estimateMinutes: number;
  /** Wave index. */
  readonly wave: number;
  /** For guard tasks: the critical task they protect. */
  readonly guards?: string | undefined;
  /** File globs this task writes. */
  readonly touches?: readonly string[] | undefined;
  /** argv for the shell adapter. */
  readonly command?: readonly string[] | undefined;
  /** Display label of the phase. */
  readonly phase?: string | undefined;
  /** For a task of the glue pass: the glue files it edits (its `touches` also name the glue lock). */
  readonly glue?: readonly string[] | undefined;
}

/**
 * One task of the glue pass: the tasks that edit shared registries (package manifests, lockfiles,
 * barrels, migration and route indexes) one at a time.
 */
export interface GluePassEntry {
  /** The glue task. */
  readonly taskId: string;
  /** The glue files (paths or globs) it edits. */
  readonly files: readonly string[];
  /** The tasks whose changes it records: the tasks it was split from, or the task itself. */
  readonly requestedBy: readonly string[];
}

/** A group of tasks that may run together (seed "wave"). */
export interface Wave {
  /** 0 for the backup wave, then consecutive. */
  readonly index: number;
  /** Display name ("Safety Backup", "Backend API", "Execute migration (CRITICAL)"). */
  readonly name: string;
  /** Tasks in this wave. */
  readonly taskIds: readonly string[];
  /** True when the wave runs one task alone (backup, critical, commit). */
  readonly sequential: boolean;
  /** True for a critical task's singleton wave. */
  readonly critical: boolean;
  /** Longest task estimate of the wave. */
  readonly estimateMinutes: number;
}

/** One agent instance and the tasks planned for it. */
export interface InstanceAssignment {
  /** Instance id (`I1`..`I15`). */
  readonly id: string;
  /** The instance's own role key. */
  readonly role: string;
  /** Roles of the tasks it hosts, when roles were merged onto it. */
  readonly roles: readonly string[];
  /** Tasks planned on it, in wave order. */
  readonly taskIds: readonly string[];
}

/** Time estimates of a plan. */
export interface PlanEstimate {
  /** Sum of all task estimates. */
  readonly sequentialMinutes: number;
  /** Makespan of the plan on its instances under the default (dynamic) policy. */
  readonly parallelMinutes: number;
  /** Seed formula: sum of the longest task of each wave (barrier waves). */
  readonly wavesMinutes: number;
  /** `(sequential - parallel) / sequential * 100`, rounded to one decimal. */
  readonly savedPercent: number;
  /** Longest dependency chain by estimates. */
  readonly criticalPathMinutes: number;
  /** Task ids on the critical path, in order. */
  readonly criticalPath: readonly string[];
}

/** Options that travel with a plan to execution. */
export interface PlanSettings {
  /** speed | safety | balanced. */
  readonly priority: 'speed' | 'safety' | 'balanced';
  /** Ask before running critical tasks. */
  readonly requireApproval: boolean;
  /** Instance cap. */
  readonly maxInstances: number;
  /** Show the plan only. */
  readonly dryRun: boolean;
  /** What to do on failure. */
  readonly onFailure: 'rollback' | 'pause' | 'continue';
  /** Execution mode. */
  readonly mode: 'dynamic' | 'waves';
  /** Checkpoint files after the run. */
  readonly checkpointRetention: 'cleanup' | 'keep' | 'archive';
  /** Checkpoint detail. */
  readonly checkpointVerbosity: 'minimal' | 'detailed';
  /** Progress output. */
  readonly progressDisplay: 'live' | 'summary' | 'quiet';
}

/** A complete, validated, serialisable plan. */
export interface Plan {
  /** Format version. */
  readonly version: 1;
  /** The request as given. */
  readonly request: { readonly text: string };
  /** Recognised pattern. */
  readonly pattern: PatternMatch;
  /** Size of the request. */
  readonly complexity: Complexity;
  /** All tasks, including backup, guards and commit, in wave order. */
  readonly tasks: readonly PlannedTask[];
  /** Waves in order; wave 0 is the backup, the last is the final commit. */
  readonly waves: readonly Wave[];
  /** Instances used. */
  readonly instances: readonly InstanceAssignment[];
  /** Time estimates. */
  readonly estimate: PlanEstimate;
  /** Resolved settings for execution. */
  readonly settings: PlanSettings;
  /**
   * Pairs of tasks that may write the same files (overlapping `touches`) and are not ordered by
   * dependencies: the scheduler never runs them at the same time.
   */
  readonly conflicts?: readonly { readonly a: string; readonly b: string; readonly paths: readonly string[] }[] | undefined;
  /**
   * The glue pass, in plan order: tasks that edit glue files (manifests, lockfiles, barrels,
   * migration and route indexes), never two at the same time. Absent when the plan has none.
   */
  readonly gluePass?: readonly GluePassEntry[] | undefined;
  /** Non-fatal remarks. */
  readonly warnings: readonly string[];
}
