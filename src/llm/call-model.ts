/**
 * One model call through the AI SDK's `generateText`, with wavefront's rate-limit retries (the
 * SDK's own retries are off), abort, and usage.
 * @module
 */
import { abortError } from '../adapters/abort.js';
import { errorStatus } from '../adapters/http-errors.js';
import type { ProviderLimiter } from '../adapters/provider-limiter.js';
import { withRateLimitRetry, type RateLimitRetryInfo } from '../adapters/rate-limit.js';
import { WavefrontError, isWavefrontError } from '../model/errors.js';
import { loadAi } from './load-ai.js';
import { modelLabel, type LanguageModelLike } from './model.js';

/** A chat message of a model conversation. */
export interface ChatMessage {
  /** Who said it. */
  readonly role: 'user' | 'assistant';
  /** What was said. */
  readonly content: string;
}

/** How the answer is requested. `auto`: `structured`, or `json` for a model that says it lacks structured outputs. */
export type OutputMode = 'auto' | 'structured' | 'json' | 'text';

/**
 * Resolves `auto`: `json` for a model that declares `supportsStructuredOutputs: false` (an
 * OpenAI-compatible chat model without `json_schema` support), else `structured`.
 */
export function resolveOutputMode(mode: OutputMode, model: LanguageModelLike): Exclude<OutputMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return (model as { readonly supportsStructuredOutputs?: unknown }).supportsStructuredOutputs === false ? 'json' : 'structured';
}

/** Retry settings of model calls. */
export interface ModelRetryOptions {
  /** Retries on 429 and transient errors. @defaultValue 4 */
  readonly maxRetries?: number | undefined;
  /** First backoff without `Retry-After`. @defaultValue 1000 */
  readonly baseDelayMs?: number | undefined;
  /** Longest wait. @defaultValue 60000 */
  readonly maxDelayMs?: number | undefined;
  /** Told before each wait. */
  readonly onRetry?: ((info: RateLimitRetryInfo) => void) | undefined;
}

/** Inputs of {@link callModel}. */
export interface ModelCall {
  readonly model: LanguageModelLike;
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  /** `structured`: JSON with `schema` (provider structured output / JSON tool); `json`: JSON mode; `text`: plain text; `auto`: see {@link resolveOutputMode}. */
  readonly mode: OutputMode;
  /** JSON schema of the answer, for `structured`. */
  readonly schema?: Readonly<Record<string, unknown>> | undefined;
  readonly temperature?: number | undefined;
  readonly maxOutputTokens?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly retry?: ModelRetryOptions | undefined;
  readonly limiter?: ProviderLimiter | undefined;
  /** Owner, for error messages (`llm decomposer`, `ai-sdk adapter`). */
  readonly owner: string;
}

/** What a model call produced. */
export interface ModelAnswer {
  /** The answer text (for structured output: the JSON text). */
  readonly text: string;
  /** The parsed JSON value when the SDK parsed one (structured / json modes). */
  readonly value?: unknown;
  /** Why the SDK could not parse the JSON answer, if it could not. */
  readonly parseError?: string | undefined;
  /** Prompt tokens. */
  readonly inputTokens: number | undefined;
  /** Completion tokens. */
  readonly outputTokens: number | undefined;
  /** Why generation stopped. */
  readonly finishReason: string | undefined;
}

/**
 * Calls the model once (plus rate-limit retries). Transport failures that retries did not cure
 * become a {@link WavefrontError}: `INVALID_CONFIG` for 401/403/404 (key or model), else
 * `MODEL_FAILED`, with `details.status`. Aborts reject with the signal's error.
 */
export async function callModel(call: ModelCall): Promise<ModelAnswer> {
  const ai = await loadAi();
  const { signal } = call;
  const mode = resolveOutputMode(call.mode, call.model);
  const output =
    mode === 'structured'
      ? ai.Output.object({ schema: ai.jsonSchema(call.schema ?? { type: 'object' }) })
      : mode === 'json'
        ? ai.Output.json()
        : undefined;
  const run = async (): Promise<ModelAnswer> => {
    try {
      const result = await ai.generateText({
        model: call.model as Parameters<typeof ai.generateText>[0]['model'],
        system: call.system,
        messages: call.messages.map((message) => ({ role: message.role, content: message.content })),
        maxRetries: 0,
        ...(output === undefined ? {} : { output }),
        ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
        ...(call.maxOutputTokens === undefined ? {} : { maxOutputTokens: call.maxOutputTokens }),
        ...(signal === undefined ? {} : { abortSignal: signal }),
      });
      const usage = result.totalUsage;
      let value: unknown;
      let parseError: string | undefined;
      if (output !== undefined) {
        try {
          value = result.output;
        } catch (error) {
          parseError = error instanceof Error ? error.message : String(error);
        }
      }
      return {
        text: result.text,
        ...(value === undefined ? {} : { value }),
        parseError,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        finishReason: result.finishReason,
      };
    } catch (error) {
      // A JSON answer the SDK could not parse is an answer to repair, not a transport failure.
      if (ai.NoObjectGeneratedError.isInstance(error)) {
        return {
          text: error.text ?? '',
          parseError: error.cause instanceof Error ? error.cause.message : error.message,
          inputTokens: error.usage?.inputTokens,
          outputTokens: error.usage?.outputTokens,
          finishReason: error.finishReason,
        };
      }
      throw error;
    }
  };
  try {
    return await withRateLimitRetry(run, {
      ...(signal === undefined ? {} : { signal }),
      ...(call.limiter === undefined ? {} : { limiter: call.limiter }),
      ...(call.retry?.maxRetries === undefined ? {} : { maxRetries: call.retry.maxRetries }),
      ...(call.retry?.baseDelayMs === undefined ? {} : { baseDelayMs: call.retry.baseDelayMs }),
      ...(call.retry?.maxDelayMs === undefined ? {} : { maxDelayMs: call.retry.maxDelayMs }),
      ...(call.retry?.onRetry === undefined ? {} : { onRetry: call.retry.onRetry }),
    });
  } catch (error) {
    if (signal?.aborted === true) throw abortError(signal);
    throw modelCallError(call.owner, call.model, error);
  }
}

/** Wraps a failed model call in a {@link WavefrontError} (kept as is when it already is one). */
export function modelCallError(owner: string, model: LanguageModelLike, error: unknown): WavefrontError {
  if (isWavefrontError(error)) return error;
  const status = errorStatus(error);
  const reason = error instanceof Error ? error.message : String(error);
  const code = status === 401 || status === 403 || status === 404 ? 'INVALID_CONFIG' : 'MODEL_FAILED';
  const hint = status === 401 || status === 403 ? ' (check the API key)' : status === 404 ? ' (check the model name and base URL)' : '';
  return new WavefrontError(code, `${owner}: the call to ${modelLabel(model)} failed${status === undefined ? '' : ` with HTTP ${status}`}${hint}: ${reason}`, {
    cause: error,
    details: { field: 'model', model: modelLabel(model), ...(status === undefined ? {} : { status }) },
  });
}
