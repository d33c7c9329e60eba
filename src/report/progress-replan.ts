/**
 * Folds a `replan` event: the inserted tasks are placed in new waves under the failed task's wave,
 * keyed like the seed ("W5.1: Analyze failures", "W5.2: Fix failures", ...), one wave per
 * dependency level among the inserted tasks.
 * @module
 */
import type { ReplanEvent } from '../execute/events.js';
import type { ProgressState, TaskProgress } from './progress-types.js';
import { newWave } from './progress-init.js';
import { getTask } from './progress-select.js';
import { addTask, insertWave, positionAfterIndex } from './progress-update.js';

interface Inserted {
  readonly id: string;
  readonly title: string;
  readonly dependsOn: readonly string[];
}

function readInserted(value: unknown): Inserted[] {
  if (!Array.isArray(value)) return [];
  const out: Inserted[] = [];
  const seen = new Set<string>();
  for (const raw of value as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const item = raw as Record<string, unknown>;
    const id = item['id'];
    if (typeof id !== 'string' || id.length === 0 || seen.has(id)) continue;
    seen.add(id);
    const title = typeof item['title'] === 'string' && item['title'].length > 0 ? item['title'] : id;
    const deps = Array.isArray(item['dependsOn']) ? (item['dependsOn'] as unknown[]).filter((dep): dep is string => typeof dep === 'string') : [];
    out.push({ id, title, dependsOn: deps });
  }
  return out;
}

/** 1 + the deepest inserted dependency; dependencies outside the inserted set count as level 0. */
function levels(inserted: readonly Inserted[]): Map<string, number> {
  const byId = new Map(inserted.map((item) => [item.id, item]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    const item = byId.get(id);
    if (!item || visiting.has(id)) return 0; // outside the set, or a cycle: do not loop
    visiting.add(id);
    let deepest = 0;
    for (const dep of item.dependsOn) deepest = Math.max(deepest, visit(dep));
    visiting.delete(id);
    level.set(id, deepest + 1);
    return deepest + 1;
  };
  for (const item of inserted) visit(item.id);
  return level;
}

/** Applies a `replan` event to `state`. */
export function applyReplan(state: ProgressState, event: ReplanEvent, at: number): ProgressState {
  const failed = typeof event.failedTaskId === 'string' ? getTask(state, event.failedTaskId) : undefined;
  const baseIndex = failed?.wave ?? state.waves.reduce((max, wave) => Math.max(max, wave.index), 0);
  const estimate = failed?.estimateMinutes ?? 1;
  const inserted = readInserted(event.inserted).filter((item) => !state.taskIndex.has(item.id));
  const levelOf = levels(inserted);

  let sub = 0;
  for (const wave of state.waves) {
    if (wave.inserted && wave.index === baseIndex) {
      const suffix = Number(wave.key.slice(wave.key.indexOf('.') + 1));
      if (Number.isInteger(suffix)) sub = Math.max(sub, suffix);
    }
  }

  let next = state;
  const waveKeys: string[] = [];
  const maxLevel = Math.max(0, ...levelOf.values());
  for (let level = 1; level <= maxLevel; level += 1) {
    const members = inserted.filter((item) => levelOf.get(item.id) === level);
    if (members.length === 0) continue;
    let key = `${baseIndex}.${sub + level}`;
    while (next.waveIndex.has(key)) key = `${key}'`;
    const first = members[0] as Inserted;
    const name = members.length === 1 ? first.title : `${first.title} (+${members.length - 1} more)`;
    next = insertWave(next, newWave(key, baseIndex, name, true), positionAfterIndex(next.waves, baseIndex));
    waveKeys.push(key);
    for (const item of members) {
      const task: TaskProgress = {
        id: item.id,
        title: item.title,
        wave: baseIndex,
        waveKey: key,
        estimateMinutes: estimate,
        critical: false,
        inserted: true,
        status: 'pending',
        attempts: 0,
        filesChanged: 0,
      };
      next = addTask(next, task);
    }
  }

  return {
    ...next,
    replans: [
      ...next.replans,
      {
        failedTaskId: typeof event.failedTaskId === 'string' ? event.failedTaskId : '',
        round: typeof event.round === 'number' ? event.round : next.replans.length + 1,
        taskIds: inserted.map((item) => item.id),
        waveKeys,
        at,
      },
    ],
  };
}
