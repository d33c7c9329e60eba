/**
 * Child process of the lock race test (not a test file): for each round, announces it is ready,
 * spins until the parent's go-file exists, calls acquireRunLock once and writes the outcome.
 * Usage: node --import tsx test/journal-lock-child.ts <baseDir> <name> <rounds>
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireRunLock } from '../src/journal/lock.js';

const [base, name, roundsText] = process.argv.slice(2) as [string, string, string];
const held = [];
for (let round = 0; round < Number(roundsText); round += 1) {
  writeFileSync(join(base, `ready-${round}-${name}`), '');
  const go = join(base, `go-${round}`);
  const deadline = Date.now() + 20_000;
  while (!existsSync(go)) {
    if (Date.now() > deadline) process.exit(3);
  }
  let outcome: string;
  try {
    held.push(await acquireRunLock(join(base, `r${round}`), { runId: `run-${name}-${round}` }));
    outcome = 'ok';
  } catch (error) {
    outcome = String((error as { code?: unknown }).code ?? error);
  }
  writeFileSync(join(base, `tmp-${round}-${name}`), outcome);
  renameSync(join(base, `tmp-${round}-${name}`), join(base, `out-${round}-${name}`)); // the parent never reads a half-written outcome
}
