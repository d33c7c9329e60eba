/**
 * The Claude Code adapter: runs `claude -p` headless per task, streaming its stream-json events.
 *
 * Published as `wavefront/adapters/claude-code`.
 *
 * @example
 * ```ts
 * import { createClaudeCodeAdapter } from 'wavefront/adapters/claude-code';
 * const adapter = createClaudeCodeAdapter({ model: 'sonnet', allowedTools: { 'code-reviewer': ['Read', 'Grep'] } });
 * await new Orchestrator({ cwd, adapter }).run(plan);
 * ```
 * @module
 */
import { buildAgentPrompt } from './agent-prompt.js';
import {
  agentEnvironment,
  checkEnv,
  checkNonNegative,
  checkOptionsObject,
  checkRequest,
  checkString,
  checkStringArray,
  oneLine,
  optionError,
  perRole,
  type PerRole,
} from './agent-options.js';
import { lastLine, runAgentProcess, stderrTail } from './agent-process.js';
import { abortError } from './abort.js';
import { createClaudeStreamParser, type ClaudeRunSummary } from './claude-stream.js';
import { CLAUDE_PERMISSION_MODES, CLAUDE_TOOLS, accessOf } from './role-access.js';
import { checkRolePrompts, rolePromptFor, type RolePromptOverrides } from './role-prompts.js';
import { cancelAll, type ProcessOutcome, type ProcessRegistry } from './run-process.js';
import type { AgentAdapter, AgentRequest, AgentResult, AgentUsage } from './types.js';

export { ROLE_PROMPTS, rolePromptFor } from './role-prompts.js';
export type { RolePromptOverrides } from './role-prompts.js';
export { CLAUDE_PERMISSION_MODES, CLAUDE_TOOLS, ROLE_ACCESS } from './role-access.js';
export type { AccessLevel } from './role-access.js';
export type { PerRole } from './agent-options.js';
export { createClaudeStreamParser, describeToolUse } from './claude-stream.js';
export type { ClaudeRunSummary, ClaudeStreamParser } from './claude-stream.js';

/** The adapter's `name`. */
export const CLAUDE_CODE_ADAPTER_NAME = 'claude-code';

const ADAPTER = CLAUDE_CODE_ADAPTER_NAME;
const MiB = 1024 * 1024;

/** Options of {@link createClaudeCodeAdapter}. */
export interface ClaudeCodeAdapterOptions {
  /** The Claude Code executable (a name on PATH or a path). @defaultValue 'claude' */
  readonly executable?: string | undefined;
  /** `--model` (`sonnet`, `opus`, a full model id). @defaultValue Claude Code's own default */
  readonly model?: string | undefined;
  /** `--permission-mode`, for all roles or per role. @defaultValue by access level: `acceptEdits` for editing roles, `default` otherwise ({@link CLAUDE_PERMISSION_MODES}) */
  readonly permissionMode?: PerRole<string> | undefined;
  /** `--allowedTools`, for all roles or per role. @defaultValue by access level ({@link CLAUDE_TOOLS}): reviewers read, writers edit docs, engineers edit and run commands */
  readonly allowedTools?: PerRole<readonly string[]> | undefined;
  /** `--max-turns`. */
  readonly maxTurns?: number | undefined;
  /** Extra arguments appended to the argv. */
  readonly extraArgs?: readonly string[] | undefined;
  /** Extra environment variables; they override inherited ones. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Start from `process.env`. @defaultValue true */
  readonly inheritEnv?: boolean | undefined;
  /** Role prompt overrides by role key or instance id (`--append-system-prompt`). @defaultValue {@link ROLE_PROMPTS} */
  readonly rolePrompts?: RolePromptOverrides | undefined;
  /** Wait after SIGTERM before SIGKILL when aborting. @defaultValue 2000 */
  readonly killGraceMs?: number | undefined;
  /** Most bytes of stdout and stderr kept each. @defaultValue 1 MiB */
  readonly maxOutputBytes?: number | undefined;
}

