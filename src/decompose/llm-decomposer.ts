/**
 * `llmDecomposer`: request text → task specs by a language model (Vercel AI SDK, loaded lazily).
 * The answer is validated (TaskSpec schema and graph rules); an invalid answer goes back to the
 * model with the exact error, a bounded number of times.
 * @module
 */
import type { ProviderLimiter } from '../adapters/provider-limiter.js';
import { callModel, type ChatMessage, type ModelRetryOptions, type OutputMode } from '../llm/call-model.js';
import { modelLabel, type LanguageModelLike } from '../llm/model.js';
import { checkModelOptions, lazyModel, modelLimiter, type ModelOptions } from '../llm/model-options.js';
import { PLAN_ANSWER_JSON_SCHEMA, checkPlanAnswer } from '../llm/plan-answer.js';
import { plannerRepairMessage, plannerRequestMessage, plannerSystemPrompt } from '../llm/planner-prompt.js';
import { WavefrontError, describeValue, isWavefrontError } from '../model/errors.js';
import type { DecomposeContext, Decomposer, Decomposition, PatternMatch } from '../model/plan.js';
import { normaliseRequest } from './input.js';
import { patternDecomposer } from './pattern-decomposer.js';
import { PATTERN_LABELS, recognisePattern } from './patterns.js';

export type { LanguageModelLike } from '../llm/model.js';
export { MODEL_PROVIDERS, parseModelSpec, splitModelSpec } from '../llm/model-spec.js';
export type { ModelProvider, ModelSpec, ModelSpecOptions } from '../llm/model-spec.js';
export type { ModelRetryOptions, OutputMode } from '../llm/call-model.js';
export type { ModelOptions } from '../llm/model-options.js';

/** What {@link LlmDecomposerOptions.onAttempt} is told after each model answer. */
export interface LlmAttempt {
  /** 1 for the first answer. */
  readonly attempt: number;
  /** True when the answer was a valid plan. */
  readonly ok: boolean;
  /** Why the answer was rejected (the text sent back to the model). */
  readonly error?: string | undefined;
  /** The error code of the rejection (`INVALID_JSON`, `INVALID_TASK`, `CYCLE`, `UNKNOWN_DEPENDENCY`, `DUPLICATE_ID`, `LIMIT_EXCEEDED`). */
  readonly code?: string | undefined;
  /** Prompt tokens of this call. */
  readonly inputTokens?: number | undefined;
  /** Completion tokens of this call. */
  readonly outputTokens?: number | undefined;
}

/** Options of {@link llmDecomposer}. */
export interface LlmDecomposerOptions extends ModelOptions {
  /** How many times an invalid answer is sent back for repair. @defaultValue 2 (3 answers at most) */
  readonly maxRetries?: number | undefined;
  /** `'pattern'`: when no valid plan comes (or the model cannot be called), use the pattern decomposer. @defaultValue false */
  readonly fallback?: 'pattern' | false | undefined;
  /**
   * `structured`: provider structured output with the answer's JSON schema (native, or the forced
   * JSON tool); `json`: JSON mode without schema; `text`: parse the text; `auto`: `structured`, or
   * `json` for models that declare no structured-output support. @defaultValue 'auto'
   */
  readonly mode?: OutputMode | undefined;
  /** Most tasks a plan may have. @defaultValue 60 */
  readonly maxTasks?: number | undefined;
  /** Sampling temperature. @defaultValue 0 */
  readonly temperature?: number | undefined;
  /** Extra planning instructions appended to the system prompt (house conventions, paths). */
  readonly instructions?: string | undefined;
  /** Told after each model answer (for logs and token accounting). */
  readonly onAttempt?: ((attempt: LlmAttempt) => void) | undefined;
  /** Told why the pattern decomposer was used instead (with `fallback: 'pattern'`). */
  readonly onFallback?: ((error: WavefrontError) => void) | undefined;
}

/** A decomposer backed by a language model. */
export interface LlmDecomposer extends Decomposer {
  /** Always `'llm'`. */
  readonly name: 'llm';
  /** Breaks a request into task specs (asynchronously). */
  decompose(request: string, context?: DecomposeContext): Promise<Decomposition>;
}

