/**
 * The generic CLI adapter: runs any agent command line per task from an argv template.
 *
 * Published as `wavefront/adapters/cli`.
 *
 * @example
 * ```ts
 * import { createCliAdapter } from 'wavefront/adapters/cli';
 * const aider = createCliAdapter({
 *   command: ['aider', '--yes-always', '--message', '{prompt}'],
 *   promptVia: 'argument',
 * });
 * ```
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { abortError } from './abort.js';
import { buildAgentPrompt } from './agent-prompt.js';
import { agentEnvironment, checkNonNegative, checkOptionsObject, checkRequest, checkString, oneLine, optionError } from './agent-options.js';
import { lastLine, runLineProcess } from './agent-process.js';
import { resolveProcessOptions, type ProcessAdapterOptions, type ProcessConfig } from './process-options.js';
import { checkRolePrompts, rolePromptFor, type RolePromptOverrides } from './role-prompts.js';
import { cancelAll, processExitOutput, type ProcessOutcome, type ProcessRegistry } from './run-process.js';
import type { AgentAdapter, AgentRequest, AgentResult } from './types.js';

export type { ProcessAdapterOptions } from './process-options.js';

/** The adapter's default `name`. */
export const CLI_ADAPTER_NAME = 'cli';

const ADAPTER = CLI_ADAPTER_NAME;
const PLACEHOLDER = /\{(prompt|taskId|cwd|role|instance|attempt|title|rolePrompt)\}/g;

/** Placeholders replaced in each element of the command template. */
export const CLI_PLACEHOLDERS = ['{prompt}', '{taskId}', '{cwd}', '{role}', '{instance}', '{attempt}', '{title}', '{rolePrompt}'] as const;

/** Options of {@link createCliAdapter}. */
export interface CliAdapterOptions extends ProcessAdapterOptions {
  /**
   * The argv template. In each element, `{prompt}` (the task prompt), `{taskId}`, `{cwd}`, `{role}`
   * (role key), `{instance}`, `{attempt}`, `{title}` and `{rolePrompt}` are replaced, in one pass;
   * elements are never joined or passed through a shell.
   */
  readonly command: readonly string[];
  /** How the task prompt reaches the agent: on stdin, or as an argument (the `{prompt}` element, or appended last). @defaultValue 'stdin' */
  readonly promptVia?: 'stdin' | 'argument' | undefined;
  /**
   * Turns the finished process into a result; its fields override the default result (`ok` is
   * `exitCode === 0`, `summary` the last output line, `output` a {@link CliOutput}). Throwing makes
   * the attempt fail with the error as summary.
   */
  readonly parseOutput?: ((stdout: string, stderr: string, exitCode: number | null) => Partial<AgentResult> | Promise<Partial<AgentResult>>) | undefined;
  /** The adapter's name. @defaultValue 'cli' */
  readonly name?: string | undefined;
  /** Role prompt overrides for `{rolePrompt}`, by role key or instance id. @defaultValue {@link ROLE_PROMPTS} */
  readonly rolePrompts?: RolePromptOverrides | undefined;
  /** Shortest time between two progress reports (the newest output line). @defaultValue 250 */
  readonly progressIntervalMs?: number | undefined;
}

/** The default `output` of a CLI result. JSON-serialisable. */
export interface CliOutput {
  /** Exit code, or null when killed or never started. */
  readonly exitCode: number | null;
  /** The killing signal, or null. */
  readonly signal: string | null;
  /** Tail of stdout. */
  readonly stdout: string;
  /** Tail of stderr. */
  readonly stderr: string;
  /** Wall-clock duration. */
  readonly durationMs: number;
  /** The spawn error code when it could not start. */
  readonly error?: string | undefined;
}

/**
 * Creates an adapter that runs `command` (after placeholder substitution) per task, in
 * `request.cwd`, in its own process group, never through a shell.
 *
 * - Progress: the newest output line, throttled to `progressIntervalMs`.
 * - Abort: SIGTERM to the process group, SIGKILL after `killGraceMs`; rejects with the signal's
 *   {@link WavefrontError} once the group is gone. A missing executable resolves `ok: false`.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options.
 */
export function createCliAdapter(options: CliAdapterOptions): AgentAdapter {
  const config = _resolveOptions(options);
  const registry: ProcessRegistry = new Set();
  const adapter: AgentAdapter = {
    name: config.name,
    async run(request: AgentRequest): Promise<AgentResult> {
      checkRequest(config.name, request);
      if (request.signal.aborted) throw abortError(request.signal, request.task.id);
      const prompt = buildAgentPrompt(request);
      const command = {
        argv: cliArgv(request, config, prompt),
        env: agentEnvironment(request, config.env, config.inheritEnv),
        stdin: config.promptVia === 'stdin' ? prompt : undefined,
      };
      return _result(await runLineProcess(request, command, config, registry), config);
    },
    dispose() {
      cancelAll(registry, config.name);
    },
  };
  return adapter;
}

