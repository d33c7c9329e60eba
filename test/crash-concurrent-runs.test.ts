/**
 * T6 one run per repository: two child processes start an Orchestrator on the same repository at
 * the same wall-clock instant, 20 times. Each time exactly one run proceeds (and succeeds) and the
 * other is refused with RUN_LOCKED naming the running one.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAll, isolateGitHome, tempDir } from './git-fixtures.js';
import { lockExists, makeCrashRepo, ROOT } from './crash-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const ROUNDS = 20;
const RUNNER = join(ROOT, 'test', 'fixtures', 'crash-race-runner.ts');

interface Outcome {
  readonly ok: boolean;
  readonly runId: string;
  readonly status?: string;
  readonly code?: string;
  readonly message?: string;
  readonly lockedBy?: string;
}

async function waitFor(paths: readonly string[], limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!paths.every((path) => existsSync(path))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${paths.join(', ')}`);
    await sleep(3);
  }
}

describe('two orchestrators started at once on one repository (T6)', () => {
  it(`exactly one proceeds, ${ROUNDS} times out of ${ROUNDS}`, async () => {
    const crash = makeCrashRepo();
    const coord = tempDir('wf-crash-race-');
    const names = ['a', 'b'] as const;
    const children = names.map((name, i) =>
      spawn(process.execPath, ['--import', 'tsx', RUNNER, coord, crash.dir, name, names[1 - i] as string, String(ROUNDS)], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    let stderr = '';
    for (const child of children) child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = children.map((child) => new Promise<number | null>((resolve) => child.on('close', resolve)));
    const winners: string[] = [];
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        await waitFor(names.map((name) => join(coord, `ready-${round}-${name}`)));
        writeFileSync(join(coord, `go-${round}`), String(Date.now() + 40));
        const outs = names.map((name) => join(coord, `out-${round}-${name}`));
        await waitFor(outs);
        const outcomes = outs.map((path) => JSON.parse(readFileSync(path, 'utf8')) as Outcome);
        const proceeded = outcomes.filter((o) => o.ok);
        expect(proceeded, `round ${round}: ${JSON.stringify(outcomes)}`).toHaveLength(1);
        const winner = proceeded[0] as Outcome;
        const loser = outcomes.find((o) => !o.ok) as Outcome;
        expect(winner.status).toBe('succeeded');
        expect(loser.code, `round ${round}: ${loser.message ?? ''}`).toBe('RUN_LOCKED');
        expect(loser.lockedBy).toBe(winner.runId);
        expect(loser.message).toContain(winner.runId);
        winners.push(winner.runId.slice(-1));
      }
    } catch (error) {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      throw error;
    }
    expect(await Promise.all(exited), stderr).toEqual([0, 0]);
    expect(lockExists(crash)).toBe(false);
    // One commit per round (each round's winner writes its own file): no loser committed anything.
    expect(crash.repo.git('rev-list', '--count', 'HEAD').trim()).toBe(String(1 + ROUNDS));
    console.log(`winners by round: ${winners.join('')}`);
  });
});