/**
 * Creates a {@link Decomposer} that asks a language model for `{ "tasks": TaskSpec[] }`.
 *
 * The system prompt carries the answer format, the rules (atomic tasks, explicit dependencies,
 * `touches`, estimates, what is critical), the role catalogue and the pattern templates. Each
 * answer is parsed and validated with the TaskSpec schema and `buildDag`; an invalid one (bad
 * JSON, wrong fields, unknown role, duplicate ids, unknown dependency, cycle, too many tasks) is
 * sent back with the exact error, at most `maxRetries` times. Then `decompose` rejects with
 * `INVALID_PLAN` (`details.errors` lists every rejection), or returns the pattern decomposer's
 * plan when `fallback: 'pattern'`.
 *
 * A model's `critical: true` is kept; `critical: false` is dropped, and `plan()` re-applies the
 * deterministic critical rules, so a model can add a critical flag but never remove one. Model
 * answers never set `command` or `kind`.
 *
 * @example
 * ```ts
 * import { createAnthropic } from '@ai-sdk/anthropic';
 * const decomposer = llmDecomposer({ model: createAnthropic()('claude-sonnet-4-5'), fallback: 'pattern' });
 * const result = await plan('Add SSO login with Okta', { decomposer });
 * // or: llmDecomposer({ model: 'openai-compatible:llama3.1', baseUrl: 'http://localhost:11434/v1' })
 * ```
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options. `decompose` rejects with
 * `INVALID_REQUEST` / `LIMIT_EXCEEDED` for bad text, `INVALID_PLAN` when no valid plan came,
 * `INVALID_CONFIG` (401/403/404, missing package) or `ADAPTER_FAILED` when the model cannot be
 * called, `ABORTED` / `TASK_TIMEOUT` when `context.signal` aborts.
 */
export function llmDecomposer(options: LlmDecomposerOptions): LlmDecomposer {
  const config = _resolveOptions(options);
  const resolveModel = lazyModel(config);

  const decompose = async (request: string, context?: DecomposeContext): Promise<Decomposition> => {
    const text = normaliseRequest(request);
    const signal = _signalOf(context);
    if (signal?.aborted === true) throw new WavefrontError('ABORTED', 'decompose: aborted before it started', { cause: signal.reason });
    try {
      return await _plan(text, await resolveModel(), config, signal);
    } catch (error) {
      if (config.fallback !== 'pattern' || !isWavefrontError(error) || error.code === 'ABORTED' || error.code === 'TASK_TIMEOUT') throw error;
      _observe(config.onFallback, error);
      return patternDecomposer.decompose(request);
    }
  };

  return Object.freeze({ name: 'llm' as const, decompose });
}

// --- Internal helpers ---

interface _Config {
  readonly model: LanguageModelLike | string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly maxRetries: number;
  readonly fallback: 'pattern' | false;
  readonly mode: OutputMode;
  readonly maxTasks: number;
  readonly temperature: number;
  readonly maxOutputTokens: number | undefined;
  readonly instructions: string | undefined;
  readonly rateLimit: ModelRetryOptions | undefined;
  readonly limiter: ProviderLimiter | false | undefined;
  readonly onAttempt: ((attempt: LlmAttempt) => void) | undefined;
  readonly onFallback: ((error: WavefrontError) => void) | undefined;
}

