/**
 * Private, throw-away files for git operations: a copy of the user's index (so snapshots and
 * rollbacks never write the real one), commit messages, pathspec lists.
 * @module
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WavefrontError } from '../model/errors.js';

/** A temporary directory holding a copy of the index; pass `env()` to `runGit`. */
export interface TempIndex {
  /** Directory for other temporary files of the same operation (mode 0700). */
  readonly dir: string;
  /** Path of the temporary index file. */
  readonly file: string;
  /** `{ GIT_INDEX_FILE: file }` plus the extra variables given. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/** Runs `fn` with a fresh private (0700) directory under `os.tmpdir()`, removed afterwards, also on failure. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  let dir: string;
  try {
    dir = await mkdtemp(join(tmpdir(), 'wavefront-git-'));
  } catch (error) {
    throw new WavefrontError('GIT_FAILED', `could not create a temporary directory: ${String(error)}`, { cause: error });
  }
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `fn` with a temporary index seeded from `<gitDir>/index` (when it exists; a missing index is
 * an empty one). Copying keeps git's cached stat data, so `git add -A` only rehashes changed files.
 */
export async function withTempIndex<T>(gitDir: string, fn: (index: TempIndex) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    const file = join(dir, 'index');
    try {
      await copyFile(join(gitDir, 'index'), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new WavefrontError('GIT_FAILED', `could not copy the git index: ${String(error)}`, { cause: error });
      }
    }
    return fn({ dir, file, env: (extra = {}) => ({ ...extra, GIT_INDEX_FILE: file }) });
  });
}
