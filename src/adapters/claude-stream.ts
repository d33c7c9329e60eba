/**
 * Reading Claude Code's `--output-format stream-json` events: progress lines, changed files,
 * usage and the final result. Pure: no I/O.
 * @module
 */
import { oneLine } from './agent-options.js';
import type { AgentEventParser } from './agent-process.js';
import { relativeToCwd } from './paths.js';

/** Tools whose `file_path` / `notebook_path` input is a file they write. */
const WRITING_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

/** What a Claude Code run amounted to, once its stream ended. */
export interface ClaudeRunSummary {
  /** True when a `result` event arrived. */
  readonly finished: boolean;
  /** True when the result says success (`subtype: success`, `is_error: false`). */
  readonly success: boolean;
  /** Result subtype (`success`, `error_max_turns`, `error_during_execution`, ...). */
  readonly subtype: string | undefined;
  /** The final answer text (the result's `result`, else the last assistant text). */
  readonly text: string | undefined;
  /** Session id. */
  readonly sessionId: string | undefined;
  /** Model named by the init event. */
  readonly model: string | undefined;
  /** Turns the agent took. */
  readonly numTurns: number | undefined;
  /** Agent-reported duration. */
  readonly durationMs: number | undefined;
  /** Tool uses by tool name. */
  readonly toolUses: Readonly<Record<string, number>>;
  /** Tool names the permission rules denied. */
  readonly permissionDenials: readonly string[];
  /** Files written by successful tool uses, relative to cwd when inside it. */
  readonly filesChanged: readonly string[];
  /** Prompt tokens, including cache reads and writes. */
  readonly inputTokens: number | undefined;
  /** Completion tokens. */
  readonly outputTokens: number | undefined;
  /** The cost Claude Code reported. */
  readonly costUsd: number | undefined;
}

/** Consumes stream-json events one at a time. */
export interface ClaudeStreamParser extends AgentEventParser<ClaudeRunSummary> {}

