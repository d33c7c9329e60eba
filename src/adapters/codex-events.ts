/**
 * Reading the JSONL events of `codex exec --json`: progress lines, changed files, usage and the
 * outcome of the turn. Pure: no I/O.
 * @module
 */
import { oneLine } from './agent-options.js';
import type { AgentEventParser } from './agent-process.js';
import { relativeToCwd } from './paths.js';

/** What a Codex run amounted to, once its stream ended. */
export interface CodexRunSummary {
  /** True when a `turn.completed` event arrived. */
  readonly completed: boolean;
  /** True when a `turn.failed` event arrived. */
  readonly failed: boolean;
  /** The error of `turn.failed` or a top-level `error` event, if any. */
  readonly error: string | undefined;
  /** Thread id (to resume with `codex exec resume`). */
  readonly threadId: string | undefined;
  /** The last agent message. */
  readonly text: string | undefined;
  /** Commands run, with their exit codes. */
  readonly commands: readonly { readonly command: string; readonly exitCode: number | null }[];
  /** Files changed by completed file_change items, relative to cwd when inside it. */
  readonly filesChanged: readonly string[];
  /** Prompt tokens over all turns (including cached ones). */
  readonly inputTokens: number | undefined;
  /** Of which served from cache. */
  readonly cachedInputTokens: number | undefined;
  /** Completion tokens over all turns. */
  readonly outputTokens: number | undefined;
}

/** Consumes `codex exec --json` events one at a time. */
export interface CodexEventParser extends AgentEventParser<CodexRunSummary> {}

const MAX_COMMANDS = 200;

/** Creates a {@link CodexEventParser}; `cwd` makes changed paths relative. */
export function createCodexEventParser(cwd: string): CodexEventParser {
  const files = new Set<string>();
  const commands: { command: string; exitCode: number | null }[] = [];
  let threadId: string | undefined;
  let text: string | undefined;
  let error: string | undefined;
  let completed = false;
  let failed = false;
  let usage: { input: number; cached: number; output: number } | undefined;

  const onItem = (item: Record<string, unknown>, done: boolean): string[] => {
    switch (item['type']) {
      case 'agent_message':
        if (!done || typeof item['text'] !== 'string') return [];
        text = item['text'];
        return [oneLine(item['text'])];
      case 'reasoning':
        return done && typeof item['text'] === 'string' ? [oneLine(item['text'].replace(/\*\*/g, ''))] : [];
      case 'command_execution': {
        const command = typeof item['command'] === 'string' ? item['command'] : '?';
        if (!done) return [oneLine(`$ ${command}`)];
        const exitCode = typeof item['exit_code'] === 'number' ? item['exit_code'] : null;
        if (commands.length < MAX_COMMANDS) commands.push({ command, exitCode });
        return exitCode !== null && exitCode !== 0 ? [oneLine(`command exited ${exitCode}: ${command}`)] : [];
      }
      case 'file_change': {
        if (!done || item['status'] === 'failed') return [];
        const paths: string[] = [];
        for (const change of _array(item['changes'])) {
          const path = _record(change)?.['path'];
          if (typeof path === 'string' && path !== '') paths.push(relativeToCwd(cwd, path));
        }
        for (const path of paths) files.add(path);
        return paths.length > 0 ? [oneLine(`changed ${paths.join(', ')}`)] : [];
      }
      case 'mcp_tool_call':
        return done ? [] : [oneLine(`tool ${String(item['server'] ?? '?')}.${String(item['tool'] ?? '?')}`)];
      case 'web_search':
        return done ? [] : [oneLine(`search ${JSON.stringify(String(item['query'] ?? ''))}`)];
      case 'error':
        return typeof item['message'] === 'string' ? [oneLine(`error: ${item['message']}`)] : [];
      default:
        return [];
    }
  };

  return {
    push(event) {
      switch (event['type']) {
        case 'thread.started':
          if (typeof event['thread_id'] === 'string') threadId = event['thread_id'];
          return ['Codex started'];
        case 'item.started':
        case 'item.completed': {
          const item = _record(event['item']);
          return item === undefined ? [] : onItem(item, event['type'] === 'item.completed');
        }
        case 'turn.completed': {
          completed = true;
          const turn = _record(event['usage']);
          if (turn !== undefined) {
            usage ??= { input: 0, cached: 0, output: 0 };
            usage.input += _number(turn['input_tokens']);
            usage.cached += _number(turn['cached_input_tokens']);
            usage.output += _number(turn['output_tokens']);
          }
          return [];
        }
        case 'turn.failed': {
          const message = _record(event['error'])?.['message'];
          failed = true;
          error = typeof message === 'string' ? message : 'turn failed';
          return [oneLine(`turn failed: ${error}`)];
        }
        case 'error':
          error = typeof event['message'] === 'string' ? event['message'] : 'error';
          return [oneLine(`error: ${error}`)];
        default:
          return [];
      }
    },
    summary() {
      return {
        completed,
        failed,
        error,
        threadId,
        text,
        commands: [...commands],
        filesChanged: [...files].sort(),
        inputTokens: usage?.input,
        cachedInputTokens: usage?.cached,
        outputTokens: usage?.output,
      };
    },
  };
}

// --- Internal helpers ---

function _record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function _array(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function _number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