/**
 * The argv for `request`: the template with placeholders replaced (and the prompt appended when
 * `promptVia: 'argument'` and no element holds `{prompt}`).
 * @throws {@link WavefrontError} `INVALID_TASK` when an element would contain a NUL byte or the
 * executable would be empty.
 */
export function cliArgv(
  request: AgentRequest,
  options: Pick<CliAdapterOptions, 'command' | 'promptVia' | 'rolePrompts'>,
  prompt: string = buildAgentPrompt(request),
): string[] {
  const values: Record<string, string> = {
    prompt,
    taskId: request.task.id,
    cwd: request.cwd,
    role: request.role.key,
    instance: request.instance,
    attempt: String(request.attempt),
    title: request.task.title,
    rolePrompt: rolePromptFor(request.role, options.rolePrompts),
  };
  const argv = options.command.map((part) => part.replace(PLACEHOLDER, (_, name: string) => values[name] ?? ''));
  if (options.promptVia === 'argument' && !options.command.some((part) => part.includes('{prompt}'))) argv.push(prompt);
  const taskId = request.task.id;
  if (argv[0] === undefined || argv[0] === '') {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(taskId)}: the command template gives an empty executable`, { details: { taskId, field: 'command' } });
  }
  if (argv.some((part) => part.includes('\0'))) {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(taskId)}: an argument would contain a NUL byte`, { details: { taskId, field: 'command' } });
  }
  return argv;
}

// --- Internal helpers ---

interface _Config extends ProcessConfig {
  readonly command: readonly string[];
  readonly promptVia: 'stdin' | 'argument';
  readonly parseOutput: CliAdapterOptions['parseOutput'];
  readonly name: string;
  readonly rolePrompts: RolePromptOverrides | undefined;
  readonly progressIntervalMs: number;
}

async function _result(outcome: ProcessOutcome, config: _Config): Promise<AgentResult> {
  const { stdoutTruncated: _stdoutTruncated, stderrTruncated: _stderrTruncated, ...exit } = processExitOutput(outcome);
  const output: CliOutput = exit;
  if (outcome.spawnMessage !== undefined) return { ok: false, summary: outcome.spawnMessage, output };
  const ok = outcome.exitCode === 0;
  const status = outcome.signal === null ? `exit ${outcome.exitCode ?? '?'}` : `killed by ${outcome.signal}`;
  const summary = ok ? (lastLine(outcome.stdout) ?? status) : (lastLine(outcome.stderr) ?? lastLine(outcome.stdout) ?? status);
  const fallback: AgentResult = { ok, summary: oneLine(summary), output };
  if (config.parseOutput === undefined) return fallback;
  let parsed: unknown;
  try {
    parsed = await config.parseOutput(outcome.stdout, outcome.stderr, outcome.exitCode);
  } catch (error) {
    return { ok: false, summary: oneLine(`parseOutput failed: ${error instanceof Error ? error.message : String(error)}`), output };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, summary: `parseOutput returned ${describeValue(parsed)}, expected an object`, output };
  }
  const result = { ...fallback, ...(parsed as Partial<AgentResult>) };
  if (typeof result.ok !== 'boolean') return { ok: false, summary: `parseOutput returned ok: ${describeValue(result.ok)}, expected a boolean`, output };
  return result;
}

function _resolveOptions(options: CliAdapterOptions): _Config {
  if (options === undefined) throw optionError(ADAPTER, 'options', 'an options object with a command', options);
  checkOptionsObject(ADAPTER, options);
  const { command, promptVia = 'stdin', parseOutput, name = CLI_ADAPTER_NAME, rolePrompts, progressIntervalMs = 250 } = options;
  if (!Array.isArray(command) || command.length === 0 || command.some((part) => typeof part !== 'string' || part.includes('\0'))) {
    throw optionError(ADAPTER, 'command', 'a non-empty argv array of strings without NUL bytes', command);
  }
  if (command[0] === '') throw optionError(ADAPTER, 'command[0]', 'an executable', command[0]);
  if (promptVia !== 'stdin' && promptVia !== 'argument') throw optionError(ADAPTER, 'promptVia', '"stdin" or "argument"', promptVia);
  if (parseOutput !== undefined && typeof parseOutput !== 'function') throw optionError(ADAPTER, 'parseOutput', 'a function', parseOutput);
  return {
    ...resolveProcessOptions(ADAPTER, options),
    command: [...command],
    promptVia,
    parseOutput,
    name: checkString(ADAPTER, 'name', name),
    rolePrompts: checkRolePrompts(rolePrompts, ADAPTER),
    progressIntervalMs: checkNonNegative(ADAPTER, 'progressIntervalMs', progressIntervalMs),
  };
}
