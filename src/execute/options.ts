/**
 * Orchestrator options and result types, and their validation.
 * @module
 */
import type { AgentAdapter, AgentResult } from '../adapters/types.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import type { Plan, PlannedTask } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import type { RunStatus, TaskStatus } from './events.js';
import type { IntegrationGate } from '../git/integrate.js';
import type { WorktreeSetup } from './workspaces.js';

/** What `approve` receives for a critical task. */
export interface ApprovalRequest {
  /** The run. */
  readonly runId: string;
  /** The critical task. */
  readonly task: PlannedTask;
  /** Why it is critical (rule ids). */
  readonly reasons: readonly string[];
}

/** What a replanner receives when a task has failed for good. */
export interface ReplanContext {
  /** The failed task. */
  readonly task: PlannedTask;
  /** Its last result, when the adapter returned one. */
  readonly result?: AgentResult | undefined;
  /** Its last error, when the adapter threw. */
  readonly error?: { readonly code?: string | undefined; readonly message: string } | undefined;
  /** 1 for the first replan of this task. */
  readonly round: number;
  /** The plan being run. */
  readonly plan: Plan;
}

/** What a replanner returns: tasks to insert, and whether the failed task runs again after them. */
export interface ReplanDecision {
  /** New tasks (ids must be new; dependencies may name existing tasks). */
  readonly tasks: readonly TaskSpec[];
  /** Run the failed task again once the new tasks have succeeded. @defaultValue true */
  readonly rerun?: boolean | undefined;
}

/** Decides how to recover from a failed task; return undefined to give up. */
export type Replanner = (context: ReplanContext) => ReplanDecision | undefined | Promise<ReplanDecision | undefined>;

/** Options of the {@link Orchestrator}. */
export interface OrchestratorOptions {
  /** The repository (or directory) the agents work in. Required. */
  readonly cwd: string;
  /** Default adapter for every task. */
  readonly adapter?: AgentAdapter | undefined;
  /** Adapters by instance id (`I4`) or role key (`backend-engineer`); instance wins over role over `adapter`. */
  readonly adapters?: Readonly<Record<string, AgentAdapter>> | undefined;
  /** Most instances running at once (1..15). @defaultValue the plan's instances */
  readonly maxInstances?: number | undefined;
  /** Scheduling mode. @defaultValue plan.settings.mode ('dynamic') */
  readonly mode?: 'dynamic' | 'waves' | undefined;
  /** What a task that failed for good does to the run. @defaultValue plan.settings.onFailure ('rollback') */
  readonly onFailure?: 'rollback' | 'pause' | 'continue' | undefined;
  /** Extra attempts for a failing normal task (critical tasks are never retried). Minimum 0. @defaultValue 1 */
  readonly retries?: number | undefined;
  /** First retry delay in ms; doubles each attempt, capped at 30 s. @defaultValue 1000 */
  readonly retryDelayMs?: number | undefined;
  /** Abort a task attempt after this many ms. @defaultValue no limit */
  readonly taskTimeoutMs?: number | undefined;
  /** Decides critical tasks when approval is required. Without it, approval is denied. */
  readonly approve?: ((request: ApprovalRequest) => boolean | Promise<boolean>) | undefined;
  /** Ask `approve` before each critical task. @defaultValue plan.settings.requireApproval */
  readonly requireApproval?: boolean | undefined;
  /** A denied critical task: skip it and its dependents, or stop the run. @defaultValue 'skip' */
  readonly onDenied?: 'skip' | 'stop' | undefined;
  /** Simulate on the estimates: same events, no adapter calls, no git, no writes. */
  readonly dryRun?: boolean | undefined;
  /** Where run state lives, relative to cwd. @defaultValue '.wavefront' */
  readonly stateDir?: string | undefined;
  /** Resume this run id. */
  readonly resume?: string | undefined;
  /** Aborts the run: running tasks are cancelled, status `aborted`; the backup ref stays for rollback. */
  readonly signal?: AbortSignal | undefined;
  /** Recovery for failed tasks; false disables it. @defaultValue analyse → fix → re-run */
  readonly replan?: Replanner | false | undefined;
  /** Most replan rounds per task. @defaultValue 2 */
  readonly maxReplanRounds?: number | undefined;
  /** Use git for the wave-0 snapshot, rollback and final commit. @defaultValue true */
  readonly git?: boolean | undefined;
  /** Run tasks only on instances of their role (no borrowing of idle instances). @defaultValue false */
  readonly strictRoles?: boolean | undefined;
  /**
   * Keep the durable run journal and checkpoint files. `false` trades crash safety (no resume)
   * for speed, e.g. for tests and benchmarks; the repository lock is still taken. @defaultValue true
   */
  readonly journal?: boolean | undefined;
  /**
   * With `resume`: critical tasks that a `needs-human` stop left in doubt and that a human has
   * checked and found done. They are recorded as succeeded and the run continues without running
   * them again. Unlisted in-doubt critical tasks keep the run at `needs-human`.
   */
  readonly confirmInDoubt?: readonly string[] | undefined;
  /** Use this run id instead of a generated one (`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`). */
  readonly runId?: string | undefined;
  /** Receives errors thrown by event listeners. @defaultValue a process warning */
  readonly onListenerError?: ((error: unknown, event: string) => void) | undefined;
  /**
   * Limits for the run. When the next task would exceed one (spent so far plus the average task
   * so far), no new task starts, `budget:exceeded` is emitted and the run ends `paused` (resumable).
   */
  readonly budget?: RunBudget | undefined;
  /** How dry runs estimate usage from task minutes. @defaultValue 3000 tokens/min, $6 per million tokens */
  readonly costModel?: CostModel | undefined;
  /**
   * Where agents work. `worktree`: each instance in its own git worktree (on
   * `wavefront/<runId>/<instance>`), every finished task merged into an integration worktree one at
   * a time behind `integrationGate`, a resolver task (Code Reviewer) inserted on a conflict or a red
   * gate, and only the green result written to the checkout by the final commit. `shared`: every
   * agent works in `cwd`. `auto`: `worktree` when git is on and the run has more than one instance.
   * @defaultValue 'auto'
   */
  readonly isolation?: 'auto' | 'worktree' | 'shared' | undefined;
  /**
   * With worktree isolation: run after every merge in the integration worktree (its path is passed);
   * a function returning `{ ok, output? }`, or an argv run without a shell (green on exit code 0).
   * A red gate undoes that merge and inserts a resolver task. @defaultValue no gate
   */
  readonly integrationGate?: IntegrationGate | readonly string[] | undefined;
  /** With worktree isolation: keep the run's worktrees and branches when it fails or rolls back, for inspection. @defaultValue false */
  readonly keepWorktrees?: boolean | undefined;
  /**
   * With worktree isolation: prepares each new worktree (the instances' and the integration one)
   * before any agent or gate uses it. Ignored files such as `node_modules` are not in worktrees;
   * `linkIgnored(['node_modules'])` links them from the checkout. A setup that throws fails the
   * attempt that needed the worktree. @defaultValue none
   */
  readonly worktreeSetup?: WorktreeSetup | undefined;
}

