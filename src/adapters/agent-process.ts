/**
 * Running an agent's process for one task: spawn it in `request.cwd`, feed it the prompt, turn its
 * output (JSON-Lines events, or plain lines) into progress, and end it on abort.
 * @module
 */
import { safeReport } from './agent-options.js';
import { createJsonLineReader } from './json-lines.js';
import { createLineProgress } from './line-progress.js';
import { runProcess, type ProcessOutcome, type ProcessRegistry, type ProcessSpec } from './run-process.js';
import type { AgentRequest } from './types.js';

/** Process settings shared by the agent adapters. */
export interface AgentProcessConfig {
  /** Wait after SIGTERM before SIGKILL. */
  readonly killGraceMs: number;
  /** Most bytes kept of stdout and stderr each. */
  readonly maxOutputBytes: number;
}

/** What to spawn for one request. */
export interface AgentCommand {
  /** `[file, ...args]`, never run through a shell. */
  readonly argv: readonly string[];
  /** The child's full environment. */
  readonly env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; stdin is ignored when undefined. */
  readonly stdin?: string | undefined;
}

/** Consumes an agent's JSON events one at a time. */
export interface AgentEventParser<Summary> {
  /** Takes one event; returns progress lines for it (possibly none). */
  push(event: Record<string, unknown>): string[];
  /** The summary so far. */
  summary(): Summary;
}

/** Most characters of stderr kept in a result's `output`. */
export const STDERR_IN_OUTPUT = 4000;

/**
 * Spawns `command` in `request.cwd`, passes every JSON event of stdout to `onEvent` and reports the
 * progress lines it returns. Resolves with the process outcome once the output closed; rejects
 * with the signal's error on abort (after the process group is gone).
 */
export async function runAgentProcess(
  request: AgentRequest,
  command: AgentCommand,
  onEvent: (event: Record<string, unknown>) => readonly string[],
  config: AgentProcessConfig,
  registry: ProcessRegistry,
): Promise<ProcessOutcome> {
  const reader = createJsonLineReader((event) => {
    for (const line of onEvent(event)) if (line !== '') safeReport(request, line);
  });
  const outcome = await runProcess(_spec(request, command, config, { onStdout: (chunk) => reader.push(chunk) }), registry);
  reader.end();
  return outcome;
}

/**
 * Spawns `command` in `request.cwd` and reports its newest output line (stdout or stderr) as
 * progress, at most once per `config.progressIntervalMs`. Settles like {@link runAgentProcess}.
 */
export async function runLineProcess(
  request: AgentRequest,
  command: AgentCommand,
  config: AgentProcessConfig & { readonly progressIntervalMs: number },
  registry: ProcessRegistry,
): Promise<ProcessOutcome> {
  const progress = createLineProgress((p) => request.report(p), config.progressIntervalMs);
  try {
    return await runProcess(
      _spec(request, command, config, {
        onStdout: (chunk) => progress.push('stdout', chunk),
        onStderr: (chunk) => progress.push('stderr', chunk),
      }),
      registry,
    );
  } finally {
    progress.cancel();
  }
}

/** The last non-blank line of `text`, on one line. */
export function lastLine(text: string): string | undefined {
  const lines = text.split('\n');
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = (lines[index] ?? '').trim();
    if (line !== '') return line.length > 200 ? `${line.slice(0, 197)}...` : line;
  }
  return undefined;
}

/** The tail of stderr kept in a result's output. */
export function stderrTail(outcome: ProcessOutcome): string {
  return outcome.stderr.length > STDERR_IN_OUTPUT ? outcome.stderr.slice(-STDERR_IN_OUTPUT) : outcome.stderr;
}

// --- Internal helpers ---

function _spec(
  request: AgentRequest,
  command: AgentCommand,
  config: AgentProcessConfig,
  listeners: Pick<ProcessSpec, 'onStdout' | 'onStderr'>,
): ProcessSpec {
  return {
    argv: command.argv,
    cwd: request.cwd,
    env: command.env,
    stdin: command.stdin,
    signal: request.signal,
    taskId: request.task.id,
    killGraceMs: config.killGraceMs,
    maxOutputBytes: config.maxOutputBytes,
    ...listeners,
  };
}
