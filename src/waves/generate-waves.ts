/**
 * generateWaves: the seed's wave rules over a task graph.
 * @module
 */
import { buildDag } from '../graph/build-dag.js';
import { TaskGraph } from '../graph/task-graph.js';
import { WavefrontError } from '../model/errors.js';
import type { Wave } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import { detectCritical, type DetectCriticalOptions } from '../critical/index.js';
import { BACKUP_TASK_ID, COMMIT_TASK_ID, DEFAULT_ESTIMATE_MINUTES } from './defaults.js';

/** Options of {@link generateWaves}. */
export interface GenerateWavesOptions {
  /** Fail when the plan needs more waves than this (seed `max_waves`). Minimum 2. */
  readonly maxWaves?: number | undefined;
  /** Decides which tasks are critical. Default: `spec.critical === true` or the built-in rules on its text. */
  readonly isCritical?: ((task: TaskSpec) => boolean) | undefined;
  /** Options for the built-in rules (e.g. the seed's `critical_keywords`). */
  readonly critical?: DetectCriticalOptions | undefined;
}

/** Text the critical rules read for a task: title, description and command. */
export function criticalText(task: TaskSpec): string {
  return [task.title, task.description ?? '', (task.command ?? []).join(' ')].filter((part) => part !== '').join('\n');
}

/** Estimate of a task in minutes, with the per-kind default. */
export function estimateOf(task: TaskSpec): number {
  return task.estimateMinutes ?? DEFAULT_ESTIMATE_MINUTES[task.kind ?? 'work'];
}

/**
 * Groups tasks into waves with the seed's rules: wave 0 is the git backup, then Kahn generations
 * where each ready critical task gets its own sequential wave before the parallel wave of its
 * generation, and the final commit is the last wave.
 *
 * Tasks of kind `backup` / `commit` become waves 0 and last; when absent, the seed's `git_backup`
 * and `git_commit` ids stand for them. Runs in O(tasks + dependencies).
 *
 * @throws {@link WavefrontError} graph errors from `buildDag`, `MAX_WAVES_EXCEEDED`, `INVALID_ARGUMENT`.
 */
export function generateWaves(tasks: readonly TaskSpec[] | TaskGraph, options: GenerateWavesOptions = {}): Wave[] {
  const graph = tasks instanceof TaskGraph ? tasks : buildDag(validateList(tasks));
  const maxWaves = options.maxWaves;
  if (maxWaves !== undefined && (!Number.isInteger(maxWaves) || maxWaves < 2)) {
    throw new WavefrontError('INVALID_CONFIG', `max_waves: expected an integer >= 2 (backup and commit need two waves), got ${String(maxWaves)}`, {
      details: { field: 'max_waves' },
    });
  }
  const critical = options.isCritical ?? ((task: TaskSpec) => task.critical === true || detectCritical(criticalText(task), options.critical).critical);
  const specs = graph.tasks;
  const backups = specs.filter((task) => task.kind === 'backup');
  const commits = specs.filter((task) => task.kind === 'commit');
  if (backups.length > 1 || commits.length > 1) {
    throw new WavefrontError('INVALID_TASK', 'a plan has at most one task of kind "backup" and one of kind "commit"', { details: { field: 'kind' } });
  }
  const backup = backups[0];
  const commit = commits[0];
  if (backup && (backup.dependsOn ?? []).length > 0) {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(backup.id)}: the backup task runs first and cannot depend on other tasks`, {
      details: { taskId: backup.id, field: 'dependsOn' },
    });
  }
  if (commit && graph.dependents(commit.id).length > 0) {
    throw new WavefrontError('INVALID_TASK', `task ${JSON.stringify(commit.id)}: the commit task runs last; no task may depend on it`, {
      details: { taskId: commit.id, field: 'dependsOn' },
    });
  }
  const waves: Wave[] = [];
  const push = (name: string, taskIds: string[], sequential: boolean, isCrit: boolean, minutes: number): void => {
    waves.push({ index: waves.length, name, taskIds, sequential, critical: isCrit, estimateMinutes: minutes });
  };
  push('Safety Backup', [backup?.id ?? freeId(graph, BACKUP_TASK_ID)], true, false, backup ? estimateOf(backup) : DEFAULT_ESTIMATE_MINUTES.backup);

  for (const level of workLevels(graph)) {
    const parallel: TaskSpec[] = [];
    for (const index of level) {
      const task = specs[index] as TaskSpec;
      if (critical(task)) push(`${task.title} (CRITICAL)`, [task.id], true, true, estimateOf(task));
      else parallel.push(task);
    }
    if (parallel.length > 0) {
      const name = phaseName(parallel) ?? `Wave ${waves.length}`;
      // A loop, not Math.max(...spread): a wave can hold more tasks than a call has argument slots.
      push(name, parallel.map((task) => task.id), false, false, parallel.reduce((longest, task) => Math.max(longest, estimateOf(task)), 0));
    }
  }
  push('Final Commit', [commit?.id ?? freeId(graph, COMMIT_TASK_ID)], true, false, commit ? estimateOf(commit) : DEFAULT_ESTIMATE_MINUTES.commit);

  if (maxWaves !== undefined && waves.length > maxWaves) {
    throw new WavefrontError('MAX_WAVES_EXCEEDED', `the plan needs ${waves.length} waves but max_waves is ${maxWaves}`, {
      details: { waves: waves.length, maxWaves },
    });
  }
  return waves;
}

function validateList(tasks: unknown): readonly TaskSpec[] {
  if (!Array.isArray(tasks)) {
    throw new WavefrontError('INVALID_ARGUMENT', `generateWaves: expected an array of task specs or a TaskGraph, got ${tasks === null ? 'null' : typeof tasks}`);
  }
  return tasks as readonly TaskSpec[];
}

/**
 * Kahn generations of every task except backup and commit, as index lists in input order.
 * Edges to and from the backup/commit tasks are ignored: they are waves 0 and last by rule.
 */
function workLevels(graph: TaskGraph): number[][] {
  const specs = graph.tasks;
  const preds = graph.predecessorIndices;
  const depth = new Int32Array(specs.length).fill(-1);
  let max = -1;
  for (const i of graph.topologicalIndices) {
    const kind = specs[i]?.kind;
    if (kind === 'backup' || kind === 'commit') continue;
    let d = 0;
    for (const p of preds[i] ?? []) {
      const pd = depth[p] ?? -1;
      if (pd >= 0) d = Math.max(d, pd + 1);
    }
    depth[i] = d;
    if (d > max) max = d;
  }
  const levels: number[][] = Array.from({ length: max + 1 }, () => []);
  for (let i = 0; i < specs.length; i++) {
    const d = depth[i] ?? -1;
    if (d >= 0) levels[d]?.push(i);
  }
  return levels;
}

/** The most common phase label of a wave's tasks (ties: first seen), if any task has one. */
function phaseName(tasks: readonly TaskSpec[]): string | undefined {
  const counts = new Map<string, number>();
  for (const task of tasks) if (task.phase) counts.set(task.phase, (counts.get(task.phase) ?? 0) + 1);
  let best: string | undefined;
  for (const [phase, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = phase;
  return best;
}

/** `base`, or `base_2`, `base_3`... when a task already uses the id. */
function freeId(graph: TaskGraph, base: string): string {
  if (!graph.has(base)) return base;
  let n = 2;
  while (graph.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}
