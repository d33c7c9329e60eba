/**
 * Builds the initial {@link ProgressState} of a run from its plan (defensively: a reporter must
 * cope with a half-valid plan rather than throw into the orchestrator).
 * @module
 */
import type { RunStartEvent } from '../execute/events.js';
import type { InstanceProgress, ProgressState, TaskProgress, WaveProgress } from './progress-types.js';
import { taskWeight } from './progress-select.js';

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null ? (value as Loose) : {};
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}
function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A state with no plan: what a reporter attached mid-run starts from. */
export function emptyProgressState(runId: string, at: number): ProgressState {
  return {
    runId,
    status: 'pending',
    mode: 'dynamic',
    dryRun: false,
    plan: { request: '', pattern: '', sequentialMinutes: 0, parallelMinutes: 0, savedPercent: 0, lastWave: 0 },
    now: at,
    waves: [],
    waveIndex: new Map(),
    tasks: [],
    taskIndex: new Map(),
    instances: [],
    running: [],
    totals: { tasks: 0, succeeded: 0, failed: 0, skipped: 0, cancelled: 0, weight: 0, doneWeight: 0 },
    overallPercent: 0,
    etaMinutes: 0,
    currentWave: undefined,
    filesChanged: [],
    replans: [],
    approvals: [],
    retries: 0,
    checkpoints: 0,
    rollback: { status: 'none' },
    budgets: [],
  };
}

/** A fresh wave with no tasks finished. */
export function newWave(key: string, index: number, name: string, inserted: boolean): WaveProgress {
  return {
    key,
    index,
    name,
    taskIds: [],
    inserted,
    critical: false,
    estimateMinutes: 0,
    status: 'pending',
    totalWeight: 0,
    doneWeight: 0,
    finished: 0,
    succeeded: 0,
    failed: 0,
  };
}

/** A fresh instance with nothing planned. */
export function newInstance(id: string): InstanceProgress {
  return { id, planned: 0, remaining: 0, succeeded: 0, failed: 0, started: 0 };
}

function readTask(raw: unknown): TaskProgress | undefined {
  const task = record(raw);
  const id = task['id'];
  if (typeof id !== 'string' || id.length === 0) return undefined;
  const wave = Math.max(0, Math.trunc(finite(task['wave'], 0)));
  const planned = task['instance'];
  return {
    id,
    title: text(task['title'], id),
    wave,
    waveKey: String(wave),
    plannedInstance: typeof planned === 'string' && planned.length > 0 ? planned : undefined,
    estimateMinutes: Math.max(0, finite(task['estimateMinutes'], 1)),
    critical: task['critical'] === true,
    inserted: false,
    status: 'pending',
    attempts: 0,
    filesChanged: 0,
  };
}

/** Builds the state of a run from its `run:start` event. */
export function progressFromRunStart(event: RunStartEvent): ProgressState {
  const plan = record(event.plan);
  const tasks: TaskProgress[] = [];
  const taskIndex = new Map<string, number>();
  for (const raw of list(plan['tasks'])) {
    const task = readTask(raw);
    if (task && !taskIndex.has(task.id)) {
      taskIndex.set(task.id, tasks.length);
      tasks.push(task);
    }
  }

  const waveMap = new Map<string, WaveProgress & { taskIds: string[] }>();
  const placed = new Set<string>();
  const place = (wave: WaveProgress & { taskIds: string[] }, id: string): void => {
    if (placed.has(id)) return;
    placed.add(id);
    let position = taskIndex.get(id);
    if (position === undefined) {
      position = tasks.length;
      taskIndex.set(id, position);
      tasks.push({ id, title: id, wave: wave.index, waveKey: wave.key, estimateMinutes: 1, critical: false, inserted: false, status: 'pending', attempts: 0, filesChanged: 0 });
    }
    const task = tasks[position] as TaskProgress;
    tasks[position] = { ...task, wave: wave.index, waveKey: wave.key };
    wave.taskIds.push(id);
  };
  for (const raw of list(plan['waves'])) {
    const source = record(raw);
    const index = Math.max(0, Math.trunc(finite(source['index'], waveMap.size)));
    const key = String(index);
    const wave = waveMap.get(key) ?? { ...newWave(key, index, text(source['name'], `Wave ${index}`), false), taskIds: [] as string[] };
    waveMap.set(key, { ...wave, critical: source['critical'] === true, estimateMinutes: finite(source['estimateMinutes'], 0) });
    const current = waveMap.get(key) as WaveProgress & { taskIds: string[] };
    for (const id of list(source['taskIds'])) if (typeof id === 'string' && id.length > 0) place(current, id);
  }
  for (const task of [...tasks]) {
    if (placed.has(task.id)) continue;
    const key = String(task.wave);
    if (!waveMap.has(key)) waveMap.set(key, { ...newWave(key, task.wave, `Wave ${task.wave}`, false), taskIds: [] });
    place(waveMap.get(key) as WaveProgress & { taskIds: string[] }, task.id);
  }

  const waves = [...waveMap.values()]
    .sort((a, b) => a.index - b.index)
    .map((wave): WaveProgress => {
      let totalWeight = 0;
      let longest = 0;
      for (const id of wave.taskIds) {
        const task = tasks[taskIndex.get(id) as number] as TaskProgress;
        totalWeight += taskWeight(task);
        longest = Math.max(longest, task.estimateMinutes);
      }
      return { ...wave, totalWeight, estimateMinutes: wave.estimateMinutes > 0 ? wave.estimateMinutes : longest };
    });

  const instanceIds: string[] = [];
  const addInstance = (id: unknown): void => {
    if (typeof id === 'string' && id.length > 0 && !instanceIds.includes(id)) instanceIds.push(id);
  };
  for (const id of list(event.instances)) addInstance(id);
  for (const raw of list(plan['instances'])) addInstance(record(raw)['id']);
  for (const task of tasks) addInstance(task.plannedInstance);
  const plannedCount = new Map<string, number>();
  for (const task of tasks) {
    if (task.plannedInstance !== undefined) plannedCount.set(task.plannedInstance, (plannedCount.get(task.plannedInstance) ?? 0) + 1);
  }
  const instances = instanceIds.map((id): InstanceProgress => {
    const planned = plannedCount.get(id) ?? 0;
    return { ...newInstance(id), planned, remaining: planned };
  });

  const estimate = record(plan['estimate']);
  const request = record(plan['request']);
  const pattern = record(plan['pattern']);
  const weight = tasks.reduce((sum, task) => sum + taskWeight(task), 0);
  const base = emptyProgressState(text(event.runId, ''), finite(event.at, 0));
  return {
    ...base,
    status: 'running',
    mode: event.mode === 'waves' ? 'waves' : 'dynamic',
    dryRun: event.dryRun === true,
    plan: {
      request: text(request['text'], ''),
      pattern: text(pattern['label'], text(pattern['id'], '')),
      sequentialMinutes: Math.max(0, finite(estimate['sequentialMinutes'], weight)),
      parallelMinutes: Math.max(0, finite(estimate['parallelMinutes'], 0)),
      savedPercent: finite(estimate['savedPercent'], 0),
      lastWave: waves.reduce((max, wave) => Math.max(max, wave.index), 0),
    },
    startedAt: base.now,
    waves,
    waveIndex: new Map(waves.map((wave, position) => [wave.key, position])),
    tasks,
    taskIndex,
    instances,
    totals: { ...base.totals, tasks: tasks.length, weight },
    backupRef: typeof event.backupRef === 'string' ? event.backupRef : undefined,
  };
}
