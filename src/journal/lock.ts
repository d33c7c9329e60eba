/**
 * One run per repository: `<stateDir>/run.lock`, created atomically and exclusively, with
 * stale-lock takeover when its owner process is gone.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import { checkRealDir, CREATE_EXCLUSIVE, FILE_MODE, fsyncDir, isErrno, mapOpenError, O_NOFOLLOW, requirePathString } from './fs-util.js';
import { assertRunId } from './state-dir.js';

/** File name of the repository lock inside the state dir. */
export const LOCK_FILE = 'run.lock';

/** A lock file younger than this with unreadable content is assumed to be mid-write, not stale. */
const CORRUPT_LOCK_GRACE_MS = 5_000;

/** What the lock file says. */
export interface LockInfo {
  /** Owner process. */
  readonly pid: number;
  /** Run holding the lock. */
  readonly runId: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** Host of the owner (liveness can only be checked on the same host). */
  readonly hostname: string;
  /** Linux: the owner's start time (`/proc/<pid>/stat` field 22), to detect pid reuse. */
  readonly processStart?: string | undefined;
  /** Random; makes every lock file's bytes unique. */
  readonly token: string;
}

/** A held repository lock. */
export interface RunLock {
  /** Absolute path of the lock file. */
  readonly path: string;
  /** What was written into it. */
  readonly info: LockInfo;
  /** Removes the lock if it still holds our pid and run id (idempotent; never removes another run's lock). */
  release(): Promise<void>;
}

/** Options of {@link acquireRunLock}. */
export interface AcquireRunLockOptions {
  /** The run taking the lock. */
  readonly runId: string;
  /** Owner pid (default `process.pid`). */
  readonly pid?: number | undefined;
}

