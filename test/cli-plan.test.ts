import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan } from '../src/plan/plan.js';

const root = join(import.meta.dirname, '..');
const tsxLoader = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
const bin = join(root, 'src', 'cli', 'bin.ts');

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI in a child process (TypeScript through tsx, so no build is needed). */
function cli(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(tsxLoader).href, bin, ...args],
      { cwd, timeout: 60_000, env: { ...process.env, NO_COLOR: '1', WAVEFRONT_DEBUG: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Exactly one line `wavefront: error CODE: ...` on stderr, and no stack trace. */
function expectOneErrorLine(result: CliResult, code: string): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toMatch(new RegExp(`^wavefront: error ${code}: \\S.*\\n$`));
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const LAST_LOGIN = 'Add a "last_login_at" timestamp column to the users table and update the login endpoint to set it on each successful login.';

describe.concurrent('wavefront plan (child process)', () => {
  let dir = '';
  let badConfigDir = '';
  beforeAll(async () => {
    expect(existsSync(tsxLoader)).toBe(true);
    dir = await mkdtemp(join(tmpdir(), 'wavefront-cli-'));
    badConfigDir = await mkdtemp(join(tmpdir(), 'wavefront-cli-badconfig-'));
    await writeFile(join(badConfigDir, 'wavefront.config.json'), JSON.stringify({ execution: { max_instancez: 3 } }));
    await writeFile(join(dir, 'tasks.json'), JSON.stringify([
      { id: 'schema', title: 'Analyse users table schema' },
      { id: 'migrate', title: 'Execute Alembic migration', dependsOn: ['schema'] },
      { id: 'docs', title: 'Update docs', dependsOn: ['migrate'] },
    ]));
    await writeFile(join(dir, 'wrapped.json'), JSON.stringify({ tasks: [{ id: 'a', title: 'Create endpoint' }, { id: 'b', title: 'Write tests', dependsOn: ['a'] }] }));
    await writeFile(join(dir, 'cycle.json'), JSON.stringify([{ id: 'a', title: 'A', dependsOn: ['b'] }, { id: 'b', title: 'B', dependsOn: ['a'] }]));
    await writeFile(join(dir, 'unknown.json'), JSON.stringify([{ id: 'a', title: 'A', dependsOn: ['ghost'] }]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(badConfigDir, { recursive: true, force: true });
  });

  it('prints the seed-style analysis', async () => {
    const result = await cli(['plan', LAST_LOGIN], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    for (const heading of ['PATTERN DETECTED:', 'WAVE STRUCTURE:', 'INSTANCES USED:', 'ESTIMATED TIME:']) expect(result.stdout).toContain(heading);
    expect(result.stdout).toMatch(/^Wave 0: Safety Backup/m);
    expect(result.stdout).toMatch(/SEQUENTIAL ⚠/);
  });

  it('--json prints exactly what plan() returns', async () => {
    const result = await cli(['plan', '--json', LAST_LOGIN], dir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await plan(LAST_LOGIN));
  });

  it('--mermaid prints a flowchart', async () => {
    const result = await cli(['plan', '--mermaid', 'Fix typo in README'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(result.stdout).toContain('subgraph w0');
  });

  it('--tasks reads a JSON array or { tasks }, and flags reach the options', async () => {
    const array = await cli(['plan', '--json', '--tasks', 'tasks.json'], dir);
    expect(array.code).toBe(0);
    const parsed = JSON.parse(array.stdout) as Awaited<ReturnType<typeof plan>>;
    expect(parsed).toEqual(await plan({ text: '', tasks: [
      { id: 'schema', title: 'Analyse users table schema' },
      { id: 'migrate', title: 'Execute Alembic migration', dependsOn: ['schema'] },
      { id: 'docs', title: 'Update docs', dependsOn: ['migrate'] },
    ] }));
    expect(parsed.tasks.find((task) => task.id === 'migrate')?.critical).toBe(true);
    const wrapped = await cli(['plan', '--json', '--tasks', 'wrapped.json', '--max-instances', '1', '--priority', 'safety'], dir);
    expect(wrapped.code).toBe(0);
    const small = JSON.parse(wrapped.stdout) as Awaited<ReturnType<typeof plan>>;
    expect(small.tasks.map((task) => task.id)).toEqual(expect.arrayContaining(['a', 'b']));
    expect(small.instances).toHaveLength(1);
    expect(small.settings.priority).toBe('safety');
  });

  it('a cycle: one error line naming CYCLE and the cycle', async () => {
    const result = await cli(['plan', '--tasks', 'cycle.json'], dir);
    expectOneErrorLine(result, 'CYCLE');
    expect(result.stderr).toMatch(/a -> b -> a|b -> a -> b/);
  });

  it('an unknown dependency: one error line', async () => {
    const result = await cli(['plan', '--tasks', 'unknown.json'], dir);
    expectOneErrorLine(result, 'UNKNOWN_DEPENDENCY');
    expect(result.stderr).toContain('"ghost"');
  });

  it('a bad wavefront.config.json in cwd: one error line naming the field', async () => {
    const result = await cli(['plan', 'Add a button'], badConfigDir);
    expectOneErrorLine(result, 'INVALID_CONFIG');
    expect(result.stderr).toContain('max_instancez');
  });

  it('an empty request: one error line', async () => {
    expectOneErrorLine(await cli(['plan', ''], dir), 'INVALID_REQUEST');
  });

  it('an unknown flag: one error line', async () => {
    const result = await cli(['plan', '--bogus', 'Add a button'], dir);
    expectOneErrorLine(result, 'INVALID_ARGUMENT');
    expect(result.stderr).toContain('--bogus');
  });
});
