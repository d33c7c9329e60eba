/**
 * A scripted test double of an agent adapter: per task and per attempt it waits, reports progress,
 * writes files, fails, throws or hangs, exactly as told.
 * @module
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { abortError } from '../adapters/abort.js';
import type { AgentAdapter, AgentRequest, AgentResult } from '../adapters/types.js';
import { WavefrontError, describeValue } from '../model/errors.js';

/** What the scripted adapter does for one attempt of a task. Steps run in the order of the fields below. */
export interface ScriptStep {
  /** Wait this long first (abort-aware unless `ignoreAbort`). @defaultValue 0 */
  readonly durationMs?: number | undefined;
  /** Report these percentages, spread evenly over `durationMs`. */
  readonly progress?: readonly number[] | undefined;
  /** Then write these files (path relative to `request.cwd` → content), creating parent directories. */
  readonly writeFiles?: Readonly<Record<string, string>> | undefined;
  /** Then delete these files (relative to `request.cwd`; missing files are ignored). */
  readonly deleteFiles?: readonly string[] | undefined;
  /** Then call this; its result is merged over the step's `result`. */
  readonly run?: ((request: AgentRequest) => Promise<Partial<AgentResult> | void>) | undefined;
  /** Then reject with this (a string becomes an `Error`). */
  readonly throw?: string | Error | undefined;
  /** Then never settle, unless the signal aborts (and `ignoreAbort` is not set). */
  readonly hang?: boolean | undefined;
  /** Ignore the abort signal: keep waiting or hanging even when aborted. */
  readonly ignoreAbort?: boolean | undefined;
  /** Resolve `ok: false`; a string becomes the summary. */
  readonly fail?: boolean | string | undefined;
  /** Fields merged over the default result (`ok` here wins over `fail`). */
  readonly result?: Partial<AgentResult> | undefined;
}

/**
 * The script: per task id a step, or a list of steps by attempt (attempt 1 runs `[0]`; the last
 * step repeats); or a function choosing the step for each request.
 */
export type Script =
  | Readonly<Record<string, ScriptStep | readonly ScriptStep[]>>
  | ((request: AgentRequest) => ScriptStep | Promise<ScriptStep>);

/** Options of {@link createScriptedAdapter}. */
export interface ScriptedAdapterOptions {
  /** Adapter name. @defaultValue 'scripted' */
  readonly name?: string | undefined;
  /** The step of tasks the script does not name. @defaultValue `{}` (succeed at once) */
  readonly defaultStep?: ScriptStep | undefined;
  /**
   * A file to which every invocation appends one JSON line `{ taskId, attempt, instance, pid, at }`
   * (O_APPEND), so invocations survive a crash of the process; read it with {@link readLedger}.
   */
  readonly ledger?: string | undefined;
}

/** One recorded invocation. */
export interface ScriptedCall {
  /** Task id. */
  readonly taskId: string;
  /** Attempt number. */
  readonly attempt: number;
  /** Instance id. */
  readonly instance: string;
  /** `Date.now()` when `run` was called. */
  readonly at: number;
}

/** A scripted adapter, with its recorded invocations. */
export interface ScriptedAdapter extends AgentAdapter {
  /** Every invocation so far, in call order. */
  readonly calls: readonly ScriptedCall[];
  /** Number of times `dispose` was called. */
  readonly disposeCount: number;
  /** Invocations of one task. */
  callsOf(taskId: string): readonly ScriptedCall[];
}

/**
 * Creates a scripted adapter.
 *
 * @example
 * ```ts
 * const adapter = createScriptedAdapter({
 *   api: { durationMs: 50, writeFiles: { 'src/api.ts': 'export {}' } },
 *   flaky: [{ fail: 'first try fails' }, {}],      // attempt 1 fails, attempt 2+ succeeds
 *   stuck: { hang: true },                         // settles only when aborted
 * });
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a malformed script or options, `UNSAFE_PATH`
 *   for an absolute or escaping file path.
 */
