/**
 * Dry runs: the same events as a real run, from the scheduler core on a virtual clock over the
 * estimates. No adapter calls, no git, no writes.
 * @module
 */
import type { Plan, PlannedTask } from '../model/plan.js';
import { Scheduler } from '../schedule/scheduler.js';
import { searchPriorities } from '../schedule/search-priorities.js';
import type { OrchestratorEvents } from './events.js';
import type { CostModel, RunResult, TaskOutcome } from './options.js';
import { estimateUsage } from './usage.js';

type Emit = <K extends keyof OrchestratorEvents>(event: K, payload: Omit<OrchestratorEvents[K][0], 'runId' | 'at'>, at?: number) => void;

const MINUTE_MS = 60_000;

/** Simulates `plan` and emits its events with virtual timestamps starting at `startAt`. */
export function dryRun(plan: Plan, runId: string, mode: 'dynamic' | 'waves', emit: Emit, startAt: number, costModel?: CostModel): RunResult {
  const byId = new Map(plan.tasks.map((task) => [task.id, task]));
  const waveLeft = new Map<number, number>();
  for (const task of plan.tasks) waveLeft.set(task.wave, (waveLeft.get(task.wave) ?? 0) + 1);
  const waveStart = new Map<number, number>();
  const outcomes: Record<string, TaskOutcome> = {};
  const tasks = plan.tasks.map((task) => ({ id: task.id, dependsOn: task.dependsOn, estimate: task.estimateMinutes, critical: task.critical, wave: task.wave, instance: task.instance, role: task.role, touches: task.touches }));
  const instances = plan.instances.map((instance) => ({ id: instance.id, role: instance.role }));
  const priority = mode === 'dynamic' ? searchPriorities(tasks, instances) : undefined;
  const scheduler = new Scheduler(tasks, { instances, mode, priority });
  emit('run:start', { plan, mode, dryRun: true, instances: plan.instances.map((i) => i.id) }, startAt);
  const running: { task: PlannedTask; instance: string; end: number; start: number }[] = [];
  let now = 0;
  for (;;) {
    for (const dispatch of scheduler.dispatch()) {
      const task = byId.get(dispatch.taskId) as PlannedTask;
      const at = startAt + now * MINUTE_MS;
      if (!waveStart.has(task.wave)) {
        waveStart.set(task.wave, now);
        const wave = plan.waves[task.wave];
        emit('wave:start', { wave: task.wave, name: wave?.name ?? '', taskIds: wave?.taskIds ?? [] }, at);
      }
      if (task.critical) {
        emit('approval:request', { taskId: task.id, title: task.title, criticalReasons: task.criticalReasons, approved: true }, at);
      }
      emit('task:start', { taskId: task.id, title: task.title, wave: task.wave, instance: dispatch.instance, plannedInstance: dispatch.instance === task.instance ? undefined : task.instance, attempt: 1, critical: task.critical }, at);
      running.push({ task, instance: dispatch.instance, start: now, end: now + task.estimateMinutes });
    }
    if (running.length === 0) break;
    running.sort((a, b) => a.end - b.end || a.start - b.start || (a.task.id < b.task.id ? -1 : 1));
    const next = running[0] as (typeof running)[number];
    now = next.end;
    while (running.length > 0 && (running[0] as (typeof running)[number]).end === now) {
      const done = running.shift() as (typeof running)[number];
      scheduler.finish(done.task.id, 'succeeded');
      const at = startAt + now * MINUTE_MS;
      const result = { ok: true, summary: `dry run: ${done.task.estimateMinutes} min estimated` };
      outcomes[done.task.id] = { status: 'succeeded', attempts: 1, result };
      emit('checkpoint', { taskId: done.task.id, wave: done.task.wave }, at);
      emit('task:end', { taskId: done.task.id, instance: done.instance, wave: done.task.wave, status: 'succeeded', attempts: 1, durationMs: (now - done.start) * MINUTE_MS, result }, at);
      const left = (waveLeft.get(done.task.wave) ?? 1) - 1;
      waveLeft.set(done.task.wave, left);
      if (left === 0) {
        emit('wave:end', { wave: done.task.wave, name: plan.waves[done.task.wave]?.name ?? '', status: 'succeeded', durationMs: (now - (waveStart.get(done.task.wave) ?? now)) * MINUTE_MS }, at);
      }
    }
  }
  const durationMs = now * MINUTE_MS;
  emit('run:end', { status: 'succeeded', durationMs }, startAt + durationMs);
  return { runId, status: 'succeeded', tasks: outcomes, durationMs, filesChanged: [], usage: estimateUsage(plan, costModel) };
}
