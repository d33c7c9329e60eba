/**
 * Validation shared by the agent adapters: options, requests and the child environment.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import type { RoleKey } from '../allocate/roles.js';
import type { AgentRequest } from './types.js';

/** A value for every role, or one per role key / instance id (roles not listed get the default). */
export type PerRole<T> = T | Readonly<Partial<Record<RoleKey, T>> & Record<string, T | undefined>>;

/** An `INVALID_CONFIG` error for option `field` of adapter `adapter`. */
export function optionError(adapter: string, field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_CONFIG', `${adapter} adapter: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field: `${adapter}.${field}` },
  });
}

/** Checks that `options` is undefined or a plain object. */
export function checkOptionsObject(adapter: string, options: unknown): void {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw optionError(adapter, 'options', 'an options object', options);
  }
}

/** A non-empty string without NUL bytes. */
export function checkString(adapter: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.includes('\0')) throw optionError(adapter, field, 'a non-empty string without NUL bytes', value);
  return value;
}

/** An array of strings without NUL bytes. */
export function checkStringArray(adapter: string, field: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.includes('\0'))) {
    throw optionError(adapter, field, 'an array of strings without NUL bytes', value);
  }
  return [...(value as string[])];
}

/** A finite number >= 0. */
export function checkNonNegative(adapter: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw optionError(adapter, field, 'a non-negative number', value);
  return value;
}

/** An object of environment variables. */
export function checkEnv(adapter: string, value: unknown): Readonly<Record<string, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw optionError(adapter, 'env', 'an object of strings', value);
  for (const [key, entry] of Object.entries(value)) {
    if (key === '' || key.includes('=') || key.includes('\0')) throw optionError(adapter, `env.${key}`, 'a variable name without "=" or NUL', key);
    if (typeof entry !== 'string' || entry.includes('\0')) throw optionError(adapter, `env.${key}`, 'a string without NUL bytes', entry);
  }
  return { ...(value as Record<string, string>) };
}

/**
 * Either one value for every role, or a map by role key / instance id; returns the lookup.
 * `check` validates one value.
 */
export function perRole<T>(
  adapter: string,
  field: string,
  value: unknown,
  check: (field: string, value: unknown) => T,
  isSingle: (value: unknown) => boolean,
): ((roleKey: string, instance: string) => T | undefined) | undefined {
  if (value === undefined) return undefined;
  if (isSingle(value)) {
    const single = check(field, value);
    return () => single;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw optionError(adapter, field, 'a value or an object keyed by role', value);
  const map = new Map<string, T>();
  for (const [key, entry] of Object.entries(value)) map.set(key, check(`${field}.${key}`, entry));
  return (roleKey, instance) => map.get(instance) ?? map.get(roleKey);
}

/**
 * Validates the parts of an {@link AgentRequest} an agent adapter uses.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT`.
 */
export function checkRequest(adapter: string, request: AgentRequest): void {
  const fail = (field: string, expected: string, value: unknown): never => {
    throw new WavefrontError('INVALID_ARGUMENT', `${adapter} adapter: request.${field}: expected ${expected}, got ${describeValue(value)}`, {
      details: { field },
    });
  };
  if (typeof request !== 'object' || request === null) fail('', 'an AgentRequest object', request);
  const task: unknown = request.task;
  if (typeof task !== 'object' || task === null || typeof (task as { id?: unknown }).id !== 'string') fail('task', 'a planned task', task);
  if (typeof request.cwd !== 'string' || request.cwd === '') fail('cwd', 'a directory path', request.cwd);
  if (!(request.signal instanceof AbortSignal)) fail('signal', 'an AbortSignal', request.signal);
  if (typeof request.prompt !== 'string') fail('prompt', 'a string', request.prompt);
  if (typeof request.report !== 'function') fail('report', 'a function', request.report);
  if (typeof request.role !== 'object' || request.role === null || typeof request.role.key !== 'string') fail('role', 'a catalogue role', request.role);
}

/**
 * `process.env` (when inherited), then `env`, then `WAVEFRONT_TASK_ID`, `WAVEFRONT_INSTANCE` and
 * `WAVEFRONT_ATTEMPT`.
 */
export function taskEnvironment(request: AgentRequest, env: Readonly<Record<string, string>>, inheritEnv: boolean): NodeJS.ProcessEnv {
  return {
    ...(inheritEnv ? process.env : {}),
    ...env,
    WAVEFRONT_TASK_ID: request.task.id,
    WAVEFRONT_INSTANCE: request.instance,
    WAVEFRONT_ATTEMPT: String(request.attempt),
  };
}

/** {@link taskEnvironment} plus `WAVEFRONT_ROLE`: the environment of a coding agent. */
export function agentEnvironment(request: AgentRequest, env: Readonly<Record<string, string>>, inheritEnv: boolean): NodeJS.ProcessEnv {
  return { ...taskEnvironment(request, env, inheritEnv), WAVEFRONT_ROLE: request.role.key };
}

/** Reports progress, swallowing errors of the sink: progress is best effort. */
export function safeReport(request: AgentRequest, message: string, percent?: number): void {
  try {
    request.report(percent === undefined ? { message: oneLine(message) } : { message: oneLine(message), percent });
  } catch {
    // A broken progress sink must not fail the task.
  }
}

/** The text on one line, control characters removed, at most `max` characters. */
export function oneLine(text: string, max = 200): string {
  const line = text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}
