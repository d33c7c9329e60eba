import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { makeCrashRepo, runChild, treeState, readRun, ledgerOf } from './crash-fixtures.js';
beforeAll(isolateGitHome);
afterAll(cleanupAll);
it('scratch', async () => {
  const crash = makeCrashRepo();
  const a = await runChild({ crash, runId: 'r1' });
  console.log(a.ms, a.code, a.signal, a.stderr.slice(0, 2000), a.result?.status, a.result?.error);
  console.log(treeState(crash.repo));
  const crash2 = makeCrashRepo();
  const b = await runChild({ crash: crash2, runId: 'r1', env: { WAVEFRONT_FAILPOINT: 'during-commit' } });
  console.log(b.ms, b.code, b.signal);
  const c = await runChild({ crash: crash2, runId: 'r1', resume: true });
  console.log(c.ms, c.code, c.signal, c.result?.status, c.stderr.slice(0,2000), c.rejected);
  console.log(treeState(crash2.repo));
  console.log(ledgerOf(crash2).length);
  expect(1).toBe(1);
});
