/**
 * The run journal: an append-only JSONL file `<runDir>/journal.jsonl`, fsync'd on every append,
 * secrets redacted, torn tails truncated on open.
 * @module
 */
import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { checkRealDir, checkRegularFileOrMissing, FILE_MODE, fsyncDir, isErrno, mapOpenError, O_NOFOLLOW, requirePathString, unsafePath } from './fs-util.js';
import { parseJournal } from './parse.js';
import { checkRecord, JOURNAL_VERSION, type JournalEntry, type JournalRecord, type RunHeaderRecord } from './records.js';
import { createRedactor, type Redactor } from './redact.js';
import { assertRunId } from './state-dir.js';

/** File name of the journal inside a run directory. */
export const JOURNAL_FILE = 'journal.jsonl';

/** What {@link Journal.create} writes as the first record. */
export interface JournalHeader {
  readonly runId: string;
  readonly plan: Plan;
  /** The repository the run works in (absolute). */
  readonly cwd: string;
  /** ms since the epoch. */
  readonly createdAt: number;
}

/** Options of {@link Journal.create} and {@link Journal.open}. */
export interface JournalOptions {
  /** Environment whose secret-named variables are redacted (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Clock for `at` (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/** What {@link Journal.open} returns. */
export interface OpenedJournal {
  /** The journal, ready to append after the recovered records. */
  readonly journal: Journal;
  /** Every valid record, in order. */
  readonly records: JournalRecord[];
  /** Present when a torn last line was truncated away. */
  readonly recovered?: { readonly truncatedBytes: number };
}

const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | O_NOFOLLOW;

function invalid(message: string, cause?: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', message, cause === undefined ? {} : { cause });
}

async function requireRunDir(runDir: unknown): Promise<string> {
  const dir = resolve(requirePathString(runDir, 'runDir'));
  if (!(await checkRealDir(dir))) throw new WavefrontError('RUN_NOT_FOUND', `run directory ${dir} does not exist`, { details: { path: dir } });
  return dir;
}

/** An append waiting for the next group commit. */
interface PendingAppend {
  readonly copy: Record<string, unknown>;
  readonly when: number;
  resolve(record: JournalRecord): void;
  reject(error: unknown): void;
}

/**
 * An open run journal. One writer per run (the run lock guarantees it); within the process,
 * concurrent {@link Journal.append} calls are serialised so lines never interleave.
 */
export class Journal {
  /** Absolute path of `journal.jsonl`. */
  readonly path: string;
  /** Absolute run directory. */
  readonly runDir: string;
  /** The run id of the header. */
  readonly runId: string;
  readonly #handle: FileHandle;
  readonly #redact: Redactor;
  readonly #now: () => number;
  #seq: number;
  readonly #queue: PendingAppend[] = [];
  #flushing: Promise<void> | undefined;
  #broken: unknown;
  #closed = false;

  private constructor(runDir: string, runId: string, handle: FileHandle, seq: number, options: JournalOptions) {
    this.runDir = runDir;
    this.path = join(runDir, JOURNAL_FILE);
    this.runId = runId;
    this.#handle = handle;
    this.#seq = seq;
    this.#redact = createRedactor(options.env ?? process.env);
    this.#now = options.now ?? Date.now;
  }

  /** `seq` of the last durable record. */
  get lastSeq(): number {
    return this.#seq;
  }

  /**
   * Creates `<runDir>/journal.jsonl` (exclusively, never through a symlink, mode 0600) and writes the
   * `run` header durably (file and directory fsync'd). `runDir` must exist (see `ensureRunDir`) and
   * be named after `header.runId`.
   *
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` (bad header, journal already exists), `UNSAFE_PATH` (symlinks), `RUN_NOT_FOUND` (no run dir).
   */
  static async create(runDir: string, header: JournalHeader, options: JournalOptions = {}): Promise<Journal> {
    if (typeof header !== 'object' || header === null) throw invalid('Journal.create: header must be an object');
    const runId = assertRunId(header.runId);
    const dir = await requireRunDir(runDir);
    if (basename(dir) !== runId) throw invalid(`Journal.create: run dir ${dir} is not named after run id ${runId}`);
    const now = options.now ?? Date.now;
    const redact = createRedactor(options.env ?? process.env);
    const record = redact({ seq: 1, at: now(), type: 'run', v: JOURNAL_VERSION, runId, plan: header.plan, cwd: header.cwd, createdAt: header.createdAt });
    const line = serialise(record);
    const checked = checkRecord(JSON.parse(line.toString('utf8')) as unknown);
    if (!checked.ok) throw invalid(`Journal.create: invalid run header: ${checked.reason}`);
    const path = join(dir, JOURNAL_FILE);
    let handle: FileHandle;
    try {
      handle = await open(path, APPEND_FLAGS | constants.O_CREAT | constants.O_EXCL, FILE_MODE);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) {
        await checkRegularFileOrMissing(path);
        throw invalid(`run ${runId} already has a journal at ${path}; resume it instead`, error);
      }
      throw mapOpenError(error, path);
    }
    try {
      await writeAll(handle, line);
      await handle.sync();
      await fsyncDir(dir);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw error;
    }
    return new Journal(dir, runId, handle, 1, options);
  }

