/**
 * `provider:model` strings (CLI `--model`) turned into AI SDK language models.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { missingPackage } from './load-ai.js';
import type { LanguageModelLike } from './model.js';

/** Providers {@link parseModelSpec} knows. */
export const MODEL_PROVIDERS = ['openai-compatible', 'anthropic', 'openai'] as const;

/** A provider of {@link MODEL_PROVIDERS}. */
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/** Options of {@link parseModelSpec}. */
export interface ModelSpecOptions {
  /** Base URL of the API (`http://localhost:11434/v1`). Required for `openai-compatible`. */
  readonly baseUrl?: string | undefined;
  /** API key; defaults to the provider's environment variable. */
  readonly apiKey?: string | undefined;
  /** Where keys are read from. @defaultValue process.env */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Extra HTTP headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** `openai-compatible` only: the server supports `json_schema` structured outputs. @defaultValue false (JSON mode) */
  readonly structuredOutputs?: boolean | undefined;
}

/** A parsed `provider:model` string. */
export interface ModelSpec {
  /** The provider. */
  readonly provider: ModelProvider;
  /** The model id (may itself contain `:`, as in `llama3.1:8b`). */
  readonly modelId: string;
}

/**
 * Splits `provider:model` at the first `:`. Pure.
 * @throws {@link WavefrontError} `INVALID_CONFIG` for an unknown provider or an empty model.
 */
export function splitModelSpec(spec: string): ModelSpec {
  if (typeof spec !== 'string') throw _configError(`model: expected "provider:model", got ${describeValue(spec)}`);
  const colon = spec.indexOf(':');
  const provider = (colon === -1 ? spec : spec.slice(0, colon)).trim();
  const modelId = colon === -1 ? '' : spec.slice(colon + 1).trim();
  if (!(MODEL_PROVIDERS as readonly string[]).includes(provider)) {
    throw _configError(`model: unknown provider ${JSON.stringify(provider)} in ${JSON.stringify(spec)}; expected ${MODEL_PROVIDERS.map((p) => `${p}:<model>`).join(', ')}`);
  }
  if (modelId === '' || modelId.includes('\0')) throw _configError(`model: ${JSON.stringify(spec)} names no model; expected ${provider}:<model>`);
  return { provider: provider as ModelProvider, modelId };
}

/**
 * Builds an AI SDK language model from `openai-compatible:<model>`, `anthropic:<model>` or
 * `openai:<model>`, importing the provider package (`@ai-sdk/openai-compatible`,
 * `@ai-sdk/anthropic`, `@ai-sdk/openai`) lazily.
 *
 * Keys: `apiKey`, else `ANTHROPIC_API_KEY` (anthropic) or `OPENAI_API_KEY` (openai; optional for
 * openai-compatible, whose local servers often need none). `openai-compatible` requires `baseUrl`.
 *
 * @example
 * ```ts
 * const model = await parseModelSpec('openai-compatible:llama3.1', { baseUrl: 'http://localhost:11434/v1' });
 * const decomposer = llmDecomposer({ model });
 * ```
 * @throws {@link WavefrontError} `INVALID_CONFIG` for a bad spec, a missing key or base URL, or a
 * provider package that is not installed.
 */
export async function parseModelSpec(spec: string, options: ModelSpecOptions = {}): Promise<LanguageModelLike> {
  const { provider, modelId } = splitModelSpec(spec);
  const config = _checkOptions(options);
  const env = config.env ?? process.env;
  const headers = config.headers === undefined ? {} : { headers: { ...config.headers } };
  const baseURL = config.baseUrl === undefined ? {} : { baseURL: config.baseUrl };
  switch (provider) {
    case 'openai-compatible': {
      if (config.baseUrl === undefined) throw _configError(`model: ${spec} needs a base URL (--base-url, or the baseUrl option)`, 'baseUrl');
      const apiKey = config.apiKey ?? _nonEmpty(env['OPENAI_API_KEY']);
      const module = await import('@ai-sdk/openai-compatible').catch((error: unknown) => {
        throw missingPackage('@ai-sdk/openai-compatible', error);
      });
      const providerInstance = module.createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: config.baseUrl,
        ...(apiKey === undefined ? {} : { apiKey }),
        ...headers,
        ...(config.structuredOutputs === undefined ? {} : { supportsStructuredOutputs: config.structuredOutputs }),
      });
      return providerInstance(modelId) as LanguageModelLike;
    }
    case 'anthropic': {
      const apiKey = config.apiKey ?? _nonEmpty(env['ANTHROPIC_API_KEY']);
      if (apiKey === undefined) throw _configError(`model: ${spec} needs an API key: set ANTHROPIC_API_KEY or pass apiKey`, 'apiKey');
      const module = await import('@ai-sdk/anthropic').catch((error: unknown) => {
        throw missingPackage('@ai-sdk/anthropic', error);
      });
      return module.createAnthropic({ apiKey, ...baseURL, ...headers })(modelId) as LanguageModelLike;
    }
    case 'openai': {
      const apiKey = config.apiKey ?? _nonEmpty(env['OPENAI_API_KEY']);
      if (apiKey === undefined) throw _configError(`model: ${spec} needs an API key: set OPENAI_API_KEY or pass apiKey`, 'apiKey');
      const module = await import('@ai-sdk/openai').catch((error: unknown) => {
        throw missingPackage('@ai-sdk/openai', error);
      });
      return module.createOpenAI({ apiKey, ...baseURL, ...headers })(modelId) as LanguageModelLike;
    }
  }
}

// --- Internal helpers ---

function _checkOptions(options: ModelSpecOptions): ModelSpecOptions {
  if (typeof options !== 'object' || options === null) throw _configError(`model options: expected an object, got ${describeValue(options)}`, 'options');
  const { baseUrl, apiKey, env, headers, structuredOutputs } = options;
  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw _configError(`baseUrl: expected an http(s) URL, got ${describeValue(baseUrl)}`, 'baseUrl');
    }
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey === '')) throw _configError(`apiKey: expected a non-empty string, got ${describeValue(apiKey)}`, 'apiKey');
  if (env !== undefined && (typeof env !== 'object' || env === null)) throw _configError(`env: expected an object, got ${describeValue(env)}`, 'env');
  if (headers !== undefined && (typeof headers !== 'object' || headers === null || Object.values(headers).some((value) => typeof value !== 'string'))) {
    throw _configError(`headers: expected an object of strings, got ${describeValue(headers)}`, 'headers');
  }
  if (structuredOutputs !== undefined && typeof structuredOutputs !== 'boolean') throw _configError(`structuredOutputs: expected a boolean, got ${describeValue(structuredOutputs)}`, 'structuredOutputs');
  return options;
}

function _nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function _configError(message: string, field = 'model'): WavefrontError {
  return new WavefrontError('INVALID_CONFIG', message, { details: { field } });
}