/** The `output` of a Claude Code result. JSON-serialisable. */
export interface ClaudeCodeOutput {
  /** The agent's final answer. */
  readonly text: string | null;
  /** Result subtype (`success`, `error_max_turns`, `error_during_execution`), or null without a result. */
  readonly subtype: string | null;
  /** Session id, to resume with `claude --resume`. */
  readonly sessionId: string | null;
  /** Model used. */
  readonly model: string | null;
  /** Turns taken. */
  readonly numTurns: number | null;
  /** Tool uses by tool name. */
  readonly toolUses: Readonly<Record<string, number>>;
  /** Tools the permission rules denied. */
  readonly permissionDenials: readonly string[];
  /** Exit code of `claude`, or null. */
  readonly exitCode: number | null;
  /** Tail of stderr. */
  readonly stderr: string;
  /** Wall-clock duration. */
  readonly durationMs: number;
}

/**
 * Creates a Claude Code adapter. Per task it spawns (argv, never a shell, in `request.cwd`, in its
 * own process group):
 *
 * `claude -p --output-format stream-json --verbose --append-system-prompt <role prompt>
 *  [--model m] [--max-turns n] --allowedTools <tools...> --permission-mode <mode> [...extraArgs]`
 *
 * with the task prompt ({@link buildAgentPrompt}: task, files, dependency results) on stdin.
 *
 * - Progress: each assistant text and tool use (`Edit src/app.ts`, `Bash: npm test`) is reported.
 * - Result: `ok` when the final `result` event is a success and `claude` exits 0; `summary` is the
 *   answer's first line (or the error); `filesChanged` lists files written by successful
 *   Write/Edit/MultiEdit/NotebookEdit uses; `usage` is `{ inputTokens (incl. cache reads and
 *   writes), outputTokens, costUsd: total_cost_usd }`; `output` is a {@link ClaudeCodeOutput}.
 *   A missing executable resolves `ok: false` (`command not found: claude`).
 * - Abort: SIGTERM to the process group, SIGKILL after `killGraceMs`; rejects with the signal's
 *   {@link WavefrontError} once the group is gone.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options.
 */
export function createClaudeCodeAdapter(options?: ClaudeCodeAdapterOptions): AgentAdapter {
  const config = _resolveOptions(options);
  const registry: ProcessRegistry = new Set();
  const adapter: AgentAdapter = {
    name: ADAPTER,
    async run(request: AgentRequest): Promise<AgentResult> {
      checkRequest(ADAPTER, request);
      if (request.signal.aborted) throw abortError(request.signal, request.task.id);
      const argv = _argv(request, config);
      const parser = createClaudeStreamParser(request.cwd);
      const outcome = await runAgentProcess(
        request,
        { argv, stdin: buildAgentPrompt(request), env: agentEnvironment(request, config.env, config.inheritEnv) },
        (event) => parser.push(event),
        config,
        registry,
      );
      return _result(outcome, parser.summary(), config.executable);
    },
    dispose() {
      cancelAll(registry, ADAPTER);
    },
  };
  return adapter;
}

/**
 * The argv the adapter spawns for `request` with `options`, for inspection (`--dry-run` displays,
 * tests). The prompt is not in it: it goes to stdin.
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options, `INVALID_ARGUMENT` for a bad request.
 */
export function claudeArgv(request: AgentRequest, options?: ClaudeCodeAdapterOptions): string[] {
  const config = _resolveOptions(options);
  checkRequest(ADAPTER, request);
  return _argv(request, config);
}

// --- Internal helpers ---

interface _Config {
  readonly executable: string;
  readonly model: string | undefined;
  readonly maxTurns: number | undefined;
  readonly permissionMode: ((roleKey: string, instance: string) => string | undefined) | undefined;
  readonly allowedTools: ((roleKey: string, instance: string) => readonly string[] | undefined) | undefined;
  readonly extraArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly inheritEnv: boolean;
  readonly rolePrompts: RolePromptOverrides | undefined;
  readonly killGraceMs: number;
  readonly maxOutputBytes: number;
}

function _argv(request: AgentRequest, config: _Config): string[] {
  const { key } = request.role;
  const access = accessOf(key);
  const tools = config.allowedTools?.(key, request.instance) ?? CLAUDE_TOOLS[access];
  const mode = config.permissionMode?.(key, request.instance) ?? CLAUDE_PERMISSION_MODES[access];
  const argv = [config.executable, '-p', '--output-format', 'stream-json', '--verbose', '--append-system-prompt', rolePromptFor(request.role, config.rolePrompts)];
  if (config.model !== undefined) argv.push('--model', config.model);
  if (config.maxTurns !== undefined) argv.push('--max-turns', String(config.maxTurns));
  if (tools.length > 0) argv.push('--allowedTools', ...tools);
  argv.push('--permission-mode', mode, ...config.extraArgs);
  return argv;
}

