import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShellAdapter, shellAdapter, type ShellOutput } from '../src/adapters/shell.js';
import { WavefrontError } from '../src/model/errors.js';
import { createTestRequest } from '../src/testing/request.js';

const node = process.execPath;
let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'wavefront-shell-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const run = (command: string[] | undefined, options: Parameters<typeof createShellAdapter>[0] = undefined) => {
  const request = createTestRequest({ task: { id: 'exit-test', command }, cwd });
  return { request, result: createShellAdapter(options).run(request) };
};
const script = (source: string): string[] => [node, '-e', source];

describe('shell adapter: exit status', () => {
  it('resolves ok: true with "exit 0 in Ns" for exit code 0', async () => {
    const result = await run(script('process.stdout.write("hello")')).result;
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^exit 0 in \d+\.\ds$/);
    const output = result.output as ShellOutput;
    expect(output).toMatchObject({ exitCode: 0, signal: null, stdout: 'hello', stderr: '', stdoutTruncated: false });
    expect(output.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('resolves ok: false with the last stderr line as summary for a non-zero exit', async () => {
    const result = await run(script('console.error("warming up\\nmigration failed: table exists\\n"); process.exit(3)')).result;
    expect(result.ok).toBe(false);
    expect(result.summary).toBe('migration failed: table exists');
    expect((result.output as ShellOutput).exitCode).toBe(3);
  });

  it('falls back to the exit status as summary when stderr is empty', async () => {
    const result = await run(script('process.exit(4)')).result;
    expect(result).toMatchObject({ ok: false, output: { exitCode: 4 } });
    expect(result.summary).toMatch(/^exit 4 in \d+\.\ds$/);
  });

  it('reports a process killed by a signal', async () => {
    const result = await run(script('process.kill(process.pid, "SIGKILL")')).result;
    expect(result).toMatchObject({ ok: false, output: { exitCode: null, signal: 'SIGKILL' } });
    expect(result.summary).toMatch(/^killed by SIGKILL in/);
  });

  it('runs in request.cwd', async () => {
    const result = await run(script('process.stdout.write(process.cwd())')).result;
    expect((result.output as ShellOutput).stdout).toBe(cwd);
  });

  it('the default instance works too', async () => {
    const request = createTestRequest({ task: { command: script('console.log(2)') }, cwd });
    await expect(shellAdapter.run(request)).resolves.toMatchObject({ ok: true, output: { stdout: '2\n' } });
    expect(shellAdapter.name).toBe('shell');
  });
});

describe('shell adapter: output capture', () => {
  it('captures stdout and stderr separately', async () => {
    const result = await run(script('process.stdout.write("out"); process.stderr.write("err")')).result;
    expect(result.output).toMatchObject({ stdout: 'out', stderr: 'err' });
  });

  it('keeps only the last maxOutputBytes of each stream', async () => {
    const source = 'process.stdout.write("a".repeat(100000) + "END-OF-OUT"); process.stderr.write("b".repeat(5000) + "END-OF-ERR")';
    const result = await run(script(source), { maxOutputBytes: 16 }).result;
    const output = result.output as ShellOutput;
    expect(output.stdout).toBe('aaaaaaEND-OF-OUT');
    expect(output.stderr).toBe('bbbbbbEND-OF-ERR');
    expect(output.stdoutTruncated).toBe(true);
    expect(output.stderrTruncated).toBe(true);
  });

  it('reports the newest output line as progress', async () => {
    const { request, result } = run(script('console.log("step 1"); setTimeout(() => console.log("\\u001b[32mstep 2\\u001b[0m"), 50)'), { progressIntervalMs: 0 });
    await result;
    expect(request.progress.at(-1)).toEqual({ message: 'step 2' });
    expect(request.progress.every((p) => typeof p.message === 'string')).toBe(true);
  });

  it('throttles progress reports to progressIntervalMs', async () => {
    const source = 'let i = 0; const t = setInterval(() => { console.log("line " + i++); if (i === 5) clearInterval(t); }, 10)';
    const { request, result } = run(script(source), { progressIntervalMs: 60_000 });
    await result;
    expect(request.progress).toHaveLength(1);
  });
});

describe('shell adapter: spawn failures and invalid tasks', () => {
  it('resolves ok: false with "command not found" when the executable does not exist', async () => {
    const result = await run(['wavefront-no-such-command-4711', '--flag']).result;
    expect(result.ok).toBe(false);
    expect(result.summary).toBe('command not found: wavefront-no-such-command-4711');
    expect(result.output).toMatchObject({ exitCode: null, error: 'ENOENT' });
  });

  it('tells a missing working directory apart from a missing command', async () => {
    const request = createTestRequest({ task: { command: script('0') }, cwd: join(cwd, 'missing') });
    const result = await createShellAdapter(undefined).run(request);
    expect(result).toMatchObject({ ok: false, summary: `working directory not found: ${join(cwd, 'missing')}` });
  });

  it('rejects a task without a command with INVALID_TASK', async () => {
    const error: unknown = await run(undefined).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WavefrontError);
    expect(error).toMatchObject({ code: 'INVALID_TASK', details: { taskId: 'exit-test', field: 'command' } });
    expect((error as Error).message).toBe('task "exit-test" has no command; the shell adapter runs task.command');
  });

  it.each([[[]], [['']], [[node, 'a\0b']]])('rejects the malformed command %j with INVALID_TASK', async (command) => {
    await expect(run(command).result).rejects.toMatchObject({ code: 'INVALID_TASK' });
  });

  it('refuses a command that allowCommand rejects, without running it', async () => {
    const seen: (readonly string[])[] = [];
    const allowCommand = (argv: readonly string[]): boolean => {
      seen.push(argv);
      return false;
    };
    const command = script('require("fs").writeFileSync("ran", "")');
    await expect(run(command, { allowCommand }).result).rejects.toMatchObject({ code: 'INVALID_TASK', details: { reason: 'refused' } });
    expect(seen).toEqual([command]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(cwd, 'ran'))).toBe(false);
  });

  it.each([
    [{ maxOutputBytes: -1 }, 'shell.maxOutputBytes'],
    [{ killGraceMs: Number.NaN }, 'shell.killGraceMs'],
    [{ inheritEnv: 'yes' }, 'shell.inheritEnv'],
    [{ env: { A: 1 } }, 'shell.env.A'],
    [{ env: { 'A=B': 'x' } }, 'shell.env.A=B'],
    [{ allowCommand: true }, 'shell.allowCommand'],
  ])('rejects bad options %j with INVALID_CONFIG', (options, field) => {
    expect(() => createShellAdapter(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field } }) as Error);
  });
});

