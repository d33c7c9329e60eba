/**
 * Argument parsing helpers for the CLI (node:util parseArgs, with typed errors).
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WavefrontError } from '../model/errors.js';

type Flags = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags: booleans for `type: 'boolean'`, string lists for `multiple: true`, strings otherwise. */
export type ParsedFlags<T extends Flags> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K] extends { multiple: true } ? string[] : string;
};

/** Parses argv with `parseArgs`, turning its errors into `INVALID_ARGUMENT`. */
export function parseCommandArgs<T extends Flags>(argv: readonly string[], options: T): { values: ParsedFlags<T>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as ParsedFlags<T>, positionals };
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
