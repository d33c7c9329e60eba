/**
 * buildPlan: the pure planning pipeline from task specs to a Plan.
 * @module
 */
import { allocateInstances } from '../allocate/allocate-instances.js';
import { recommendInstances } from '../allocate/recommend-instances.js';
import { createCriticalDetector } from '../critical/index.js';
import { buildDag, buildDagFromSpecs } from '../graph/build-dag.js';
import { criticalPath } from '../graph/critical-path.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { WavefrontOptions } from '../model/config.js';
import type { Complexity, GluePassEntry, PatternMatch, Plan, PlannedTask, PlanSettings } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import { BACKUP_TASK_ID, COMMIT_TASK_ID, DEFAULT_ESTIMATE_MINUTES } from '../waves/defaults.js';
import { criticalText, estimateOf, generateWaves } from '../waves/generate-waves.js';
import { resolveGlueFiles } from './glue-catalogue.js';
import { applyGluePass } from './glue-pass.js';
import { insertGuards } from './guards.js';
import { uniqueId } from './ids.js';
import { estimateMakespan } from './makespan.js';
import { conflictPairs } from '../schedule/write-sets.js';

/** Inputs of {@link buildPlan} besides the tasks. */
export interface BuildPlanInput {
  /** The request text, for the plan record. */
  readonly text: string;
  /** The recognised pattern. */
  readonly pattern: PatternMatch;
  /** Resolved options. */
  readonly options: WavefrontOptions;
  /** Remarks gathered before (config warnings). */
  readonly warnings?: readonly string[] | undefined;
}

/**
 * Turns validated user/decomposer tasks into a complete plan: critical detection, the glue pass
 * (`options.glueFiles`, see `applyGluePass`), guards, wave-0 backup, final commit, optional
 * per-wave verification (priority `safety`), waves, instances and estimates. Pure and deterministic.
 *
 * @throws {@link WavefrontError} graph errors (`CYCLE`, `UNKNOWN_DEPENDENCY`, ...), `MAX_WAVES_EXCEEDED`,
 * `INVALID_CONFIG` (a bad `glueFiles`).
 */
