/**
 * Validation of request text and removal of the seed's prompt wrapper.
 * @module
 */
import { describeValue, WavefrontError } from '../model/errors.js';
import { LIMITS } from '../model/task.js';

const SEED_PREFIX = /^\s*(?:```[^\n]*\n)?\s*execute this task dynamically(?: with \d+ parallel instances?)?\s*:?/i;
const BLOCK_HEADER = /^\s*(TASK|OPTIONS|PREFERENCES)\s*:\s*(.*)$/i;
const FENCE = /^\s*```/;

/**
 * Checks request text and returns the task text alone: the seed prefix ("Execute this task dynamically
 * with 15 parallel instances:"), code fences and the OPTIONS / PREFERENCES blocks are removed, and a
 * TASK: block is taken as the request when present.
 * @throws {@link WavefrontError} `INVALID_REQUEST` for a non-string or blank request, `LIMIT_EXCEEDED`
 * for text longer than `LIMITS.maxRequestLength`.
 */
export function normaliseRequest(text: unknown): string {
  if (typeof text !== 'string') {
    throw new WavefrontError('INVALID_REQUEST', `request: expected text, got ${describeValue(text)}`, {
      details: { field: 'request' },
    });
  }
  if (text.length > LIMITS.maxRequestLength) {
    throw new WavefrontError(
      'LIMIT_EXCEEDED',
      `request: at most ${LIMITS.maxRequestLength} characters are allowed, got ${text.length}`,
      { details: { field: 'request', limit: LIMITS.maxRequestLength, length: text.length } },
    );
  }
  // Collapsing horizontal whitespace first keeps every later regex linear on pathological input.
  const flat = text.replace(/\r\n?/g, '\n').replace(/[^\S\n]+/g, ' ');
  const body = extractTask(flat.replace(SEED_PREFIX, ''));
  if (body.trim() === '') {
    throw new WavefrontError('INVALID_REQUEST', 'request: the text is empty', { details: { field: 'request' } });
  }
  return body.trim();
}

/** Keeps the TASK block (or everything outside OPTIONS / PREFERENCES blocks) and drops code fences. */
function extractTask(text: string): string {
  const lines = text.split('\n').filter((line) => !FENCE.test(line));
  const hasTaskBlock = lines.some((line) => BLOCK_HEADER.exec(line)?.[1]?.toUpperCase() === 'TASK');
  const kept: string[] = [];
  let block: string = hasTaskBlock ? 'PREAMBLE' : 'TASK';
  for (const line of lines) {
    const header = BLOCK_HEADER.exec(line);
    if (header !== null) {
      block = (header[1] ?? '').toUpperCase();
      if (block === 'TASK') kept.push(header[2] ?? '');
      continue;
    }
    if (block === 'TASK') kept.push(line);
  }
  return kept.join('\n');
}
