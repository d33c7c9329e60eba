/**
 * The Codex adapter: runs OpenAI's Codex CLI (`codex exec --json`) per task, streaming its JSONL
 * events.
 *
 * Published as `wavefront/adapters/codex`.
 *
 * @example
 * ```ts
 * import { createCodexAdapter } from 'wavefront/adapters/codex';
 * const adapter = createCodexAdapter({ model: 'gpt-5-codex', pricing: { inputUsdPerMTok: 1.25, outputUsdPerMTok: 10 } });
 * await new Orchestrator({ cwd, adapter }).run(plan);
 * ```
 * @module
 */
import { agentCliResult, agentProcessOutput, createAgentCliAdapter, resolveAgentCliOptions, type AgentCliConfig, type AgentProcessOutput } from './agent-cli.js';
import { checkRequest, oneLine, optionError, perRole, type PerRole } from './agent-options.js';
import { buildAgentPrompt } from './agent-prompt.js';
import { createCodexEventParser, type CodexRunSummary } from './codex-events.js';
import { checkPricing, costOf, type TokenPricing } from './pricing.js';
import type { ProcessAdapterOptions } from './process-options.js';
import { CODEX_SANDBOXES, accessOf } from './role-access.js';
import { rolePromptFor, type RolePromptOverrides } from './role-prompts.js';
import type { ProcessOutcome } from './run-process.js';
import type { AgentAdapter, AgentRequest, AgentResult, AgentUsage } from './types.js';

export * from './agent-cli-exports.js';
export { CODEX_SANDBOXES } from './role-access.js';
export { createCodexEventParser } from './codex-events.js';
export type { CodexEventParser, CodexRunSummary } from './codex-events.js';
export type { TokenPricing } from './pricing.js';

/** The adapter's `name`. */
export const CODEX_ADAPTER_NAME = 'codex';

const ADAPTER = CODEX_ADAPTER_NAME;
const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

/** Codex `--sandbox` modes. */
export type CodexSandboxMode = (typeof SANDBOX_MODES)[number];

/** Options of {@link createCodexAdapter}. */
export interface CodexAdapterOptions extends ProcessAdapterOptions {
  /** The Codex executable (a name on PATH or a path). @defaultValue 'codex' */
  readonly executable?: string | undefined;
  /** `--model`. @defaultValue Codex's own default */
  readonly model?: string | undefined;
  /** `--sandbox`, for all roles or per role. @defaultValue `read-only` for reviewers, analysts and testers of running systems, `workspace-write` for editing roles ({@link CODEX_SANDBOXES}) */
  readonly sandbox?: PerRole<CodexSandboxMode> | undefined;
  /** `-c key=value` config overrides (values are TOML, as Codex expects). */
  readonly config?: Readonly<Record<string, string>> | undefined;
  /** Pass `--skip-git-repo-check` (run outside a git repository). @defaultValue false */
  readonly skipGitRepoCheck?: boolean | undefined;
  /** Extra arguments, placed before the final `-` (prompt from stdin). */
  readonly extraArgs?: readonly string[] | undefined;
  /** Role prompt overrides by role key or instance id (sent ahead of the task prompt). @defaultValue {@link ROLE_PROMPTS} */
  readonly rolePrompts?: RolePromptOverrides | undefined;
  /** Prices to compute `usage.costUsd` from tokens (Codex reports no cost). */
  readonly pricing?: TokenPricing | undefined;
}

/** The `output` of a Codex result. JSON-serialisable. */
export interface CodexOutput extends AgentProcessOutput {
  /** The agent's last message. */
  readonly text: string | null;
  /** Thread id. */
  readonly threadId: string | null;
  /** The failure reported by Codex, or null. */
  readonly error: string | null;
  /** Commands the agent ran, with their exit codes (at most 200). */
  readonly commands: readonly { readonly command: string; readonly exitCode: number | null }[];
  /** Prompt tokens served from cache. */
  readonly cachedInputTokens: number | null;
}

/**
 * Creates a Codex adapter. Per task it spawns (argv, never a shell, in `request.cwd`, in its own
 * process group):
 *
 * `codex exec --json --sandbox <mode> [--model m] [--skip-git-repo-check] [-c k=v ...] [...extraArgs] -`
 *
 * with the role prompt followed by the task prompt ({@link buildAgentPrompt}) on stdin.
 *
 * - Progress: agent messages, reasoning headlines, commands (`$ npm test`), file changes.
 * - Result: `ok` when the turn completed (no `turn.failed`) and `codex` exits 0; `summary` is the
 *   last agent message's first line (or the error); `filesChanged` from completed `file_change`
 *   items; `usage` sums `turn.completed` usage (`inputTokens` includes cached tokens), with
 *   `costUsd` when `pricing` is given; `output` is a {@link CodexOutput}. A missing executable
 *   resolves `ok: false` (`command not found: codex`).
 * - Abort: SIGTERM to the process group, SIGKILL after `killGraceMs`; rejects with the signal's
 *   {@link WavefrontError} once the group is gone.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options.
 */
