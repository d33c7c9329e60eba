/**
 * Finding and reading the config file.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { WavefrontError } from '../model/errors.js';

/** Config file names looked up in `cwd`, in order. */
export const CONFIG_FILES: readonly string[] = ['wavefront.config.json', join('.claude', 'wave_config.json')];

/** A config file found on disk. */
export interface LoadedConfig {
  /** Absolute path. */
  readonly path: string;
  /** Parsed JSON (validate with `parseConfig` or pass as `plan(…, { config })`). */
  readonly value: unknown;
}

/**
 * Reads `explicitPath`, or the first of {@link CONFIG_FILES} in `cwd`. Returns undefined when no
 * file exists and none was named.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` when the file is unreadable or not JSON.
 */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<LoadedConfig | undefined> {
  const candidates = explicitPath === undefined ? CONFIG_FILES.map((name) => join(cwd, name)) : [resolve(cwd, explicitPath)];
  for (const path of candidates) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && explicitPath === undefined) continue;
      throw new WavefrontError('INVALID_CONFIG', `${path}: cannot read config (${(error as Error).message})`, { cause: error, details: { field: '', source: path } });
    }
    try {
      return { path, value: JSON.parse(text) as unknown };
    } catch (error) {
      throw new WavefrontError('INVALID_CONFIG', `${path}: not valid JSON (${(error as Error).message})`, { cause: error, details: { field: '', source: path } });
    }
  }
  return undefined;
}
