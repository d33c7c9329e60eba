import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';

interface JsonReport {
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

it('testAdapter fails exactly the checks each broken adapter violates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wavefront-conformance-run-'));
  try {
    const config = join(dir, 'vitest.config.mjs');
    const report = join(dir, 'report.json');
    writeFileSync(config, `export default { test: { include: ['test/testing-conformance-broken.fixture.ts'], pool: 'forks' } };`);
    const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
    const run = spawnSync(process.execPath, [vitest, 'run', '--config', config, '--root', process.cwd(), '--reporter=json', `--outputFile=${report}`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(1);
    const results = (JSON.parse(readFileSync(report, 'utf8')) as JsonReport).testResults.flatMap((file) => file.assertionResults);
    const failed = (suite: string): string[] =>
      results.filter((r) => r.ancestorTitles[0] === `adapter conformance: ${suite}` && r.status === 'failed').map((r) => r.title).sort();
    const total = (suite: string): number => results.filter((r) => r.ancestorTitles[0] === `adapter conformance: ${suite}`).length;

    expect(total('hangs-forever')).toBe(8);
    expect(failed('hangs-forever')).toEqual([
      'reports only well-formed progress, if any',
      'resolves ok: false or rejects with an Error for a failing task',
      'resolves ok: true with a well-typed, JSON-serialisable result for a successful task',
      'run returns a promise of an object with a boolean ok',
      'settles within timeoutMs when aborted mid-run',
      'settles within timeoutMs when the signal is already aborted',
    ]);
    expect(failed('always-ok')).toEqual([
      'resolves ok: false or rejects with an Error for a failing task',
      'resolves ok: true with a well-typed, JSON-serialisable result for a successful task',
      'settles within timeoutMs when aborted mid-run',
      'settles within timeoutMs when the signal is already aborted',
    ]);
    expect(failed('bad-shape')).toEqual([
      'allows dispose, when present, to be called twice',
      'has a non-empty string name',
      'resolves ok: false or rejects with an Error for a failing task',
      'resolves ok: true with a well-typed, JSON-serialisable result for a successful task',
      'run returns a promise of an object with a boolean ok',
      'settles within timeoutMs when aborted mid-run',
      'settles within timeoutMs when the signal is already aborted',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
