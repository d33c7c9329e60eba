/**
 * The glue pass: shared registries every feature appends to (package manifests and lockfiles,
 * barrel modules, migration and route indexes) are edited by dedicated tasks that never run at the
 * same time, instead of by every feature task in parallel. Pure and deterministic; see
 * docs/glue-files.md.
 *
 * - A task's glue files are its `touches` entries that name glue files (see {@link isGlueFile}) plus
 *   those its title or description clearly names (see {@link inferGlueFiles}).
 * - A task that writes only glue is a glue task itself. A task that writes glue and other files is
 *   split: it keeps its other files and is told not to edit the glue; one glue task per glue file
 *   (a manifest and its lockfiles count as one) depends on every task that asked for it.
 * - The tasks that depended on a split task also depend on its glue tasks (see
 *   {@link waitForGlue}), unless that would close a cycle.
 * - Every glue task also writes {@link GLUE_LOCK_PATH}, so the scheduler's write-set rule runs
 *   them one at a time (executor, `simulate()` and the policy search alike).
 * @module
 */
import { matchRole } from '../allocate/match-role.js';
import type { RoleKey } from '../allocate/roles.js';
import { describeValue } from '../model/errors.js';
import type { TaskSpec } from '../model/task.js';
import {
  DEFAULT_GLUE_FILES,
  GLUE_LOCK_PATH,
  GLUE_PASS_LIMIT,
  GLUE_PHASE,
  LOCKFILE_MANIFEST,
  checkGlobArgument,
  glueArgumentError,
  glueCategory,
  isGlueFile,
} from './glue-catalogue.js';
import type { GlueCategory } from './glue-catalogue.js';
import { waitForGlue } from './glue-dependents.js';
import type { AddedGlueTask } from './glue-dependents.js';
import { emptyGlueInference, inferGlueFiles } from './glue-inference.js';
import type { GlueInference } from './glue-inference.js';
import { addUniquePath, normalisePath, pathKey, segmentsOf } from './glue-paths.js';
import { uniqueId } from './ids.js';

/** Result of {@link applyGluePass}. */
export interface GluePassResult {
  /** The tasks: split tasks in place, glue tasks added at the end. Same objects where nothing changed. */
  readonly tasks: TaskSpec[];
  /** Glue task id → the glue files it edits, in task order. Empty when the plan has no glue. */
  readonly glue: ReadonlyMap<string, readonly string[]>;
  /** Glue task id → the ids of the tasks it records changes for. */
  readonly requestedBy: ReadonlyMap<string, readonly string[]>;
  /** Remarks for the plan's warnings (the pass hit {@link GLUE_PASS_LIMIT}, a dependent could not wait for its glue task). */
  readonly warnings: readonly string[];
}

interface Request {
  readonly task: TaskSpec;
  readonly files: string[];
  readonly evidence: readonly string[];
}

interface Unit {
  readonly key: string;
  readonly files: string[];
  readonly fileKeys: Set<string>;
  readonly requests: Request[];
}

/** A glue file's unit: a lockfile joins its manifest in the same directory. */
function unitKey(file: string): string {
  const segments = segmentsOf(file);
  const base = segments[segments.length - 1] ?? '';
  const manifest = LOCKFILE_MANIFEST.get(base); // a Map: a file named `constructor` is no lookup into Object.prototype
  if (manifest !== undefined) segments[segments.length - 1] = manifest.toLowerCase();
  return segments.join('/');
}

