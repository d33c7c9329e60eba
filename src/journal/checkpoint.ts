/**
 * Human-readable task checkpoints (the seed's `WAVE_<w>_<instance>_CHECKPOINT.txt`), written
 * atomically, and their retention after the run.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { TaskStatus } from '../execute/events.js';
import { WavefrontError } from '../model/errors.js';
import { checkRealDir, checkRegularFileOrMissing, CREATE_EXCLUSIVE, FILE_MODE, fsyncDir, isErrno, mapOpenError, requirePathString } from './fs-util.js';
import { createRedactor, type Redactor } from './redact.js';
import { assertRunId, ensureDir } from './state-dir.js';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode (default 0600). */
  readonly mode?: number | undefined;
}

/**
 * Replaces `path` atomically and durably: writes a temp file in the same directory (created with
 * `O_EXCL|O_NOFOLLOW`), fsyncs it, renames it over `path`, then fsyncs the directory. A reader
 * sees the old content or the new, never a mix. A symlink (or non-file) at `path` is refused and
 * its target never touched. On failure the temp file is removed.
 *
 * @throws {@link WavefrontError} `UNSAFE_PATH` for a symlink or non-regular file at `path` or a symlinked directory; fs errors otherwise.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = resolve(requirePathString(path, 'path'));
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new WavefrontError('INVALID_ARGUMENT', 'writeFileAtomic: data must be a string or bytes', { details: { field: 'data' } });
  }
  const dir = dirname(target);
  if (!(await checkRealDir(dir))) throw new WavefrontError('INVALID_ARGUMENT', `writeFileAtomic: directory ${dir} does not exist`, { details: { path: dir } });
  await checkRegularFileOrMissing(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, CREATE_EXCLUSIVE, options.mode ?? FILE_MODE).catch((error: unknown) => {
      throw mapOpenError(error, temp);
    });
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await checkRegularFileOrMissing(target); // re-check: a symlink planted meanwhile is refused, not replaced silently
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(dir);
}

/** Final task states a checkpoint can report. */
export type CheckpointStatus = Exclude<TaskStatus, 'pending' | 'running'>;

/** What {@link formatCheckpoint} renders. */
export interface CheckpointInput {
  /** Task title. */
  readonly task: string;
  /** Instance id (`I4`). */
  readonly instance: string;
  /** Wave index. */
  readonly wave: number;
  readonly status: CheckpointStatus;
  /** ms since the epoch. */
  readonly startedAt: number;
  /** ms since the epoch. */
  readonly endedAt: number;
  readonly filesCreated?: readonly string[] | undefined;
  readonly filesModified?: readonly string[] | undefined;
  /** Task titles or wave names that wait on this task. */
  readonly nextDependencies?: readonly string[] | undefined;
  readonly verbosity: 'minimal' | 'detailed';
  /** The agent's one-line summary. */
  readonly summary?: string | undefined;
  /** Why it failed. */
  readonly error?: string | undefined;
}

const HEADLINES: Readonly<Record<CheckpointStatus, string>> = {
  succeeded: '✅ TASK COMPLETE',
  failed: '❌ TASK FAILED',
  skipped: '⏭️ TASK SKIPPED',
  cancelled: '⛔ TASK CANCELLED',
};

const STATUS_WORDS: Readonly<Record<CheckpointStatus, string>> = { succeeded: 'SUCCESS', failed: 'FAILED', skipped: 'SKIPPED', cancelled: 'CANCELLED' };

