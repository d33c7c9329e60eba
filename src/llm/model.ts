/**
 * The language model type wavefront accepts, without depending on the AI SDK's types.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';

/**
 * An AI SDK language model (`LanguageModelV2` / `LanguageModelV3`, what `anthropic('claude-…')` or
 * `createOpenAICompatible(…)('model')` return). Declared structurally so that wavefront's types do
 * not require the `ai` package.
 */
export interface LanguageModelLike {
  /** `v2` or `v3`. */
  readonly specificationVersion: string;
  /** Provider id (`anthropic.messages`, `openai.chat`, `<name>.chat`). */
  readonly provider: string;
  /** Model id. */
  readonly modelId: string;
}

/** True when `value` looks like an AI SDK language model. */
export function isLanguageModel(value: unknown): value is LanguageModelLike {
  if (typeof value !== 'object' || value === null) return false;
  const model = value as Record<string, unknown>;
  return typeof model['specificationVersion'] === 'string' && typeof model['provider'] === 'string' && typeof model['modelId'] === 'string';
}

/**
 * Validates a `model` option: a language model object.
 * @throws {@link WavefrontError} `INVALID_CONFIG`.
 */
export function checkModel(owner: string, value: unknown): LanguageModelLike {
  if (!isLanguageModel(value)) {
    throw new WavefrontError(
      'INVALID_CONFIG',
      `${owner}: model: expected an AI SDK language model (e.g. anthropic('claude-sonnet-4-5')) or a "provider:model" string, got ${describeValue(value)}`,
      { details: { field: 'model' } },
    );
  }
  return value;
}

/** `provider:model` for messages. */
export function modelLabel(model: LanguageModelLike): string {
  return `${model.provider}:${model.modelId}`;
}