export function createScriptedAdapter(script: Script, options: ScriptedAdapterOptions = {}): ScriptedAdapter {
  if (typeof script !== 'function') _validateScript(script);
  if (typeof options !== 'object' || options === null) throw _argumentError('options', 'an options object', options);
  const { name = 'scripted', defaultStep = {}, ledger } = options;
  if (typeof name !== 'string' || name === '') throw _argumentError('options.name', 'a non-empty string', name);
  if (ledger !== undefined && (typeof ledger !== 'string' || ledger === '')) throw _argumentError('options.ledger', 'a file path', ledger);
  _validateStep(defaultStep, 'options.defaultStep');

  const calls: ScriptedCall[] = [];
  let disposeCount = 0;

  const chooseStep = async (request: AgentRequest): Promise<ScriptStep> => {
    if (typeof script === 'function') {
      const step = await script(request);
      _validateStep(step, `script(${request.task.id})`);
      return step;
    }
    const entry = Object.hasOwn(script, request.task.id) ? script[request.task.id] : undefined;
    if (entry === undefined) return defaultStep;
    if (!_isStepList(entry)) return entry;
    return entry[Math.min(request.attempt, entry.length) - 1] ?? defaultStep;
  };

  return {
    name,
    get calls() {
      return calls;
    },
    get disposeCount() {
      return disposeCount;
    },
    callsOf(taskId) {
      return calls.filter((call) => call.taskId === taskId);
    },
    async run(request) {
      _validateRequest(request);
      const call: ScriptedCall = { taskId: request.task.id, attempt: request.attempt, instance: request.instance, at: Date.now() };
      calls.push(call);
      if (ledger !== undefined) appendFileSync(ledger, `${JSON.stringify({ ...call, pid: process.pid })}\n`, { flag: 'a' });
      return _runStep(await chooseStep(request), request);
    },
    dispose() {
      disposeCount += 1;
    },
  };
}

/** One line of a scripted adapter's ledger file. */
export interface LedgerEntry extends ScriptedCall {
  /** Process that ran the invocation. */
  readonly pid: number;
}

/**
 * Reads a ledger file written by {@link createScriptedAdapter} (a missing file is an empty ledger).
 * A torn last line (the process died mid-write) is skipped; a corrupt line elsewhere throws
 * `INVALID_ARGUMENT`.
 */
export function readLedger(path: string): LedgerEntry[] {
  if (typeof path !== 'string' || path === '') throw _argumentError('path', 'a file path', path);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const entries: LedgerEntry[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    try {
      entries.push(JSON.parse(line) as LedgerEntry);
    } catch (error) {
      if (index === lines.length - 1) return;
      throw new WavefrontError('INVALID_ARGUMENT', `ledger line ${index + 1} is not JSON`, { cause: error, details: { line: index + 1 } });
    }
  });
  return entries;
}

// --- Internal helpers ---

async function _runStep(step: ScriptStep, request: AgentRequest): Promise<AgentResult> {
  const { id } = request.task;
  const ignoreAbort = step.ignoreAbort === true;
  const signal = ignoreAbort ? undefined : request.signal;
  const checkAbort = (): void => {
    if (signal?.aborted === true) throw abortError(signal, id);
  };

  checkAbort();
  const progress = step.progress ?? [];
  const slice = (step.durationMs ?? 0) / (progress.length + 1);
  for (const percent of progress) {
    await _sleep(slice, signal, id);
    request.report({ percent });
  }
  await _sleep(slice, signal, id);

  const filesChanged = _applyFiles(step, request.cwd);
  const extra = step.run === undefined ? undefined : await step.run(request);
  checkAbort();
  if (step.throw !== undefined) throw typeof step.throw === 'string' ? new Error(step.throw) : step.throw;
  if (step.hang === true) await _hang(signal, id);

  const failed = step.fail !== undefined && step.fail !== false;
  const summary = typeof step.fail === 'string' ? step.fail : `scripted ${failed ? 'failure' : 'success'} of ${id}`;
  return {
    ok: !failed,
    summary,
    output: { taskId: id, attempt: request.attempt },
    ...(filesChanged.length === 0 ? {} : { filesChanged }),
    ...step.result,
    ...(extra ?? {}),
  };
}

function _applyFiles(step: ScriptStep, cwd: string): string[] {
  const changed: string[] = [];
  for (const [path, content] of Object.entries(step.writeFiles ?? {})) {
    const target = _confine(cwd, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    changed.push(_display(cwd, target));
  }
  for (const path of step.deleteFiles ?? []) {
    const target = _confine(cwd, path);
    rmSync(target, { force: true });
    changed.push(_display(cwd, target));
  }
  return changed;
}

function _confine(cwd: string, path: string): string {
  _checkRelative(path, 'path');
  const target = resolve(cwd, path);
  const rel = relative(resolve(cwd), target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new WavefrontError('UNSAFE_PATH', `scripted adapter: ${JSON.stringify(path)} escapes the working directory`, { details: { path } });
  }
  return target;
}

function _checkRelative(path: string, field: string): void {
  if (path === '' || path.includes('\0') || isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
    throw new WavefrontError('UNSAFE_PATH', `scripted adapter: ${field} ${JSON.stringify(path)} must be a relative path inside the working directory`, {
      details: { field, path },
    });
  }
}

function _display(cwd: string, target: string): string {
  return relative(resolve(cwd), target).split(sep).join('/');
}

/** Waits `ms`; rejects with the abort error as soon as `signal` aborts. Uses the global timer so fake timers apply. */
function _sleep(ms: number, signal: AbortSignal | undefined, taskId: string): Promise<void> {
  if (signal?.aborted === true) return Promise.reject(abortError(signal, taskId));
  if (ms <= 0) return Promise.resolve();
  return new Promise<void>((resolvePromise, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal, taskId));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolvePromise();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function _hang(signal: AbortSignal | undefined, taskId: string): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) reject(abortError(signal, taskId));
    else signal.addEventListener('abort', () => reject(abortError(signal, taskId)), { once: true });
  });
}