/** Reads `/proc/<pid>/stat` field 22 (start time in clock ticks since boot); undefined off Linux or when unreadable. */
export async function readProcessStart(pid: number): Promise<string | undefined> {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: fields after the last ')' start at field 3
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start !== undefined && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** Parses lock file bytes; undefined when they are not a valid lock. */
export function parseLockInfo(bytes: Uint8Array | string): LockInfo | undefined {
  try {
    const value = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
    const { pid, runId, startedAt, hostname: host, processStart, token } = value;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    if (typeof runId !== 'string' || typeof startedAt !== 'string' || typeof host !== 'string' || typeof token !== 'string') return undefined;
    if (processStart !== undefined && typeof processStart !== 'string') return undefined;
    return processStart === undefined ? { pid, runId, startedAt, hostname: host, token } : { pid, runId, startedAt, hostname: host, processStart, token };
  } catch {
    return undefined;
  }
}

/**
 * True when the lock's owner may still be running: same host and `process.kill(pid, 0)` succeeds
 * (or fails with EPERM) and, on Linux, its start time matches the recorded one. A lock from another
 * host is always treated as alive (its pid cannot be checked here).
 */
export async function isLockOwnerAlive(info: LockInfo): Promise<boolean> {
  if (info.hostname !== hostname()) return true;
  try {
    process.kill(info.pid, 0);
  } catch (error) {
    if (isErrno(error, 'ESRCH')) return false;
    if (!isErrno(error, 'EPERM')) return true;
  }
  if (info.processStart !== undefined) {
    const now = await readProcessStart(info.pid);
    if (now !== undefined && now !== info.processStart) return false; // the pid was reused
  }
  return true;
}

async function readLockBytes(path: string): Promise<{ bytes: Buffer; mtimeMs: number } | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw mapOpenError(error, path);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new WavefrontError('UNSAFE_PATH', `refusing ${path}: it is not a regular file`, { details: { path } });
    return { bytes: await handle.readFile(), mtimeMs: stats.mtimeMs };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads the repository lock of a state dir.
 *
 * @returns the lock, `'corrupt'` when a lock file exists but cannot be parsed, undefined when there is none.
 * @throws {@link WavefrontError} `UNSAFE_PATH` when a symlink sits at the lock path.
 */
export async function readRunLock(stateDir: string): Promise<LockInfo | 'corrupt' | undefined> {
  const read = await readLockBytes(join(resolve(requirePathString(stateDir, 'stateDir')), LOCK_FILE));
  if (read === undefined) return undefined;
  return parseLockInfo(read.bytes) ?? 'corrupt';
}

function locked(path: string, info: LockInfo | undefined, cause?: unknown): WavefrontError {
  const message =
    info === undefined
      ? `the repository lock ${path} is being written or is unreadable; another run may be starting`
      : `run ${info.runId} (pid ${info.pid} on ${info.hostname}, started ${info.startedAt}) holds the repository lock ${path}; ` +
        'wait for it to finish or stop it (if that process is gone on another host, delete the lock file)';
  return new WavefrontError('RUN_LOCKED', message, {
    cause,
    details: info === undefined ? { path } : { path, pid: info.pid, runId: info.runId, startedAt: info.startedAt, hostname: info.hostname },
  });
}

// Writes the content to a temp file and hard-links it into place: the lock appears atomically with
// its full content (no reader ever sees an empty lock) and link() fails with EEXIST if anything,
// including a symlink, is already there.
async function tryCreate(dir: string, path: string, content: Buffer): Promise<boolean> {
  const temp = join(dir, `${LOCK_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, CREATE_EXCLUSIVE, FILE_MODE).catch((error: unknown) => {
    throw mapOpenError(error, temp);
  });
  let created: boolean;
  try {
    await handle.writeFile(content);
    await handle.sync();
    try {
      await link(temp, path);
      created = true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) created = false;
      else if (isErrno(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS')) created = await createDirect(path, content);
      else throw error;
    }
  } finally {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
  }
  if (created) await fsyncDir(dir);
  return created;
}

// For filesystems without hard links: O_CREAT|O_EXCL|O_NOFOLLOW, then write.
async function createDirect(path: string, content: Buffer): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, CREATE_EXCLUSIVE, FILE_MODE);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw mapOpenError(error, path);
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Takes the repository lock `<stateDir>/run.lock` for one run. The state dir must exist and not be
 * a symlink.
 *
 * If a lock exists and its owner is alive (see {@link isLockOwnerAlive}) this fails with
 * `RUN_LOCKED` naming the running run. If the owner is dead, the stale lock is renamed to a unique
 * name, re-read to make sure it is the one observed (otherwise it is put back), deleted, and the
 * lock is created again exclusively; of several processes racing for a stale lock exactly one
 * wins and the others get `RUN_LOCKED`.
 *
 * @throws {@link WavefrontError} `RUN_LOCKED`, `UNSAFE_PATH` (symlinks), `INVALID_ARGUMENT`.
 */
export async function acquireRunLock(stateDir: string, options: AcquireRunLockOptions): Promise<RunLock> {
  const dir = resolve(requirePathString(stateDir, 'stateDir'));
  if (typeof options !== 'object' || options === null) throw new WavefrontError('INVALID_ARGUMENT', 'acquireRunLock: options must be an object');
  const runId = assertRunId(options.runId);
  const pid = options.pid ?? process.pid;
  if (!Number.isInteger(pid) || pid <= 0) throw new WavefrontError('INVALID_ARGUMENT', 'acquireRunLock: pid must be a positive integer', { details: { field: 'pid' } });
  if (!(await checkRealDir(dir))) throw new WavefrontError('INVALID_ARGUMENT', `state dir ${dir} does not exist`, { details: { path: dir } });
  const path = join(dir, LOCK_FILE);
  const processStart = await readProcessStart(pid);
  const info: LockInfo = {
    pid,
    runId,
    startedAt: new Date().toISOString(),
    hostname: hostname(),
    ...(processStart === undefined ? {} : { processStart }),
    token: randomBytes(8).toString('hex'),
  };
  const content = Buffer.from(`${JSON.stringify(info)}\n`, 'utf8');
  const held = (): RunLock => makeLock(dir, path, info, content);

  for (let round = 0; round < 4; round += 1) {
    if (await tryCreate(dir, path, content)) return held();
    const observed = await readLockBytes(path);
    if (observed === undefined) continue; // released meanwhile: try again
    const owner = parseLockInfo(observed.bytes);
    const stale = owner === undefined ? Date.now() - observed.mtimeMs > CORRUPT_LOCK_GRACE_MS : !(await isLockOwnerAlive(owner));
    if (!stale) throw locked(path, owner);
    await removeStaleLock(dir, path, observed.bytes);
    if (await tryCreate(dir, path, content)) return held();
    const winner = await readLockBytes(path);
    throw locked(path, winner === undefined ? undefined : parseLockInfo(winner.bytes));
  }
  throw locked(path, undefined);
}

/**
 * Removes the stale lock whose bytes were `observed`: renames the lock file to a unique name,
 * re-reads it, and deletes it only if it is the observed one. If another process replaced the lock
 * in between (we moved a fresh lock), the moved file is linked back into place and this throws
 * `RUN_LOCKED`. Resolves when the lock file was already gone. Exported for tests.
 * @internal
 */
export async function removeStaleLock(dir: string, path: string, observed: Uint8Array): Promise<void> {
  const aside = join(dir, `${LOCK_FILE}.${randomBytes(6).toString('hex')}.stale`);
  try {
    await rename(path, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return; // another process moved it first
    throw error;
  }
  const moved = await readFile(aside).catch(() => undefined);
  if (moved === undefined || !moved.equals(observed)) {
    // We moved a fresh lock another process just created: put it back and give way.
    if (moved !== undefined) await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    throw locked(path, moved === undefined ? undefined : parseLockInfo(moved));
  }
  await unlink(aside);
  await fsyncDir(dir);
}

function makeLock(dir: string, path: string, info: LockInfo, content: Buffer): RunLock {
  let released: Promise<void> | undefined;
  return {
    path,
    info,
    release(): Promise<void> {
      released ??= (async () => {
        const current = await readLockBytes(path).catch(() => undefined);
        if (current === undefined || !current.bytes.equals(content)) return; // taken over: not ours any more
        await unlink(path).catch((error: unknown) => {
          if (!isErrno(error, 'ENOENT')) throw error;
        });
        await fsyncDir(dir);
      })();
      return released;
    },
  };
}
