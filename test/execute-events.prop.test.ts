/**
 * Property: for random small plans, random adapter failures and random failure policies, the
 * orchestrator's event stream is well-formed, every task ends exactly as the RunResult says, and a
 * failed task's dependents never run.
 */
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { Orchestrator } from '../src/execute/orchestrator.js';
import type { TaskSpec } from '../src/model/task.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter, type ScriptStep } from '../src/testing/scripted-adapter.js';
import { eventViolations } from './execute-event-invariants.js';
import { cleanupPlainDirs, plainDir, recordEvents, trackConcurrency } from './execute-fixtures.js';

afterAll(cleanupPlainDirs);

const TITLES = ['Create users API endpoint', 'Write API documentation', 'Build settings page', 'Write tests for login', 'Refactor auth helpers', 'Add orders service'];

const stepArb: fc.Arbitrary<ScriptStep | readonly ScriptStep[]> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ durationMs: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 1, arbitrary: fc.constant<ScriptStep>({ fail: 'scripted failure' }) },
  { weight: 1, arbitrary: fc.constant<ScriptStep>({ throw: 'scripted throw' }) },
  { weight: 1, arbitrary: fc.constant<readonly ScriptStep[]>([{ fail: 'flaky' }, { durationMs: 1 }]) },
);

const scenarioArb = fc
  .integer({ min: 3, max: 12 })
  .chain((n) =>
    fc.record({
      deps: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
      steps: fc.array(stepArb, { minLength: n, maxLength: n }),
      titles: fc.array(fc.constantFrom(...TITLES), { minLength: n, maxLength: n }),
      critical: fc.array(fc.nat({ max: 7 }).map((r) => r === 0), { minLength: n, maxLength: n }),
      approve: fc.boolean(),
      onFailure: fc.constantFrom('rollback' as const, 'pause' as const, 'continue' as const),
      mode: fc.constantFrom('dynamic' as const, 'waves' as const),
      retries: fc.integer({ min: 0, max: 1 }),
      replan: fc.boolean(),
    }),
  );

describe('orchestrator event stream (property)', () => {
  it('is well-formed for random plans, failures and policies', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (s) => {
        const tasks: TaskSpec[] = s.deps.map((deps, i) => ({
          id: `t${i}`,
          title: `${s.titles[i] as string} ${i}`,
          estimateMinutes: 1 + (i % 4),
          dependsOn: i === 0 ? [] : [...new Set(deps.map((d) => `t${d % i}`))],
          ...(s.critical[i] === true ? { critical: true } : {}),
        }));
        const p = await plan({ tasks });
        const script = Object.fromEntries(s.steps.map((step, i) => [`t${i}`, step]));
        const adapter = trackConcurrency(createScriptedAdapter(script));
        const orchestrator = new Orchestrator({
          cwd: plainDir(),
          adapter,
          git: false,
          onFailure: s.onFailure,
          mode: s.mode,
          retries: s.retries,
          retryDelayMs: 0,
          approve: () => s.approve,
          ...(s.replan ? {} : { replan: false as const }),
        });
        const events = recordEvents(orchestrator);
        const result = await orchestrator.run(p);

        expect(eventViolations(events, p, result)).toEqual([]);
        // A task ran only if all of its dependencies had succeeded by then.
        const succeeded = new Set<string>();
        const byId = new Map(p.tasks.map((t) => [t.id, t]));
        for (const e of events) {
          if (e.type === 'task:end' && e.status === 'succeeded') succeeded.add(e.taskId);
          // The final commit is the exception: it also runs when a denied critical task was skipped (onDenied 'skip').
          if (e.type === 'task:start' && byId.get(e.taskId)?.kind !== 'commit') {
            const deps = byId.get(e.taskId)?.dependsOn ?? [];
            for (const dep of deps) expect(succeeded.has(dep), `${e.taskId} started before ${dep} succeeded`).toBe(true);
          }
        }
        // Nothing runs beside a critical task.
        const running = new Set<string>();
        for (const e of events) {
          if (e.type === 'task:start') {
            const critical = byId.get(e.taskId)?.critical === true;
            if (critical) expect([...running], `beside critical ${e.taskId}`).toEqual([]);
            else expect([...running].filter((id) => byId.get(id)?.critical === true), `beside ${e.taskId}`).toEqual([]);
            running.add(e.taskId);
          }
          if (e.type === 'task:end') running.delete(e.taskId);
        }
        const anyFailed = Object.values(result.tasks).some((t) => t.status === 'failed');
        const commit = p.tasks.find((t) => t.kind === 'commit')?.id as string;
        expect(result.tasks[commit]?.status).toBe(anyFailed ? 'skipped' : 'succeeded');
        if (!anyFailed) expect(result.status).toBe('succeeded');
        else expect(result.status).toBe({ rollback: 'rolled-back', pause: 'paused', continue: 'failed' }[s.onFailure]);
        expect(adapter.active.size).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