export function buildPlan(inputTasks: readonly TaskSpec[], input: BuildPlanInput): Plan {
  const { options } = input;
  const warnings = [...(input.warnings ?? [])];
  // Validate the user's graph before adding anything, so errors name their tasks; go on with the parsed specs.
  const tasks = buildDag(inputTasks).tasks;

  const reasons = new Map<string, string[]>();
  const keywords = options.criticalKeywords;
  const detect = createCriticalDetector(keywords ? { keywords } : undefined);
  for (const task of tasks) {
    const kind = task.kind ?? 'work';
    const matches = kind === 'work' ? detect(criticalText(task)).matches : [];
    if (matches.length === 0 && task.critical !== true) continue; // the common case: nothing to record
    const found = matches.map((m) => m.rule);
    const why = [...(task.critical === true ? ['user'] : []), ...new Set(found)];
    if (why.length > 0) reasons.set(task.id, why);
    if (task.critical === false && found.length > 0) {
      warnings.push(`task ${JSON.stringify(task.id)} is marked critical: false but matches critical rules (${found.join(', ')}); it stays critical`);
    }
  }
  const critical = new Set(reasons.keys());
  // After critical detection: the notes added to split tasks and the glue tasks are planner text.
  const globs = resolveGlueFiles(options.glueFiles);
  const glue = globs === undefined ? undefined : applyGluePass(tasks, globs);
  if (glue) warnings.push(...glue.warnings);

  let all = insertGuards(glue?.tasks ?? tasks, critical, {
    rollbackScripts: options.createRollbackScripts,
    verifyRole: () => 'database-analyst',
  });
  all = addBackupAndCommit(all);
  // The planner's own tasks may exceed per-task input limits (the commit depends on every sink).
  let graph = buildDagFromSpecs(all);
  const isCritical = (task: TaskSpec): boolean => critical.has(task.id);
  if (options.priority === 'safety') {
    all = addWaveVerification(graph, isCritical);
    graph = buildDagFromSpecs(all);
  }
  const waves = generateWaves(graph, { isCritical, maxWaves: options.maxWaves });

  const parallelWidth = waves.reduce((widest, wave) => Math.max(widest, wave.taskIds.length), 0);
  const subtaskCount = all.filter((task) => task.kind !== 'backup' && task.kind !== 'commit').length;
  const recommended = recommendInstances(subtaskCount, parallelWidth);
  const cap = Math.min(options.maxInstances ?? 15, options.favorParallelization === false ? recommended : 15);
  const allocation = allocateInstances(all, waves, { maxInstances: cap });

  const planned: PlannedTask[] = [];
  for (const wave of waves) {
    for (const id of wave.taskIds) {
      const task = graph.get(id);
      const chosen = allocation.byTask[id];
      planned.push(plannedTask(task, graph, chosen?.role ?? 'coordinator', chosen?.instance ?? 'I1', wave.index, reasons.get(id) ?? [], glue?.glue.get(id)));
    }
  }

  const sequentialMinutes = round1(planned.reduce((sum, task) => sum + task.estimateMinutes, 0));
  const wavesMinutes = round1(waves.reduce((sum, wave) => sum + wave.estimateMinutes, 0));
  const path = criticalPath(graph, (i) => estimateOf(graph.tasks[i] as TaskSpec));
  const settings = resolveSettings(options);
  const draft = { tasks: planned, instances: allocation.instances };
  const parallelMinutes = round1(estimateMakespan(draft, settings.mode));
  const complexity: Complexity = {
    level: complexityLevel(subtaskCount),
    subtaskCount,
    criticalCount: critical.size,
    maxParallelism: parallelWidth,
    depth: waves.length,
    recommendedInstances: recommended,
  };
  return {
    version: 1,
    request: { text: input.text },
    pattern: input.pattern,
    complexity,
    tasks: planned,
    waves,
    instances: allocation.instances,
    estimate: {
      sequentialMinutes,
      parallelMinutes,
      wavesMinutes,
      savedPercent: sequentialMinutes === 0 ? 0 : round1(((sequentialMinutes - parallelMinutes) / sequentialMinutes) * 100),
      criticalPathMinutes: round1(path.length),
      criticalPath: path.taskIds,
    },
    settings,
    conflicts: conflictPairs(planned),
    ...gluePassOf(planned, glue?.glue, glue?.requestedBy),
    warnings,
  };
}

/** `{ gluePass }` in plan order, or nothing when the plan has no glue task (plans without glue keep their shape). */
function gluePassOf(
  planned: readonly PlannedTask[],
  files: ReadonlyMap<string, readonly string[]> | undefined,
  requestedBy: ReadonlyMap<string, readonly string[]> | undefined,
): { gluePass?: GluePassEntry[] } {
  if (files === undefined || requestedBy === undefined || files.size === 0) return {};
  const gluePass = planned
    .filter((task) => files.has(task.id))
    .map((task) => ({ taskId: task.id, files: [...(files.get(task.id) ?? [])], requestedBy: [...(requestedBy.get(task.id) ?? [])] }));
  return { gluePass };
}

function plannedTask(
  task: TaskSpec,
  graph: TaskGraph,
  role: string,
  instance: string,
  wave: number,
  reasons: readonly string[],
  glue: readonly string[] | undefined,
): PlannedTask {
  const out: Record<string, unknown> = {
    id: task.id,
    title: task.title,
    dependsOn: graph.dependencies(task.id),
    role,
    instance,
    critical: reasons.length > 0,
    criticalReasons: reasons,
    kind: task.kind ?? 'work',
    estimateMinutes: estimateOf(task),
    wave,
  };
  if (task.description !== undefined) out['description'] = task.description;
  if (task.touches !== undefined) out['touches'] = task.touches;
  if (task.command !== undefined) out['command'] = task.command;
  if (task.phase !== undefined) out['phase'] = task.phase;
  if (glue !== undefined) out['glue'] = [...glue];
  const guarded = /^(.*)\.(data-backup|rollback-script|verify)(-\d+)?$/.exec(task.id);
  if (guarded && (task.kind === 'data-backup' || task.kind === 'rollback-script' || task.kind === 'verify') && graph.has(guarded[1] as string)) {
    out['guards'] = guarded[1];
  }
  return out as unknown as PlannedTask;
}

