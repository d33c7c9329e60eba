/**
 * Shared helpers of the executor tests: temp repositories with a first commit, an event recorder
 * and an adapter wrapper that tracks which tasks run at the same time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentAdapter, AgentRequest, AgentResult } from '../src/adapters/types.js';
import { ORCHESTRATOR_EVENT_NAMES, type OrchestratorEvent } from '../src/execute/events.js';
import type { Orchestrator } from '../src/execute/orchestrator.js';
import { makeRepo, type TestRepo } from './git-fixtures.js';

/** A repository on `main` with a local identity and one commit (README.md, .gitignore ignoring `.env`). */
export function makeRunRepo(): TestRepo {
  const repo = makeRepo();
  repo.write('README.md', '# project\n');
  repo.write('.gitignore', '.env\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'initial');
  return repo;
}

const plainDirs: string[] = [];

/** A plain (non-git) temp directory, removed by {@link cleanupPlainDirs}. */
export function plainDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wf-exec-'));
  plainDirs.push(dir);
  return dir;
}

/** Removes the directories made by {@link plainDir}. */
export function cleanupPlainDirs(): void {
  for (const dir of plainDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every event the orchestrator emits, as `{ type, ...payload }`, in emission order. */
export function recordEvents(orchestrator: Orchestrator): OrchestratorEvent[] {
  const events: OrchestratorEvent[] = [];
  for (const name of ORCHESTRATOR_EVENT_NAMES) {
    orchestrator.on(name, (payload: object) => events.push({ type: name, ...payload } as OrchestratorEvent));
  }
  return events;
}

/** Narrows recorded events to one type. */
export function ofType<K extends OrchestratorEvent['type']>(events: readonly OrchestratorEvent[], type: K): Extract<OrchestratorEvent, { type: K }>[] {
  return events.filter((event): event is Extract<OrchestratorEvent, { type: K }> => event.type === type);
}

/** An adapter wrapper that records concurrency: which calls were in flight when each call started. */
export interface TrackedAdapter extends AgentAdapter {
  /** Per started call: the task and the tasks already in flight at that moment. */
  readonly starts: readonly { readonly taskId: string; readonly alongside: readonly string[] }[];
  /** Tasks whose call has not settled yet. */
  readonly active: ReadonlySet<string>;
  /** Requests received, in call order. */
  readonly requests: readonly AgentRequest[];
}

/** Wraps `inner`, recording which calls overlap (by settlement, not by clock). */
export function trackConcurrency(inner: AgentAdapter): TrackedAdapter {
  const active = new Set<string>();
  const starts: { taskId: string; alongside: string[] }[] = [];
  const requests: AgentRequest[] = [];
  return {
    name: `tracked-${inner.name}`,
    starts,
    active,
    requests,
    async run(request: AgentRequest): Promise<AgentResult> {
      requests.push(request);
      starts.push({ taskId: request.task.id, alongside: [...active] });
      active.add(request.task.id);
      try {
        return await inner.run(request);
      } finally {
        active.delete(request.task.id);
      }
    },
  };
}

/** Task ids that `alongside` shows running together with `taskId` (either direction). */
export function overlapping(adapter: TrackedAdapter, taskId: string): string[] {
  const out = new Set<string>();
  for (const start of adapter.starts) {
    if (start.taskId === taskId) for (const other of start.alongside) out.add(other);
    else if (start.alongside.includes(taskId)) out.add(start.taskId);
  }
  return [...out].sort();
}
