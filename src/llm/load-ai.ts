/**
 * Lazy loading of the Vercel AI SDK and its provider packages (optional peers), so that the core of
 * wavefront never requires them.
 * @module
 */
import { WavefrontError } from '../model/errors.js';

/** The `ai` module. */
export type AiModule = typeof import('ai');

let cached: Promise<AiModule> | undefined;

/**
 * Imports `ai` on first use.
 * @throws {@link WavefrontError} `INVALID_CONFIG` when the package is not installed.
 */
export function loadAi(): Promise<AiModule> {
  cached ??= import('ai').catch((error: unknown) => {
    cached = undefined;
    throw missingPackage('ai', error);
  });
  return cached;
}

/**
 * The error for an optional peer package that could not be imported: `INVALID_CONFIG` telling
 * what to install when it is missing, else the import error wrapped.
 */
export function missingPackage(name: string, error: unknown): WavefrontError {
  const code = (error as { code?: unknown } | null)?.code;
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  const message = missing
    ? `the optional package "${name}" is not installed: run \`npm install ${name}\` to use LLM planning and model adapters`
    : `cannot load "${name}": ${error instanceof Error ? error.message : String(error)}`;
  return new WavefrontError('INVALID_CONFIG', message, { cause: error, details: { field: 'model', package: name } });
}
