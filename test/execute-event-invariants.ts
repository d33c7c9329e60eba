/**
 * Invariants every orchestrator event stream must satisfy, shared by the example and property tests.
 */
import type { OrchestratorEvent } from '../src/execute/events.js';
import type { RunResult } from '../src/execute/options.js';
import type { Plan } from '../src/model/plan.js';

/** Returns the violated invariants (empty when the stream is well-formed). */
export function eventViolations(events: readonly OrchestratorEvent[], plan: Plan, result: RunResult): string[] {
  const problems: string[] = [];
  const fail = (message: string): void => void problems.push(message);
  if (events[0]?.type !== 'run:start') fail(`first event is ${events[0]?.type}`);
  if (events.at(-1)?.type !== 'run:end') fail(`last event is ${events.at(-1)?.type}`);
  if (events.filter((e) => e.type === 'run:start').length !== 1) fail('run:start not exactly once');
  if (events.filter((e) => e.type === 'run:end').length !== 1) fail('run:end not exactly once');
  const end = events.at(-1);
  if (end?.type === 'run:end' && end.status !== result.status) fail(`run:end status ${end.status} but result ${result.status}`);
  if (events.some((e) => e.runId !== result.runId)) fail('an event has another runId');

  const inserted = events.flatMap((e) => (e.type === 'replan' ? e.inserted.map((t) => t.id) : []));
  const allIds = [...plan.tasks.map((t) => t.id), ...inserted];
  if (new Set(allIds).size !== allIds.length) fail('replan inserted a duplicate id');
  const resultIds = Object.keys(result.tasks).sort();
  if (JSON.stringify(resultIds) !== JSON.stringify([...allIds].sort())) fail(`result tasks ${resultIds.join(',')} != ${allIds.join(',')}`);

  const waveOfTask = new Map(plan.tasks.map((t) => [t.id, t.wave]));
  const waveStarted = new Set<number>();
  const waveEnded = new Map<number, number>();
  const open = new Map<string, boolean>(); // task → has a start without a later end
  const last = new Map<string, OrchestratorEvent['type']>();
  events.forEach((e, i) => {
    switch (e.type) {
      case 'wave:start':
        if (waveStarted.has(e.wave)) fail(`wave ${e.wave} started twice`);
        waveStarted.add(e.wave);
        break;
      case 'wave:end':
        if (!waveStarted.has(e.wave)) fail(`wave ${e.wave} ended before it started`);
        waveEnded.set(e.wave, (waveEnded.get(e.wave) ?? 0) + 1);
        if (open.size > 0 && [...open.keys()].some((id) => waveOfTask.get(id) === e.wave)) fail(`wave ${e.wave} ended while a task of it runs (#${i})`);
        break;
      case 'task:start':
        if (!waveStarted.has(e.wave)) fail(`task ${e.taskId} started before wave ${e.wave} (#${i})`);
        if (waveEnded.has(e.wave)) fail(`task ${e.taskId} started after wave ${e.wave} ended (#${i})`);
        if (!waveOfTask.has(e.taskId)) waveOfTask.set(e.taskId, e.wave);
        open.set(e.taskId, true);
        last.set(e.taskId, e.type);
        break;
      case 'task:end':
        if (waveEnded.has(e.wave)) fail(`task ${e.taskId} ended after wave ${e.wave} ended (#${i})`);
        if ((e.status === 'succeeded' || e.status === 'failed') && !open.has(e.taskId)) fail(`task ${e.taskId} ${e.status} without a task:start (#${i})`);
        if (e.status === 'skipped' && open.has(e.taskId)) fail(`task ${e.taskId} skipped while running (#${i})`);
        open.delete(e.taskId);
        last.set(e.taskId, e.type);
        break;
      default:
        break;
    }
  });
  for (const id of allIds) {
    if (last.get(id) !== 'task:end') fail(`task ${id} has no terminal task:end (last: ${last.get(id)})`);
    const final = [...events].reverse().find((e) => e.type === 'task:end' && e.taskId === id);
    if (final?.type === 'task:end' && final.status !== result.tasks[id]?.status) fail(`task ${id} ended ${final.status} but result says ${result.tasks[id]?.status}`);
  }
  for (const wave of plan.waves) {
    if ((waveEnded.get(wave.index) ?? 0) !== 1) fail(`wave ${wave.index} ended ${waveEnded.get(wave.index) ?? 0} times`);
  }
  return problems;
}
