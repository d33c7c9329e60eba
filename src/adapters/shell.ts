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
import { WavefrontError, describeValue } from '../model/errors.js';
import { abortError } from './abort.js';
import { checkNonNegative, optionError, taskEnvironment } from './agent-options.js';
import { lastLine, runLineProcess } from './agent-process.js';
import { resolveProcessOptions, type ProcessAdapterOptions, type ProcessConfig } from './process-options.js';
import { cancelAll, processExitOutput, type ProcessExitOutput, type ProcessOutcome, type ProcessRegistry } from './run-process.js';
import type { AdapterFactory, AgentAdapter, AgentRequest, AgentResult } from './types.js';

export type { ProcessAdapterOptions } from './process-options.js';
export type { ProcessExit, ProcessExitOutput } from './run-process.js';

/** The adapter's `name`. */
export const SHELL_ADAPTER_NAME = 'shell';

const ADAPTER = SHELL_ADAPTER_NAME;

/** Options of {@link createShellAdapter}. */
export interface ShellAdapterOptions extends ProcessAdapterOptions {
  /** Shortest time between two progress reports. Minimum `0`. @defaultValue 250 */
  readonly progressIntervalMs?: number | undefined;
  /** Policy hook: return false to refuse an argv (the attempt then fails with `INVALID_TASK`). */
  readonly allowCommand?: ((argv: readonly string[]) => boolean) | undefined;
}

/** The `output` of a shell adapter result. JSON-serialisable. */
export interface ShellOutput extends ProcessExitOutput {}

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
  const registry: ProcessRegistry = new Set();

  const adapter: AgentAdapter = {
    name: ADAPTER,
    async run(request: AgentRequest): Promise<AgentResult> {
      const argv = _validateRequest(request);
      if (config.allowCommand !== undefined && !config.allowCommand(argv)) {
        throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(request.task.id)}: command refused by allowCommand: ${argv[0]}`, {
          details: { taskId: request.task.id, field: 'command', reason: 'refused' },
        });
      }
      if (request.signal.aborted) throw abortError(request.signal, request.task.id);
      const env = taskEnvironment(request, config.env, config.inheritEnv);
      return _result(await runLineProcess(request, { argv, env }, config, registry));
    },
    dispose() {
      cancelAll(registry, ADAPTER);
    },
  };
  return adapter;
};

/** A shell adapter with default options. */
export const shellAdapter: AgentAdapter = createShellAdapter(undefined);

// --- Internal helpers ---

interface ResolvedOptions extends ProcessConfig {
  readonly progressIntervalMs: number;
  readonly allowCommand: ((argv: readonly string[]) => boolean) | undefined;
}

function _result(outcome: ProcessOutcome): AgentResult {
  const output: ShellOutput = processExitOutput(outcome);
  if (outcome.spawnMessage !== undefined) return { ok: false, summary: outcome.spawnMessage, output };
  const seconds = `${(output.durationMs / 1000).toFixed(1)}s`;
  const ok = output.exitCode === 0;
  const status = output.signal === null ? `exit ${output.exitCode ?? '?'} in ${seconds}` : `killed by ${output.signal} in ${seconds}`;
  const summary = ok ? status : (lastLine(output.stderr) ?? status);
  return { ok, summary, output };
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
  // Unlike the agent adapters, the shell adapter has always taken any object here, arrays included.
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw optionError(ADAPTER, 'options', 'an options object', options);
  const { progressIntervalMs = 250, allowCommand } = options ?? {};
  const base = resolveProcessOptions(ADAPTER, options ?? {});
  checkNonNegative(ADAPTER, 'progressIntervalMs', progressIntervalMs);
  if (allowCommand !== undefined && typeof allowCommand !== 'function') throw optionError(ADAPTER, 'allowCommand', 'a function', allowCommand);
  return { ...base, progressIntervalMs, allowCommand };
}
