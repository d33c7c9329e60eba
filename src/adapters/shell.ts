/**
 * The shell adapter: runs a task's `command` argv as a child process, never through a shell.
 *
 * Published as `wavefront/adapters/shell`.
 *
 * @example
 * ```ts
 * import { createShellAdapter } from 'wavefront/adapters/shell';
 * const adapter = createShellAdapter({ env: { CI: '1' }, killGraceMs: 5000 });
 * // a task { id: 'test', title: 'Run tests', command: ['npm', 'test'] } runs `npm test` in request.cwd
 * ```
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { WavefrontError, describeValue } from '../model/errors.js';
import { abortError } from './abort.js';
import { createLineProgress } from './line-progress.js';
import { isGroupAlive, signalGroup, trackGroup, untrackGroup } from './process-group.js';
import { TailBuffer } from './tail-buffer.js';
import type { AdapterFactory, AgentAdapter, AgentRequest, AgentResult } from './types.js';

/** The adapter's `name`. */
export const SHELL_ADAPTER_NAME = 'shell';

const MiB = 1024 * 1024;
const GROUP_POLL_MS = 20;
const MAX_SUMMARY_LENGTH = 200;

/** Options of {@link createShellAdapter}. */
export interface ShellAdapterOptions {
  /** Extra environment variables; they override inherited ones. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Start from `process.env`. @defaultValue true */
  readonly inheritEnv?: boolean | undefined;
  /** Most bytes kept of stdout and of stderr each; the tail is kept. Minimum `0`. @defaultValue 1 MiB */
  readonly maxOutputBytes?: number | undefined;
  /** How long to wait after SIGTERM before SIGKILL. Minimum `0`. @defaultValue 2000 */
  readonly killGraceMs?: number | undefined;
  /** Shortest time between two progress reports. Minimum `0`. @defaultValue 250 */
  readonly progressIntervalMs?: number | undefined;
  /** Policy hook: return false to refuse an argv (the attempt then fails with `INVALID_TASK`). */
  readonly allowCommand?: ((argv: readonly string[]) => boolean) | undefined;
}

/** The `output` of a shell adapter result. JSON-serialisable. */
export interface ShellOutput {
  /** Exit code, or null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that killed the process, or null. */
  readonly signal: string | null;
  /** The tail of stdout (at most `maxOutputBytes`). */
  readonly stdout: string;
  /** The tail of stderr (at most `maxOutputBytes`). */
  readonly stderr: string;
  /** True when the start of stdout was dropped. */
  readonly stdoutTruncated: boolean;
  /** True when the start of stderr was dropped. */
  readonly stderrTruncated: boolean;
  /** Wall-clock duration in milliseconds. */
  readonly durationMs: number;
  /** The spawn error code (`ENOENT`, `EACCES`) when the process could not start. */
  readonly error?: string | undefined;
}

/**
 * Creates a shell adapter. It runs `request.task.command` (`[file, ...args]`) in `request.cwd` with
 * `shell: false`, in its own process group, and never interprets task text.
 *
 * - Result: `ok` is `exitCode === 0`; `summary` is `exit 0 in 1.2s`, or the last stderr line on
 *   failure; `output` is a {@link ShellOutput}. A missing executable gives `ok: false`
 *   (`command not found: x`), not a rejection.
 * - Progress: the newest output line, throttled to `progressIntervalMs`.
 * - Abort (`request.signal`): SIGTERM to the whole process group, SIGKILL after `killGraceMs`;
 *   the promise rejects with the signal's {@link WavefrontError} reason (or `ABORTED`) once the
 *   group is gone. Processes the command leaves running in its group after exiting are ended the same way.
 * - Environment: `process.env` (unless `inheritEnv: false`), then `env`, then `WAVEFRONT_TASK_ID`,
 *   `WAVEFRONT_INSTANCE` and `WAVEFRONT_ATTEMPT`.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options.
 */
