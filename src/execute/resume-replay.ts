/**
 * What an interrupted run's journal changes in a new execution's task graph: the replans it
 * recorded, replayed in order, and the critical tasks it left in doubt.
 * @module
 */
import type { ResolveInfo } from '../journal/records.js';
import type { PlannedTask } from '../model/plan.js';
import type { AgentResult } from '../adapters/types.js';
import type { ErrorInfo } from './execution-types.js';
import type { ResumeState, RunRecord } from './recorder.js';
import { sinksOf } from './replanning.js';

/** The task graph after the recorded replans. */
export interface ReplayedReplans {
  /** Every task, the inserted ones appended in insertion order, rewired dependencies applied. */
  readonly tasks: Map<string, PlannedTask>;
  /** The tasks the replans inserted, in order. */
  readonly inserted: PlannedTask[];
  /** The resolver tasks among them, with their rounds, in order. */
  readonly resolvers: { readonly info: ResolveInfo; readonly round: number }[];
  /** The failed task of every (non-resolver) replan, once per replan, in order. */
  readonly replanned: string[];
}

/**
 * Replays `replans` on `tasks` (left unchanged): inserted tasks are added (a re-run task waits for
 * their sinks) and recorded rewires are applied.
 */
export function replayReplans(tasks: ReadonlyMap<string, PlannedTask>, replans: ResumeState['replans']): ReplayedReplans {
  const graph = new Map(tasks);
  const inserted: PlannedTask[] = [];
  const resolvers: { info: ResolveInfo; round: number }[] = [];
  const replanned: string[] = [];
  for (const replan of replans) {
    for (const task of replan.inserted) {
      if (graph.has(task.id)) continue;
      graph.set(task.id, task);
      inserted.push(task);
    }
    const failed = graph.get(replan.failedTaskId);
    if (failed && replan.rerun) {
      const sinks = sinksOf(replan.inserted);
      graph.set(failed.id, { ...failed, dependsOn: [...new Set([...failed.dependsOn, ...sinks])] });
    }
    if (replan.resolve !== undefined) resolvers.push({ info: replan.resolve, round: replan.round ?? 1 });
    else replanned.push(replan.failedTaskId);
    for (const { taskId, addDependsOn } of replan.rewire ?? []) {
      const current = graph.get(taskId);
      if (current) graph.set(taskId, { ...current, dependsOn: [...new Set([...current.dependsOn, ...addDependsOn])] });
    }
  }
  return { tasks: graph, inserted, resolvers, replanned };
}

/** The critical tasks left in doubt, split by whether a human confirmed them done (`confirmInDoubt`). */
export function criticalInDoubt(
  inDoubt: readonly string[],
  tasks: ReadonlyMap<string, PlannedTask>,
  confirmInDoubt: readonly string[] | undefined,
): { readonly unconfirmed: string[]; readonly confirmed: string[] } {
  const confirmed = new Set(confirmInDoubt ?? []);
  return {
    unconfirmed: inDoubt.filter((id) => tasks.get(id)?.critical === true && !confirmed.has(id)),
    confirmed: inDoubt.filter((id) => tasks.get(id)?.critical === true && confirmed.has(id)),
  };
}

/** Why a run stops as `needs-human`: critical tasks that may have half-run. */
export function needsHumanError(unconfirmed: readonly string[]): ErrorInfo {
  return {
    code: 'NEEDS_HUMAN',
    message: `critical task ${unconfirmed.join(', ')} was running when the run stopped; check its effect by hand, it is never re-run automatically`,
  };
}

/**
 * The `task-end` records a crash left unwritten for tasks the journal shows done: tasks merged and
 * recorded as integrated, and a backup step whose snapshot was journalled. Written on resume, so a
 * finished run leaves no task in doubt in its journal.
 */
export function unwrittenEnds(
  resume: ResumeState | undefined,
  backupId: string,
  outcomeOf: (taskId: string) => { readonly status: string; readonly attempts: number; readonly result?: AgentResult | undefined } | undefined,
): RunRecord[] {
  const records: RunRecord[] = [];
  for (const id of resume?.integratedOnly ?? []) {
    const outcome = outcomeOf(id);
    if (outcome?.status === 'succeeded') records.push({ type: 'task-end', taskId: id, status: 'succeeded', attempts: outcome.attempts, result: outcome.result });
  }
  if (resume?.backupRef !== undefined && resume.inDoubt.includes(backupId)) {
    const outcome = outcomeOf(backupId);
    records.push({ type: 'task-end', taskId: backupId, status: 'succeeded', attempts: outcome?.attempts ?? 1, result: outcome?.result });
  }
  return records;
}
