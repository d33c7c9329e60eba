/**
 * Splitting a child's stdout into JSON Lines events (Claude Code stream-json, Codex `--json`).
 * @module
 */
import { StringDecoder } from 'node:string_decoder';

/** Lines longer than this are skipped, so a runaway line cannot exhaust memory. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Feeds stdout chunks in, calls back once per complete JSON object line. */
export interface JsonLineReader {
  /** Takes a chunk. */
  push(chunk: Buffer): void;
  /** Flushes a last line that had no trailing newline. */
  end(): void;
}

/**
 * Creates a {@link JsonLineReader}. Blank lines, lines that are not JSON objects (banners, warnings)
 * and over-long lines are ignored: agents mix logs into their streams.
 */
export function createJsonLineReader(onEvent: (event: Record<string, unknown>) => void): JsonLineReader {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  let skipping = false;

  const line = (text: string): void => {
    const trimmed = text.trim();
    if (!trimmed.startsWith('{')) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      return;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) onEvent(value as Record<string, unknown>);
  };

  return {
    push(chunk) {
      const text = partial + decoder.write(chunk);
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const [index, entry] of lines.entries()) {
        if (index === 0 && skipping) {
          skipping = false;
          continue;
        }
        line(entry);
      }
      if (partial.length > MAX_LINE_CHARS) {
        partial = '';
        skipping = true;
      }
    },
    end() {
      const rest = partial + decoder.end();
      partial = '';
      if (!skipping) line(rest);
      skipping = false;
    },
  };
}