export const createShellAdapter: AdapterFactory<ShellAdapterOptions | undefined> = (options) => {
  const config = _resolveOptions(options);
  const active = new Set<(reason: WavefrontError) => void>();

  const adapter: AgentAdapter = {
    name: SHELL_ADAPTER_NAME,
    async run(request: AgentRequest): Promise<AgentResult> {
      const argv = _validateRequest(request);
      if (config.allowCommand !== undefined && !config.allowCommand(argv)) {
        throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(request.task.id)}: command refused by allowCommand: ${argv[0]}`, {
          details: { taskId: request.task.id, field: 'command', reason: 'refused' },
        });
      }
      if (request.signal.aborted) throw abortError(request.signal, request.task.id);
      return _runCommand(argv, request, config, active);
    },
    dispose() {
      const reason = new WavefrontError('ABORTED', 'the shell adapter was disposed');
      for (const cancel of [...active]) cancel(reason);
    },
  };
  return adapter;
};

/** A shell adapter with default options. */
export const shellAdapter: AgentAdapter = createShellAdapter(undefined);

// --- Internal helpers ---

interface ResolvedOptions {
  readonly env: Readonly<Record<string, string>>;
  readonly inheritEnv: boolean;
  readonly maxOutputBytes: number;
  readonly killGraceMs: number;
  readonly progressIntervalMs: number;
  readonly allowCommand: ((argv: readonly string[]) => boolean) | undefined;
}

function _runCommand(
  argv: readonly string[],
  request: AgentRequest,
  config: ResolvedOptions,
  active: Set<(reason: WavefrontError) => void>,
): Promise<AgentResult> {
  return new Promise<AgentResult>((resolve, reject) => {
    const taskId = request.task.id;
    const [file = '', ...args] = argv;
    const startedAt = performance.now();
    const stdout = new TailBuffer(config.maxOutputBytes);
    const stderr = new TailBuffer(config.maxOutputBytes);
    const progress = createLineProgress((p) => request.report(p), config.progressIntervalMs);

    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: request.cwd,
        shell: false,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: _environment(request, config),
        windowsHide: true,
      });
    } catch (error) {
      reject(new WavefrontError('ADAPTER_FAILED', `task ${JSON.stringify(taskId)}: cannot spawn ${file}: ${String(error)}`, { cause: error, details: { taskId } }));
      return;
    }

    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let abortReason: WavefrontError | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let pollTimer: NodeJS.Timeout | undefined;

    const output = (error?: string): ShellOutput => ({
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
      stdout: stdout.toString(),
      stderr: stderr.toString(),
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      durationMs: Math.round(performance.now() - startedAt),
      ...(error === undefined ? {} : { error }),
    });
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      request.signal.removeEventListener('abort', onAbort);
      active.delete(cancel);
      clearTimeout(pollTimer);
      progress.cancel();
      if (pid !== undefined && killTimer === undefined) untrackGroup(pid);
      finish();
    };
    const settleAborted = (): void => {
      settle(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        reject(abortReason ?? abortError(request.signal, taskId));
      });
    };
    // SIGTERM now, SIGKILL after the grace period; an aborted run settles once the group is gone.
    const terminateGroup = (): void => {
      if (pid === undefined || killTimer !== undefined) return;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
        untrackGroup(pid);
        if (abortReason !== undefined) settleAborted();
      }, config.killGraceMs);
    };
    const waitForGroupDeath = (): void => {
      if (pid === undefined || !isGroupAlive(pid)) {
        clearTimeout(killTimer);
        killTimer = undefined;
        settleAborted();
        return;
      }
      pollTimer = setTimeout(waitForGroupDeath, GROUP_POLL_MS);
    };
    const cancel = (reason: WavefrontError): void => {
      if (settled || abortReason !== undefined) return;
      abortReason = reason;
      terminateGroup();
      if (exit !== undefined || pid === undefined) waitForGroupDeath();
    };
    const onAbort = (): void => cancel(abortError(request.signal, taskId));

    active.add(cancel);
    request.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      progress.push('stdout', chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      progress.push('stderr', chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Only spawn failures reach here: the adapter never uses child.kill() or IPC.
      if (abortReason !== undefined) {
        settleAborted();
        return;
      }
      settle(() => resolve(_spawnFailure(file, request.cwd, error, output(error.code ?? 'ERROR'))));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (abortReason !== undefined) {
        waitForGroupDeath();
        return;
      }
      // Processes the command left behind in its group would outlive the task.
      if (pid !== undefined && isGroupAlive(pid)) terminateGroup();
    });
    child.on('close', () => {
      if (abortReason !== undefined) return;
      settle(() => resolve(_exitResult(output())));
    });
  });
}

function _exitResult(output: ShellOutput): AgentResult {
  const seconds = `${(output.durationMs / 1000).toFixed(1)}s`;
  const ok = output.exitCode === 0;
  const status = output.signal === null ? `exit ${output.exitCode ?? '?'} in ${seconds}` : `killed by ${output.signal} in ${seconds}`;
  const summary = ok ? status : (_lastLine(output.stderr) ?? status);
  return { ok, summary, output };
}

function _spawnFailure(file: string, cwd: string, error: NodeJS.ErrnoException, output: ShellOutput): AgentResult {
  let summary: string;
  if (error.code === 'ENOENT') {
    // spawn reports a missing cwd as ENOENT of the executable; tell the two apart.
    summary = existsSync(cwd) ? `command not found: ${file}` : `working directory not found: ${cwd}`;
  } else if (error.code === 'EACCES') {
    summary = `permission denied: ${file}`;
  } else {
    summary = `cannot run ${file}: ${error.message}`;
  }
  return { ok: false, summary, output };
}

function _lastLine(text: string): string | undefined {
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = (lines[index] ?? '').trim();
    if (line !== '') return line.length > MAX_SUMMARY_LENGTH ? `${line.slice(0, MAX_SUMMARY_LENGTH - 3)}...` : line;
  }
  return undefined;
}

function _environment(request: AgentRequest, config: ResolvedOptions): NodeJS.ProcessEnv {
  return {
    ...(config.inheritEnv ? process.env : {}),
    ...config.env,
    WAVEFRONT_TASK_ID: request.task.id,
    WAVEFRONT_INSTANCE: request.instance,
    WAVEFRONT_ATTEMPT: String(request.attempt),
  };
}

function _validateRequest(request: AgentRequest): readonly string[] {
  if (typeof request !== 'object' || request === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `shell adapter: request: expected an AgentRequest object, got ${describeValue(request)}`, { details: { field: 'request' } });
  }
  const task: unknown = request.task;
  if (typeof task !== 'object' || task === null || typeof (task as { id?: unknown }).id !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', `shell adapter: request.task: expected a planned task, got ${describeValue(task)}`, { details: { field: 'task' } });
  }
  if (typeof request.cwd !== 'string' || request.cwd === '') {
    throw new WavefrontError('INVALID_ARGUMENT', `shell adapter: request.cwd: expected a directory path, got ${describeValue(request.cwd)}`, { details: { field: 'cwd' } });
  }
  if (!(request.signal instanceof AbortSignal)) {
    throw new WavefrontError('INVALID_ARGUMENT', `shell adapter: request.signal: expected an AbortSignal, got ${describeValue(request.signal)}`, { details: { field: 'signal' } });
  }
  const { id, command } = request.task;
  if (command === undefined) {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(id)} has no command; the shell adapter runs task.command`, { details: { taskId: id, field: 'command' } });
  }
  if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string' || part.includes('\0'))) {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(id)}: command: expected a non-empty argv array of strings without NUL bytes`, { details: { taskId: id, field: 'command' } });
  }
  if (command[0] === '') {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(id)}: command[0]: expected an executable, got an empty string`, { details: { taskId: id, field: 'command' } });
  }
  return command;
}

function _resolveOptions(options: ShellAdapterOptions | undefined): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw _optionError('options', 'an options object', options);
  }
  const { env = {}, inheritEnv = true, maxOutputBytes = MiB, killGraceMs = 2000, progressIntervalMs = 250, allowCommand } = options ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env)) throw _optionError('env', 'an object of strings', env);
  for (const [key, value] of Object.entries(env)) {
    if (key === '' || key.includes('=') || key.includes('\0')) throw _optionError(`env.${key}`, 'a variable name without "=" or NUL', key);
    if (typeof value !== 'string' || value.includes('\0')) throw _optionError(`env.${key}`, 'a string without NUL bytes', value);
  }
  if (typeof inheritEnv !== 'boolean') throw _optionError('inheritEnv', 'a boolean', inheritEnv);
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) throw _optionError('maxOutputBytes', 'a non-negative integer', maxOutputBytes);
  if (!Number.isFinite(killGraceMs) || killGraceMs < 0) throw _optionError('killGraceMs', 'a non-negative number', killGraceMs);
  if (!Number.isFinite(progressIntervalMs) || progressIntervalMs < 0) throw _optionError('progressIntervalMs', 'a non-negative number', progressIntervalMs);
  if (allowCommand !== undefined && typeof allowCommand !== 'function') throw _optionError('allowCommand', 'a function', allowCommand);
  return { env: { ...env }, inheritEnv, maxOutputBytes, killGraceMs, progressIntervalMs, allowCommand };
}

function _optionError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_CONFIG', `shell adapter: ${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field: `shell.${field}` },
  });
}
