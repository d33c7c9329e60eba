/**
 * Running a JSON-Lines coding agent (Claude Code, Codex) for one task: spawn, feed the prompt,
 * turn its events into progress, and end it on abort.
 * @module
 */
import { safeReport } from './agent-options.js';
import { createJsonLineReader } from './json-lines.js';
import { runProcess, type ProcessOutcome, type ProcessRegistry } from './run-process.js';
import type { AgentRequest } from './types.js';

/** Process settings shared by the agent adapters. */
export interface AgentProcessConfig {
  /** Wait after SIGTERM before SIGKILL. */
  readonly killGraceMs: number;
  /** Most bytes kept of stdout and stderr each. */
  readonly maxOutputBytes: number;
}

/** Most characters of stderr kept in a result's `output`. */
export const STDERR_IN_OUTPUT = 4000;

/**
 * Spawns `argv` in `request.cwd` with `stdin`, passes every JSON event of stdout to `onEvent` and
 * reports the progress lines it returns. Resolves with the process outcome once the output closed;
 * rejects with the signal's error on abort (after the process group is gone).
 */
export async function runAgentProcess(
  request: AgentRequest,
  spec: { readonly argv: readonly string[]; readonly stdin: string; readonly env: NodeJS.ProcessEnv },
  onEvent: (event: Record<string, unknown>) => readonly string[],
  config: AgentProcessConfig,
  registry: ProcessRegistry,
): Promise<ProcessOutcome> {
  const reader = createJsonLineReader((event) => {
    for (const line of onEvent(event)) if (line !== '') safeReport(request, line);
  });
  const outcome = await runProcess(
    {
      argv: spec.argv,
      cwd: request.cwd,
      env: spec.env,
      stdin: spec.stdin,
      signal: request.signal,
      taskId: request.task.id,
      killGraceMs: config.killGraceMs,
      maxOutputBytes: config.maxOutputBytes,
      onStdout: (chunk) => reader.push(chunk),
    },
    registry,
  );
  reader.end();
  return outcome;
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