export function createCodexAdapter(options?: CodexAdapterOptions): AgentAdapter {
  const config = _resolveOptions(options);
  return createAgentCliAdapter({
    name: ADAPTER,
    config,
    argv: (request) => _argv(request, config),
    stdin: (request) => `${rolePromptFor(request.role, config.rolePrompts)}\n\n---\n\n${buildAgentPrompt(request)}`,
    parser: (request) => createCodexEventParser(request.cwd),
    result: (outcome, run) => _result(outcome, run, config),
  });
}

/**
 * The argv the adapter spawns for `request` with `options`, for inspection. The prompt is not in
 * it: it goes to stdin.
 * @throws {@link WavefrontError} `INVALID_CONFIG` for bad options, `INVALID_ARGUMENT` for a bad request.
 */
export function codexArgv(request: AgentRequest, options?: CodexAdapterOptions): string[] {
  const config = _resolveOptions(options);
  checkRequest(ADAPTER, request);
  return _argv(request, config);
}

// --- Internal helpers ---

interface _Config extends AgentCliConfig {
  readonly sandbox: ((roleKey: string, instance: string) => CodexSandboxMode | undefined) | undefined;
  readonly config: Readonly<Record<string, string>>;
  readonly skipGitRepoCheck: boolean;
  readonly pricing: TokenPricing | undefined;
}

function _argv(request: AgentRequest, config: _Config): string[] {
  const sandbox = config.sandbox?.(request.role.key, request.instance) ?? CODEX_SANDBOXES[accessOf(request.role.key)];
  const argv = [config.executable, 'exec', '--json', '--sandbox', sandbox];
  if (config.model !== undefined) argv.push('--model', config.model);
  if (config.skipGitRepoCheck) argv.push('--skip-git-repo-check');
  for (const [key, value] of Object.entries(config.config)) argv.push('-c', `${key}=${value}`);
  argv.push(...config.extraArgs, '-');
  return argv;
}

function _result(outcome: ProcessOutcome, run: CodexRunSummary, config: _Config): AgentResult {
  const output: CodexOutput = {
    text: run.text ?? null,
    threadId: run.threadId ?? null,
    error: run.error ?? null,
    commands: run.commands,
    cachedInputTokens: run.cachedInputTokens ?? null,
    ...agentProcessOutput(outcome),
  };
  const tokens =
    run.inputTokens === undefined || run.outputTokens === undefined
      ? undefined
      : { inputTokens: run.inputTokens, outputTokens: run.outputTokens, cachedInputTokens: run.cachedInputTokens };
  const usage: AgentUsage | undefined =
    tokens === undefined
      ? undefined
      : {
          inputTokens: tokens.inputTokens,
          outputTokens: tokens.outputTokens,
          ...(config.pricing === undefined ? {} : { costUsd: costOf(tokens, config.pricing) }),
        };
  return agentCliResult(outcome, config.executable, {
    output,
    text: run.text,
    filesChanged: run.filesChanged,
    usage,
    succeeded: run.completed && !run.failed,
    failure: run.error === undefined ? undefined : `Codex failed: ${oneLine(run.error)}`,
    unfinished: run.completed ? '' : ' before the turn completed',
  });
}

function _resolveOptions(options: CodexAdapterOptions | undefined): _Config {
  const common = resolveAgentCliOptions(ADAPTER, options, 'codex');
  const { sandbox, config = {}, skipGitRepoCheck = false, pricing } = options ?? {};
  if (typeof skipGitRepoCheck !== 'boolean') throw optionError(ADAPTER, 'skipGitRepoCheck', 'a boolean', skipGitRepoCheck);
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw optionError(ADAPTER, 'config', 'an object of strings', config);
  for (const [key, value] of Object.entries(config)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw optionError(ADAPTER, `config.${key}`, 'a dotted key of letters, digits, "_" and "-"', key);
    if (typeof value !== 'string' || value.includes('\0')) throw optionError(ADAPTER, `config.${key}`, 'a string without NUL bytes', value);
  }
  const checkSandbox = (field: string, value: unknown): CodexSandboxMode => {
    if (!(SANDBOX_MODES as readonly unknown[]).includes(value)) throw optionError(ADAPTER, field, `one of ${SANDBOX_MODES.join(', ')}`, value);
    return value as CodexSandboxMode;
  };
  return {
    ...common,
    sandbox: perRole(ADAPTER, 'sandbox', sandbox, checkSandbox, (value) => typeof value === 'string'),
    config: { ...config },
    skipGitRepoCheck,
    pricing: checkPricing(ADAPTER, pricing),
  };
}
