/**
 * The AI SDK adapter: a model-only agent (no tools, no file access) for text tasks such as
 * documentation drafts, analysis and review, through the Vercel AI SDK's `generateText`.
 *
 * Published as `wavefront/adapters/ai-sdk`.
 *
 * @example
 * ```ts
 * import { createAnthropic } from '@ai-sdk/anthropic';
 * import { createAiSdkAdapter } from 'wavefront/adapters/ai-sdk';
 * const reviewer = createAiSdkAdapter({ model: createAnthropic()('claude-sonnet-4-5') });
 * new Orchestrator({ cwd, adapter: codingAgent, adapters: { 'code-reviewer': reviewer } });
 * ```
 * @module
 */
import { callModel, type ModelRetryOptions } from '../llm/call-model.js';
import { modelLabel, type LanguageModelLike } from '../llm/model.js';
import { checkModelOptions, lazyModel, modelLimiter, type ModelOptions } from '../llm/model-options.js';
import { isWavefrontError } from '../model/errors.js';
import { abortError } from './abort.js';
import { buildAgentPrompt } from './agent-prompt.js';
import { checkOptionsObject, checkRequest, checkString, oneLine, optionError, safeReport } from './agent-options.js';
import { checkPricing, costOf, type TokenPricing } from './pricing.js';
import type { ProviderLimiter } from './provider-limiter.js';
import { checkRolePrompts, rolePromptFor, type RolePromptOverrides } from './role-prompts.js';
import type { AgentAdapter, AgentRequest, AgentResult, AgentUsage } from './types.js';

export { ROLE_PROMPTS, rolePromptFor } from './role-prompts.js';
export type { RolePromptOverrides } from './role-prompts.js';
export type { LanguageModelLike } from '../llm/model.js';
export type { ModelRetryOptions } from '../llm/call-model.js';
export type { ModelOptions } from '../llm/model-options.js';
export type { TokenPricing } from './pricing.js';
export { parseModelSpec } from '../llm/model-spec.js';
export { createProviderLimiter, sharedProviderLimiter, withRateLimitRetry } from './rate-limit.js';
export type { ProviderLimiter, ProviderLimiterOptions, RateLimitRetryInfo, RateLimitRetryOptions } from './rate-limit.js';

/** The adapter's default `name`. */
export const AI_SDK_ADAPTER_NAME = 'ai-sdk';

const ADAPTER = AI_SDK_ADAPTER_NAME;

/** Options of {@link createAiSdkAdapter}. */
export interface AiSdkAdapterOptions extends ModelOptions {
  /** The adapter's name. @defaultValue 'ai-sdk' */
  readonly name?: string | undefined;
  /** Role prompt overrides by role key or instance id (the system prompt). @defaultValue {@link ROLE_PROMPTS} */
  readonly rolePrompts?: RolePromptOverrides | undefined;
  /** Sampling temperature. @defaultValue the provider's default */
  readonly temperature?: number | undefined;
  /** An answer starting with this marks the task failed. @defaultValue 'FAILED:' */
  readonly failurePrefix?: string | undefined;
  /** Prices to compute `usage.costUsd` from tokens. */
  readonly pricing?: TokenPricing | undefined;
}

/** The `output` of an AI SDK result. JSON-serialisable. */
export interface AiSdkOutput {
  /** The model's full answer. */
  readonly text: string;
  /** `provider:modelId`. */
  readonly model: string;
  /** Why generation stopped (`stop`, `length`, ...), or null. */
  readonly finishReason: string | null;
  /** The error code when the model could not be called. */
  readonly error?: string | undefined;
}

/**
 * Creates a model-only adapter. Per task it sends the role prompt (system) and the task prompt
 * (task, files, dependency results) to the model with `generateText`, through
 * `withRateLimitRetry` and the provider's concurrency limiter.
 *
 * - Result: `ok: true` with the answer's first line as `summary` and `output` an
 *   {@link AiSdkOutput}; `ok: false` when the answer is empty or starts with `failurePrefix`, or
 *   when the model cannot be called (after retries); `usage` is `{ inputTokens, outputTokens }`
 *   plus `costUsd` when `pricing` is given. The adapter changes no files.
 * - Progress: one report when the call starts.
 * - Abort: the HTTP request is aborted; rejects with the signal's {@link WavefrontError}.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options.
 */