function _isStepList(entry: ScriptStep | readonly ScriptStep[]): entry is readonly ScriptStep[] {
  return Array.isArray(entry);
}

function _validateScript(script: unknown): void {
  if (typeof script !== 'object' || script === null || Array.isArray(script)) {
    throw _argumentError('script', 'an object of steps by task id, or a function', script);
  }
  for (const [taskId, entry] of Object.entries(script)) {
    if (!Array.isArray(entry)) {
      _validateStep(entry, `script.${taskId}`);
      continue;
    }
    if (entry.length === 0) throw _argumentError(`script.${taskId}`, 'at least one step', entry);
    entry.forEach((step: unknown, index) => _validateStep(step, `script.${taskId}[${index}]`));
  }
}

function _validateStep(step: unknown, field: string): asserts step is ScriptStep {
  if (typeof step !== 'object' || step === null || Array.isArray(step)) throw _argumentError(field, 'a step object', step);
  const s = step as Record<string, unknown>;
  const duration = s['durationMs'];
  if (duration !== undefined && (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)) {
    throw _argumentError(`${field}.durationMs`, 'a non-negative number', duration);
  }
  const progress = s['progress'];
  if (progress !== undefined && (!Array.isArray(progress) || progress.some((p) => typeof p !== 'number' || !(p >= 0 && p <= 100)))) {
    throw _argumentError(`${field}.progress`, 'an array of percentages (0..100)', progress);
  }
  const writeFiles = s['writeFiles'];
  if (writeFiles !== undefined) {
    if (typeof writeFiles !== 'object' || writeFiles === null || Array.isArray(writeFiles)) throw _argumentError(`${field}.writeFiles`, 'an object of path → content', writeFiles);
    for (const [path, content] of Object.entries(writeFiles)) {
      _checkRelative(path, `${field}.writeFiles`);
      if (typeof content !== 'string') throw _argumentError(`${field}.writeFiles.${path}`, 'a string', content);
    }
  }
  const deleteFiles = s['deleteFiles'];
  if (deleteFiles !== undefined) {
    if (!Array.isArray(deleteFiles) || deleteFiles.some((p) => typeof p !== 'string')) throw _argumentError(`${field}.deleteFiles`, 'an array of paths', deleteFiles);
    for (const path of deleteFiles as string[]) _checkRelative(path, `${field}.deleteFiles`);
  }
  for (const flag of ['hang', 'ignoreAbort'] as const) {
    if (s[flag] !== undefined && typeof s[flag] !== 'boolean') throw _argumentError(`${field}.${flag}`, 'a boolean', s[flag]);
  }
  const fail = s['fail'];
  if (fail !== undefined && typeof fail !== 'boolean' && typeof fail !== 'string') throw _argumentError(`${field}.fail`, 'a boolean or a summary string', fail);
  const thrown = s['throw'];
  if (thrown !== undefined && typeof thrown !== 'string' && !(thrown instanceof Error)) throw _argumentError(`${field}.throw`, 'a message or an Error', thrown);
  if (s['run'] !== undefined && typeof s['run'] !== 'function') throw _argumentError(`${field}.run`, 'a function', s['run']);
  const result = s['result'];
  if (result !== undefined && (typeof result !== 'object' || result === null || Array.isArray(result))) throw _argumentError(`${field}.result`, 'a partial AgentResult object', result);
}

function _validateRequest(request: AgentRequest): void {
  if (typeof request !== 'object' || request === null) throw _argumentError('request', 'an AgentRequest object', request);
  const task: unknown = request.task;
  if (typeof task !== 'object' || task === null || typeof (task as { id?: unknown }).id !== 'string') {
    throw _argumentError('request.task', 'a planned task', task);
  }
  if (!Number.isSafeInteger(request.attempt) || request.attempt < 1) throw _argumentError('request.attempt', 'a positive integer', request.attempt);
  if (typeof request.cwd !== 'string' || request.cwd === '') throw _argumentError('request.cwd', 'a directory path', request.cwd);
  if (!(request.signal instanceof AbortSignal)) throw _argumentError('request.signal', 'an AbortSignal', request.signal);
  if (typeof request.report !== 'function') throw _argumentError('request.report', 'a function', request.report);
}

function _argumentError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `scripted adapter: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field },
  });
}
