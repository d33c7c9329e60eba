/**
 * What the JSON-Lines agent CLI adapters (Claude Code, Codex) share: their common options, the
 * adapter around one spawned run per task, and how a finished run becomes an `AgentResult`.
 * @module
 */
import { abortError } from './abort.js';
import { agentEnvironment, checkOptionsObject, checkRequest, checkString, checkStringArray, oneLine } from './agent-options.js';
import { lastLine, runAgentProcess, stderrTail, type AgentEventParser } from './agent-process.js';
import { resolveProcessOptions, type ProcessAdapterOptions, type ProcessConfig } from './process-options.js';
import { checkRolePrompts, type RolePromptOverrides } from './role-prompts.js';
import { cancelAll, type ProcessOutcome, type ProcessRegistry } from './run-process.js';
import type { AgentAdapter, AgentRequest, AgentResult, AgentUsage } from './types.js';

/** The options every agent CLI adapter takes (each documents its own defaults). */
export interface AgentCliOptions extends ProcessAdapterOptions {
  /** The executable (a name on PATH or a path). */
  readonly executable?: string | undefined;
  /** `--model`. */
  readonly model?: string | undefined;
  /** Extra arguments. */
  readonly extraArgs?: readonly string[] | undefined;
  /** Role prompt overrides by role key or instance id. */
  readonly rolePrompts?: RolePromptOverrides | undefined;
}

/** {@link AgentCliOptions} checked, with defaults applied. */
export interface AgentCliConfig extends ProcessConfig {
  /** The executable to spawn. */
  readonly executable: string;
  /** `--model`, when given. */
  readonly model: string | undefined;
  /** Extra arguments. */
  readonly extraArgs: readonly string[];
  /** Role prompt overrides. */
  readonly rolePrompts: RolePromptOverrides | undefined;
}

/** The process fields that end every agent CLI result's `output`. */
export interface AgentProcessOutput {
  /** Exit code of the agent CLI, or null. */
  readonly exitCode: number | null;
  /** Tail of stderr. */
  readonly stderr: string;
  /** Wall-clock duration. */
  readonly durationMs: number;
}

/** How one agent CLI runs a request; see {@link createAgentCliAdapter}. */
export interface AgentCli<Summary> {
  /** The adapter's name (for errors and `dispose`). */
  readonly name: string;
  /** The checked options. */
  readonly config: AgentCliConfig;
  /** The argv for a checked request. */
  argv(request: AgentRequest): readonly string[];
  /** What the agent reads on stdin. */
  stdin(request: AgentRequest): string;
  /** A fresh parser of one run's JSON events. */
  parser(request: AgentRequest): AgentEventParser<Summary>;
  /** The result of a finished run. */
  result(outcome: ProcessOutcome, summary: Summary): AgentResult;
}

/** What an agent CLI's run amounted to, for {@link agentCliResult}. */
export interface AgentCliReport {
  /** The result's `output`. */
  readonly output: unknown;
  /** The agent's final answer. */
  readonly text: string | undefined;
  /** Files the agent changed. */
  readonly filesChanged: readonly string[];
  /** Token usage; left out of the result when undefined or empty. */
  readonly usage: AgentUsage | undefined;
  /** True when the agent reported success. */
  readonly succeeded: boolean;
  /** The agent's own failure summary, when it reported one; it wins over the exit status. */
  readonly failure: string | undefined;
  /** Appended to `<executable> exited with code N` (`' without a result'`), or `''`. */
  readonly unfinished: string;
}

/**
 * Checks the {@link AgentCliOptions} of adapter `adapter` (after `options` itself) and applies the
 * defaults.
 * @throws {@link WavefrontError} `INVALID_CONFIG` (`details.field` is `<adapter>.<option>`).
 */
export function resolveAgentCliOptions(adapter: string, options: AgentCliOptions | undefined, defaultExecutable: string): AgentCliConfig {
  checkOptionsObject(adapter, options);
  const { executable = defaultExecutable, model, extraArgs = [], rolePrompts } = options ?? {};
  return {
    ...resolveProcessOptions(adapter, options ?? {}),
    executable: checkString(adapter, 'executable', executable),
    model: model === undefined ? undefined : checkString(adapter, 'model', model),
    extraArgs: checkStringArray(adapter, 'extraArgs', extraArgs),
    rolePrompts: checkRolePrompts(rolePrompts, adapter),
  };
}

/**
 * An adapter that per task checks the request, spawns `cli.argv` (argv, never a shell, in
 * `request.cwd`, in its own process group) with `cli.stdin` and the agent environment, reports
 * the progress lines of its parsed events, and turns the outcome into `cli.result`. Abort and
 * `dispose` end the process group; the run then rejects with the signal's error.
 */
export function createAgentCliAdapter<Summary>(cli: AgentCli<Summary>): AgentAdapter {
  const registry: ProcessRegistry = new Set();
  return {
    name: cli.name,
    async run(request: AgentRequest): Promise<AgentResult> {
      checkRequest(cli.name, request);
      if (request.signal.aborted) throw abortError(request.signal, request.task.id);
      const parser = cli.parser(request);
      const { config } = cli;
      const command = { argv: cli.argv(request), stdin: cli.stdin(request), env: agentEnvironment(request, config.env, config.inheritEnv) };
      const outcome = await runAgentProcess(request, command, (event) => parser.push(event), config, registry);
      return cli.result(outcome, parser.summary());
    },
    dispose() {
      cancelAll(registry, cli.name);
    },
  };
}

/** The {@link AgentProcessOutput} fields of `outcome`. */
export function agentProcessOutput(outcome: ProcessOutcome): AgentProcessOutput {
  return { exitCode: outcome.exitCode, stderr: stderrTail(outcome), durationMs: outcome.durationMs };
}

/**
 * The result of an agent CLI run: `ok` when the agent reported success and `executable` exited 0,
 * with the answer's first line (or `done`) as summary. Otherwise the summary is the spawn failure,
 * the agent's own failure, the killing signal, the last stderr line, or the exit code, first found.
 */
export function agentCliResult(outcome: ProcessOutcome, executable: string, report: AgentCliReport): AgentResult {
  const { output, filesChanged, usage } = report;
  const base = {
    output,
    ...(filesChanged.length > 0 ? { filesChanged } : {}),
    ...(usage !== undefined && Object.keys(usage).length > 0 ? { usage } : {}),
  };
  if (outcome.spawnMessage !== undefined) return { ok: false, summary: outcome.spawnMessage, ...base };
  if (report.succeeded && outcome.exitCode === 0) return { ok: true, summary: (report.text === undefined ? undefined : oneLine(report.text)) || 'done', ...base };
  let summary: string;
  if (report.failure !== undefined) summary = report.failure;
  else if (outcome.signal !== null) summary = `${executable} was killed by ${outcome.signal}`;
  else summary = lastLine(outcome.stderr) ?? `${executable} exited with code ${outcome.exitCode ?? '?'}${report.unfinished}`;
  return { ok: false, summary, ...base };
}