export function createAiSdkAdapter(options: AiSdkAdapterOptions): AgentAdapter {
  const config = _resolveOptions(options);
  const resolveModel = lazyModel(config);

  const adapter: AgentAdapter = {
    name: config.name,
    async run(request: AgentRequest): Promise<AgentResult> {
      checkRequest(config.name, request);
      if (request.signal.aborted) throw abortError(request.signal, request.task.id);
      const resolved = await resolveModel();
      const label = modelLabel(resolved);
      safeReport(request, `asking ${label}`);
      let answer;
      try {
        answer = await callModel({
          owner: `${config.name} adapter`,
          model: resolved,
          system: `${rolePromptFor(request.role, config.rolePrompts)}\n\n${_modelOnlyRules(config.failurePrefix)}`,
          messages: [{ role: 'user', content: buildAgentPrompt(request) }],
          mode: 'text',
          temperature: config.temperature,
          maxOutputTokens: config.maxOutputTokens,
          signal: request.signal,
          retry: config.rateLimit,
          limiter: modelLimiter(config.limiter, resolved),
        });
      } catch (error) {
        if (request.signal.aborted) throw abortError(request.signal, request.task.id);
        if (!isWavefrontError(error) || error.code === 'ABORTED' || error.code === 'TASK_TIMEOUT') throw error;
        const output: AiSdkOutput = { text: '', model: label, finishReason: null, error: error.code };
        return { ok: false, summary: oneLine(error.message), output };
      }
      const text = answer.text.trim();
      const failed = text === '' || text.startsWith(config.failurePrefix);
      const firstLine = oneLine((failed ? text.slice(config.failurePrefix.length) : text).split('\n').find((line) => line.trim() !== '') ?? '');
      const output: AiSdkOutput = { text: answer.text, model: label, finishReason: answer.finishReason ?? null };
      const usage = _usage(answer.inputTokens, answer.outputTokens, config.pricing);
      const summary = text === '' ? `${label} gave an empty answer` : failed ? `failed: ${firstLine || 'no reason given'}` : firstLine;
      return { ok: !failed, summary, output, ...(usage === undefined ? {} : { usage }) };
    },
  };
  return adapter;
}

// --- Internal helpers ---

interface _Config {
  readonly model: LanguageModelLike | string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly name: string;
  readonly rolePrompts: RolePromptOverrides | undefined;
  readonly temperature: number | undefined;
  readonly maxOutputTokens: number | undefined;
  readonly failurePrefix: string;
  readonly pricing: TokenPricing | undefined;
  readonly rateLimit: ModelRetryOptions | undefined;
  readonly limiter: ProviderLimiter | false | undefined;
}

function _modelOnlyRules(failurePrefix: string): string {
  return [
    'You work without tools: you cannot read or change files or run commands. Everything you know is in the task below.',
    'Answer with the deliverable itself (the text, analysis or review asked for), starting with a one-line summary.',
    `If you cannot do the task with what you were given, start your answer with "${failurePrefix}" followed by the reason.`,
  ].join('\n');
}

function _usage(inputTokens: number | undefined, outputTokens: number | undefined, pricing: TokenPricing | undefined): AgentUsage | undefined {
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  return {
    ...(inputTokens === undefined ? {} : { inputTokens }),
    ...(outputTokens === undefined ? {} : { outputTokens }),
    ...(pricing === undefined ? {} : { costUsd: costOf({ inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 }, pricing) }),
  };
}

function _resolveOptions(options: AiSdkAdapterOptions): _Config {
  if (options === undefined) throw optionError(ADAPTER, 'options', 'an options object with a model', options);
  checkOptionsObject(ADAPTER, options);
  const { model, baseUrl, apiKey, name = ADAPTER, rolePrompts, temperature, maxOutputTokens, failurePrefix = 'FAILED:', pricing, rateLimit, limiter } = options;
  checkModelOptions(`${ADAPTER} adapter`, options, (field, expected, value) => {
    throw optionError(ADAPTER, field, expected, value);
  });
  return {
    model,
    baseUrl,
    apiKey,
    name: checkString(ADAPTER, 'name', name),
    rolePrompts: checkRolePrompts(rolePrompts, ADAPTER),
    temperature,
    maxOutputTokens,
    failurePrefix: checkString(ADAPTER, 'failurePrefix', failurePrefix),
    pricing: checkPricing(ADAPTER, pricing),
    rateLimit,
    limiter,
  };
}