describe('shell adapter: environment', () => {
  const printEnv = script('process.stdout.write(JSON.stringify({ extra: process.env.EXTRA_VAR ?? null, inherited: process.env.WAVEFRONT_TEST_INHERITED ?? null, task: process.env.WAVEFRONT_TASK_ID, attempt: process.env.WAVEFRONT_ATTEMPT, instance: process.env.WAVEFRONT_INSTANCE }))');
  const envOf = (result: { output?: unknown }): unknown => JSON.parse((result.output as ShellOutput).stdout);

  it('passes env over the inherited environment, plus the task identity', async () => {
    process.env['WAVEFRONT_TEST_INHERITED'] = 'from-parent';
    try {
      const result = await run(printEnv, { env: { EXTRA_VAR: 'extra value with spaces' } }).result;
      expect(envOf(result)).toEqual({ extra: 'extra value with spaces', inherited: 'from-parent', task: 'exit-test', attempt: '1', instance: 'I4' });
    } finally {
      delete process.env['WAVEFRONT_TEST_INHERITED'];
    }
  });

  it('does not inherit process.env when inheritEnv is false', async () => {
    process.env['WAVEFRONT_TEST_INHERITED'] = 'from-parent';
    try {
      const result = await run(printEnv, { inheritEnv: false, env: { EXTRA_VAR: 'only this' } }).result;
      expect(envOf(result)).toMatchObject({ extra: 'only this', inherited: null });
    } finally {
      delete process.env['WAVEFRONT_TEST_INHERITED'];
    }
  });
});
