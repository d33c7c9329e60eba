/**
 * Hand-built plan and event helpers for the report tests (independent of plan()).
 */
import type { EventEmitter } from 'eventemitter3';
import type { OrchestratorEvent, OrchestratorEvents } from '../src/execute/events.js';
import type { Plan, PlannedTask, Wave } from '../src/model/plan.js';
import { reduceProgress } from '../src/report/progress-state.js';
import type { ProgressState } from '../src/report/progress-types.js';

export const RUN_ID = 'run-1';
export const MIN = 60_000;
export const T0 = 1_700_000_000_000;

type TaskRow = [id: string, title: string, wave: number, instance: string, estimate: number, dependsOn: string[]];

const ROWS: TaskRow[] = [
  ['backup', 'Safety backup', 0, 'I1', 2, []],
  ['analyze-db', 'Database requirements', 1, 'I2', 5, ['backup']],
  ['deps', 'Dependency check', 1, 'I10', 5, ['backup']],
  ['schema', 'Schema design', 2, 'I2', 10, ['analyze-db', 'deps']],
  ['migration', 'Migration script', 3, 'I3', 10, ['schema']],
  ['signup', 'Signup endpoint', 3, 'I4', 12, ['schema']],
  ['token', 'Token rotation', 3, 'I5', 12, ['schema']],
  ['rate', 'Rate limiting', 3, 'I6', 10, ['schema']],
  ['tests', 'Write tests', 4, 'I7', 8, ['migration', 'signup', 'token', 'rate']],
  ['commit', 'Final commit', 5, 'I1', 5, ['tests']],
];

const WAVE_NAMES = ['Safety Backup', 'Analysis', 'Schema Design', 'Implementation', 'Testing', 'Final Commit'];

/** Total of the fixture's estimates. */
export const TOTAL_WEIGHT = ROWS.reduce((sum, row) => sum + row[4], 0); // 79

/** A small, valid-looking plan: 10 tasks in waves 0..5 on 8 instances. */
export function fixturePlan(): Plan {
  const tasks: PlannedTask[] = ROWS.map(([id, title, wave, instance, estimateMinutes, dependsOn]) => ({
    id,
    title,
    dependsOn,
    role: 'backend-engineer',
    instance,
    critical: false,
    criticalReasons: [],
    kind: id === 'backup' ? 'backup' : id === 'commit' ? 'commit' : 'work',
    estimateMinutes,
    wave,
  }));
  const waves: Wave[] = WAVE_NAMES.map((name, index) => {
    const members = tasks.filter((task) => task.wave === index);
    return {
      index,
      name,
      taskIds: members.map((task) => task.id),
      sequential: members.length === 1,
      critical: false,
      estimateMinutes: Math.max(...members.map((task) => task.estimateMinutes)),
    };
  });
  const instanceIds = [...new Set(tasks.map((task) => task.instance))];
  return {
    version: 1,
    request: { text: 'Add authentication endpoints with tests' },
    pattern: { id: 'full-stack-feature', label: 'Full-Stack Feature', matched: ['endpoint'] },
    complexity: { level: 'medium', subtaskCount: 8, criticalCount: 0, maxParallelism: 4, depth: 6, recommendedInstances: 3 },
    tasks,
    waves,
    instances: instanceIds.map((id) => ({ id, role: 'backend-engineer', roles: ['backend-engineer'], taskIds: tasks.filter((t) => t.instance === id).map((t) => t.id) })),
    estimate: { sequentialMinutes: TOTAL_WEIGHT, parallelMinutes: 42, wavesMinutes: 42, savedPercent: 46.8, criticalPathMinutes: 42, criticalPath: ['backup', 'analyze-db', 'schema', 'signup', 'tests', 'commit'] },
    settings: {
      priority: 'balanced',
      requireApproval: false,
      maxInstances: 15,
      dryRun: false,
      onFailure: 'rollback',
      mode: 'dynamic',
      checkpointRetention: 'keep',
      checkpointVerbosity: 'minimal',
      progressDisplay: 'live',
    },
    warnings: [],
  };
}