// One line per field: newlines, other control and bidi characters in task text could forge lines.
function oneLine(text: string, max = 500): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2025-12-17 14:32:15 UTC`. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** `45 seconds`, `8 minutes`, `1 hour 5 minutes`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return plural(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const rest = minutes % 60;
  return rest === 0 ? plural(Math.floor(minutes / 60), 'hour') : `${plural(Math.floor(minutes / 60), 'hour')} ${plural(rest, 'minute')}`;
}

function fileList(label: string, files: readonly string[] | undefined): string[] {
  const list = (files ?? []).map((file) => `  - ${oneLine(file)}`);
  return [`${label}:`, ...(list.length === 0 ? ['  (none)'] : list)];
}

function requireTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new WavefrontError('INVALID_ARGUMENT', `formatCheckpoint: ${field} must be a non-negative number of ms since the epoch`, { details: { field } });
  }
  return value;
}

/**
 * Renders the seed's human-readable checkpoint text. Pure. `minimal` has the headline, Instance,
 * Task, Wave, Timestamp (the end, UTC), Duration and Status; `detailed` adds the file lists,
 * summary, error and next dependencies:
 *
 * ```text
 * ✅ TASK COMPLETE
 * Instance: I4
 * Task: Create signup endpoint
 * Wave: 3
 * Timestamp: 2025-12-17 14:32:15 UTC
 * Duration: 8 minutes
 * Files created:
 *   - app/auth/router.py
 * Files modified:
 *   - app/auth/schemas.py
 * Status: SUCCESS
 * Next dependencies: Wave 4 (Testing)
 * ```
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a bad field.
 */
export function formatCheckpoint(input: CheckpointInput): string {
  if (typeof input !== 'object' || input === null) throw new WavefrontError('INVALID_ARGUMENT', 'formatCheckpoint: expected an object');
  const headline = HEADLINES[input.status];
  if (headline === undefined) throw new WavefrontError('INVALID_ARGUMENT', `formatCheckpoint: unknown status ${JSON.stringify(input.status)}`, { details: { field: 'status' } });
  if (input.verbosity !== 'minimal' && input.verbosity !== 'detailed') {
    throw new WavefrontError('INVALID_ARGUMENT', 'formatCheckpoint: verbosity must be minimal or detailed', { details: { field: 'verbosity' } });
  }
  if (!Number.isInteger(input.wave) || input.wave < 0) throw new WavefrontError('INVALID_ARGUMENT', 'formatCheckpoint: wave must be a non-negative integer', { details: { field: 'wave' } });
  if (typeof input.task !== 'string' || typeof input.instance !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', 'formatCheckpoint: task and instance must be strings', { details: { field: 'task' } });
  }
  const startedAt = requireTime(input.startedAt, 'startedAt');
  const endedAt = requireTime(input.endedAt, 'endedAt');
  const lines = [headline, `Instance: ${oneLine(input.instance)}`, `Task: ${oneLine(input.task)}`, `Wave: ${input.wave}`, `Timestamp: ${formatTimestamp(endedAt)}`, `Duration: ${formatDuration(endedAt - startedAt)}`];
  if (input.verbosity === 'detailed') {
    lines.push(...fileList('Files created', input.filesCreated), ...fileList('Files modified', input.filesModified));
    if (input.summary !== undefined && input.summary !== '') lines.push(`Summary: ${oneLine(input.summary)}`);
    if (input.error !== undefined && input.error !== '') lines.push(`Error: ${oneLine(input.error)}`);
  }
  lines.push(`Status: ${STATUS_WORDS[input.status]}`);
  if (input.verbosity === 'detailed') {
    const next = (input.nextDependencies ?? []).map((item) => oneLine(item, 200));
    lines.push(`Next dependencies: ${next.length === 0 ? 'none' : next.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Instance ids usable in checkpoint file names. */
export const CHECKPOINT_INSTANCE_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Matches checkpoint file names: `WAVE_<w>_<instance>_CHECKPOINT.txt`. */
export const CHECKPOINT_FILE_PATTERN: RegExp = /^WAVE_(\d{1,7})_([A-Za-z0-9][A-Za-z0-9_-]{0,31})_CHECKPOINT\.txt$/;

/**
 * `WAVE_<wave>_<instance>_CHECKPOINT.txt`.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a bad wave, `UNSAFE_PATH` for an instance that is not a plain id.
 */
export function checkpointFileName(wave: number, instance: string): string {
  if (!Number.isInteger(wave) || wave < 0 || wave > 9_999_999) {
    throw new WavefrontError('INVALID_ARGUMENT', `checkpointFileName: wave must be an integer 0..9999999, got ${String(wave)}`, { details: { field: 'wave' } });
  }
  if (typeof instance !== 'string' || !CHECKPOINT_INSTANCE_PATTERN.test(instance)) {
    throw new WavefrontError('UNSAFE_PATH', `checkpointFileName: invalid instance id ${JSON.stringify(instance)}`, { details: { field: 'instance' } });
  }
  return `WAVE_${wave}_${instance}_CHECKPOINT.txt`;
}

/** Options of {@link writeCheckpoint}. */
export interface WriteCheckpointOptions {
  /** Environment whose secrets are redacted (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** A redactor built once for many checkpoints (instead of scanning `env` per write). */
  readonly redact?: Redactor | undefined;
}

/**
 * Formats a checkpoint, redacts secrets from it and writes it atomically to
 * `<runDir>/WAVE_<w>_<instance>_CHECKPOINT.txt` (a later task of the same wave and instance replaces it).
 *
 * @returns the absolute path written.
 */
export async function writeCheckpoint(runDir: string, input: CheckpointInput, options: WriteCheckpointOptions = {}): Promise<string> {
  const path = join(resolve(requirePathString(runDir, 'runDir')), checkpointFileName(input.wave, input.instance));
  const text = (options.redact ?? createRedactor(options.env ?? process.env))(formatCheckpoint(input)) as string;
  await writeFileAtomic(path, text);
  return path;
}

/** What to do with checkpoint files after a run. */
export type RetentionMode = 'cleanup' | 'keep' | 'archive';

/** What {@link applyRetention} did. */
export interface RetentionResult {
  /** Checkpoint file names deleted (`cleanup`). */
  readonly removed: readonly string[];
  /** Checkpoint file names moved (`archive`). */
  readonly archived: readonly string[];
  /** `<stateDir>/archive/<runId>` (`archive`). */
  readonly archiveDir?: string | undefined;
}

/**
 * Applies checkpoint retention to a run directory `<stateDir>/runs/<runId>`: `cleanup` deletes the
 * checkpoint files (never the journal), `archive` moves them into `<stateDir>/archive/<runId>/`,
 * `keep` does nothing. Only regular files named like checkpoints are touched.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a bad mode, `UNSAFE_PATH` for symlinked directories or a bad run id.
 */
export async function applyRetention(runDir: string, mode: RetentionMode): Promise<RetentionResult> {
  if (mode !== 'cleanup' && mode !== 'keep' && mode !== 'archive') {
    throw new WavefrontError('INVALID_ARGUMENT', `checkpoint retention must be cleanup, keep or archive, got ${JSON.stringify(mode)}`, { details: { field: 'mode' } });
  }
  const dir = resolve(requirePathString(runDir, 'runDir'));
  if (mode === 'keep') return { removed: [], archived: [] };
  if (!(await checkRealDir(dir))) throw new WavefrontError('RUN_NOT_FOUND', `run directory ${dir} does not exist`, { details: { path: dir } });
  const files: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!CHECKPOINT_FILE_PATTERN.test(name)) continue;
    const stats = await lstat(join(dir, name)).catch(() => undefined);
    if (stats?.isFile() === true) files.push(name);
  }
  if (mode === 'cleanup') {
    const removed: string[] = [];
    for (const name of files) {
      try {
        await unlink(join(dir, name));
        removed.push(name);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    }
    if (removed.length > 0) await fsyncDir(dir);
    return { removed, archived: [] };
  }
  const runId = assertRunId(basename(dir));
  if (basename(dirname(dir)) !== 'runs') {
    throw new WavefrontError('INVALID_ARGUMENT', `applyRetention: ${dir} is not a run directory <stateDir>/runs/<runId>`, { details: { path: dir } });
  }
  const stateDir = dirname(dirname(dir));
  await checkRealDir(stateDir);
  const archiveDir = await ensureDir(join(stateDir, 'archive', runId), stateDir);
  const archived: string[] = [];
  for (const name of files) {
    await checkRegularFileOrMissing(join(archiveDir, name));
    await rename(join(dir, name), join(archiveDir, name));
    archived.push(name);
  }
  if (archived.length > 0) {
    await fsyncDir(archiveDir);
    await fsyncDir(dir);
  }
  return { removed: [], archived, archiveDir };
}
