/**
 * Argument parsing helpers for the CLI (node:util parseArgs, with typed errors).
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WavefrontError } from '../model/errors.js';

/** Parses argv with `parseArgs`, turning its errors into `INVALID_ARGUMENT`. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new WavefrontError('INVALID_ARGUMENT', (error as Error).message, { cause: error });
  }
}

/** Parses an integer option, or throws `INVALID_ARGUMENT` naming the flag. */
export function intOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new WavefrontError('INVALID_ARGUMENT', `${flag}: expected a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}