/** Run limits. */
export interface RunBudget {
  /** Input + output tokens. */
  readonly tokens?: number | undefined;
  /** US dollars. */
  readonly usd?: number | undefined;
  /** Wall-clock milliseconds since the run started. */
  readonly wallClockMs?: number | undefined;
}

/** Assumptions for dry-run cost estimates. */
export interface CostModel {
  /** Tokens an agent spends per estimated minute. */
  readonly tokensPerMinute?: number | undefined;
  /** Price per million tokens in USD. */
  readonly usdPerMillionTokens?: number | undefined;
}

/** Tokens and dollars, summed. */
export interface UsageTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** Usage summed over a run. */
export interface RunUsage extends UsageTotals {
  /** Per task id. */
  readonly byTask: Readonly<Record<string, UsageTotals>>;
  /** Per role key. */
  readonly byRole: Readonly<Record<string, UsageTotals>>;
  /** True for a dry run's estimate. */
  readonly estimated?: boolean | undefined;
}

/** Outcome of one task in a run. */
export interface TaskOutcome {
  /** Final status. */
  readonly status: TaskStatus;
  /** Attempts made. */
  readonly attempts: number;
  /** The last result. */
  readonly result?: AgentResult | undefined;
  /** The last error. */
  readonly error?: { readonly code?: string | undefined; readonly message: string } | undefined;
}

/** What `run()` resolves with. It never rejects for task failures; it rejects only for invalid input. */
export interface RunResult {
  /** The run. */
  readonly runId: string;
  /** Final state. */
  readonly status: RunStatus;
  /** Per task, including tasks inserted by replanning. */
  readonly tasks: Readonly<Record<string, TaskOutcome>>;
  /** Wall-clock duration (virtual in dry runs). */
  readonly durationMs: number;
  /** The wave-0 snapshot ref. */
  readonly backupRef?: string | undefined;
  /** The final commit. */
  readonly commit?: string | undefined;
  /** Files changed by the run (from the final commit, or adapters' reports). */
  readonly filesChanged: readonly string[];
  /** Why the run did not succeed. */
  readonly error?: { readonly code?: string | undefined; readonly message: string } | undefined;
  /** Tokens and cost reported by adapters (estimated in dry runs). */
  readonly usage?: RunUsage | undefined;
}

const KEYS = new Set([
  'cwd', 'adapter', 'adapters', 'maxInstances', 'mode', 'onFailure', 'retries', 'retryDelayMs', 'taskTimeoutMs', 'approve',
  'requireApproval', 'onDenied', 'dryRun', 'stateDir', 'resume', 'signal', 'replan', 'maxReplanRounds', 'git', 'strictRoles',
  'runId', 'onListenerError', 'budget', 'costModel', 'journal', 'confirmInDoubt', 'isolation', 'integrationGate', 'keepWorktrees', 'worktreeSetup',
]);

