/**
 * Turns `simulate()` input (a plan or a bare task list) into scheduler tasks, instances and durations.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { parseTaskSpecs, type TaskSpec } from '../model/task.js';
import { generationWaves } from './generations.js';
import type { ScheduleInstance, ScheduleMode, ScheduleTask, SimulateOptions } from './types.js';

/** Default number of interchangeable instances for a bare task list. */
export const DEFAULT_SIMULATED_INSTANCES = 4;
/** Duration of a task spec without `estimateMinutes`. */
export const DEFAULT_ESTIMATE_MINUTES = 10;
/** Most instances `simulate()` accepts. */
export const MAX_SIMULATED_INSTANCES = 10_000;

/** What the simulator runs. */
export interface SimulationInput {
  /** Tasks with `estimate` = duration in minutes. */
  readonly tasks: readonly ScheduleTask[];
  /** The instance pool. */
  readonly instances: readonly ScheduleInstance[];
  /** The execution mode. */
  readonly mode: ScheduleMode;
  /** Dispatch priorities (e.g. from `searchPolicy()`); default b-levels. */
  readonly priority?: ReadonlyMap<string, number> | undefined;
}

function argument(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `${field}: expected ${expected}, got ${describeValue(value)}`, { details: { field } });
}

function planError(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_PLAN', `plan.${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field: `plan.${field}` },
  });
}

/** `I1`..`In`, no roles. */
export function interchangeableInstances(count: number): ScheduleInstance[] {
  return Array.from({ length: count }, (_, i) => ({ id: `I${i + 1}` }));
}

/**
 * Validates `simulate()` options.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` with `details.field`.
 */
export function checkSimulateOptions(options: unknown): SimulateOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw argument('options', 'an options object', options);
  const record = options as Record<string, unknown>;
  const instances = record['instances'];
  if (
    instances !== undefined &&
    (typeof instances !== 'number' || !Number.isSafeInteger(instances) || instances < 1 || instances > MAX_SIMULATED_INSTANCES)
  ) {
    throw argument('options.instances', `an integer from 1 to ${MAX_SIMULATED_INSTANCES}`, instances);
  }
  const mode = record['mode'];
  if (mode !== undefined && mode !== 'dynamic' && mode !== 'waves') throw argument('options.mode', "'dynamic' or 'waves'", mode);
  const isCritical = record['isCritical'];
  if (isCritical !== undefined && typeof isCritical !== 'function') throw argument('options.isCritical', 'a function', isCritical);
  const search = record['search'];
  if (search !== undefined && typeof search !== 'boolean') throw argument('options.search', 'a boolean', search);
  return options as SimulateOptions;
}

/**
 * Converts a bare task list: exactly those tasks, waves by Kahn generations (critical singletons
 * first), `instances` interchangeable instances.
 * @throws {@link WavefrontError} `INVALID_TASK`, `LIMIT_EXCEEDED`, `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY`, `CYCLE`.
 */
export function fromTaskSpecs(value: readonly TaskSpec[], options: SimulateOptions): SimulationInput {
  const specs = parseTaskSpecs(value);
  const nodes = specs.map((spec) => ({
    id: spec.id,
    dependsOn: spec.dependsOn ?? [],
    critical: spec.critical === true || options.isCritical?.(spec) === true,
  }));
  const waves = generationWaves(nodes);
  const tasks = specs.map(
    (spec, i): ScheduleTask => ({
      ...(nodes[i] as (typeof nodes)[number]),
      estimate: spec.estimateMinutes ?? DEFAULT_ESTIMATE_MINUTES,
      wave: waves[i] as number,
      ...(spec.touches === undefined ? {} : { touches: spec.touches }),
    }),
  );
  return {
    tasks,
    instances: interchangeableInstances(options.instances ?? DEFAULT_SIMULATED_INSTANCES),
    mode: options.mode ?? 'dynamic',
  };
}

/** True when `value` has the shape of a plan rather than a task list. */
export function looksLikePlan(value: unknown): value is Plan {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'tasks' in value;
}

/**
 * Converts a plan: its tasks with waves, instances, roles and critical flags; its instance pool
 * unless `options.instances` asks for that many interchangeable instances instead.
 * @throws {@link WavefrontError} `INVALID_PLAN` when a field has the wrong shape.
 */
export function fromPlan(plan: Plan, options: SimulateOptions): SimulationInput {
  const rawTasks: unknown = plan.tasks;
  if (!Array.isArray(rawTasks)) throw planError('tasks', 'an array', rawTasks);
  const rawInstances: unknown = plan.instances;
  const override = options.instances;
  let instances: ScheduleInstance[];
  if (override !== undefined) {
    instances = interchangeableInstances(override);
  } else {
    if (!Array.isArray(rawInstances) || rawInstances.length === 0) throw planError('instances', 'a non-empty array', rawInstances);
    instances = rawInstances.map((entry: unknown, i) => {
      const record = entry as { id?: unknown; role?: unknown } | null;
      if (typeof record !== 'object' || record === null || typeof record.id !== 'string') {
        throw planError(`instances[${i}].id`, 'a string', record?.id);
      }
      return typeof record.role === 'string' && record.role !== '' ? { id: record.id, role: record.role } : { id: record.id };
    });
  }
  const known = new Set(instances.map((instance) => instance.id));
  const tasks = rawTasks.map((entry: unknown, i): ScheduleTask => {
    const at = `tasks[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw planError(at, 'a task object', entry);
    const task = entry as Record<string, unknown>;
    const { id, dependsOn, estimateMinutes, wave, critical, instance, role, touches } = task;
    if (typeof id !== 'string') throw planError(`${at}.id`, 'a string', id);
    if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string')) throw planError(`${at}.dependsOn`, 'an array of ids', dependsOn);
    if (typeof estimateMinutes !== 'number' || !Number.isFinite(estimateMinutes) || estimateMinutes < 0) {
      throw planError(`${at}.estimateMinutes`, 'a finite number >= 0', estimateMinutes);
    }
    if (typeof wave !== 'number' || !Number.isSafeInteger(wave) || wave < 0) throw planError(`${at}.wave`, 'an integer >= 0', wave);
    if (typeof critical !== 'boolean') throw planError(`${at}.critical`, 'a boolean', critical);
    if (instance !== undefined && typeof instance !== 'string') throw planError(`${at}.instance`, 'a string', instance);
    if (role !== undefined && typeof role !== 'string') throw planError(`${at}.role`, 'a string', role);
    if (touches !== undefined && (!Array.isArray(touches) || !touches.every((glob) => typeof glob === 'string' && glob !== ''))) {
      throw planError(`${at}.touches`, 'an array of non-empty path globs', touches);
    }
    const forced = options.isCritical?.(entry as TaskSpec) === true;
    const base = {
      id,
      dependsOn: dependsOn as string[],
      estimate: estimateMinutes,
      wave,
      critical: critical || forced,
      ...(touches === undefined ? {} : { touches: touches as string[] }),
    };
    if (override !== undefined) return base;
    if (typeof instance === 'string' && !known.has(instance)) throw planError(`${at}.instance`, 'an instance of plan.instances', instance);
    return { ...base, instance, role: role === '' ? undefined : role };
  });
  return { tasks, instances, mode: options.mode ?? 'dynamic' };
}
