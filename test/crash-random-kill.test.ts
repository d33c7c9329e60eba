/**
 * T1 random kill times: a slow run (each agent 30–80 ms) is SIGKILLed after a seeded random delay,
 * then resumed — and maybe killed again — until its journal records an end. Whatever the kill
 * times, no recorded success is re-run, no task runs twice within one process, the final tree
 * equals a crash-free run's, and each stale lock is taken over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_TASKS, prng } from './fixtures/crash-plan.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { countByTask, ledgerOf, lockExists, lockPid, makeCrashRepo, readRun, referenceTree, runChild, treeState, type ChildOutcome, type TreeState } from './crash-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const WORK = MAIN_TASKS.map((task) => task.id).sort();
const SEEDS = [11, 23, 37, 41, 59];
const MAX_KILLS = 2;
let reference: TreeState;

beforeAll(async () => {
  reference = await referenceTree();
});

describe('SIGKILL at random times, resume until done (T1)', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const random = prng(seed);
    const crash = makeCrashRepo();
    const runId = `rk-${seed}`;
    const children: ChildOutcome[] = [];
    let kills = 0;
    for (let phase = 0; phase < MAX_KILLS + 2; phase += 1) {
      const resume = phase > 0;
      let succeededBefore = new Set<string>();
      if (resume) {
        const { state } = await readRun(crash, runId);
        if (state.ended !== undefined) break;
        succeededBefore = new Set(state.succeeded.keys());
        // The killed process left its lock; the resume must take it over.
        const previous = children.at(-1) as ChildOutcome;
        expect(previous.signal).toBe('SIGKILL');
        expect(lockPid(crash)).toBe(previous.pid);
      }
      const delay = kills < MAX_KILLS ? Math.floor(random() * 350) : undefined;
      const child = await runChild({ crash, runId, resume, slowSeed: seed, ...(delay === undefined ? {} : { killAfterStartMs: delay }) });
      children.push(child);
      if (child.signal === 'SIGKILL') kills += 1;
      else expect(child.code, child.stdout + child.stderr).toBe(0);

      const invoked = countByTask(ledgerOf(crash, child.pid));
      for (const [id, count] of invoked) {
        expect(count, `${id} invoked twice in one process`).toBe(1);
        expect(succeededBefore.has(id), `${id} re-run after its success was journalled`).toBe(false);
      }
    }

    const { state, tornBytes } = await readRun(crash, runId);
    expect(state.ended?.status).toBe('succeeded');
    expect(state.inDoubt).toEqual([]);
    expect(tornBytes).toBe(0);
    const total = countByTask(ledgerOf(crash));
    for (const id of WORK) expect(total.get(id) ?? 0, id).toBeGreaterThanOrEqual(1);
    expect(treeState(crash.repo)).toEqual(reference);
    const last = children.at(-1) as ChildOutcome;
    if (last.result !== undefined) expect(last.result.status).toBe('succeeded');
    // A kill between the run-end record and the lock release leaves the dead process's lock (stale).
    if (lockExists(crash)) {
      expect(last.signal).toBe('SIGKILL');
      expect(lockPid(crash)).toBe(last.pid);
    }
    // Visible in the test output: how many kills each seed took.
    console.log(`seed ${seed}: ${children.length} processes, ${kills} killed, ${ledgerOf(crash).length} agent calls for ${WORK.length} tasks`);
  });
});
