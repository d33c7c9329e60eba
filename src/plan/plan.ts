/**
 * plan(): request → Plan.
 * @module
 */
import { patternDecomposer, recognisePattern } from '../decompose/index.js';
import { parseConfig, parseOptions, type WavefrontOptions } from '../model/config.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import type { Decomposer, PatternMatch, Plan } from '../model/plan.js';
import { LIMITS, type TaskSpec } from '../model/task.js';
import { buildPlan } from './build-plan.js';

/** What `plan()` accepts: request text, or an explicit task list (with optional text). */
export type PlanRequest = string | { readonly text?: string | undefined; readonly tasks?: readonly TaskSpec[] | undefined };

/** Options of {@link plan}: the seed's options (camelCase or snake_case) plus the decomposer and a config object. */
export interface PlanOptions extends WavefrontOptions {
  /** Turns text into tasks. @defaultValue patternDecomposer (offline, deterministic) */
  readonly decomposer?: Decomposer | undefined;
  /** A parsed config file object (`wavefront.config.json` layout); explicit options win over it. */
  readonly config?: unknown;
  /** Aborts a slow decomposer. */
  readonly signal?: AbortSignal | undefined;
}

const OWN_KEYS = ['decomposer', 'config', 'signal'] as const;
const EXPLICIT_PATTERN: PatternMatch = { id: 'generic', label: 'Explicit task list', matched: [] };

/**
 * Plans a request: decomposes text (or takes explicit tasks), validates the graph, marks and guards
 * critical operations, moves edits of glue files (package manifests, lockfiles, barrels, migration
 * and route indexes; option `glueFiles`) into a sequential glue pass (`plan.gluePass`), adds the
 * wave-0 backup and final commit, groups waves, assigns instances and estimates time.
 * Deterministic for the built-in decomposer: the same input gives the same JSON.
 *
 * @throws {@link WavefrontError} `INVALID_REQUEST`, `INVALID_CONFIG`, `INVALID_TASK`, `DUPLICATE_ID`,
 * `UNKNOWN_DEPENDENCY`, `CYCLE`, `MAX_WAVES_EXCEEDED`, `LIMIT_EXCEEDED`.
 * @example
 * ```ts
 * const result = await plan('Add a last_login_at column to users and set it on login');
 * result.waves.map((wave) => wave.name);
 * ```
 */
export async function plan(request: PlanRequest, options: PlanOptions = {}): Promise<Plan> {
  const { resolved, warnings, decomposer, signal } = resolvePlanOptions(options);
  const { text, tasks } = normaliseRequest(request);
  if (tasks !== undefined) {
    const pattern = text ? { ...EXPLICIT_PATTERN, ...withoutGeneric(recognisePattern(text)) } : EXPLICIT_PATTERN;
    // buildPlan validates every spec (INVALID_TASK naming the task and field) before planning.
    return buildPlan(tasks as readonly TaskSpec[], { text: text ?? '', pattern, options: resolved, warnings });
  }
  const decomposition = await decomposer.decompose(text as string, signal ? { signal } : undefined);
  if (typeof decomposition !== 'object' || decomposition === null || !Array.isArray(decomposition.tasks)) {
    throw new WavefrontError('INVALID_PLAN', `decomposer ${JSON.stringify(decomposer.name)} returned no task list`);
  }
  return buildPlan(decomposition.tasks, { text: text as string, pattern: decomposition.pattern, options: resolved, warnings });
}

function withoutGeneric(match: PatternMatch): Partial<PatternMatch> {
  return match.id === 'generic' ? {} : match;
}

/** Splits plan options into resolved seed options, config warnings, the decomposer and the signal. */
export function resolvePlanOptions(options: PlanOptions): {
  resolved: WavefrontOptions;
  warnings: string[];
  decomposer: Decomposer;
  signal: AbortSignal | undefined;
} {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WavefrontError('INVALID_CONFIG', `options: expected an object, got ${describeValue(options)}`, { details: { field: '' } });
  }
  const explicit = parseOptions(options, OWN_KEYS);
  const fromConfig = options.config === undefined ? { options: {}, warnings: [] } : parseConfig(options.config, 'config');
  const decomposer = options.decomposer ?? patternDecomposer;
  if (typeof decomposer !== 'object' && typeof decomposer !== 'function') {
    throw new WavefrontError('INVALID_CONFIG', 'options.decomposer: expected an object with decompose(text)', { details: { field: 'decomposer' } });
  }
  if (typeof (decomposer as { decompose?: unknown }).decompose !== 'function') {
    throw new WavefrontError('INVALID_CONFIG', 'options.decomposer: expected an object with decompose(text)', { details: { field: 'decomposer' } });
  }
  return { resolved: { ...fromConfig.options, ...explicit }, warnings: [...fromConfig.warnings], decomposer, signal: options.signal };
}

function normaliseRequest(request: PlanRequest): { text: string | undefined; tasks: readonly unknown[] | undefined } {
  if (typeof request === 'string') return { text: checkText(request), tasks: undefined };
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new WavefrontError('INVALID_REQUEST', `request: expected a string or { text } or { tasks }, got ${describeValue(request)}`);
  }
  const { text, tasks } = request as { text?: unknown; tasks?: unknown };
  if (tasks !== undefined) {
    if (!Array.isArray(tasks)) throw new WavefrontError('INVALID_REQUEST', `request.tasks: expected an array of task specs, got ${describeValue(tasks)}`);
    if (tasks.length === 0) throw new WavefrontError('INVALID_REQUEST', 'request.tasks: the task list is empty');
    return { text: text === undefined ? undefined : checkText(text, true), tasks };
  }
  if (text === undefined) throw new WavefrontError('INVALID_REQUEST', 'request: give text or tasks');
  return { text: checkText(text), tasks: undefined };
}

function checkText(text: unknown, allowEmpty = false): string {
  if (typeof text !== 'string') throw new WavefrontError('INVALID_REQUEST', `request text: expected a string, got ${describeValue(text)}`);
  if (!allowEmpty && text.trim() === '') throw new WavefrontError('INVALID_REQUEST', 'request text is empty: describe what you want done');
  if (text.length > LIMITS.maxRequestLength) {
    throw new WavefrontError('LIMIT_EXCEEDED', `request text is ${text.length} characters; the limit is ${LIMITS.maxRequestLength}`);
  }
  return text;
}
