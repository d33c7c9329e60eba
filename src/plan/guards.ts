/**
 * Guard insertion: every critical task gets a data backup and a rollback script before it and a
 * verification after it (seed "Critical Operation Protection").
 * @module
 */
import type { TaskSpec } from '../model/task.js';
import { uniqueId } from './ids.js';

/** Options of {@link insertGuards}. */
export interface GuardOptions {
  /** Add the rollback-script task. @defaultValue true */
  readonly rollbackScripts?: boolean | undefined;
  /** Role for the verify task of a given critical task (default: database analyst). */
  readonly verifyRole?: ((task: TaskSpec) => string) | undefined;
}

/**
 * Returns a new task list where each critical task C (ids in `critical`) is wrapped:
 * `C.data-backup` and `C.rollback-script` take C's dependencies and C waits for both;
 * `C.verify` depends on C, and every task that depended on C depends on `C.verify` instead.
 * Pure; input order is kept, guards are placed next to their task.
 */
export function insertGuards(tasks: readonly TaskSpec[], critical: ReadonlySet<string>, options: GuardOptions = {}): TaskSpec[] {
  if (critical.size === 0) return [...tasks];
  const taken = new Set(tasks.map((task) => task.id));
  const verifyOf = new Map<string, string>();
  const guardsOf = new Map<string, TaskSpec[]>();
  // A critical task's verify id, known before any guard is built: a guard of a critical task that
  // depends on another critical task must wait for that task's verification, like every dependent.
  for (const task of tasks) if (critical.has(task.id)) verifyOf.set(task.id, uniqueId(`${task.id}.verify`, taken));
  for (const task of tasks) {
    if (!critical.has(task.id)) continue;
    const deps = (task.dependsOn ?? []).map((dep) => verifyOf.get(dep) ?? dep);
    const guards: TaskSpec[] = [safetyGuard(task, deps, taken, 'data-backup', 'Back up data before')];
    if (options.rollbackScripts !== false) guards.push(safetyGuard(task, deps, taken, 'rollback-script', 'Prepare rollback script for'));
    const verify: TaskSpec = {
      id: verifyOf.get(task.id) as string,
      title: `Verify: ${task.title}`,
      dependsOn: [task.id],
      kind: 'verify',
      role: options.verifyRole?.(task) ?? 'database-analyst',
      phase: 'Verification',
    };
    guardsOf.set(task.id, [...guards, verify]);
  }
  const out: TaskSpec[] = [];
  for (const task of tasks) {
    const deps = task.dependsOn ?? [];
    const rewired = deps.map((dep) => verifyOf.get(dep) ?? dep);
    const guards = guardsOf.get(task.id);
    if (guards === undefined) {
      // Copy only what changes: most tasks of a large plan depend on no critical task.
      out.push(rewired.every((dep, i) => dep === deps[i]) ? task : { ...task, dependsOn: rewired });
      continue;
    }
    const [verify, ...before] = [guards[guards.length - 1] as TaskSpec, ...guards.slice(0, -1)];
    out.push(...before, { ...task, dependsOn: [...rewired, ...before.map((guard) => guard.id)] }, verify);
  }
  return out;
}

/** A guard run before critical `task` on its dependencies; its id (`<task>.<kind>`, made unique in `taken`) is also its kind. */
function safetyGuard(task: TaskSpec, deps: string[], taken: Set<string>, kind: 'data-backup' | 'rollback-script', title: string): TaskSpec {
  return { id: uniqueId(`${task.id}.${kind}`, taken), title: `${title}: ${task.title}`, dependsOn: deps, kind, role: 'data-engineer', phase: 'Safety' };
}
