/**
 * The task prompt a coding agent gets: the orchestrator's prompt plus the task's metadata and what
 * its dependencies produced.
 * @module
 */
import type { AgentRequest, AgentResult } from './types.js';
import { editableFiles } from '../execute/prompt.js';

const MAX_OUTPUT_CHARS = 4000;

/**
 * Builds the prompt sent to a coding agent (on stdin): `request.prompt`, the task id and files,
 * and each dependency's outcome, summary (unless the prompt already has it), changed files and
 * (shortened) output.
 */
export function buildAgentPrompt(request: AgentRequest): string {
  const { task } = request;
  const lines = [request.prompt.trim(), '', `Task id: ${task.id}`];
  const files = editableFiles(task);
  if (files.length > 0 && !request.prompt.includes(files.join(', '))) lines.push(`Files this task may change: ${files.join(', ')}`);
  const dependencies = Object.entries(request.dependencies ?? {});
  if (dependencies.length > 0) {
    lines.push('', 'Details of the tasks this one depends on:');
    for (const [id, result] of dependencies) lines.push(..._dependencyLines(id, result, request.prompt));
  }
  return `${lines.join('\n')}\n`;
}

function _dependencyLines(id: string, result: AgentResult, prompt: string): string[] {
  // The orchestrator's prompt already lists dependency summaries: do not repeat them.
  const summary = result.summary === undefined || prompt.includes(`- ${id}: ${result.summary}`) ? '' : `: ${result.summary}`;
  const lines = [`- ${id} (${result.ok ? 'succeeded' : 'failed'})${summary}`];
  if (result.filesChanged !== undefined && result.filesChanged.length > 0) lines.push(`  files changed: ${result.filesChanged.join(', ')}`);
  const output = _outputText(result.output);
  if (output !== undefined) lines.push(`  output: ${output}`);
  return lines;
}

function _outputText(output: unknown): string | undefined {
  if (output === undefined || output === null) return undefined;
  let text: string;
  if (typeof output === 'string') text = output;
  else {
    const record = output as Record<string, unknown>;
    const inner = typeof output === 'object' && typeof record['text'] === 'string' ? record['text'] : undefined;
    try {
      text = inner ?? (JSON.stringify(output) as string | undefined) ?? '';
    } catch {
      return undefined;
    }
  }
  text = text.trim();
  if (text === '') return undefined;
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}... (truncated)` : text;
}