  /**
   * Opens an existing journal for resuming: reads every record, truncates a torn last line away
   * (ftruncate + fsync) and reports it, and returns a journal that appends after the last record.
   *
   * @throws {@link WavefrontError} `RUN_NOT_FOUND` (no run dir or journal), `UNSAFE_PATH` (symlinks),
   *   `JOURNAL_CORRUPT` with `details.line` for corruption before the last line, a bad header, or no header.
   */
  static async open(runDir: string, options: JournalOptions = {}): Promise<OpenedJournal> {
    const dir = await requireRunDir(runDir);
    const path = join(dir, JOURNAL_FILE);
    if (!(await checkRegularFileOrMissing(path))) throw new WavefrontError('RUN_NOT_FOUND', `no journal at ${path}`, { details: { path } });
    let handle: FileHandle;
    try {
      handle = await open(path, APPEND_FLAGS);
    } catch (error) {
      throw mapOpenError(error, path);
    }
    try {
      if (!(await handle.stat()).isFile()) throw unsafePath(path, 'it is not a regular file');
      const parsed = parseJournal(await handle.readFile(), path);
      const header = checkHeader(parsed.records, dir, path);
      if (parsed.tornBytes > 0) {
        await handle.truncate(parsed.validLength);
        await handle.sync();
      }
      const journal = new Journal(dir, header.runId, handle, parsed.records.length, options);
      return parsed.tornBytes > 0 ? { journal, records: parsed.records, recovered: { truncatedBytes: parsed.tornBytes } } : { journal, records: parsed.records };
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Appends one record and resolves only once it is durable (written and `fdatasync`'d). The entry is
   * deep-copied and redacted synchronously, so later mutation by the caller does not leak in; `seq`
   * is assigned in call order. After a failed write the journal refuses further appends (a
   * partial line may be on disk; resume recovers it).
   *
   * @returns the record as written.
   * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a record that fails its schema (nothing is written), or after `close()`.
   */
  append(entry: JournalEntry): Promise<JournalRecord> {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { type?: unknown }).type !== 'string') {
      return Promise.reject(invalid('Journal.append: expected a record object with a string type'));
    }
    if ((entry as { type: string }).type === 'run') return Promise.reject(invalid('Journal.append: the run header is written by Journal.create'));
    if (this.#closed) return Promise.reject(invalid(`Journal.append: the journal of run ${this.runId} is closed`));
    const { at, ...rest } = entry;
    const copy = this.#redact(rest) as Record<string, unknown>;
    delete copy['seq']; // assigned here, never by the caller
    const when = typeof at === 'number' ? at : this.#now();
    return new Promise<JournalRecord>((resolve, reject) => {
      this.#queue.push({ copy, when, resolve, reject });
      this.#kick();
    });
  }

  // Group commit: appends that arrive while a write is in flight are written together and made
  // durable by one fdatasync; each still resolves only after that fdatasync.
  #kick(): void {
    if (this.#flushing !== undefined) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      if (this.#broken !== undefined) {
        const error = new WavefrontError('JOURNAL_CORRUPT', `the journal of run ${this.runId} failed a write earlier; resume the run to recover it`, { cause: this.#broken });
        for (const item of batch) item.reject(error);
        continue;
      }
      const lines: Buffer[] = [];
      const written: { item: PendingAppend; record: JournalRecord }[] = [];
      let seq = this.#seq;
      for (const item of batch) {
        const line = serialise({ seq: seq + 1, at: item.when, ...item.copy });
        const checked = checkRecord(JSON.parse(line.toString('utf8')) as unknown);
        if (!checked.ok) {
          item.reject(invalid(`Journal.append: invalid ${String(item.copy['type'])} record: ${checked.reason}`));
          continue;
        }
        seq += 1;
        lines.push(line);
        written.push({ item, record: checked.record });
      }
      if (written.length === 0) continue;
      try {
        await writeAll(this.#handle, lines.length === 1 ? (lines[0] as Buffer) : Buffer.concat(lines));
        await this.#handle.datasync();
      } catch (error) {
        this.#broken = error;
        for (const { item } of written) item.reject(error);
        continue;
      }
      this.#seq = seq;
      for (const { item, record } of written) item.resolve(record);
    }
  }

  /** Waits for pending appends, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#flushing !== undefined) await this.#flushing;
    await this.#handle.close();
  }
}

function checkHeader(records: readonly JournalRecord[], dir: string, path: string): RunHeaderRecord {
  const header = records[0];
  if (header?.type !== 'run') {
    throw new WavefrontError('JOURNAL_CORRUPT', `${path}: line 1: the journal has no run header; refusing to resume`, { details: { path, line: 1, reason: 'no run header' } });
  }
  if (header.runId !== basename(dir)) {
    throw new WavefrontError('JOURNAL_CORRUPT', `${path}: line 1: header run id ${JSON.stringify(header.runId)} does not match the run directory`, {
      details: { path, line: 1, reason: 'run id mismatch' },
    });
  }
  return header;
}

function serialise(record: unknown): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(record);
  } catch (error) {
    throw invalid('journal record is not JSON-serialisable', error);
  }
  if (typeof text !== 'string') throw invalid('journal record is not JSON-serialisable');
  return Buffer.from(`${text}\n`, 'utf8');
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    offset += bytesWritten;
  }
}

/**
 * Reads a journal without changing it (for `wavefront status` while a run may be live): a torn tail
 * is reported in `tornBytes`, not truncated.
 *
 * @throws {@link WavefrontError} `RUN_NOT_FOUND`, `UNSAFE_PATH`, `JOURNAL_CORRUPT` as {@link Journal.open}.
 */
export async function readJournal(runDir: string): Promise<{ records: JournalRecord[]; tornBytes: number }> {
  const dir = await requireRunDir(runDir);
  const path = join(dir, JOURNAL_FILE);
  if (!(await checkRegularFileOrMissing(path))) throw new WavefrontError('RUN_NOT_FOUND', `no journal at ${path}`, { details: { path } });
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW);
  } catch (error) {
    throw mapOpenError(error, path);
  }
  try {
    const parsed = parseJournal(await handle.readFile(), path);
    checkHeader(parsed.records, dir, path);
    return { records: parsed.records, tornBytes: parsed.tornBytes };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