async function _plan(text: string, model: LanguageModelLike, config: _Config, signal: AbortSignal | undefined): Promise<Decomposition> {
  const system = plannerSystemPrompt({ maxTasks: config.maxTasks, instructions: config.instructions });
  const messages: ChatMessage[] = [{ role: 'user', content: plannerRequestMessage(text) }];
  const limiter = modelLimiter(config.limiter, model);
  const errors: { attempt: number; code: string; error: string }[] = [];
  for (let attempt = 1; attempt <= config.maxRetries + 1; attempt += 1) {
    const answer = await callModel({
      owner: 'llm decomposer',
      model,
      system,
      messages,
      mode: config.mode,
      schema: PLAN_ANSWER_JSON_SCHEMA,
      temperature: config.temperature,
      maxOutputTokens: config.maxOutputTokens,
      signal,
      retry: config.rateLimit,
      limiter,
    });
    const check = checkPlanAnswer(answer, config.maxTasks);
    _observe(config.onAttempt, {
      attempt,
      ok: check.ok,
      ...(check.ok ? {} : { error: check.error, code: check.code }),
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
    });
    if (check.ok) return { pattern: _pattern(text, check.pattern), tasks: check.tasks };
    errors.push({ attempt, code: check.code, error: check.error });
    messages.push({ role: 'assistant', content: answer.text.trim() === '' ? '(empty answer)' : answer.text }, { role: 'user', content: plannerRepairMessage(check.error) });
  }
  const last = errors[errors.length - 1];
  throw new WavefrontError(
    'INVALID_PLAN',
    `llm decomposer: ${modelLabel(model)} gave no valid plan in ${errors.length} ${errors.length === 1 ? 'answer' : 'answers'}; last error: ${last?.error ?? 'unknown'}`,
    { details: { model: modelLabel(model), attempts: errors.length, errors } },
  );
}

function _pattern(text: string, fromModel: PatternMatch['id'] | undefined): PatternMatch {
  let recognised: PatternMatch | undefined;
  try {
    recognised = recognisePattern(text);
  } catch {
    recognised = undefined;
  }
  if (fromModel !== undefined) {
    return { id: fromModel, label: PATTERN_LABELS[fromModel], matched: recognised?.id === fromModel ? recognised.matched : [] };
  }
  return recognised ?? { id: 'generic', label: PATTERN_LABELS.generic, matched: [] };
}

function _observe<T>(observer: ((value: T) => void) | undefined, value: T): void {
  try {
    observer?.(value);
  } catch {
    // An observer must not change the outcome.
  }
}

function _signalOf(context: DecomposeContext | undefined): AbortSignal | undefined {
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `context: expected an object, got ${describeValue(context)}`, { details: { field: 'context' } });
  }
  const { signal } = context;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new WavefrontError('INVALID_ARGUMENT', `context.signal: expected an AbortSignal, got ${describeValue(signal)}`, { details: { field: 'context.signal' } });
  }
  return signal;
}

function _resolveOptions(options: LlmDecomposerOptions): _Config {
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new WavefrontError('INVALID_CONFIG', `llmDecomposer: ${field}: expected ${expected}, got ${describeValue(value)}`, { details: { field } });
  };
  if (typeof options !== 'object' || options === null) fail('options', 'an options object with a model', options);
  const {
    model,
    baseUrl,
    apiKey,
    maxRetries = 2,
    fallback = false,
    mode = 'auto',
    maxTasks = 60,
    temperature = 0,
    maxOutputTokens,
    instructions,
    rateLimit,
    limiter,
    onAttempt,
    onFallback,
  } = options;
  checkModelOptions('llmDecomposer', { model, baseUrl, apiKey, temperature, maxOutputTokens, rateLimit, limiter }, fail);
  if (!Number.isSafeInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) fail('maxRetries', 'an integer from 0 to 10', maxRetries);
  if (fallback !== false && fallback !== 'pattern') fail('fallback', '"pattern" or false', fallback);
  if (mode !== 'auto' && mode !== 'structured' && mode !== 'json' && mode !== 'text') fail('mode', '"auto", "structured", "json" or "text"', mode);
  if (!Number.isSafeInteger(maxTasks) || maxTasks < 1 || maxTasks > 1000) fail('maxTasks', 'an integer from 1 to 1000', maxTasks);
  if (instructions !== undefined && typeof instructions !== 'string') fail('instructions', 'a string', instructions);
  if (onAttempt !== undefined && typeof onAttempt !== 'function') fail('onAttempt', 'a function', onAttempt);
  if (onFallback !== undefined && typeof onFallback !== 'function') fail('onFallback', 'a function', onFallback);
  return {
    model,
    baseUrl,
    apiKey,
    maxRetries,
    fallback,
    mode,
    maxTasks,
    temperature,
    maxOutputTokens,
    instructions,
    rateLimit,
    limiter,
    onAttempt,
    onFallback,
  };
}
