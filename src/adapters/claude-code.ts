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
import { agentCliResult, agentProcessOutput, createAgentCliAdapter, resolveAgentCliOptions, type AgentCliConfig, type AgentProcessOutput } from './agent-cli.js';
import { checkRequest, checkString, checkStringArray, oneLine, optionError, perRole, type PerRole } from './agent-options.js';
import { buildAgentPrompt } from './agent-prompt.js';
import { createClaudeStreamParser, type ClaudeRunSummary } from './claude-stream.js';
import type { ProcessAdapterOptions } from './process-options.js';
import { CLAUDE_PERMISSION_MODES, CLAUDE_TOOLS, accessOf } from './role-access.js';
import { rolePromptFor, type RolePromptOverrides } from './role-prompts.js';
import type { ProcessOutcome } from './run-process.js';
import type { AgentAdapter, AgentRequest, AgentResult, AgentUsage } from './types.js';

export * from './agent-cli-exports.js';
export { CLAUDE_PERMISSION_MODES, CLAUDE_TOOLS } from './role-access.js';
export { createClaudeStreamParser, describeToolUse } from './claude-stream.js';
export type { ClaudeRunSummary, ClaudeStreamParser } from './claude-stream.js';

/** The adapter's `name`. */
export const CLAUDE_CODE_ADAPTER_NAME = 'claude-code';

const ADAPTER = CLAUDE_CODE_ADAPTER_NAME;

/** Options of {@link createClaudeCodeAdapter}. */
export interface ClaudeCodeAdapterOptions extends ProcessAdapterOptions {
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
  /** Role prompt overrides by role key or instance id (`--append-system-prompt`). @defaultValue {@link ROLE_PROMPTS} */
  readonly rolePrompts?: RolePromptOverrides | undefined;
}

/** The `output` of a Claude Code result. JSON-serialisable. */
export interface ClaudeCodeOutput extends AgentProcessOutput {
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
  return createAgentCliAdapter({
    name: ADAPTER,
    config,
    argv: (request) => _argv(request, config),
    stdin: buildAgentPrompt,
    parser: (request) => createClaudeStreamParser(request.cwd),
    result: (outcome, run) => _result(outcome, run, config.executable),
  });
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

interface _Config extends AgentCliConfig {
  readonly maxTurns: number | undefined;
  readonly permissionMode: ((roleKey: string, instance: string) => string | undefined) | undefined;
  readonly allowedTools: ((roleKey: string, instance: string) => readonly string[] | undefined) | undefined;
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
    ...agentProcessOutput(outcome),
  };
  const usage: AgentUsage = {
    ...(run.inputTokens === undefined ? {} : { inputTokens: run.inputTokens }),
    ...(run.outputTokens === undefined ? {} : { outputTokens: run.outputTokens }),
    ...(run.costUsd === undefined ? {} : { costUsd: run.costUsd }),
  };
  let failure: string | undefined;
  if (run.finished && !run.success) {
    const answer = run.text === undefined ? '' : oneLine(run.text);
    const denied = run.permissionDenials.length > 0 ? `; permission denied: ${[...new Set(run.permissionDenials)].join(', ')}` : '';
    failure = `Claude Code failed (${run.subtype ?? 'error'})${answer ? `: ${answer}` : ''}${denied}`;
  }
  return agentCliResult(outcome, executable, {
    output,
    text: run.text,
    filesChanged: run.filesChanged,
    usage,
    succeeded: run.finished && run.success,
    failure,
    unfinished: run.finished ? '' : ' without a result',
  });
}

function _resolveOptions(options: ClaudeCodeAdapterOptions | undefined): _Config {
  const common = resolveAgentCliOptions(ADAPTER, options, 'claude');
  const { maxTurns, permissionMode, allowedTools } = options ?? {};
  if (maxTurns !== undefined && (!Number.isSafeInteger(maxTurns) || maxTurns < 1)) throw optionError(ADAPTER, 'maxTurns', 'a positive integer', maxTurns);
  return {
    ...common,
    maxTurns,
    permissionMode: perRole(ADAPTER, 'permissionMode', permissionMode, (field, value) => checkString(ADAPTER, field, value), (value) => typeof value === 'string'),
    allowedTools: perRole(ADAPTER, 'allowedTools', allowedTools, (field, value) => checkStringArray(ADAPTER, field, value), Array.isArray),
  };
}
