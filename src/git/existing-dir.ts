/**
 * The shared first check of the git entry points that take a work-tree path.
 * @module
 */
import { statSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WavefrontError } from '../model/errors.js';

/**
 * Resolves `path` to an absolute path and returns it.
 * @throws {@link WavefrontError} `NOT_A_GIT_REPOSITORY` when it is not an existing directory.
 */
export function existingDirectory(path: string): string {
  const dir = resolve(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) throw new WavefrontError('NOT_A_GIT_REPOSITORY', `${dir} is not an existing directory`, { details: { cwd: dir } });
  return dir;
}

/** True when something (a file, directory or symlink, even a dangling one) is at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