/** Creates a {@link ClaudeStreamParser}; `cwd` makes written paths relative. */
export function createClaudeStreamParser(cwd: string): ClaudeStreamParser {
  const toolUses: Record<string, number> = {};
  const pendingWrites = new Map<string, string>();
  const files = new Set<string>();
  const messageUsage = new Map<string, { input: number; output: number }>();
  let init: Record<string, unknown> | undefined;
  let result: Record<string, unknown> | undefined;
  let lastText: string | undefined;

  const onAssistant = (event: Record<string, unknown>): string[] => {
    const message = _record(event['message']);
    if (message === undefined) return [];
    const id = typeof message['id'] === 'string' ? message['id'] : `#${messageUsage.size}`;
    const usage = _record(message['usage']);
    if (usage !== undefined) messageUsage.set(id, { input: _inputTokens(usage), output: _number(usage['output_tokens']) ?? 0 });
    const lines: string[] = [];
    for (const block of _array(message['content'])) {
      const part = _record(block);
      if (part === undefined) continue;
      if (part['type'] === 'text' && typeof part['text'] === 'string' && part['text'].trim() !== '') {
        lastText = part['text'];
        lines.push(oneLine(part['text']));
      } else if (part['type'] === 'tool_use' && typeof part['name'] === 'string') {
        const name = part['name'];
        toolUses[name] = (toolUses[name] ?? 0) + 1;
        const input = _record(part['input']) ?? {};
        const target = _writtenPath(name, input);
        if (target !== undefined && typeof part['id'] === 'string') pendingWrites.set(part['id'], target);
        lines.push(describeToolUse(name, input, cwd));
      }
    }
    return lines;
  };

  const onUser = (event: Record<string, unknown>): string[] => {
    const message = _record(event['message']);
    const lines: string[] = [];
    for (const block of _array(message?.['content'])) {
      const part = _record(block);
      if (part?.['type'] !== 'tool_result' || typeof part['tool_use_id'] !== 'string') continue;
      const id = part['tool_use_id'];
      if (part['is_error'] === true) {
        lines.push(`tool failed: ${oneLine(_resultText(part['content']) ?? 'error', 160)}`);
      }
      const target = pendingWrites.get(id);
      if (target !== undefined && part['is_error'] !== true) files.add(relativeToCwd(cwd, target));
      pendingWrites.delete(id);
    }
    return lines;
  };

  return {
    push(event) {
      switch (event['type']) {
        case 'system':
          if (event['subtype'] === 'init') {
            init = event;
            return [`Claude Code started${typeof event['model'] === 'string' ? ` (${event['model']})` : ''}`];
          }
          return [];
        case 'assistant':
          return onAssistant(event);
        case 'user':
          return onUser(event);
        case 'result':
          result = event;
          return [];
        default:
          return [];
      }
    },
    summary() {
      const usage = _record(result?.['usage']);
      let inputTokens = usage === undefined ? undefined : _inputTokens(usage);
      let outputTokens = usage === undefined ? undefined : _number(usage['output_tokens']);
      if (usage === undefined && messageUsage.size > 0) {
        inputTokens = 0;
        outputTokens = 0;
        for (const entry of messageUsage.values()) {
          inputTokens += entry.input;
          outputTokens += entry.output;
        }
      }
      const subtype = typeof result?.['subtype'] === 'string' ? result['subtype'] : undefined;
      const resultText = typeof result?.['result'] === 'string' ? result['result'] : undefined;
      const denials = _array(result?.['permission_denials'])
        .map((entry) => _record(entry)?.['tool_name'])
        .filter((name): name is string => typeof name === 'string');
      return {
        finished: result !== undefined,
        success: result !== undefined && result['is_error'] !== true && (subtype === undefined || subtype === 'success'),
        subtype,
        text: resultText ?? lastText,
        sessionId: _string(result?.['session_id']) ?? _string(init?.['session_id']),
        model: _string(init?.['model']),
        numTurns: _number(result?.['num_turns']),
        durationMs: _number(result?.['duration_ms']),
        toolUses: { ...toolUses },
        permissionDenials: denials,
        filesChanged: [...files].sort(),
        inputTokens,
        outputTokens,
        costUsd: _number(result?.['total_cost_usd']),
      };
    },
  };
}

/**
 * A one-line description of a tool use: `Edit src/app.ts`, `Bash: npm test`, `Grep "TODO"`. Paths
 * inside `cwd` are shown relative to it.
 */
export function describeToolUse(name: string, input: Readonly<Record<string, unknown>>, cwd?: string): string {
  const raw = _string(input['file_path']) ?? _string(input['notebook_path']) ?? _string(input['path']);
  const path = raw === undefined || cwd === undefined ? raw : relativeToCwd(cwd, raw);
  if (name === 'Bash' && typeof input['command'] === 'string') return oneLine(`Bash: ${input['command']}`);
  if (path !== undefined) return oneLine(`${name} ${path}`);
  const detail = _string(input['pattern']) ?? _string(input['url']) ?? _string(input['query']) ?? _string(input['description']);
  return oneLine(detail === undefined ? name : `${name} ${JSON.stringify(detail)}`);
}

// --- Internal helpers ---

function _writtenPath(name: string, input: Readonly<Record<string, unknown>>): string | undefined {
  if (!WRITING_TOOLS.has(name)) return undefined;
  return _string(input['file_path']) ?? _string(input['notebook_path']);
}

function _inputTokens(usage: Readonly<Record<string, unknown>>): number {
  return (_number(usage['input_tokens']) ?? 0) + (_number(usage['cache_creation_input_tokens']) ?? 0) + (_number(usage['cache_read_input_tokens']) ?? 0);
}

function _resultText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  for (const block of _array(content)) {
    const text = _record(block)?.['text'];
    if (typeof text === 'string') return text;
  }
  return undefined;
}

function _record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function _array(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function _string(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function _number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
