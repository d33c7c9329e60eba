import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliArgv, createCliAdapter, type CliOutput } from '../src/adapters/cli.js';
import { ROLE_PROMPTS } from '../src/adapters/role-prompts.js';
import { WavefrontError } from '../src/model/errors.js';
import { createTestRequest } from '../src/testing/request.js';
import { FAKE_CLI, createWorkspace, isRunning, type Workspace } from './fixtures/agents/fake-agents.js';

let ws: Workspace;
beforeEach(() => {
  ws = createWorkspace();
});
afterEach(() => ws.remove());

describe('cli adapter', () => {
  it('replaces placeholders inside each argv element and never joins them into a shell line', async () => {
    const title = 'Fix it; $(touch pwned) `touch pwned2` | tee x';
    const adapter = createCliAdapter({
      command: [FAKE_CLI, '--task={taskId}', '{role}', '{instance}', '{attempt}', '{cwd}', 'x{taskId}y{taskId}', '{title}', '{unknown}', '{rolePrompt}'],
      env: ws.env(),
    });
    const request = createTestRequest({ cwd: ws.cwd, task: { id: 'fix-1', title, instance: 'I4' }, attempt: 3 });
    const result = await adapter.run(request);

    expect(result.ok).toBe(true);
    const [record] = ws.records();
    expect(record?.argv).toEqual(['--task=fix-1', 'backend-engineer', 'I4', '3', ws.cwd, 'xfix-1yfix-1', title, '{unknown}', ROLE_PROMPTS['backend-engineer']]);
    expect(record?.cwd).toBe(ws.cwd);
    expect(record?.stdin).toContain(title);
    expect(existsSync(join(ws.cwd, 'pwned'))).toBe(false);
    expect(existsSync(join(ws.cwd, 'pwned2'))).toBe(false);
  });

  it('sends the prompt on stdin by default, and as an argument when asked', async () => {
    const request = createTestRequest({ cwd: ws.cwd, prompt: 'Write the {cwd} docs', task: { id: 't1' } });
    await createCliAdapter({ command: [FAKE_CLI, 'run'], env: ws.env() }).run(request);
    await createCliAdapter({ command: [FAKE_CLI, 'run'], promptVia: 'argument', env: ws.env() }).run(request);
    await createCliAdapter({ command: [FAKE_CLI, '--message', '{prompt}', '--yes'], promptVia: 'argument', env: ws.env() }).run(request);
    const [viaStdin, appended, placed] = ws.records();

    expect(viaStdin?.argv).toEqual(['run']);
    expect(viaStdin?.stdin).toMatch(/^Write the \{cwd\} docs\n\nTask id: t1\n/);
    expect(appended?.stdin).toBe('');
    expect(appended?.argv).toEqual(['run', viaStdin?.stdin]);
    // Replacement is one pass: placeholder-like text inside the prompt stays as it is.
    expect(placed?.argv).toEqual(['--message', viaStdin?.stdin, '--yes']);
  });

  it('gives ok from the exit code, a summary from the output, and output as JSON data', async () => {
    const ok = await createCliAdapter({ command: [FAKE_CLI] }).run(createTestRequest({ cwd: ws.cwd, task: { id: 'build' } }));
    expect(ok).toMatchObject({ ok: true, summary: 'done: build', output: { exitCode: 0, signal: null, stdout: 'working...\ndone: build\n', stderr: '' } });
    expect(JSON.parse(JSON.stringify(ok))).toEqual(ok);

    const failed = await createCliAdapter({ command: [FAKE_CLI], env: { CLI_AGENT_MODE: 'fail' } }).run(createTestRequest({ cwd: ws.cwd }));
    expect(failed).toMatchObject({ ok: false, summary: 'error: bad input', output: { exitCode: 3 } });
    expect((failed.output as CliOutput).stdout).toBe('trying...\n');
  });

  it('lets parseOutput build the result from stdout, stderr and the exit code', async () => {
    const seen: unknown[] = [];
    const adapter = createCliAdapter({
      command: [FAKE_CLI],
      env: { CLI_AGENT_MODE: 'json' },
      parseOutput: (stdout, stderr, exitCode) => {
        seen.push({ stderr, exitCode });
        const data = JSON.parse(stdout) as { status: string; files: string[]; tokens: { in: number; out: number } };
        return { ok: data.status === 'done', summary: `agent says ${data.status}`, filesChanged: data.files, usage: { inputTokens: data.tokens.in, outputTokens: data.tokens.out } };
      },
    });
    const result = await adapter.run(createTestRequest({ cwd: ws.cwd }));
    expect(result).toMatchObject({ ok: true, summary: 'agent says done', filesChanged: ['src/a.ts'], usage: { inputTokens: 100, outputTokens: 20 }, output: { exitCode: 0 } });
    expect(seen).toEqual([{ stderr: '', exitCode: 0 }]);
  });

  it('fails the attempt when parseOutput throws or returns something unusable', async () => {
    const thrown = await createCliAdapter({ command: [FAKE_CLI], parseOutput: () => { throw new Error('no JSON in output'); } }).run(createTestRequest({ cwd: ws.cwd }));
    expect(thrown).toMatchObject({ ok: false, summary: 'parseOutput failed: no JSON in output' });
    const notObject = await createCliAdapter({ command: [FAKE_CLI], parseOutput: () => 'yes' as never }).run(createTestRequest({ cwd: ws.cwd }));
    expect(notObject).toMatchObject({ ok: false, summary: 'parseOutput returned string "yes", expected an object' });
    const badOk = await createCliAdapter({ command: [FAKE_CLI], parseOutput: async () => ({ ok: 'sure' as never }) }).run(createTestRequest({ cwd: ws.cwd }));
    expect(badOk).toMatchObject({ ok: false, summary: 'parseOutput returned ok: string "sure", expected a boolean' });
  });

  it('reports output lines as progress', async () => {
    const request = createTestRequest({ cwd: ws.cwd, task: { id: 'p' } });
    await createCliAdapter({ command: [FAKE_CLI], progressIntervalMs: 0 }).run(request);
    expect(request.progress.map((p) => p.message)).toContain('done: p');
  });

  it('kills the process group on abort and resolves ok: false for a missing executable', async () => {
    const reason = new WavefrontError('ABORTED', 'stop');
    const request = createTestRequest({ cwd: ws.cwd, report: () => request.controller.abort(reason) });
    await expect(createCliAdapter({ command: [FAKE_CLI], env: ws.env({ CLI_AGENT_MODE: 'hang' }), killGraceMs: 100 }).run(request)).rejects.toBe(reason);
    expect(isRunning(ws.records()[0]?.pid ?? 0)).toBe(false);

    const missing = await createCliAdapter({ command: ['wavefront-no-such-agent', '{prompt}'] }).run(createTestRequest({ cwd: ws.cwd }));
    expect(missing).toMatchObject({ ok: false, summary: 'command not found: wavefront-no-such-agent' });
  });

  it('validates options and the substituted argv', () => {
    expect(() => createCliAdapter(undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => createCliAdapter({ command: [] })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field: 'cli.command' } }));
    expect(() => createCliAdapter({ command: 'aider --yes' as never })).toThrow(/command/);
    expect(() => createCliAdapter({ command: ['x'], promptVia: 'file' as never })).toThrow(/promptVia/);
    expect(() => createCliAdapter({ command: ['x'], parseOutput: 5 as never })).toThrow(/parseOutput/);
    expect(createCliAdapter({ command: ['x'], name: 'aider' }).name).toBe('aider');
    const request = createTestRequest({ task: { id: 't' } });
    expect(cliArgv(request, { command: ['agent', '{taskId}'] }, 'p')).toEqual(['agent', 't']);
    expect(() => cliArgv({ ...request, task: { ...request.task, title: '' } }, { command: ['{title}'] }, 'p')).toThrow(expect.objectContaining({ code: 'INVALID_TASK' }));
    expect(() => cliArgv(request, { command: ['agent', '{prompt}'] }, 'bad\0prompt')).toThrow(/NUL/);
  });
});
