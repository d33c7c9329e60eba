/**
 * Building valid {@link AgentRequest}s for adapter tests.
 * @module
 */
import { tmpdir } from 'node:os';
import { ROLES, roleOfInstance, type Role } from '../allocate/roles.js';
import type { AgentProgress, AgentRequest, AgentResult, Compensation } from '../adapters/types.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import type { PlannedTask } from '../model/plan.js';

/** Fields of a test request to replace. */
export interface TestRequestOverrides {
  /** Task fields over the defaults (`T1`, "Test task", backend engineer on `I4`). */
  readonly task?: Partial<PlannedTask> | undefined;
  /** Catalogue entry; defaults to the one of the task's instance, else `ROLES[3]` (`I4`). */
  readonly role?: Role | undefined;
  /** Instance id; defaults to the task's instance. */
  readonly instance?: string | undefined;
  /** Prompt; defaults to the title and description. */
  readonly prompt?: string | undefined;
  /** Working directory. @defaultValue `os.tmpdir()` */
  readonly cwd?: string | undefined;
  /** An outside signal; the request aborts when it or `controller` aborts. */
  readonly signal?: AbortSignal | undefined;
  /** Attempt number. @defaultValue 1 */
  readonly attempt?: number | undefined;
  /** Results of dependencies. @defaultValue `{}` */
  readonly dependencies?: Readonly<Record<string, AgentResult>> | undefined;
  /** Progress sink, called after the report is recorded in `progress`. */
  readonly report?: ((progress: AgentProgress) => void) | undefined;
}

/** A test request, with handles to drive and inspect it. */
export interface TestRequest extends AgentRequest {
  /** Aborts `signal`. */
  readonly controller: AbortController;
  /** Every progress report, in order. */
  readonly progress: readonly AgentProgress[];
  /** Every registered compensation, in order. */
  readonly compensations: readonly Compensation[];
}

/**
 * Builds a valid {@link AgentRequest} with a fresh abort controller, recording progress and
 * compensations.
 *
 * @example
 * ```ts
 * const request = createTestRequest({ task: { id: 'build', command: ['npm', 'run', 'build'] }, cwd: dir });
 * const pending = adapter.run(request);
 * request.controller.abort();
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for malformed overrides.
 */
export function createTestRequest(overrides: TestRequestOverrides = {}): TestRequest {
  if (typeof overrides !== 'object' || overrides === null) throw _argumentError('overrides', 'an object', overrides);
  const { attempt = 1, cwd = tmpdir(), dependencies = {}, signal, report } = overrides;
  if (overrides.task !== undefined && (typeof overrides.task !== 'object' || overrides.task === null)) throw _argumentError('task', 'an object of task fields', overrides.task);
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw _argumentError('attempt', 'a positive integer', attempt);
  if (typeof cwd !== 'string' || cwd === '') throw _argumentError('cwd', 'a directory path', cwd);
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw _argumentError('signal', 'an AbortSignal', signal);
  if (report !== undefined && typeof report !== 'function') throw _argumentError('report', 'a function', report);

  const fallbackRole = ROLES[3] as Role;
  const instance = overrides.instance ?? overrides.task?.instance ?? fallbackRole.id;
  const role = overrides.role ?? roleOfInstance(instance) ?? fallbackRole;
  const task: PlannedTask = {
    id: 'T1',
    title: 'Test task',
    dependsOn: [],
    role: role.key,
    instance,
    critical: false,
    criticalReasons: [],
    kind: 'work',
    estimateMinutes: 1,
    wave: 1,
    ...overrides.task,
  };
  const controller = new AbortController();
  const progress: AgentProgress[] = [];
  const compensations: Compensation[] = [];
  return {
    task,
    role,
    instance,
    prompt: overrides.prompt ?? (task.description === undefined ? task.title : `${task.title}\n\n${task.description}`),
    cwd,
    signal: signal === undefined ? controller.signal : AbortSignal.any([controller.signal, signal]),
    attempt,
    dependencies,
    controller,
    progress,
    compensations,
    report(update) {
      progress.push(update);
      report?.(update);
    },
    registerCompensation(compensation) {
      compensations.push(compensation);
    },
  };
}

// --- Internal helpers ---

function _argumentError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `createTestRequest: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field },
  });
}
