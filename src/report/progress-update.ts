/**
 * Copy-on-write helpers of the progress reducer. Each returns a new state and shares every part it
 * did not change, so one event costs O(tasks array copy + waves), never a deep copy.
 * @module
 */
import type { InstanceProgress, ProgressState, TaskProgress, WaveProgress } from './progress-types.js';
import { newInstance, newWave } from './progress-init.js';
import { taskWeight } from './progress-select.js';

/** A copy of `items` with the item at `position` (which must exist) replaced by `update(item)`. */
function replaceAt<T>(items: readonly T[], position: number, update: (item: T) => T): T[] {
  const copy = items.slice();
  copy[position] = update(copy[position] as T);
  return copy;
}

/** Replaces the task at `id` (which must exist) with `update(task)`. */
export function withTask(state: ProgressState, id: string, update: (task: TaskProgress) => TaskProgress): ProgressState {
  const position = state.taskIndex.get(id);
  if (position === undefined) return state;
  return { ...state, tasks: replaceAt(state.tasks, position, update) };
}

/** Replaces the wave with `key` (which must exist) with `update(wave)`. */
export function withWave(state: ProgressState, key: string, update: (wave: WaveProgress) => WaveProgress): ProgressState {
  const position = state.waveIndex.get(key);
  if (position === undefined) return state;
  return { ...state, waves: replaceAt(state.waves, position, update) };
}

/** Replaces (or first adds) the instance `id`. */
export function withInstance(state: ProgressState, id: string, update: (instance: InstanceProgress) => InstanceProgress): ProgressState {
  const position = state.instances.findIndex((instance) => instance.id === id);
  const instances = position === -1 ? [...state.instances, update(newInstance(id))] : replaceAt(state.instances, position, update);
  return { ...state, instances };
}

/** Inserts `wave` at display position `position` and re-indexes. */
export function insertWave(state: ProgressState, wave: WaveProgress, position: number): ProgressState {
  const waves = [...state.waves.slice(0, position), wave, ...state.waves.slice(position)];
  return {
    ...state,
    waves,
    waveIndex: new Map(waves.map((item, index) => [item.key, index])),
    plan: wave.inserted ? state.plan : { ...state.plan, lastWave: Math.max(state.plan.lastWave, wave.index) },
  };
}

/** Display position right after the last wave whose index is at most `index`. */
export function positionAfterIndex(waves: readonly WaveProgress[], index: number): number {
  let position = 0;
  for (let i = 0; i < waves.length; i += 1) if ((waves[i] as WaveProgress).index <= index) position = i + 1;
  return position;
}

/** Ensures plan wave `index` exists (created empty, in index order) and returns the state. */
export function ensureWave(state: ProgressState, index: number, name?: string): ProgressState {
  const key = String(index);
  if (state.waveIndex.has(key)) return state;
  const wave = newWave(key, index, name !== undefined && name.length > 0 ? name : `Wave ${index}`, false);
  return insertWave(state, wave, positionAfterIndex(state.waves, index));
}

/** Adds a new pending task to the wave with `waveKey` (which must exist). */
export function addTask(state: ProgressState, task: TaskProgress): ProgressState {
  if (state.taskIndex.has(task.id)) return state;
  const taskIndex = new Map(state.taskIndex);
  taskIndex.set(task.id, state.tasks.length);
  const weight = taskWeight(task);
  const next: ProgressState = {
    ...state,
    tasks: [...state.tasks, task],
    taskIndex,
    totals: { ...state.totals, tasks: state.totals.tasks + 1, weight: state.totals.weight + weight },
  };
  return withWave(next, task.waveKey, (wave) => {
    const grown: WaveProgress = {
      ...wave,
      taskIds: [...wave.taskIds, task.id],
      totalWeight: wave.totalWeight + weight,
      estimateMinutes: Math.max(wave.estimateMinutes, task.estimateMinutes),
    };
    // A wave that had finished is unfinished again once a task is appended to it.
    return { ...grown, status: deriveWaveStatus(grown), endedAt: undefined, durationMs: undefined };
  });
}

/**
 * Ensures a task the plan did not know (an event for an unknown id) exists, appended to plan wave
 * `index`.
 */
export function ensureTask(state: ProgressState, id: string, title: string, index: number): ProgressState {
  if (state.taskIndex.has(id)) return state;
  const withWaveState = ensureWave(state, index);
  return addTask(withWaveState, {
    id,
    title: title.length > 0 ? title : id,
    wave: index,
    waveKey: String(index),
    estimateMinutes: 1,
    critical: false,
    inserted: true,
    status: 'pending',
    attempts: 0,
    filesChanged: 0,
  });
}

/** Status a wave has from its task counters (`startedAt` set or some finished: running). */
export function deriveWaveStatus(wave: WaveProgress): WaveProgress['status'] {
  const total = wave.taskIds.length;
  if (total > 0 && wave.finished >= total) {
    if (wave.failed > 0) return 'failed';
    return wave.succeeded === 0 ? 'skipped' : 'succeeded';
  }
  return wave.startedAt !== undefined || wave.finished > 0 ? 'running' : 'pending';
}
