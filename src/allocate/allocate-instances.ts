/**
 * allocateInstances: put each task on one of the 15 instances.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import type { InstanceAssignment, Wave } from '../model/plan.js';
import type { TaskSpec } from '../model/task.js';
import { DEFAULT_ESTIMATE_MINUTES } from '../waves/defaults.js';
import { matchRole } from './match-role.js';
import { instancesOfRole, ROLES, roleOfInstance, type RoleKey } from './roles.js';

/** Options of {@link allocateInstances}. */
export interface AllocateOptions {
  /** Most instances to use (seed `max_instances`). 1..15. @defaultValue 15 */
  readonly maxInstances?: number | undefined;
}

/** Role and instance chosen for one task. */
export interface TaskAllocation {
  /** Role key the task needs. */
  readonly role: RoleKey;
  /** Instance that runs it. */
  readonly instance: string;
}

/** Result of {@link allocateInstances}. */
export interface Allocation {
  /** Per task id. */
  readonly byTask: Readonly<Record<string, TaskAllocation>>;
  /** Instances used, in catalogue order. */
  readonly instances: readonly InstanceAssignment[];
}

const COORDINATOR = 'I1';
const CATALOGUE_INDEX: ReadonlyMap<string, number> = new Map(ROLES.map((role, i) => [role.id, i]));
const ROLE_POOLS: ReadonlyMap<RoleKey, readonly string[]> = new Map(ROLES.map((role) => [role.key, instancesOfRole(role.key)]));
const poolOf = (key: RoleKey): readonly string[] => ROLE_POOLS.get(key) ?? [COORDINATOR];

/**
 * Assigns tasks to instances:
 * 1. each task gets its role (`matchRole`); tasks of one role in one wave are spread round-robin
 *    over that role's instances (I4-I6 backend, I7-I8 tests), so they can run side by side;
 * 2. the pool is capped at `min(maxInstances, widest wave)`: more instances than tasks that can run
 *    at once would sit idle. I1 (backup and commit) always stays; the busiest others are kept;
 * 3. tasks of dropped instances merge onto kept ones, preferring an instance still free in that
 *    wave, then one of the same role, then the one with the fewest tasks in that wave, then the least loaded.
 *
 * Deterministic. Task ids named by waves but absent from `tasks` (the seed's synthetic
 * `git_backup` / `git_commit`) go to I1.
 *
 * @throws {@link WavefrontError} `INVALID_CONFIG` for a bad `maxInstances`; `INVALID_TASK` for an unknown role;
 * `INVALID_ARGUMENT` when `tasks` or `waves` is not a list.
 */
