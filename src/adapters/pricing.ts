/**
 * Turning token counts into US dollars for agents that do not report a cost themselves.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';

/** Prices in US dollars per million tokens. */
export interface TokenPricing {
  /** Uncached prompt tokens. */
  readonly inputUsdPerMTok: number;
  /** Completion tokens. */
  readonly outputUsdPerMTok: number;
  /** Prompt tokens served from the provider's cache. @defaultValue `inputUsdPerMTok` */
  readonly cachedInputUsdPerMTok?: number | undefined;
}

/**
 * The cost of a call. `inputTokens` counts all prompt tokens, `cachedInputTokens` the part of them
 * served from cache (OpenAI convention). Rounded to 1e-9 USD.
 */
export function costOf(tokens: { readonly inputTokens: number; readonly outputTokens: number; readonly cachedInputTokens?: number | undefined }, pricing: TokenPricing): number {
  const cached = Math.min(tokens.cachedInputTokens ?? 0, tokens.inputTokens);
  const cachedRate = pricing.cachedInputUsdPerMTok ?? pricing.inputUsdPerMTok;
  const usd = ((tokens.inputTokens - cached) * pricing.inputUsdPerMTok + cached * cachedRate + tokens.outputTokens * pricing.outputUsdPerMTok) / 1_000_000;
  return Math.round(usd * 1e9) / 1e9;
}

/**
 * Validates a `pricing` option.
 * @throws {@link WavefrontError} `INVALID_CONFIG`.
 */
export function checkPricing(adapter: string, value: unknown): TokenPricing | undefined {
  if (value === undefined) return undefined;
  const fail = (field: string, got: unknown): never => {
    throw new WavefrontError('INVALID_CONFIG', `${adapter} adapter: ${field}: expected a non-negative number of USD per million tokens, got ${describeValue(got)}`, {
      details: { field: `${adapter}.${field}` },
    });
  };
  if (typeof value !== 'object' || value === null) fail('pricing', value);
  const record = value as Record<string, unknown>;
  for (const key of ['inputUsdPerMTok', 'outputUsdPerMTok', 'cachedInputUsdPerMTok']) {
    const entry = record[key];
    if (entry === undefined && key === 'cachedInputUsdPerMTok') continue;
    if (typeof entry !== 'number' || !Number.isFinite(entry) || entry < 0) fail(`pricing.${key}`, entry);
  }
  return value as TokenPricing;
}
