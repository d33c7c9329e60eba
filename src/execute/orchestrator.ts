/**
 * The Orchestrator: runs a plan through agent adapters with git safety, retries, approvals,
 * failure policies, adaptive re-planning and typed events.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { assertSafeRefComponent } from '../git/names.js';
import { preflight } from '../git/preflight.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { TASK_ID_PATTERN } from '../model/task.js';
import { dryRun } from './dry-run.js';
import type { OrchestratorEvents } from './events.js';
import { Execution } from './execution.js';
import { gitSteps } from './git-steps.js';
import { validateOrchestratorOptions, type OrchestratorOptions, type RunResult } from './options.js';
import { SafeEmitter } from './safe-emitter.js';
import { validatePlan } from './validate-plan.js';

/**
 * Runs plans. One `run()` at a time per orchestrator; a listener that throws never breaks a run.
 *
 * @example
 * ```ts
 * const orchestrator = new Orchestrator({ cwd: repo, adapter: createShellAdapter() });
 * orchestrator.on('task:end', (e) => console.log(e.taskId, e.status));
 * const result = await orchestrator.run(await plan({ tasks }));
 * ```
 */
export class Orchestrator extends SafeEmitter<OrchestratorEvents> {
  /** The validated options. */
  readonly options: OrchestratorOptions;
  #running = false;
  #pauseRequested = false;

  /** @throws {@link WavefrontError} `INVALID_CONFIG` naming the bad option. */
  constructor(options: OrchestratorOptions) {
    super();
    this.options = validateOrchestratorOptions(options);
    if (this.options.onListenerError) this.onListenerError = this.options.onListenerError;
  }

  /** Stop starting tasks; running ones finish; the run ends as `paused`. */
  pause(): void {
    this.#pauseRequested = true;
  }

  /**
   * Runs a plan to its end. Resolves with the outcome (failures included); rejects only when the
   * plan or options are invalid, an adapter is missing, or the repository is unsafe — always
   * before anything runs.
   *
   * @throws {@link WavefrontError} `INVALID_PLAN` and graph codes, `NO_ADAPTER`, `NOT_A_GIT_REPOSITORY`,
   * `GIT_STATE_UNSAFE`, `ALREADY_RUNNING`, `INVALID_CONFIG`.
   */
  async run(plan: Plan): Promise<RunResult> {
    if (this.#running) throw new WavefrontError('ALREADY_RUNNING', 'this orchestrator is already running a plan; create another or wait');
    this.#running = true;
    this.#pauseRequested = false;
    try {
      const valid = validatePlan(plan);
      const runId = this.options.runId ?? newRunId();
      if (!isSafeRunId(runId)) throw new WavefrontError('INVALID_CONFIG', `runId ${JSON.stringify(runId)} is not a valid id`, { details: { field: 'runId' } });
      const mode = this.options.mode ?? valid.settings.mode;
      const emit = <K extends keyof OrchestratorEvents>(event: K, payload: Omit<OrchestratorEvents[K][0], 'runId' | 'at'>, at?: number): void => {
        this.safeEmit(event, ...([{ runId, at: at ?? Date.now(), ...payload }] as unknown as OrchestratorEvents[K]));
      };
      if (this.options.dryRun ?? valid.settings.dryRun) return dryRun(valid, runId, mode, emit, Date.now());
      const cwd = resolve(this.options.cwd);
      await assertDirectory(cwd);
      const useGit = this.options.git ?? true;
      if (useGit) await preflight(cwd);
      const execution = new Execution({
        plan: valid,
        options: { ...this.options, cwd },
        runId,
        emit,
        git: gitSteps(cwd, runId, useGit),
        pauseRequested: () => this.#pauseRequested,
      });
      execution.assertAdapters();
      return await execution.execute();
    } finally {
      this.#running = false;
    }
  }
}

/** A sortable, unique run id: `YYYYMMDD-HHMMSS-<6 hex>`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A run id is a ref component and a directory name: the id pattern, and no `..`, `.lock` or trailing `.`. */
function isSafeRunId(runId: string): boolean {
  if (!TASK_ID_PATTERN.test(runId)) return false;
  try {
    assertSafeRefComponent(runId, 'runId');
    return true;
  } catch {
    return false;
  }
}

async function assertDirectory(cwd: string): Promise<void> {
  try {
    if ((await stat(cwd)).isDirectory()) return;
  } catch {
    // fall through
  }
  throw new WavefrontError('INVALID_CONFIG', `Orchestrator options.cwd: ${cwd} is not a directory`, { details: { field: 'cwd' } });
}