/**
 * Validates orchestrator options.
 * @throws {@link WavefrontError} `INVALID_CONFIG` naming the bad field.
 */
export function validateOrchestratorOptions(options: unknown): OrchestratorOptions {
  if (typeof options !== 'object' || options === null) fail('', `expected an options object, got ${describeValue(options)}`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KEYS.has(key)) fail(key, 'unknown option');
  if (typeof o['cwd'] !== 'string' || o['cwd'] === '') fail('cwd', `expected a directory path, got ${describeValue(o['cwd'])}`);
  const adapterLike = (value: unknown, field: string): void => {
    if (typeof value !== 'object' || value === null || typeof (value as AgentAdapter).run !== 'function') {
      fail(field, 'expected an adapter: an object with a run(request) method');
    }
  };
  if (o['adapter'] !== undefined) adapterLike(o['adapter'], 'adapter');
  if (o['adapters'] !== undefined) {
    if (typeof o['adapters'] !== 'object' || o['adapters'] === null) fail('adapters', 'expected an object of adapters by role or instance');
    for (const [key, value] of Object.entries(o['adapters'] as object)) adapterLike(value, `adapters.${key}`);
  }
  int(o, 'maxInstances', 1, 15);
  int(o, 'retries', 0, 100);
  int(o, 'retryDelayMs', 0, 3_600_000);
  int(o, 'taskTimeoutMs', 1, 2_147_483_647);
  int(o, 'maxReplanRounds', 0, 100);
  oneOf(o, 'mode', ['dynamic', 'waves']);
  oneOf(o, 'onFailure', ['rollback', 'pause', 'continue']);
  oneOf(o, 'onDenied', ['skip', 'stop']);
  oneOf(o, 'isolation', ['auto', 'worktree', 'shared']);
  if (o['isolation'] === 'worktree' && o['git'] === false) fail('isolation', "worktree isolation needs git; pass isolation: 'shared' or git: true");
  const gate = o['integrationGate'];
  if (gate !== undefined && typeof gate !== 'function') {
    if (!Array.isArray(gate) || gate.length === 0 || gate.some((arg) => typeof arg !== 'string' || arg.includes('\0')) || (gate[0] as string) === '') {
      fail('integrationGate', 'expected a function or a non-empty argv array of strings');
    }
  }
  for (const key of ['requireApproval', 'dryRun', 'git', 'strictRoles', 'journal', 'keepWorktrees']) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') fail(key, `expected a boolean, got ${describeValue(o[key])}`);
  }
  for (const key of ['approve', 'onListenerError', 'worktreeSetup']) {
    if (o[key] !== undefined && typeof o[key] !== 'function') fail(key, `expected a function, got ${describeValue(o[key])}`);
  }
  if (o['replan'] !== undefined && o['replan'] !== false && typeof o['replan'] !== 'function') fail('replan', 'expected a function or false');
  if (o['signal'] !== undefined && !(o['signal'] instanceof AbortSignal)) fail('signal', 'expected an AbortSignal');
  positiveFields(o, 'budget', ['tokens', 'usd', 'wallClockMs']);
  if (o['confirmInDoubt'] !== undefined && (!Array.isArray(o['confirmInDoubt']) || o['confirmInDoubt'].some((id) => typeof id !== 'string'))) {
    fail('confirmInDoubt', 'expected an array of task ids');
  }
  positiveFields(o, 'costModel', ['tokensPerMinute', 'usdPerMillionTokens']);
  for (const key of ['stateDir', 'resume', 'runId']) {
    if (o[key] !== undefined && (typeof o[key] !== 'string' || o[key] === '')) fail(key, `expected a non-empty string, got ${describeValue(o[key])}`);
  }
  return o as unknown as OrchestratorOptions;
}

function positiveFields(o: Record<string, unknown>, key: string, fields: readonly string[]): void {
  const value = o[key];
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) fail(key, `expected an object with ${fields.join(', ')}`);
  for (const [field, v] of Object.entries(value as object)) {
    if (!fields.includes(field)) fail(`${key}.${field}`, 'unknown option');
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) fail(`${key}.${field}`, `expected a non-negative number, got ${describeValue(v)}`);
  }
}

function int(o: Record<string, unknown>, key: string, min: number, max: number): void {
  const value = o[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(key, `expected an integer from ${min} to ${max}, got ${describeValue(value)}`);
  }
}

function oneOf(o: Record<string, unknown>, key: string, values: readonly string[]): void {
  const value = o[key];
  if (value !== undefined && !values.includes(value as string)) fail(key, `expected one of ${values.join(' | ')}, got ${describeValue(value)}`);
}

function fail(field: string, message: string): never {
  throw new WavefrontError('INVALID_CONFIG', `Orchestrator options${field ? `.${field}` : ''}: ${message}`, { details: { field } });
}
