/**
 * Small filesystem helpers shared by the journal modules: no-follow open flags, directory fsync and
 * errno checks.
 * @module
 */
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { WavefrontError } from '../model/errors.js';

/** `O_NOFOLLOW` where the platform has it (0 on Windows, where symlinks need privileges anyway). */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0;

/** Flags for creating a new file exclusively, never through a symlink. */
export const CREATE_EXCLUSIVE: number = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;

/** Mode of every file wavefront writes into its state directory (they may hold task text). */
export const FILE_MODE = 0o600;

/** Mode of every directory wavefront creates in its state directory. */
export const DIR_MODE = 0o700;

/** True when `error` is a Node system error with one of the given `code`s. */
export function isErrno(error: unknown, ...codes: string[]): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && codes.includes(String((error as { code?: unknown }).code));
}

/** Fsyncs a directory so a create, rename or unlink inside it survives a power loss. No-op where unsupported. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync directories; some filesystems refuse fsync on them.
    if (!isErrno(error, 'EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'EACCES', 'ENOTSUP')) throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** An `UNSAFE_PATH` error for a symlink or non-regular entry found at `path`. */
export function unsafePath(path: string, why: string, cause?: unknown): WavefrontError {
  return new WavefrontError('UNSAFE_PATH', `refusing ${path}: ${why}`, { cause, details: { path } });
}

/** Maps an `ELOOP` (O_NOFOLLOW met a symlink) to `UNSAFE_PATH`; other errors pass through. */
export function mapOpenError(error: unknown, path: string): unknown {
  if (isErrno(error, 'ELOOP', 'EMLINK')) return unsafePath(path, 'it is a symbolic link', error);
  return error;
}

/**
 * Lstats `path` and throws `UNSAFE_PATH` when it is a symlink or not of the wanted kind; false when
 * nothing exists there.
 */
async function checkEntryKind(path: string, kind: 'directory' | 'file'): Promise<boolean> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
  if (stats.isSymbolicLink()) throw unsafePath(path, 'it is a symbolic link');
  if (kind === 'directory' ? !stats.isDirectory() : !stats.isFile()) {
    throw unsafePath(path, kind === 'directory' ? 'it is not a directory' : 'it is not a regular file');
  }
  return true;
}

/**
 * Throws `UNSAFE_PATH` unless `path` is a real directory (not a symlink). Returns false when it does
 * not exist.
 */
export function checkRealDir(path: string): Promise<boolean> {
  return checkEntryKind(path, 'directory');
}

/** Throws `UNSAFE_PATH` when something other than a regular file exists at `path`; false when nothing does. */
export function checkRegularFileOrMissing(path: string): Promise<boolean> {
  return checkEntryKind(path, 'file');
}

/** Throws `INVALID_ARGUMENT` unless `value` is a non-empty string without NUL bytes. */
export function requirePathString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '' || value.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `${name} must be a non-empty path string without NUL bytes`, { details: { field: name } });
  }
  return value;
}
