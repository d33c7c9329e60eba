import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo/run-demo.js';
import { createDashboardReporter } from '../src/report/dashboard-reporter.js';
import { Writable } from 'node:stream';

const git = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('the demo', () => {
  it('plans dark mode, repairs the injected test failure by replanning, and commits', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wavefront-demo-test-'));
    dirs.push(dir);
    let log = '';
    const stream = new Writable({ write(chunk: Buffer, _e, cb) { log += chunk.toString(); cb(); } });
    const demo = await runDemo({ dir, msPerMinute: 1, reporter: createDashboardReporter({ stream, mode: 'plain' }) });
    expect(demo.plan.pattern.id).toBe('frontend-feature');
    expect(demo.result.status).toBe('succeeded');
    expect(demo.result.commit).toMatch(/^[0-9a-f]{40}$/);
    const replanned = Object.keys(demo.result.tasks).filter((id) => /\.fix-\d+$/.test(id));
    expect(replanned.length).toBeGreaterThan(0);
    expect(await readFile(join(dir, 'src/theme/toggle.js'), 'utf8')).toContain("theme === 'dark' ? 'light' : 'dark'");
    const { stdout } = await git('git', ['log', '--format=%s', '-1'], { cwd: dir });
    expect(stdout).toMatch(/^wavefront: /);
    const tests = await new Promise<number | null>((resolve) => execFile(process.execPath, ['--test', 'test/'], { cwd: dir }, (error) => resolve(error ? 1 : 0)));
    expect(tests).toBe(0);
    expect(log).toMatch(/replan/i);
  }, 60_000);
});