/** Adds the wave-0 backup (every root depends on it) and the final commit (depends on every sink). */
function addBackupAndCommit(tasks: readonly TaskSpec[]): TaskSpec[] {
  const taken = new Set(tasks.map((task) => task.id));
  const existingBackup = tasks.find((task) => task.kind === 'backup');
  const existingCommit = tasks.find((task) => task.kind === 'commit');
  const backupId = existingBackup?.id ?? uniqueId(BACKUP_TASK_ID, taken);
  const commitId = existingCommit?.id ?? uniqueId(COMMIT_TASK_ID, taken);
  const hasDependents = new Set<string>();
  for (const task of tasks) for (const dep of task.dependsOn ?? []) hasDependents.add(dep);
  const out: TaskSpec[] = [];
  if (!existingBackup) {
    out.push({ id: backupId, title: 'Create git safety backup', kind: 'backup', role: 'I1', estimateMinutes: DEFAULT_ESTIMATE_MINUTES.backup });
  }
  for (const task of tasks) {
    if (task.kind === 'backup' || task.kind === 'commit') out.push(task);
    else if ((task.dependsOn ?? []).length === 0) out.push({ ...task, dependsOn: [backupId] });
    else out.push(task);
  }
  const sinks = tasks.filter((task) => !hasDependents.has(task.id) && task.kind !== 'backup' && task.kind !== 'commit').map((task) => task.id);
  if (existingCommit) {
    const index = out.indexOf(existingCommit);
    out[index] = { ...existingCommit, dependsOn: [...new Set([...(existingCommit.dependsOn ?? []), ...sinks])] };
  } else {
    out.push({
      id: commitId,
      title: 'Create final commit',
      kind: 'commit',
      role: 'I1',
      dependsOn: sinks.length > 0 ? sinks : [backupId],
      estimateMinutes: DEFAULT_ESTIMATE_MINUTES.commit,
    });
  }
  return out;
}

/**
 * Priority `safety`: a verification task after each generation's parallel work; every task of
 * the next generation waits for it, so it runs as its own wave between them.
 */
function addWaveVerification(graph: TaskGraph, isCritical: (task: TaskSpec) => boolean): TaskSpec[] {
  const levels = graph.generations();
  const taken = new Set(graph.tasks.map((task) => task.id));
  const extraDeps = new Map<string, string[]>();
  const added: TaskSpec[] = [];
  levels.forEach((level, g) => {
    const work = level.map((id) => graph.get(id)).filter((task) => (task.kind ?? 'work') === 'work' && !isCritical(task));
    const next = levels[g + 1];
    if (work.length === 0 || next === undefined) return;
    const id = uniqueId(`wave-check-${g}`, taken);
    added.push({
      id,
      title: `Verify ${work.length === 1 ? (work[0] as TaskSpec).title : `${work.length} tasks of step ${g}`}`,
      kind: 'verify',
      role: 'integration-validator',
      dependsOn: work.map((task) => task.id),
      phase: 'Verification',
    });
    for (const nextId of next) extraDeps.set(nextId, [...(extraDeps.get(nextId) ?? []), id]);
  });
  const out = graph.tasks.map((task) => {
    const extra = extraDeps.get(task.id);
    return extra ? { ...task, dependsOn: [...(task.dependsOn ?? []), ...extra] } : task;
  });
  return [...out, ...added];
}

/** Fills defaults for the settings a plan carries to execution. */
export function resolveSettings(options: WavefrontOptions): PlanSettings {
  const priority = options.priority ?? 'balanced';
  return {
    priority,
    requireApproval: options.requireApproval ?? priority !== 'speed',
    maxInstances: options.maxInstances ?? 15,
    dryRun: options.dryRun ?? false,
    onFailure: options.onFailure ?? 'rollback',
    mode: options.mode ?? 'dynamic',
    checkpointRetention: options.checkpointRetention ?? 'cleanup',
    checkpointVerbosity: options.checkpointVerbosity ?? 'detailed',
    progressDisplay: options.progressDisplay ?? 'live',
  };
}

function complexityLevel(subtasks: number): Complexity['level'] {
  if (subtasks < 5) return 'small';
  if (subtasks <= 15) return 'medium';
  if (subtasks <= 30) return 'large';
  return 'complex';
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
