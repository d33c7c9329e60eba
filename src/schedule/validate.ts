/**
 * Shape validation of scheduler inputs (graph rules are checked in `graph.ts`).
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import type { ScheduleTask, SchedulerOptions } from './types.js';

function invalid(field: string, expected: string, value: unknown, extra: Record<string, unknown> = {}): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `${field}: expected ${expected}, got ${describeValue(value)}`, {
    details: { field, ...extra },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.length > 0);
}

/**
 * Checks that `value` is an array of well-formed {@link ScheduleTask}s.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` with `details.field` (and `details.taskId`).
 */
export function validateScheduleTasks(value: unknown, field = 'tasks'): asserts value is readonly ScheduleTask[] {
  if (!Array.isArray(value)) throw invalid(field, 'an array of tasks', value);
  value.forEach((task: unknown, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(task)) throw invalid(at, 'a task object', task);
    const id = task['id'];
    if (typeof id !== 'string' || id.length === 0) throw invalid(`${at}.id`, 'a non-empty string', id);
    const extra = { taskId: id };
    const dependsOn = task['dependsOn'];
    if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string')) {
      throw invalid(`${at}.dependsOn`, 'an array of task ids', dependsOn, extra);
    }
    const estimate = task['estimate'];
    if (typeof estimate !== 'number' || !Number.isFinite(estimate) || estimate < 0) {
      throw invalid(`${at}.estimate`, 'a finite number >= 0', estimate, extra);
    }
    if (typeof task['critical'] !== 'boolean') throw invalid(`${at}.critical`, 'a boolean', task['critical'], extra);
    const wave = task['wave'];
    if (typeof wave !== 'number' || !Number.isSafeInteger(wave) || wave < 0) {
      throw invalid(`${at}.wave`, 'an integer >= 0', wave, extra);
    }
    if (!isOptionalString(task['instance'])) throw invalid(`${at}.instance`, 'a non-empty string', task['instance'], extra);
    if (!isOptionalString(task['role'])) throw invalid(`${at}.role`, 'a non-empty string', task['role'], extra);
    const touches = task['touches'];
    if (touches !== undefined && (!Array.isArray(touches) || !touches.every((glob) => typeof glob === 'string' && glob.length > 0))) {
      throw invalid(`${at}.touches`, 'an array of non-empty path globs', touches, extra);
    }
  });
}

/**
 * Checks the shape of {@link SchedulerOptions} (ids in `priority` / `completed` are checked by the
 * scheduler against its tasks).
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` with `details.field`.
 */
export function validateSchedulerOptions(value: unknown): asserts value is SchedulerOptions {
  if (!isRecord(value)) throw invalid('options', 'an options object', value);
  const instances = value['instances'];
  if (!Array.isArray(instances) || instances.length === 0) throw invalid('options.instances', 'a non-empty array', instances);
  const ids = new Set<string>();
  instances.forEach((instance: unknown, i) => {
    const at = `options.instances[${i}]`;
    if (!isRecord(instance)) throw invalid(at, 'an instance object', instance);
    const id = instance['id'];
    if (typeof id !== 'string' || id.length === 0) throw invalid(`${at}.id`, 'a non-empty string', id);
    if (ids.has(id)) throw invalid(`${at}.id`, 'a unique instance id', id, { instance: id });
    ids.add(id);
    if (!isOptionalString(instance['role'])) throw invalid(`${at}.role`, 'a non-empty string', instance['role']);
  });
  const mode = value['mode'];
  if (mode !== undefined && mode !== 'dynamic' && mode !== 'waves') throw invalid('options.mode', "'dynamic' or 'waves'", mode);
  const strict = value['strictInstances'];
  if (strict !== undefined && typeof strict !== 'boolean') throw invalid('options.strictInstances', 'a boolean', strict);
  const priority = value['priority'];
  if (priority !== undefined) {
    if (!(priority instanceof Map)) throw invalid('options.priority', 'a Map of task id to number', priority);
    for (const [key, rank] of priority as Map<unknown, unknown>) {
      if (typeof key !== 'string') throw invalid('options.priority', 'task id keys', key);
      if (typeof rank !== 'number' || Number.isNaN(rank)) throw invalid(`options.priority.${key}`, 'a number', rank, { taskId: key });
    }
  }
  const completed = value['completed'];
  if (completed !== undefined && (!Array.isArray(completed) || !completed.every((id) => typeof id === 'string'))) {
    throw invalid('options.completed', 'an array of task ids', completed);
  }
}

/** Checks that `taskId` is a string (the scheduler then checks that it is known). */
export function validateTaskIdArgument(taskId: unknown, field = 'taskId'): asserts taskId is string {
  if (typeof taskId !== 'string') throw invalid(field, 'a task id string', taskId);
}
