/**
 * JSON that never throws: bigint, Error, circular references, throwing getters and `toJSON`,
 * Map/Set, typed arrays and non-finite numbers all become plain JSON values.
 * @module
 */

/** Most nesting levels kept; deeper values become `"[MaxDepth]"`. */
export const MAX_JSON_DEPTH = 64;

function errorToPlain(error: Error, ancestors: Set<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: safeRead(() => error.name, 'Error'), message: safeRead(() => error.message, '') };
  for (const key of safeKeys(error)) {
    if (key === 'stack') continue;
    const value = toPlain(safeRead(() => (error as unknown as Record<string, unknown>)[key], '[Unreadable]'), ancestors, depth + 1);
    if (value !== undefined) out[key] = value;
  }
  const cause = safeRead(() => (error as { cause?: unknown }).cause, undefined);
  if (cause !== undefined && !('cause' in out)) out['cause'] = toPlain(cause, ancestors, depth + 1);
  return out;
}

function safeRead<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function safeKeys(value: object): string[] {
  try {
    return Object.keys(value);
  } catch {
    return [];
  }
}

function toPlain(value: unknown, ancestors: Set<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[Circular]';
  if (depth >= MAX_JSON_DEPTH) return '[MaxDepth]';
  ancestors.add(object);
  try {
    if (object instanceof Error) return errorToPlain(object, ancestors, depth);
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? null : object.toISOString();
    if (ArrayBuffer.isView(object)) return `[${object.constructor.name} ${object.byteLength} bytes]`;
    if (object instanceof Map) return [...object.entries()].map((entry) => toPlain(entry, ancestors, depth + 1) ?? null);
    if (object instanceof Set) return [...object.values()].map((item) => toPlain(item, ancestors, depth + 1) ?? null);
    if (Array.isArray(object)) return object.map((item) => toPlain(safeRead(() => item, undefined), ancestors, depth + 1) ?? null);
    const toJSON = safeRead(() => (object as { toJSON?: unknown }).toJSON, undefined);
    if (typeof toJSON === 'function') {
      const replaced = safeRead<unknown>(() => (toJSON as () => unknown).call(object), '[Unserializable]');
      return replaced === object ? '[Circular]' : toPlain(replaced, ancestors, depth + 1);
    }
    const out: Record<string, unknown> = {};
    for (const key of safeKeys(object)) {
      const item = toPlain(safeRead(() => (object as Record<string, unknown>)[key], '[Unreadable]'), ancestors, depth + 1);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } catch {
    return '[Unserializable]';
  } finally {
    ancestors.delete(object);
  }
}

/**
 * A JSON-safe deep copy of `value`: what `JSON.stringify` would keep, with bigint as a decimal
 * string, errors as `{ name, message, code?, ... }`, cycles as `"[Circular]"`. Never throws.
 */
export function toJsonValue(value: unknown): unknown {
  return toPlain(value, new Set(), 0);
}

/** `JSON.stringify(toJsonValue(value))`; never throws (`null` when nothing is left). */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(toJsonValue(value)) ?? 'null';
  } catch {
    return 'null';
  }
}
