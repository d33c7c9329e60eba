/**
 * Reading the HTTP status and `Retry-After` of a provider error, whatever SDK threw it.
 * @module
 */

const MAX_DEPTH = 6;

/**
 * Parses a `Retry-After` header value: delay-seconds (`"3"`, `"1.5"`) or an HTTP date.
 * @returns milliseconds to wait (0 for a date in the past), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date always names its month; Date.parse alone would read "-3" as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The HTTP status of an error thrown by a provider SDK: `statusCode` (AI SDK `APICallError`),
 * `status`, or `response.status`, looking through `lastError` (AI SDK `RetryError`), `cause` and
 * the last of `errors`.
 */
export function errorStatus(error: unknown): number | undefined {
  for (const candidate of _chain(error)) {
    for (const value of [candidate['statusCode'], candidate['status'], _record(candidate['response'])?.['status']]) {
      if (typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599) return value;
    }
  }
  return undefined;
}

/**
 * How long the server asked to wait, from the error's response headers: `retry-after-ms`
 * (milliseconds, sent by OpenAI) or `retry-after` (seconds or HTTP date).
 */
export function retryAfterOf(error: unknown, now: number = Date.now()): number | undefined {
  for (const candidate of _chain(error)) {
    const headers = candidate['responseHeaders'] ?? candidate['headers'] ?? _record(candidate['response'])?.['headers'];
    const ms = _header(headers, 'retry-after-ms');
    if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
    const parsed = parseRetryAfter(_header(headers, 'retry-after'), now);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

/** True for an HTTP 429 (Too Many Requests) error. */
export function isRateLimitError(error: unknown): boolean {
  return errorStatus(error) === 429;
}

/**
 * True for errors worth retrying: 429, 408, 5xx (including Anthropic's 529 "overloaded"), or an
 * error the SDK itself marked `isRetryable` (network failures). Aborts are never retried.
 */
export function isRetryableError(error: unknown): boolean {
  if (_isAbort(error)) return false;
  const status = errorStatus(error);
  if (status !== undefined) return status === 429 || status === 408 || status >= 500;
  return _chain(error).some((candidate) => candidate['isRetryable'] === true);
}

// --- Internal helpers ---

function _record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** The error and the errors it wraps, outermost first. */
function _chain(error: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  let current: unknown = error;
  while (chain.length < MAX_DEPTH) {
    const record = _record(current);
    if (record === undefined || chain.includes(record)) break;
    chain.push(record);
    const errors = record['errors'];
    current = record['lastError'] ?? record['cause'] ?? (Array.isArray(errors) ? errors[errors.length - 1] : undefined);
  }
  return chain;
}

function _header(headers: unknown, name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value: unknown = (headers as { get(name: string): unknown }).get(name);
    return typeof value === 'string' ? value : undefined;
  }
  const record = _record(headers);
  if (record === undefined) return undefined;
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
  }
  return undefined;
}

function _isAbort(error: unknown): boolean {
  return _chain(error).some(
    (candidate) =>
      candidate['name'] === 'AbortError' ||
      candidate['name'] === 'TimeoutError' ||
      (candidate['name'] === 'WavefrontError' && (candidate['code'] === 'ABORTED' || candidate['code'] === 'TASK_TIMEOUT')),
  );
}
