/**
 * The options every model user (the AI SDK adapter, the LLM decomposer) shares: the model, given
 * as an object or as a `provider:model` string resolved lazily, and how it is called.
 * @module
 */
import { sharedProviderLimiter, type ProviderLimiter } from '../adapters/provider-limiter.js';
import type { ModelRetryOptions } from './call-model.js';
import { checkModel, isLanguageModel, type LanguageModelLike } from './model.js';
import { parseModelSpec, splitModelSpec } from './model-spec.js';

/** Options shared by everything that calls a model. */
export interface ModelOptions {
  /** An AI SDK language model, or a `provider:model` string resolved with `parseModelSpec`. */
  readonly model: LanguageModelLike | string;
  /** Base URL for a string `model` (required for `openai-compatible:`). */
  readonly baseUrl?: string | undefined;
  /** API key for a string `model` (defaults to the provider's environment variable). */
  readonly apiKey?: string | undefined;
  /** Completion token limit. @defaultValue the provider's default */
  readonly maxOutputTokens?: number | undefined;
  /** Retries of model calls on 429 and transient errors (the AI SDK's own retries are off). */
  readonly rateLimit?: ModelRetryOptions | undefined;
  /** Concurrency limiter of the provider; `false` for none. @defaultValue the shared limiter of the model's provider */
  readonly limiter?: ProviderLimiter | false | undefined;
}

/** Throws the owner's `INVALID_CONFIG` error for option `field`. */
export type OptionFailure = (field: string, expected: string, value: unknown) => never;

/**
 * Checks the {@link ModelOptions} and a sampling `temperature` (0 to 2, when given). `owner` names
 * the caller in the model error; every other error comes from `fail`.
 * @throws {@link WavefrontError} `INVALID_CONFIG`.
 */
export function checkModelOptions(owner: string, options: ModelOptions & { readonly temperature?: number | undefined }, fail: OptionFailure): void {
  const { model, baseUrl, apiKey, temperature, maxOutputTokens, rateLimit, limiter } = options;
  if (typeof model === 'string') splitModelSpec(model);
  else if (!isLanguageModel(model)) checkModel(owner, model);
  if (typeof model !== 'string' && (baseUrl !== undefined || apiKey !== undefined)) {
    fail(baseUrl !== undefined ? 'baseUrl' : 'apiKey', 'to be given only with a "provider:model" string model', baseUrl ?? apiKey);
  }
  if (temperature !== undefined && (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0 || temperature > 2)) {
    fail('temperature', 'a number from 0 to 2', temperature);
  }
  if (maxOutputTokens !== undefined && (!Number.isSafeInteger(maxOutputTokens) || maxOutputTokens < 1)) fail('maxOutputTokens', 'a positive integer', maxOutputTokens);
  if (rateLimit !== undefined && (typeof rateLimit !== 'object' || rateLimit === null)) fail('rateLimit', 'an object', rateLimit);
  if (limiter !== undefined && limiter !== false && (typeof limiter !== 'object' || limiter === null || typeof limiter.run !== 'function')) {
    fail('limiter', 'a ProviderLimiter or false', limiter);
  }
}

/**
 * Returns a function that resolves the model on first use (a string with `parseModelSpec`) and
 * then returns the same model; a failed resolution is forgotten, so the next call tries again.
 */
export function lazyModel(options: Pick<ModelOptions, 'model' | 'baseUrl' | 'apiKey'>): () => Promise<LanguageModelLike> {
  const { model, baseUrl, apiKey } = options;
  let resolved: Promise<LanguageModelLike> | undefined;
  return () => {
    resolved ??= (
      typeof model === 'string'
        ? parseModelSpec(model, { ...(baseUrl === undefined ? {} : { baseUrl }), ...(apiKey === undefined ? {} : { apiKey }) })
        : Promise.resolve(model)
    ).catch((error: unknown) => {
      resolved = undefined;
      throw error;
    });
    return resolved;
  };
}

/** The limiter for calls to `model`: `limiter`, none for `false`, else the shared limiter of its provider. */
export function modelLimiter(limiter: ProviderLimiter | false | undefined, model: LanguageModelLike): ProviderLimiter | undefined {
  return limiter === false ? undefined : (limiter ?? sharedProviderLimiter(model.provider));
}