const TITLES = new Map(ROWS.map((row) => [row[0], row[1]]));
const WAVES = new Map(ROWS.map((row) => [row[0], row[2]]));
const INSTANCES = new Map(ROWS.map((row) => [row[0], row[3]]));

/** Event builders; `m` is minutes after T0. */
export const ev = {
  runStart: (m = 0, plan: Plan = fixturePlan()): OrchestratorEvent => ({
    type: 'run:start',
    runId: RUN_ID,
    at: T0 + m * MIN,
    plan,
    mode: 'dynamic',
    dryRun: false,
    instances: plan.instances.map((instance) => instance.id),
  }),
  waveStart: (wave: number, m: number): OrchestratorEvent => ({
    type: 'wave:start',
    runId: RUN_ID,
    at: T0 + m * MIN,
    wave,
    name: WAVE_NAMES[wave] ?? `Wave ${wave}`,
    taskIds: ROWS.filter((row) => row[2] === wave).map((row) => row[0]),
  }),
  waveEnd: (wave: number, m: number, durationMin: number, status: 'succeeded' | 'failed' | 'skipped' = 'succeeded'): OrchestratorEvent => ({
    type: 'wave:end',
    runId: RUN_ID,
    at: T0 + m * MIN,
    wave,
    name: WAVE_NAMES[wave] ?? `Wave ${wave}`,
    status,
    durationMs: durationMin * MIN,
  }),
  taskStart: (id: string, m: number, extra: { instance?: string; attempt?: number; title?: string; wave?: number } = {}): OrchestratorEvent => ({
    type: 'task:start',
    runId: RUN_ID,
    at: T0 + m * MIN,
    taskId: id,
    title: extra.title ?? TITLES.get(id) ?? id,
    wave: extra.wave ?? WAVES.get(id) ?? 0,
    instance: extra.instance ?? INSTANCES.get(id) ?? 'I4',
    attempt: extra.attempt ?? 1,
    critical: false,
  }),
  progress: (id: string, m: number, percent?: number, message?: string): OrchestratorEvent => ({
    type: 'task:progress',
    runId: RUN_ID,
    at: T0 + m * MIN,
    taskId: id,
    instance: INSTANCES.get(id) ?? 'I4',
    percent,
    message,
  }),
  taskEnd: (
    id: string,
    m: number,
    durationMin: number,
    status: 'succeeded' | 'failed' | 'skipped' | 'cancelled' = 'succeeded',
    extra: { files?: string[]; error?: string; instance?: string } = {},
  ): OrchestratorEvent => ({
    type: 'task:end',
    runId: RUN_ID,
    at: T0 + m * MIN,
    taskId: id,
    instance: extra.instance ?? INSTANCES.get(id) ?? 'I4',
    wave: WAVES.get(id) ?? 0,
    status,
    attempts: 1,
    durationMs: durationMin * MIN,
    result: status === 'succeeded' ? { ok: true, summary: `done ${id}`, filesChanged: extra.files ?? [] } : undefined,
    error: extra.error === undefined ? undefined : { message: extra.error },
  }),
  retry: (id: string, m: number, attempt: number): OrchestratorEvent => ({
    type: 'task:retry',
    runId: RUN_ID,
    at: T0 + m * MIN,
    taskId: id,
    attempt,
    delayMs: 1000,
    error: { code: 'ADAPTER_FAILED', message: 'flaky' },
  }),
  replan: (failedTaskId: string, m: number, inserted: { id: string; title: string; dependsOn: string[] }[]): OrchestratorEvent => ({
    type: 'replan',
    runId: RUN_ID,
    at: T0 + m * MIN,
    failedTaskId,
    round: 1,
    inserted,
  }),
  approval: (taskId: string, m: number, approved?: boolean): OrchestratorEvent => ({
    type: 'approval:request',
    runId: RUN_ID,
    at: T0 + m * MIN,
    taskId,
    title: TITLES.get(taskId) ?? taskId,
    criticalReasons: ['migration-execute'],
    approved,
  }),
  rollbackStart: (m: number): OrchestratorEvent => ({ type: 'rollback:start', runId: RUN_ID, at: T0 + m * MIN, reason: 'task tests failed', backupRef: 'refs/wavefront/runs/run-1/wave-0' }),
  rollbackEnd: (m: number, ok = true): OrchestratorEvent => ({ type: 'rollback:end', runId: RUN_ID, at: T0 + m * MIN, ok, compensations: 2, error: ok ? undefined : 'restore failed' }),
  runEnd: (m: number, status: 'succeeded' | 'failed' | 'rolled-back' = 'succeeded', commit?: string): OrchestratorEvent => ({
    type: 'run:end',
    runId: RUN_ID,
    at: T0 + m * MIN,
    status,
    durationMs: m * MIN,
    commit,
  }),
};