export function allocateInstances(tasks: readonly TaskSpec[], waves: readonly Wave[], options: AllocateOptions = {}): Allocation {
  const maxInstances = options.maxInstances ?? 15;
  if (typeof maxInstances !== 'number' || !Number.isInteger(maxInstances) || maxInstances < 1 || maxInstances > 15) {
    throw new WavefrontError('INVALID_CONFIG', `max_instances: expected an integer from 1 to 15, got ${describeValue(maxInstances)}`, {
      details: { field: 'max_instances' },
    });
  }
  // Not Array.isArray(tasks) directly: that type guard would widen the readonly arrays to any[].
  const isList = (value: unknown): boolean => Array.isArray(value);
  if (!isList(tasks) || !isList(waves) || !waves.every((wave: unknown) => isList((wave as Wave | null)?.taskIds))) {
    throw new WavefrontError('INVALID_ARGUMENT', 'allocateInstances: expected an array of task specs and an array of waves with taskIds', {
      details: { field: isList(tasks) ? 'waves' : 'tasks' },
    });
  }
  const byId = new Map(tasks.map((task) => [task.id, task]));

  // Per task, by position in wave order (arrays rather than maps keyed by id: linear and lean at 100k tasks).
  const ids: string[] = [];
  const roles: RoleKey[] = [];
  const preferred: string[] = [];
  const minutes: number[] = [];

  // 1. Preferred instances, spread per wave.
  for (const wave of waves) {
    const cursor = new Map<RoleKey, number>();
    for (const id of wave.taskIds) {
      const task = byId.get(id);
      const choice = task ? matchRole(task) : { role: 'coordinator' as const, instance: undefined };
      ids.push(id);
      roles.push(choice.role);
      minutes.push(task?.estimateMinutes ?? DEFAULT_ESTIMATE_MINUTES[task?.kind ?? 'work']);
      if (choice.instance !== undefined) {
        preferred.push(choice.instance);
        continue;
      }
      const pool = poolOf(choice.role);
      const next = cursor.get(choice.role) ?? 0;
      cursor.set(choice.role, next + 1);
      preferred.push(pool[next % pool.length] as string);
    }
  }

  // 2. Cap the pool.
  const widest = waves.reduce((most, wave) => Math.max(most, wave.taskIds.length), 1);
  const cap = Math.min(maxInstances, widest);
  const load = new Map<string, number>();
  preferred.forEach((instance, k) => load.set(instance, (load.get(instance) ?? 0) + (minutes[k] as number)));
  const used = [...load.keys()];
  const kept = new Set<string>(used.includes(COORDINATOR) ? [COORDINATOR] : []);
  const ranked = used
    .filter((instance) => instance !== COORDINATOR)
    .sort((a, b) => (load.get(b) ?? 0) - (load.get(a) ?? 0) || catalogueIndex(a) - catalogueIndex(b));
  for (const instance of ranked) if (kept.size < cap) kept.add(instance);
  if (kept.size === 0) kept.add(COORDINATOR);

  // 3. Merge dropped instances' tasks onto kept ones, wave by wave.
  const final: string[] = [...preferred];
  const keptLoad = new Map<string, number>([...kept].map((instance) => [instance, load.get(instance) ?? 0]));
  let offset = 0;
  for (const wave of waves) {
    const end = offset + wave.taskIds.length;
    const inWave = new Map<string, number>();
    const moved: number[] = [];
    for (let k = offset; k < end; k++) {
      const instance = preferred[k] as string;
      if (kept.has(instance)) inWave.set(instance, (inWave.get(instance) ?? 0) + 1);
      else moved.push(k);
    }
    for (const k of moved) {
      const wanted = roles[k] as RoleKey;
      const target = [...kept].sort(
        // an instance still free in this wave first (keeps the wave parallel), then the same role
        (a, b) =>
          Number((inWave.get(a) ?? 0) > 0) - Number((inWave.get(b) ?? 0) > 0) ||
          Number(roleOfInstance(b)?.key === wanted) - Number(roleOfInstance(a)?.key === wanted) ||
          (inWave.get(a) ?? 0) - (inWave.get(b) ?? 0) ||
          (keptLoad.get(a) ?? 0) - (keptLoad.get(b) ?? 0) ||
          catalogueIndex(a) - catalogueIndex(b),
      )[0] as string;
      final[k] = target;
      inWave.set(target, (inWave.get(target) ?? 0) + 1);
      keptLoad.set(target, (keptLoad.get(target) ?? 0) + (minutes[k] as number));
    }
    offset = end;
  }

  const byTask: Record<string, TaskAllocation> = {};
  const hosted = new Map<string, { roles: Set<RoleKey>; taskIds: string[] }>();
  ids.forEach((id, k) => {
    const instance = final[k] as string;
    const taskRole = roles[k] as RoleKey;
    byTask[id] = { role: taskRole, instance };
    let entry = hosted.get(instance);
    if (entry === undefined) {
      entry = { roles: new Set<RoleKey>(), taskIds: [] };
      hosted.set(instance, entry);
    }
    entry.roles.add(taskRole);
    entry.taskIds.push(id);
  });
  const instances: InstanceAssignment[] = [...hosted.entries()]
    .sort(([a], [b]) => catalogueIndex(a) - catalogueIndex(b))
    .map(([id, entry]) => ({
      id,
      role: roleOfInstance(id)?.key ?? 'coordinator',
      roles: [...entry.roles].sort(),
      taskIds: entry.taskIds,
    }));
  return { byTask, instances };
}

function catalogueIndex(instance: string): number {
  return CATALOGUE_INDEX.get(instance) ?? -1;
}
