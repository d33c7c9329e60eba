/**
 * The pieces of one task attempt that need no executor state: the request an adapter gets, and
 * the pause before a retry.
 * @module
 */
import type { AgentRequest, AgentResult, Compensation } from '../adapters/types.js';
import { roleOfInstance, ROLES, type Role } from '../allocate/roles.js';
import type { PlannedTask } from '../model/plan.js';
import { buildPrompt } from './prompt.js';

const MAX_RETRY_DELAY_MS = 30_000;

/** What {@link agentRequest} needs. */
export interface AttemptInput {
  readonly task: PlannedTask;
  readonly instance: string;
  readonly attempt: number;
  readonly signal: AbortSignal;
  readonly cwd: string;
  /** The recorded result of each dependency that has one. */
  readonly dependencies: Record<string, AgentResult>;
  /** Gets the adapter's progress reports, clamped and truncated. */
  readonly onProgress: (percent: number | undefined, message: string | undefined) => void;
  /** Gets every compensation the adapter registers that can run. */
  readonly onCompensation: (compensation: Compensation) => void;
}

/** The request for one attempt; its prompt is built on first read. */
export function agentRequest(input: AttemptInput): AgentRequest {
  const { task, dependencies } = input;
  const role: Role = roleOfInstance(task.instance) ?? (ROLES[0] as Role);
  let prompt: string | undefined;
  return {
    task,
    role,
    instance: input.instance,
    get prompt(): string {
      prompt ??= buildPrompt(task, role, dependencies);
      return prompt;
    },
    cwd: input.cwd,
    signal: input.signal,
    attempt: input.attempt,
    dependencies,
    report: (progress) => {
      if (typeof progress !== 'object' || progress === null) return;
      const percent = typeof progress.percent === 'number' && Number.isFinite(progress.percent) ? Math.max(0, Math.min(100, progress.percent)) : undefined;
      const message = typeof progress.message === 'string' ? progress.message.slice(0, 500) : undefined;
      input.onProgress(percent, message);
    },
    registerCompensation: (compensation) => {
      if (typeof compensation?.run === 'function') input.onCompensation(compensation);
    },
  };
}

/** The pause before retrying after failed attempt `attempt` (1-based): exponential, capped at 30 s. */
export function retryDelayMs(baseMs: number | undefined, attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, (baseMs ?? 1000) * 2 ** (attempt - 1));
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
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