/** Folds events with reduceProgress. */
export function fold(events: readonly OrchestratorEvent[], start?: ProgressState): ProgressState {
  let state = start;
  for (const event of events) state = reduceProgress(state, event);
  if (state === undefined) throw new Error('no events');
  return state;
}

/** Waves 0-2 done, wave 3 running (migration + signup done... see body), started at minute 0. */
export function midRunEvents(): OrchestratorEvent[] {
  return [
    ev.runStart(0),
    ev.waveStart(0, 0),
    ev.taskStart('backup', 0),
    ev.taskEnd('backup', 2, 2, 'succeeded', { files: [] }),
    ev.waveEnd(0, 2, 2),
    ev.waveStart(1, 2),
    ev.taskStart('analyze-db', 2),
    ev.taskStart('deps', 2),
    ev.taskEnd('analyze-db', 7, 5, 'succeeded', { files: ['docs/db.md'] }),
    ev.taskEnd('deps', 7, 5, 'succeeded', { files: ['package.json'] }),
    ev.waveEnd(1, 7, 5),
    ev.waveStart(2, 7),
    ev.taskStart('schema', 7),
    ev.taskEnd('schema', 17, 10, 'succeeded', { files: ['db/schema.sql', 'docs/db.md'] }),
    ev.waveEnd(2, 17, 10),
    ev.waveStart(3, 17),
    ev.taskStart('migration', 17),
    ev.taskStart('signup', 17),
    ev.taskStart('token', 17),
    ev.taskStart('rate', 17),
    ev.taskEnd('migration', 26, 9, 'succeeded', { files: ['db/migrations/001.sql'] }),
    ev.progress('signup', 26, 85, 'writing handler'),
    ev.progress('token', 26, 50),
  ];
}

/** The rest of the run after {@link midRunEvents}: wave 3 ends, tests and commit run, succeeded at minute 40. */
export function finishEvents(): OrchestratorEvent[] {
  return [
    ev.taskEnd('signup', 29, 12),
    ev.taskEnd('token', 29, 12),
    ev.taskEnd('rate', 27, 10),
    ev.waveEnd(3, 29, 12),
    ev.taskStart('tests', 29),
    ev.taskEnd('tests', 37, 8),
    ev.taskStart('commit', 37),
    ev.taskEnd('commit', 40, 3),
    ev.runEnd(40, 'succeeded', 'b4e8f1d0c0ffee'),
  ];
}

/** Emits each event on `emitter` under its `type`, with the rest as the payload. */
export function emitAll(emitter: EventEmitter<OrchestratorEvents>, events: readonly OrchestratorEvent[]): void {
  const emit = emitter.emit.bind(emitter) as (name: string, payload: unknown) => boolean;
  for (const { type, ...payload } of events) emit(type, payload);
}
