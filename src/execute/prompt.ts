/**
 * The prompt an adapter receives for a task.
 * @module
 */
import type { AgentResult } from '../adapters/types.js';
import type { Role } from '../allocate/roles.js';
import type { PlannedTask } from '../model/plan.js';
import { GLUE_LOCK_PATH } from '../plan/glue-catalogue.js';

/** The files an agent may change: the task's `touches` without the glue pass's lock key, which is not a file to edit. */
export function editableFiles(task: Pick<PlannedTask, 'touches'>): string[] {
  return (task.touches ?? []).filter((glob) => glob !== GLUE_LOCK_PATH);
}

/**
 * Builds the task prompt: who the agent is, what to do, which files, and what its dependencies
 * produced. Task text is data inside the prompt, never a command.
 */
export function buildPrompt(task: PlannedTask, role: Role, dependencies: Readonly<Record<string, AgentResult>>): string {
  const lines = [
    `You are ${role.name} (${role.id}), expert in ${role.expertise.toLowerCase()}.`,
    '',
    `Task: ${task.title}`,
  ];
  if (task.description) lines.push('', task.description);
  const files = editableFiles(task);
  if (files.length > 0) lines.push('', `Files you may change: ${files.join(', ')}`);
  if (task.critical) lines.push('', `This is a critical operation (${task.criticalReasons.join(', ')}): act carefully and report exactly what you did.`);
  const deps = Object.entries(dependencies).filter(([, result]) => result.summary);
  if (deps.length > 0) {
    lines.push('', 'Results of the tasks this one depends on:');
    for (const [id, result] of deps) lines.push(`- ${id}: ${result.summary}`);
  }
  return lines.join('\n');
}
