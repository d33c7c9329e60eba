/**
 * Where a run's durable state lives (`<cwd>/.wavefront/runs/<runId>/`) and how its directories are
 * created without ever following a planted symlink.
 * @module
 */
import { lstat, mkdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import { DIR_MODE, checkRealDir, isErrno, requirePathString, unsafePath } from './fs-util.js';

/** The default state directory, relative to the repository. */
export const DEFAULT_STATE_DIR = '.wavefront';

/** Run ids: safe as one path component and a git ref component. */
export const RUN_ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** True when `runId` is a valid run id (see {@link RUN_ID_PATTERN}; no `..`, not ending in `.lock`). */
export function isValidRunId(runId: unknown): runId is string {
  return typeof runId === 'string' && RUN_ID_PATTERN.test(runId) && !runId.includes('..') && !runId.endsWith('.lock');
}

/** Throws `UNSAFE_PATH` unless `runId` is a valid run id; returns it. */
export function assertRunId(runId: unknown): string {
  if (!isValidRunId(runId)) {
    throw new WavefrontError('UNSAFE_PATH', `invalid run id ${JSON.stringify(runId)}: must match ${RUN_ID_PATTERN.source}, contain no "..", and not end in ".lock"`, {
      details: { runId: typeof runId === 'string' ? runId : String(runId) },
    });
  }
  return runId;
}

/** True when `child` is `parent` or lies below it (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves the state directory of a repository to an absolute path.
 *
 * A relative `stateDir` is resolved against `cwd` and must stay strictly inside it (`../x` escapes
 * are refused); an absolute `stateDir` is taken as the user's explicit choice. Pure: no I/O.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a non-string or empty argument, `UNSAFE_PATH` for an escape.
 */
export function resolveStateDir(cwd: string, stateDir: string = DEFAULT_STATE_DIR): string {
  const root = resolve(requirePathString(cwd, 'cwd'));
  requirePathString(stateDir, 'stateDir');
  if (isAbsolute(stateDir)) return resolve(stateDir);
  const resolved = resolve(root, stateDir);
  if (resolved === root || !isInside(root, resolved)) {
    throw new WavefrontError('UNSAFE_PATH', `stateDir ${JSON.stringify(stateDir)} must name a directory inside ${root}`, { details: { path: resolved, stateDir } });
  }
  return resolved;
}

/** The directory of one run: `<stateDir>/runs/<runId>`. Pure; validates `runId`. */
export function runDir(stateDir: string, runId: string): string {
  requirePathString(stateDir, 'stateDir');
  return join(resolve(stateDir), 'runs', assertRunId(runId));
}

/**
 * Creates `dir` and its missing parents below `root` (mode 0700), refusing symlinks: every
 * component strictly below `root` is `lstat`ed and a symlink or non-directory there fails with
 * `UNSAFE_PATH`, never followed. `root` itself (e.g. the repository) is trusted and must exist.
 *
 * @returns the absolute `dir`.
 * @throws {@link WavefrontError} `UNSAFE_PATH` when `dir` is outside `root` or a component is a symlink or a file.
 */
export async function ensureDir(dir: string, root: string): Promise<string> {
  return walkDir(dir, root, true);
}

/**
 * Like {@link ensureDir} but creates nothing.
 *
 * @returns true when `dir` exists (and every component below `root` is a real directory), false when one is missing.
 */
export async function checkDir(dir: string, root: string): Promise<boolean> {
  return (await walkDir(dir, root, false)) !== '';
}

async function walkDir(dir: string, root: string, create: boolean): Promise<string> {
  const base = resolve(requirePathString(root, 'root'));
  const target = resolve(requirePathString(dir, 'dir'));
  if (!isInside(base, target)) throw unsafePath(target, `it is not inside ${base}`);
  const rootStats = await stat(base).catch((error: unknown) => {
    if (isErrno(error, 'ENOENT')) throw new WavefrontError('INVALID_ARGUMENT', `${base} does not exist`, { details: { path: base } });
    throw error;
  });
  if (!rootStats.isDirectory()) throw unsafePath(base, 'it is not a directory');
  let current = base;
  for (const part of relative(base, target).split(sep).filter((p) => p !== '')) {
    current = join(current, part);
    let stats = await lstat(current).catch((error: unknown) => {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    });
    if (stats === undefined) {
      if (!create) return '';
      try {
        await mkdir(current, { mode: DIR_MODE });
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
      }
      stats = await lstat(current);
    }
    if (stats.isSymbolicLink()) throw unsafePath(current, 'it is a symbolic link');
    if (!stats.isDirectory()) throw unsafePath(current, 'it is not a directory');
  }
  return target;
}

/**
 * Resolves and creates the state directory of `cwd` ({@link resolveStateDir} + {@link ensureDir}).
 * A state dir outside `cwd` (absolute) is checked from its parent, which must exist.
 */
export async function ensureStateDir(cwd: string, stateDir: string = DEFAULT_STATE_DIR): Promise<string> {
  const resolved = resolveStateDir(cwd, stateDir);
  const root = resolve(cwd);
  return ensureDir(resolved, isInside(root, resolved) ? root : dirname(resolved));
}

/** Creates `<stateDir>/runs/<runId>` below an existing state dir (itself not a symlink), refusing symlinks on the way. */
export async function ensureRunDir(stateDir: string, runId: string): Promise<string> {
  const dir = runDir(stateDir, runId);
  if (!(await checkRealDir(resolve(stateDir)))) {
    throw new WavefrontError('INVALID_ARGUMENT', `state dir ${resolve(stateDir)} does not exist`, { details: { path: resolve(stateDir) } });
  }
  return ensureDir(dir, resolve(stateDir));
}