const ESTIMATE: Readonly<Record<GlueCategory, number>> = { manifest: 5, lockfile: 5, barrel: 3, 'migration-index': 3, 'route-registry': 3, custom: 3 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function filesLabel(files: readonly string[]): string {
  const [first, second] = files;
  if (files.length === 1) return first as string;
  if (files.length === 2) return `${first as string} and ${second as string}`;
  return `${first as string} and ${files.length - 1} lockfiles`;
}

/** "Update package.json for: A; B … (+3 more)": titles clipped, at most ~200 characters in all. */
function glueTitle(files: readonly string[], requests: readonly Request[]): string {
  const head = `Update ${clip(filesLabel(files), 120)} for: `;
  const titles = requests.map((r) => clip(r.task.title.trim(), 60));
  let shown = 0;
  let body = '';
  while (shown < titles.length) {
    const next = `${body}${shown === 0 ? '' : '; '}${titles[shown] as string}`;
    if (shown > 0 && head.length + next.length > 200) break;
    body = next;
    shown++;
  }
  return `${head}${body}${shown < titles.length ? ` (+${titles.length - shown} more)` : ''}`;
}

/** Requesters listed by name in a glue task's description; the rest are counted. */
const DESCRIBED_REQUESTS = 40;

function glueDescription(files: readonly string[], requests: readonly Request[]): string {
  const lines = [
    `Glue pass: make every edit below to ${files.join(', ')} in one go. These tasks were told not to edit ${files.length === 1 ? 'this file' : 'these files'}; their work is done.`,
    '',
    'Requested by:',
  ];
  for (const r of requests.slice(0, DESCRIBED_REQUESTS)) {
    const asked = r.files.join(', ');
    const said = r.evidence.length === 0 ? '' : ` (its text: ${r.evidence.map((e) => JSON.stringify(clip(e, 120))).join(', ')})`;
    lines.push(`- ${clip(r.task.title.trim(), 200)} [${r.task.id}]: ${asked}${said}`);
  }
  if (requests.length > DESCRIBED_REQUESTS) lines.push(`- and ${requests.length - DESCRIBED_REQUESTS} more tasks (this task depends on each of them)`);
  lines.push('', `${GLUE_LOCK_PATH} in this task's write set only keeps the glue pass one task at a time; do not create it.`);
  return lines.join('\n');
}

function glueRole(category: GlueCategory, requests: readonly Request[]): string {
  if (category === 'manifest' || category === 'lockfile') return 'devops-engineer' satisfies RoleKey;
  if (category === 'migration-index') return 'migration-engineer' satisfies RoleKey;
  if (category === 'route-registry') return 'backend-engineer' satisfies RoleKey;
  const first = requests[0];
  return first === undefined ? ('backend-engineer' satisfies RoleKey) : matchRole(first.task).role;
}

function idFor(file: string): string {
  const slug = file.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `glue-${slug === '' ? 'file' : slug}`;
}

function withoutLock(touches: readonly string[]): string[] {
  return touches.filter((t) => t !== GLUE_LOCK_PATH);
}

function withLock(touches: readonly string[]): string[] {
  return [...withoutLock(touches), GLUE_LOCK_PATH];
}

/**
 * Applies the glue pass to validated task specs (see the module comment). Only `work` tasks take
 * part; a task with a `command` cannot be split, so one that writes glue joins the pass whole.
 * Glue tasks depend on the tasks they were split from, and those tasks' direct dependents depend
 * on the glue tasks, except where that edge would close a cycle (skipped with a warning) or the
 * plan has more than `GLUE_REWIRE_LIMIT` tasks; the graph stays acyclic. At most
 * {@link GLUE_PASS_LIMIT} glue tasks, in input order. Pure and deterministic.
 *
 * @param tasks - task specs, already validated (`parseTaskSpecs` / `buildDag`).
 * @param globs - the glue globs ({@link resolveGlueFiles}); empty disables the pass.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `tasks` or `globs` is not an array.
 */
export function applyGluePass(tasks: readonly TaskSpec[], globs: readonly string[] = DEFAULT_GLUE_FILES): GluePassResult {
  const glue = new Map<string, readonly string[]>();
  const requestedBy = new Map<string, readonly string[]>();
  const warnings: string[] = [];
  if (!Array.isArray(tasks as unknown)) throw glueArgumentError('tasks', `tasks: expected an array of task specs, got ${describeValue(tasks)}`);
  checkGlobArgument(globs);
  if (globs.length === 0) return { tasks: [...tasks], glue, requestedBy, warnings };
  const units = new Map<string, Unit>();
  const out: TaskSpec[] = [];
  // Glue tasks so far (plus `pending` ones about to be added) have reached the limit.
  const full = (pending = 0): boolean => glue.size + units.size + pending >= GLUE_PASS_LIMIT;
  let leftOut = 0;
  for (const task of tasks) {
    if ((task.kind ?? 'work') !== 'work') {
      out.push(task);
      continue;
    }
    const touches = task.touches ?? [];
    const glueTouches = touches.filter((t) => isGlueFile(t, globs));
    const other = withoutLock(touches).filter((t) => !glueTouches.includes(t));
    const inference: GlueInference = task.command === undefined ? inferGlueFiles(task, globs) : emptyGlueInference();
    const files: string[] = [];
    const keys = new Set<string>();
    for (const file of [...glueTouches.map(normalisePath), ...inference.files]) addUniquePath(files, keys, file);
    if (files.length === 0) {
      out.push(task);
      continue;
    }
    const whole = task.command !== undefined || (other.length === 0 && (glueTouches.length > 0 || inference.only));
    if (whole) {
      if (full()) {
        leftOut++;
        out.push(task);
        continue;
      }
      const kept = withoutLock(touches);
      const keptKeys = new Set(kept.map(pathKey));
      out.push({ ...task, touches: withLock([...kept, ...files.filter((f) => !keptKeys.has(pathKey(f)))]) });
      glue.set(task.id, files);
      requestedBy.set(task.id, [task.id]);
      continue;
    }
    const perUnit = new Map<string, string[]>();
    for (const file of files) {
      const key = unitKey(file);
      if (!units.has(key) && !perUnit.has(key) && full(perUnit.size)) continue;
      perUnit.set(key, [...(perUnit.get(key) ?? []), file]);
    }
    const moved = [...perUnit.values()].flat();
    if (moved.length < files.length) leftOut++;
    if (moved.length === 0) {
      out.push(task);
      continue;
    }
    const movedKeys = new Set(moved.map(pathKey));
    const note = `Do not edit ${moved.join(', ')}: the glue pass updates them after this task.`;
    out.push({
      ...task,
      // The note names glue files; keep the role the task's own text gives it.
      role: task.role ?? matchRole(task).role,
      ...(task.touches === undefined ? {} : { touches: withoutLock(touches).filter((t) => !movedKeys.has(pathKey(t))) }),
      description: task.description === undefined || task.description.trim() === '' ? note : `${task.description}\n\n${note}`,
    });
    for (const [key, list] of perUnit) {
      const unit = units.get(key) ?? { key, files: [], fileKeys: new Set<string>(), requests: [] };
      units.set(key, unit);
      for (const file of list) addUniquePath(unit.files, unit.fileKeys, file);
      const said = inference.matches.filter((m) => m.files.some((f) => unitKey(f) === key)).map((m) => m.phrase);
      unit.requests.push({ task, files: list, evidence: [...new Set(said)] });
    }
  }
  if (leftOut > 0) {
    warnings.push(`glue pass: more than ${GLUE_PASS_LIMIT} glue tasks would be needed; ${leftOut} task(s) keep some glue files and share them under the usual write-set rules`);
  }
  const taken = new Set(tasks.map((task) => task.id));
  const added: AddedGlueTask[] = [];
  for (const unit of units.values()) {
    // The manifest first, then the files in the order they were asked for.
    const files = [...unit.files].sort((a, b) => Number(pathKey(b) === unit.key) - Number(pathKey(a) === unit.key));
    const category = files.map(glueCategory).find((c) => c === 'manifest' || c === 'lockfile') ?? glueCategory(files[0] as string);
    const id = uniqueId(idFor(files[0] as string), taken);
    out.push({
      id,
      title: glueTitle(files, unit.requests),
      description: glueDescription(files, unit.requests),
      dependsOn: unit.requests.map((r) => r.task.id),
      role: glueRole(category, unit.requests),
      estimateMinutes: ESTIMATE[category],
      touches: withLock(files),
      kind: 'work',
      phase: GLUE_PHASE,
    });
    glue.set(id, files);
    requestedBy.set(id, unit.requests.map((r) => r.task.id));
    added.push({ id, requesters: unit.requests.map((r) => r.task.id) });
  }
  const waiting = waitForGlue(out, added, new Set(glue.keys()), tasks.length);
  warnings.push(...waiting.warnings);
  return { tasks: waiting.tasks, glue, requestedBy, warnings };
}
