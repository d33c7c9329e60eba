/**
 * The default adaptive-execution step (seed "Scenario: Test Failures"): analyse the failure,
 * fix it, then run the failed task again.
 * @module
 */
import type { ReplanContext, ReplanDecision, Replanner } from './options.js';

const MAX_ID = 128;

/**
 * Inserts `<id>.analyse-<round>` (test engineer) and `<id>.fix-<round>` (backend engineer, after
 * the analysis), and re-runs the failed task after the fix. The failure text is passed on in the
 * new tasks' descriptions.
 */
export const defaultReplanner: Replanner = (context: ReplanContext): ReplanDecision => {
  const { task, round } = context;
  const failure = context.error?.message ?? context.result?.summary ?? 'the task reported failure';
  const base = task.id.slice(0, MAX_ID - 12);
  const analyse = `${base}.analyse-${round}`;
  const fix = `${base}.fix-${round}`;
  return {
    tasks: [
      {
        id: analyse,
        title: `Analyse failure of: ${task.title}`,
        description: `The task "${task.title}" failed with:\n${failure}\nFind the root cause and describe the fix.`,
        dependsOn: task.dependsOn,
        role: 'test-engineer',
        estimateMinutes: 5,
        phase: 'Recovery',
      },
      {
        id: fix,
        title: `Fix failure of: ${task.title}`,
        description: `Fix the cause of this failure so that "${task.title}" succeeds when run again:\n${failure}`,
        dependsOn: [analyse],
        role: 'backend-engineer',
        estimateMinutes: 10,
        phase: 'Recovery',
      },
    ],
    rerun: true,
  };
};
