/**
 * The scheduler of one run: the instance pool it dispatches to, and the plan's tasks as the
 * scheduler core sees them.
 * @module
 */
import { ROLES } from '../allocate/roles.js';
import type { Plan, PlannedTask } from '../model/plan.js';
import { Scheduler } from '../schedule/scheduler.js';
import { searchPriorities } from '../schedule/search-priorities.js';
import type { ScheduleTask } from '../schedule/types.js';

/** One agent instance of a run's pool. */
export interface PoolInstance {
  readonly id: string;
  readonly role: string;
}

/** The pool's instance ids and role keys, for placing tasks on it. */
export interface PoolIndex {
  readonly ids: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
}

/** The plan's instances, capped at `maxInstances` (busiest kept), in catalogue order. */
export function runPool(plan: Plan, tasks: ReadonlyMap<string, PlannedTask>, maxInstances: number | undefined): PoolInstance[] {
  const instances = plan.instances.map((instance) => ({
    id: instance.id,
    role: instance.role,
    load: instance.taskIds.filter((id) => {
      const kind = tasks.get(id)?.kind;
      return kind !== 'backup' && kind !== 'commit';
    }).length,
  }));
  const cap = maxInstances ?? instances.length;
  // Every plan instance stays in the pool (as in simulate() and the plan's estimate), even one
  // that hosts only the backup and commit steps; a cap keeps the busiest.
  const chosen = instances
    .sort((a, b) => b.load - a.load || catalogueIndex(a.id) - catalogueIndex(b.id))
    .slice(0, cap)
    .sort((a, b) => catalogueIndex(a.id) - catalogueIndex(b.id));
  return chosen.map(({ id, role }) => ({ id, role }));
}

/** Indexes `pool` by instance id and role. */
export function poolIndex(pool: readonly PoolInstance[]): PoolIndex {
  return { ids: new Set(pool.map((instance) => instance.id)), roles: new Set(pool.map((instance) => instance.role)) };
}

/**
 * `task` as the scheduler sees it: placement hints only for instances and roles in the pool, and
 * without its dependency on the backup step (which runs before the scheduler starts).
 */
export function scheduleTaskOf(task: PlannedTask, pool: PoolIndex, backupId?: string): ScheduleTask {
  return {
    id: task.id,
    dependsOn: task.dependsOn.filter((dep) => dep !== backupId),
    estimate: task.estimateMinutes,
    critical: task.critical,
    wave: task.wave,
    instance: pool.ids.has(task.instance) ? task.instance : undefined,
    role: pool.roles.has(task.role) ? task.role : undefined,
    touches: task.touches,
  };
}

/** What {@link createRunScheduler} needs. */
export interface RunSchedulerInput {
  readonly tasks: ReadonlyMap<string, PlannedTask>;
  readonly pool: readonly PoolInstance[];
  readonly mode: 'dynamic' | 'waves';
  readonly strictRoles: boolean;
  /** The backup and commit steps: run by the executor itself, never scheduled. */
  readonly backupId: string;
  readonly commitId: string;
  /** True for a task whose success is already recorded (resume). */
  readonly succeeded: (taskId: string) => boolean;
}

/** The scheduler for every task but the backup and commit steps. */
export function createRunScheduler(input: RunSchedulerInput): Scheduler {
  const { pool, mode, backupId, commitId } = input;
  const index = poolIndex(pool);
  const tasks: ScheduleTask[] = [];
  for (const task of input.tasks.values()) {
    if (task.id === backupId || task.id === commitId) continue;
    tasks.push(scheduleTaskOf(task, index, backupId));
  }
  const completed = tasks.filter((task) => input.succeeded(task.id)).map((task) => task.id);
  // the priorities of the plan-time policy search (the same ones simulate() and the estimate use)
  const priority = mode === 'dynamic' ? searchPriorities(tasks, pool) : undefined;
  return new Scheduler(tasks, { instances: pool, mode, strictInstances: input.strictRoles, completed, priority });
}

function catalogueIndex(instance: string): number {
  return ROLES.findIndex((role) => role.id === instance);
}
