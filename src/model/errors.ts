/**
 * Every error wavefront throws on purpose is a {@link WavefrontError} with a machine-readable `code`.
 * @module
 */

/** The machine-readable reason of a {@link WavefrontError}. */
export type WavefrontErrorCode =
  /** The task graph has a cycle; `details.cycle` lists its ids in order, first id repeated last. */
  | 'CYCLE'
  /** A task depends on an id that is not in the plan; `details.taskId`, `details.dependency`. */
  | 'UNKNOWN_DEPENDENCY'
  /** Two tasks share an id; `details.taskId`. */
  | 'DUPLICATE_ID'
  /** A task spec failed validation; `details.field` names the bad field. */
  | 'INVALID_TASK'
  /** A config file or option failed validation; `details.field` names the bad field. */
  | 'INVALID_CONFIG'
  /** The request is empty or not a string / `{ text }` / `{ tasks }`. */
  | 'INVALID_REQUEST'
  /** A plan object (e.g. read from JSON) is not a valid wavefront plan. */
  | 'INVALID_PLAN'
  /** The plan needs more waves than `max_waves` allows; `details.waves`, `details.maxWaves`. */
  | 'MAX_WAVES_EXCEEDED'
  /** A size limit (tasks, ids, text) was exceeded. */
  | 'LIMIT_EXCEEDED'
  /** An argument of a public function has the wrong type or value. */
  | 'INVALID_ARGUMENT'
  /** `cwd` is not inside a git work tree. */
  | 'NOT_A_GIT_REPOSITORY'
  /** A merge, rebase, cherry-pick or bisect is in progress, or HEAD is detached. */
  | 'GIT_STATE_UNSAFE'
  /** A git command failed; `details.args`, `details.stderr`. */
  | 'GIT_FAILED'
  /** No adapter is configured for a task's role or instance. */
  | 'NO_ADAPTER'
  /** An adapter broke its contract (threw, returned a non-object, ...). */
  | 'ADAPTER_FAILED'
  /** A task ran longer than `taskTimeoutMs`. */
  | 'TASK_TIMEOUT'
  /** The run was aborted through its signal. */
  | 'ABORTED'
  /** A path or id would escape its directory or is otherwise unsafe. */
  | 'UNSAFE_PATH'
  /** Another run holds the repository lock. */
  | 'RUN_LOCKED'
  /** The run journal is corrupt or missing. */
  | 'JOURNAL_CORRUPT'
  /** The requested run does not exist. */
  | 'RUN_NOT_FOUND'
  /** The orchestrator is already running a plan. */
  | 'ALREADY_RUNNING'
  /** A language-model call failed after its retries (network, 5xx, rate limits). */
  | 'MODEL_FAILED'
  /** A run budget (tokens, USD, wall clock) would be exceeded. */
  | 'BUDGET_EXCEEDED';

/** Options of the {@link WavefrontError} constructor. */
export interface WavefrontErrorOptions {
  /** The underlying error, kept for debugging. */
  readonly cause?: unknown;
  /** Structured fields that explain the error (e.g. `cycle`, `taskId`, `field`). */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

const BRAND = Symbol.for('wavefront/error');

/**
 * The error class of wavefront. Branded so that `instanceof WavefrontError` holds across the ESM
 * and CJS copies of the package (and across duplicate installs).
 *
 * @example
 * ```ts
 * try { buildDag(tasks) } catch (error) {
 *   if (error instanceof WavefrontError && error.code === 'CYCLE') console.log(error.details.cycle);
 * }
 * ```
 */
export class WavefrontError extends Error {
  /** Machine-readable reason; stable across versions. */
  readonly code: WavefrontErrorCode;
  /** Structured fields that explain the error. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: WavefrontErrorCode, message: string, options: WavefrontErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WavefrontError';
    this.code = code;
    this.details = options.details ?? {};
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** A JSON form (code, message, details) for logs and NDJSON streams. */
  toJSON(): { name: string; code: WavefrontErrorCode; message: string; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** True when `value` is a {@link WavefrontError}, optionally with the given code. */
export function isWavefrontError(value: unknown, code?: WavefrontErrorCode): value is WavefrontError {
  return value instanceof WavefrontError && (code === undefined || value.code === code);
}

/** Describes a value for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return value.length > 40 ? `string "${value.slice(0, 37)}..."` : `string "${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return typeof value;
}
