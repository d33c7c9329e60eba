/**
 * Adaptive re-planning: when a work task fails for good, a {@link Replanner} may insert recovery
 * tasks and have the failed task run again after them. This module decides what to insert; the
 * executor applies it to its scheduler and records it.
 * @module
 */
import type { AgentResult } from '../adapters/types.js';
import { matchRole } from '../allocate/match-role.js';
import { instancesOfRole } from '../allocate/roles.js';
import { detectCritical } from '../critical/index.js';
import type { PlannedTask } from '../model/plan.js';
import { parseTaskSpecs, type TaskSpec } from '../model/task.js';
import { criticalText, estimateOf } from '../waves/generate-waves.js';
import type { ErrorInfo } from './execution-types.js';
import type { ReplanContext, Replanner } from './options.js';
import type { PoolInstance } from './run-scheduler.js';

/** Replan rounds per task, and the failures each round answered. */
export class ReplanRounds {
  readonly #rounds = new Map<string, number>();
  readonly #failureSignatures = new Map<string, Set<string>>();

  /**
   * The round a new replan of `taskId` would be, or undefined when none is allowed: past
   * `maxRounds`, or when the failure is one an earlier round already answered (the fix did not
   * change it: stop looping). Remembers the failure either way.
   */
  admit(taskId: string, failure: { readonly result?: AgentResult | undefined; readonly error?: ErrorInfo | undefined }, maxRounds: number): number | undefined {
    const round = (this.#rounds.get(taskId) ?? 0) + 1;
    if (round > maxRounds) return undefined;
    const signature = (failure.error?.message ?? failure.result?.summary ?? '').trim();
    const seen = this.#failureSignatures.get(taskId) ?? new Set<string>();
    if (round > 1 && seen.has(signature)) return undefined;
    seen.add(signature);
    this.#failureSignatures.set(taskId, seen);
    return round;
  }

  /** Round `round` of `taskId` was applied. */
  applied(taskId: string, round: number): void {
    this.#rounds.set(taskId, round);
  }

  /** A recorded replan of `taskId` was replayed on resume. */
  replayed(taskId: string): void {
    this.#rounds.set(taskId, (this.#rounds.get(taskId) ?? 0) + 1);
  }
}

/** The task specs a replanner asks for, and whether the failed task runs again after them. */
export interface ReplanRequest {
  readonly specs: TaskSpec[];
  readonly rerun: boolean;
}

/** Calls `replanner`; undefined when it throws, gives up, or returns invalid task specs. */
export async function askReplanner(replanner: Replanner, context: ReplanContext): Promise<ReplanRequest | undefined> {
  let decision;
  try {
    decision = await replanner(context);
  } catch {
    return undefined;
  }
  if (!decision || decision.tasks.length === 0) return undefined;
  let specs;
  try {
    specs = parseTaskSpecs(decision.tasks);
  } catch {
    return undefined;
  }
  return { specs, rerun: decision.rerun !== false };
}

/** The recovery tasks to insert for a failed task. */
export interface Recovery {
  readonly inserted: PlannedTask[];
  /** The inserted tasks nothing else inserted waits for: what a re-run of the failed task waits for. */
  readonly sinks: string[];
  readonly rerun: boolean;
}

/**
 * Plans `request`'s specs into the failed task's wave, on the pool; undefined when a spec reuses
 * an existing task id, or when the re-run would close a cycle.
 */
export function planRecovery(request: ReplanRequest, failed: PlannedTask, tasks: ReadonlyMap<string, PlannedTask>, pool: readonly PoolInstance[]): Recovery | undefined {
  const inserted: PlannedTask[] = [];
  for (const spec of request.specs) {
    if (tasks.has(spec.id)) return undefined;
    const role = matchRole(spec);
    const critical = spec.critical === true || detectCritical(criticalText(spec)).critical;
    const instance = role.instance ?? pool.find((i) => i.role === role.role)?.id ?? instancesOfRole(role.role)[0] ?? 'I1';
    inserted.push({
      id: spec.id,
      title: spec.title,
      description: spec.description,
      dependsOn: [...(spec.dependsOn ?? [])],
      role: role.role,
      instance,
      critical,
      criticalReasons: critical ? ['replan'] : [],
      kind: spec.kind ?? 'work',
      estimateMinutes: estimateOf(spec),
      wave: failed.wave,
      phase: spec.phase,
    });
  }
  const sinks = sinksOf(inserted);
  // Once the failed task waits for the new tasks, a new task that depends on it (or on one of its
  // descendants) would close a cycle.
  if (request.rerun && dependsOnOrBelow(tasks.values(), inserted, failed.id)) return undefined;
  return { inserted, sinks, rerun: request.rerun };
}

/** The ids of the tasks in `tasks` that no other task in `tasks` depends on. */
export function sinksOf(tasks: readonly PlannedTask[]): string[] {
  return tasks.filter((t) => !tasks.some((other) => other.dependsOn.includes(t.id))).map((t) => t.id);
}

/** True when one of `tasks` depends on `taskId` or on a task of `all` below it. */
export function dependsOnOrBelow(all: Iterable<PlannedTask>, tasks: readonly PlannedTask[], taskId: string): boolean {
  const dependents = new Map<string, string[]>();
  for (const t of all) for (const dep of t.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), t.id]);
  const below = new Set([taskId]);
  const queue = [taskId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const next of dependents.get(id) ?? []) {
      if (below.has(next)) continue;
      below.add(next);
      queue.push(next);
    }
  }
  return tasks.some((t) => t.dependsOn.some((dep) => below.has(dep)));
}
