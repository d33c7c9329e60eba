/**
 * The message of a run's final commit.
 * @module
 */
import type { Plan, PlannedTask } from '../model/plan.js';
import type { TaskStatus } from './events.js';

/** First line: the request; body: the run id and how many work tasks succeeded. */
export function runCommitMessage(plan: Plan, runId: string, tasks: Iterable<PlannedTask>, statusOf: (taskId: string) => TaskStatus | undefined): string {
  const request = plan.request.text.trim().split('\n')[0]?.slice(0, 72) || 'planned tasks';
  const work = [...tasks].filter((task) => task.kind !== 'backup' && task.kind !== 'commit');
  const done = work.filter((task) => statusOf(task.id) === 'succeeded').length;
  return `wavefront: ${request}\n\nRun ${runId}: ${done} of ${work.length} tasks succeeded in ${plan.waves.length} waves (${plan.pattern.label}).\n`;
}
