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
import { waitOutIndexLock } from '../git/index-lock-wait.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { TASK_ID_PATTERN } from '../model/task.js';
import { dryRun } from './dry-run.js';
import type { OrchestratorEvents } from './events.js';
import { Execution } from './execution.js';
import { journalRecorder, toResumeState } from './journal-recorder.js';
import { NULL_RECORDER, type RunRecorder } from './recorder.js';
import { excludeFromGit } from './state-exclude.js';
import { Journal, type OpenedJournal } from '../journal/journal.js';
import { acquireRunLock, isLockOwnerAlive, readRunLock } from '../journal/lock.js';
import { replayJournal, type RunState } from '../journal/replay.js';
import { checkDir, ensureDir, resolveStateDir, runDir as runDirOf } from '../journal/state-dir.js';
import { gitSteps } from './git-steps.js';
import { validateOrchestratorOptions, type OrchestratorOptions, type RunResult } from './options.js';
import { SafeEmitter } from './safe-emitter.js';
import { validatePlan } from './validate-plan.js';
import { toIntegrationGate } from './integration-gate.js';
import { Workspaces } from './workspaces.js';

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
  async run(plan?: Plan): Promise<RunResult> {
    if (this.#running) throw new WavefrontError('ALREADY_RUNNING', 'this orchestrator is already running a plan; create another or wait');
    this.#running = true;
    this.#pauseRequested = false;
    const cleanup: (() => Promise<void>)[] = [];
    try {
      const cwd = resolve(this.options.cwd);
      const resumeId = this.options.resume;
      const stateDir = resolveStateDir(cwd, this.options.stateDir);
      let opened: OpenedJournal | undefined;
      let state: RunState | undefined;
      if (resumeId !== undefined) {
        if (!isSafeRunId(resumeId)) throw new WavefrontError('INVALID_CONFIG', `resume ${JSON.stringify(resumeId)} is not a valid run id`, { details: { field: 'resume' } });
        opened = await Journal.open(runDirOf(stateDir, resumeId));
        cleanup.push(() => (opened as OpenedJournal).journal.close());
        state = replayJournal(opened.records);
        const confirming = state.ended?.status === 'needs-human' && (this.options.confirmInDoubt?.length ?? 0) > 0;
        if (state.ended !== undefined && state.ended.status !== 'paused' && !confirming) {
          const hint =
            state.ended.status === 'needs-human'
              ? `; check the in-doubt task(s) ${state.inDoubt.join(', ')} by hand, then resume with confirmInDoubt (CLI: --confirm <taskId>)`
              : '; nothing to resume';
          throw new WavefrontError('INVALID_ARGUMENT', `run ${resumeId} already ended as ${state.ended.status}${hint}`, { details: { runId: resumeId } });
        }
        if (plan !== undefined && JSON.stringify(validatePlan(plan)) !== JSON.stringify(state.plan)) {
          throw new WavefrontError('INVALID_PLAN', `the plan given differs from the plan recorded for run ${resumeId}; resume with the same plan (or none)`);
        }
      } else if (plan === undefined) {
        throw new WavefrontError('INVALID_PLAN', 'run(plan): a plan is required unless options.resume names a run');
      }
      const valid = state?.plan ?? validatePlan(plan);
      const runId = resumeId ?? this.options.runId ?? newRunId();
      if (!isSafeRunId(runId)) throw new WavefrontError('INVALID_CONFIG', `runId ${JSON.stringify(runId)} is not a valid id`, { details: { field: 'runId' } });
      const mode = this.options.mode ?? valid.settings.mode;
      const emit = <K extends keyof OrchestratorEvents>(event: K, payload: Omit<OrchestratorEvents[K][0], 'runId' | 'at'>, at?: number): void => {
        this.safeEmit(event, ...([{ runId, at: at ?? Date.now(), ...payload }] as unknown as OrchestratorEvents[K]));
      };
      if (resumeId === undefined && (this.options.dryRun ?? valid.settings.dryRun)) return dryRun(valid, runId, mode, emit, Date.now(), this.options.costModel);
      await assertDirectory(cwd);
      const useGit = this.options.git ?? true;
      let recorder: RunRecorder = NULL_RECORDER;
      const execution = new Execution({
        plan: valid,
        options: { ...this.options, cwd },
        runId,
        emit,
        git: gitSteps(cwd, runId, useGit, state === undefined ? undefined : { snapshotRef: state.backupRef }),
        pauseRequested: () => this.#pauseRequested,
        recorder: { record: (r) => recorder.record(r), checkpoint: (t, i) => recorder.checkpoint(t, i), close: (s) => recorder.close(s) },
        resume: state === undefined ? undefined : toResumeState(state),
        workspaces: useGit
          ? () => new Workspaces(cwd, runId, toIntegrationGate(this.options.integrationGate, this.options.signal ?? new AbortController().signal), this.options.worktreeSetup)
          : undefined,
      });
      execution.assertAdapters();
      if (resumeId === undefined && (await checkDir(runDirOf(stateDir, runId), cwd))) {
        throw new WavefrontError('INVALID_CONFIG', `run ${runId} already exists in ${stateDir}; use a new runId, or options.resume to continue it`, { details: { field: 'runId' } });
      }
      await refuseIfLocked(stateDir);
      if (useGit) await waitOutIndexLock(() => preflight(cwd));
      // Everything above only reads; from here on the run holds the repository and writes.
      const lock = await acquireRunLock(await ensureDir(stateDir, cwd), { runId });
      cleanup.push(() => lock.release());
      if (useGit) await excludeFromGit(cwd, stateDir);
      if (this.options.journal === false) {
        if (resumeId !== undefined) throw new WavefrontError('INVALID_CONFIG', 'resume needs the journal: do not pass journal: false', { details: { field: 'journal' } });
        recorder = { ...NULL_RECORDER, close: () => lock.release() };
      } else {
        const dir = await ensureDir(runDirOf(stateDir, runId), cwd);
        const journal = opened?.journal ?? (await Journal.create(dir, { runId, plan: valid, cwd, createdAt: Date.now() }));
        cleanup.push(() => journal.close());
        recorder = journalRecorder({
          journal,
          runDir: dir,
          plan: valid,
          retention: valid.settings.checkpointRetention,
          verbosity: valid.settings.checkpointVerbosity,
          onClose: () => lock.release(),
        });
      }
      const result = await execution.execute();
      cleanup.length = 0; // the recorder closed the journal and released the lock
      return result;
    } finally {
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
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

/** Read-only early check, so a second run gets RUN_LOCKED rather than a git error caused by the first. */
async function refuseIfLocked(stateDir: string): Promise<void> {
  const info = await readRunLock(stateDir).catch(() => undefined);
  if (info === undefined || info === 'corrupt' || !(await isLockOwnerAlive(info))) return;
  throw new WavefrontError('RUN_LOCKED', `run ${info.runId} (pid ${info.pid}, started ${info.startedAt}) is running in this repository; wait for it or stop it`, {
    details: { runId: info.runId, pid: info.pid, startedAt: info.startedAt },
  });
}

async function assertDirectory(cwd: string): Promise<void> {
  try {
    if ((await stat(cwd)).isDirectory()) return;
  } catch {
    // fall through
  }
  throw new WavefrontError('INVALID_CONFIG', `Orchestrator options.cwd: ${cwd} is not a directory`, { details: { field: 'cwd' } });
}