function _result(outcome: ProcessOutcome, run: ClaudeRunSummary, executable: string): AgentResult {
  const output: ClaudeCodeOutput = {
    text: run.text ?? null,
    subtype: run.subtype ?? null,
    sessionId: run.sessionId ?? null,
    model: run.model ?? null,
    numTurns: run.numTurns ?? null,
    toolUses: run.toolUses,
    permissionDenials: run.permissionDenials,
    exitCode: outcome.exitCode,
    stderr: stderrTail(outcome),
    durationMs: outcome.durationMs,
  };
  const usage: AgentUsage = {
    ...(run.inputTokens === undefined ? {} : { inputTokens: run.inputTokens }),
    ...(run.outputTokens === undefined ? {} : { outputTokens: run.outputTokens }),
    ...(run.costUsd === undefined ? {} : { costUsd: run.costUsd }),
  };
  const base = {
    output,
    ...(run.filesChanged.length > 0 ? { filesChanged: run.filesChanged } : {}),
    ...(Object.keys(usage).length > 0 ? { usage } : {}),
  };
  if (outcome.spawnMessage !== undefined) return { ok: false, summary: outcome.spawnMessage, ...base };
  const answer = run.text === undefined ? undefined : oneLine(run.text);
  if (run.finished && run.success && outcome.exitCode === 0) return { ok: true, summary: answer || 'done', ...base };
  let summary: string;
  if (run.finished && !run.success) {
    const denied = run.permissionDenials.length > 0 ? `; permission denied: ${[...new Set(run.permissionDenials)].join(', ')}` : '';
    summary = `Claude Code failed (${run.subtype ?? 'error'})${answer ? `: ${answer}` : ''}${denied}`;
  } else if (outcome.signal !== null) {
    summary = `${executable} was killed by ${outcome.signal}`;
  } else {
    summary = lastLine(outcome.stderr) ?? `${executable} exited with code ${outcome.exitCode ?? '?'}${run.finished ? '' : ' without a result'}`;
  }
  return { ok: false, summary, ...base };
}

function _resolveOptions(options: ClaudeCodeAdapterOptions | undefined): _Config {
  checkOptionsObject(ADAPTER, options);
  const {
    executable = 'claude',
    model,
    maxTurns,
    permissionMode,
    allowedTools,
    extraArgs = [],
    env = {},
    inheritEnv = true,
    rolePrompts,
    killGraceMs = 2000,
    maxOutputBytes = MiB,
  } = options ?? {};
  if (maxTurns !== undefined && (!Number.isSafeInteger(maxTurns) || maxTurns < 1)) throw optionError(ADAPTER, 'maxTurns', 'a positive integer', maxTurns);
  if (typeof inheritEnv !== 'boolean') throw optionError(ADAPTER, 'inheritEnv', 'a boolean', inheritEnv);
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) throw optionError(ADAPTER, 'maxOutputBytes', 'a non-negative integer', maxOutputBytes);
  return {
    executable: checkString(ADAPTER, 'executable', executable),
    model: model === undefined ? undefined : checkString(ADAPTER, 'model', model),
    maxTurns,
    permissionMode: perRole(ADAPTER, 'permissionMode', permissionMode, (field, value) => checkString(ADAPTER, field, value), (value) => typeof value === 'string'),
    allowedTools: perRole(ADAPTER, 'allowedTools', allowedTools, (field, value) => checkStringArray(ADAPTER, field, value), Array.isArray),
    extraArgs: checkStringArray(ADAPTER, 'extraArgs', extraArgs),
    env: checkEnv(ADAPTER, env),
    inheritEnv,
    rolePrompts: checkRolePrompts(rolePrompts, ADAPTER),
    killGraceMs: checkNonNegative(ADAPTER, 'killGraceMs', killGraceMs),
    maxOutputBytes,
  };
}
