/**
 * Parsing journal bytes: a torn last line is reported (to be truncated), anything else invalid is
 * corruption naming its line.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import { checkRecord, type JournalRecord } from './records.js';

/** The records of a journal file and how many bytes of it are valid. */
export interface ParsedJournal {
  /** The valid records, in order (`records[i].seq === i + 1`). */
  readonly records: JournalRecord[];
  /** Length in bytes of the valid prefix; bytes after it are a torn tail. */
  readonly validLength: number;
  /** Bytes after the valid prefix (0 when the file ends cleanly). */
  readonly tornBytes: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function corrupt(source: string, line: number, reason: string, cause?: unknown): WavefrontError {
  return new WavefrontError('JOURNAL_CORRUPT', `${source}: line ${line}: ${reason}; refusing to resume`, { cause, details: { path: source, line, reason } });
}

function parseLine(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(bytes)) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Parses the bytes of a journal. Pure.
 *
 * A last line without its newline, or an unparsable last complete line, is a torn tail (never
 * acknowledged): it is left out and counted in `tornBytes`. An unparsable line with anything after
 * it, a record failing its schema, a `seq` out of order, or a first record that is not the `run`
 * header is corruption.
 *
 * @throws {@link WavefrontError} `JOURNAL_CORRUPT` with `details.line` (1-based) and `details.reason`.
 */
export function parseJournal(data: Uint8Array, source = 'journal'): ParsedJournal {
  const records: JournalRecord[] = [];
  let start = 0;
  let line = 0;
  while (start < data.length) {
    const newline = data.indexOf(0x0a, start);
    line += 1;
    if (newline === -1) break; // torn fragment: [start, length)
    const parsed = parseLine(data.subarray(start, newline));
    if (!parsed.ok) {
      if (newline + 1 === data.length) break; // unparsable last line: torn
      throw corrupt(source, line, 'not valid JSON (and records follow it)', parsed.error);
    }
    const checked = checkRecord(parsed.value);
    if (!checked.ok) throw corrupt(source, line, `invalid record: ${checked.reason}`);
    const record = checked.record;
    if (record.seq !== line) throw corrupt(source, line, `seq ${record.seq} where ${line} was expected`);
    if ((line === 1) !== (record.type === 'run')) throw corrupt(source, line, line === 1 ? 'the first record must be the run header' : 'a second run header');
    records.push(record);
    start = newline + 1;
  }
  return { records, validLength: start, tornBytes: data.length - start };
}
