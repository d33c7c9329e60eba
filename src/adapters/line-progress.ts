/**
 * Turns a child's output into throttled one-line progress reports.
 * @module
 */
import { StringDecoder } from 'node:string_decoder';
import type { AgentProgress } from './types.js';

const MAX_MESSAGE_LENGTH = 200;
const MAX_PARTIAL_LENGTH = 4096;

/** Feeds output chunks in; reports the newest complete line at most once per interval. */
export interface LineProgress {
  /** Takes a chunk of one stream. */
  push(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** Stops reporting (a pending trailing report is dropped). */
  cancel(): void;
}

/**
 * Creates a {@link LineProgress}: the first line is reported at once, later ones at most every
 * `intervalMs` (the newest wins). Errors thrown by `report` are swallowed: progress is best effort.
 */
export function createLineProgress(report: (progress: AgentProgress) => void, intervalMs: number): LineProgress {
  const streams = { stdout: _createSplitter(), stderr: _createSplitter() };
  let lastReportAt = Number.NEGATIVE_INFINITY;
  let pending: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;

  const emit = (message: string): void => {
    lastReportAt = Date.now();
    try {
      report({ message });
    } catch {
      // A broken progress sink must not fail the task.
    }
  };
  const flush = (): void => {
    timer = undefined;
    if (cancelled || pending === undefined) return;
    const message = pending;
    pending = undefined;
    emit(message);
  };

  return {
    push(stream, chunk) {
      if (cancelled) return;
      const line = streams[stream](chunk);
      if (line === undefined) return;
      const wait = lastReportAt + intervalMs - Date.now();
      if (wait <= 0 && timer === undefined) {
        emit(line);
        return;
      }
      pending = line;
      timer ??= setTimeout(flush, Math.max(0, wait));
    },
    cancel() {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

// --- Internal helpers ---

/** Returns a function that takes chunks and gives back the newest complete non-blank line, if any. */
function _createSplitter(): (chunk: Buffer) => string | undefined {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  return (chunk) => {
    const text = partial + decoder.write(chunk);
    const end = text.lastIndexOf('\n');
    partial = (end === -1 ? text : text.slice(end + 1)).slice(-MAX_PARTIAL_LENGTH);
    if (end === -1) return undefined;
    const lines = text.slice(0, end).split('\n');
    for (let index = lines.length - 1; index >= 0; index -= 1) {
      const line = _clean(lines[index] ?? '');
      if (line !== '') return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : line;
    }
    return undefined;
  };
}

/** Strips ANSI escape sequences and control characters so a line is safe to print on a terminal. */
function _clean(line: string): string {
  return line.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
}
