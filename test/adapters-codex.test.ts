import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLE_PROMPTS, codexArgv, createCodexAdapter, type CodexAdapterOptions, type CodexOutput } from '../src/adapters/codex.js';
import type { AdapterFactory } from '../src/adapters/types.js';
import { ROLES, type Role } from '../src/allocate/roles.js';
import { WavefrontError } from '../src/model/errors.js';
import { createTestRequest } from '../src/testing/request.js';
import { FAKE_CODEX, createWorkspace, isRunning, type Workspace } from './fixtures/agents/fake-agents.js';

const role = (id: string): Role => ROLES.find((entry) => entry.id === id) as Role;

let ws: Workspace;
beforeEach(() => {
  ws = createWorkspace();
});
afterEach(() => ws.remove());

describe('codex adapter', () => {
  it('runs codex exec --json with argv (never a shell) and role + task prompt on stdin', async () => {
    const adapter = createCodexAdapter({
      executable: FAKE_CODEX,
      model: 'gpt-5-codex',
      skipGitRepoCheck: true,
      config: { model_reasoning_effort: '"high"' },
      extraArgs: ['--color', 'never'],
      env: ws.env(),
    });
    const request = createTestRequest({
      cwd: ws.cwd,
      task: { id: 'greet', title: 'Add greeting; $(touch pwned)', instance: 'I6' },
      dependencies: { api: { ok: false, summary: 'endpoint failed review' } },
    });
    const result = await adapter.run(request);

    expect(result.ok).toBe(true);
    const [record] = ws.records();
    expect(record?.problem).toBeUndefined();
    expect(record?.argv).toEqual([
      'exec',
      '--json',
      '--sandbox',
      'workspace-write',
      '--model',
      'gpt-5-codex',
      '--skip-git-repo-check',
      '-c',
      'model_reasoning_effort="high"',
      '--color',
      'never',
      '-',
    ]);
    expect(record?.cwd).toBe(ws.cwd);
    expect(record?.env).toMatchObject({ WAVEFRONT_TASK_ID: 'greet', WAVEFRONT_INSTANCE: 'I6', WAVEFRONT_ROLE: 'backend-engineer' });
    expect(record?.stdin.startsWith(ROLE_PROMPTS['backend-engineer'])).toBe(true);
    expect(record?.stdin).toContain('Add greeting; $(touch pwned)');
    expect(record?.stdin).toContain('- api (failed): endpoint failed review');
  });

  it('streams commands and file changes as progress; reports files, usage and priced cost', async () => {
    const adapter = createCodexAdapter({
      executable: FAKE_CODEX,
      pricing: { inputUsdPerMTok: 1.25, cachedInputUsdPerMTok: 0.125, outputUsdPerMTok: 10 },
      env: ws.env({ FAKE_AGENT_SCENARIO: 'tool-use' }),
    });
    const request = createTestRequest({ cwd: ws.cwd });
    const result = await adapter.run(request);

    const uncached = 24763 - 24448;
    expect(result).toMatchObject({
      ok: true,
      summary: 'Added src/greet.ts, documented it in README.md and fixed the failing test.',
      // The failed file_change (src/rejected.ts) is not a change.
      filesChanged: ['README.md', 'src/greet.ts', 'test/greet.test.ts'],
      usage: { inputTokens: 24763, outputTokens: 122, costUsd: (uncached * 1.25 + 24448 * 0.125 + 122 * 10) / 1e6 },
    });
    const output = result.output as CodexOutput;
    expect(output).toMatchObject({
      threadId: '0199a213-81c0-7800-8aa1-bbab2a035a54',
      cachedInputTokens: 24448,
      commands: [
        { command: "bash -lc 'cat package.json'", exitCode: 0 },
        { command: "bash -lc 'npm test'", exitCode: 1 },
      ],
      error: null,
      exitCode: 0,
    });
    expect(request.progress.map((p) => p.message)).toEqual([
      'Codex started',
      'Planning the greeting module',
      "$ bash -lc 'cat package.json'",
      'changed src/greet.ts, README.md',
      "$ bash -lc 'npm test'",
      "command exited 1: bash -lc 'npm test'",
      'changed test/greet.test.ts',
      'Added src/greet.ts, documented it in README.md and fixed the failing test.',
    ]);
  });

  it('reports usage without cost when no pricing is given', async () => {
    const adapter = createCodexAdapter({ executable: FAKE_CODEX, env: ws.env({ FAKE_AGENT_SCENARIO: 'success' }) });
    const result = await adapter.run(createTestRequest({ cwd: ws.cwd }));
    expect(result).toMatchObject({ ok: true, summary: 'Nothing to change: the task is already done.' });
    expect(result.usage).toEqual({ inputTokens: 8120, outputTokens: 64 });
  });

  it('sandboxes read-mostly roles read-only and lets sandbox be set per role', () => {
    const sandboxOf = (argv: string[]): string | undefined => argv[argv.indexOf('--sandbox') + 1];
    const reviewer = createTestRequest({ task: { instance: 'I12' }, role: role('I12') });
    const tester = createTestRequest({ task: { instance: 'I9' }, role: role('I9') });
    const writer = createTestRequest({ task: { instance: 'I11' }, role: role('I11') });
    expect(sandboxOf(codexArgv(reviewer))).toBe('read-only');
    expect(sandboxOf(codexArgv(tester))).toBe('read-only');
    expect(sandboxOf(codexArgv(writer))).toBe('workspace-write');
    expect(sandboxOf(codexArgv(reviewer, { sandbox: { 'code-reviewer': 'workspace-write' } }))).toBe('workspace-write');
    expect(sandboxOf(codexArgv(writer, { sandbox: { 'code-reviewer': 'workspace-write' } }))).toBe('workspace-write');
    expect(sandboxOf(codexArgv(writer, { sandbox: 'read-only' }))).toBe('read-only');
    expect(codexArgv(writer).at(-1)).toBe('-');
  });

  it('fails with the turn.failed message', async () => {
    const adapter = createCodexAdapter({ executable: FAKE_CODEX, env: ws.env({ FAKE_AGENT_SCENARIO: 'error' }) });
    const result = await adapter.run(createTestRequest({ cwd: ws.cwd }));
    expect(result).toMatchObject({
      ok: false,
      summary: 'Codex failed: exceeded retry limit, last status: 429 Too Many Requests',
      output: { error: 'exceeded retry limit, last status: 429 Too Many Requests', exitCode: 1 },
    });
  });

  it('fails with the last stderr line when codex exits early, and on a missing executable', async () => {
    const crash = await createCodexAdapter({ executable: FAKE_CODEX, env: ws.env({ FAKE_AGENT_SCENARIO: 'crash' }) }).run(createTestRequest({ cwd: ws.cwd }));
    expect(crash).toMatchObject({ ok: false, summary: 'fatal: not logged in; run the login command first' });
    const missing = await createCodexAdapter({ executable: 'wavefront-no-such-codex' }).run(createTestRequest({ cwd: ws.cwd }));
    expect(missing).toMatchObject({ ok: false, summary: 'command not found: wavefront-no-such-codex' });
  });

  it('kills the whole process group on abort', async () => {
    const adapter = createCodexAdapter({ executable: FAKE_CODEX, killGraceMs: 100, env: ws.env({ FAKE_AGENT_SCENARIO: 'hang', FAKE_AGENT_IGNORE_TERM: '1' }) });
    const reason = new WavefrontError('ABORTED', 'run aborted');
    const request = createTestRequest({ cwd: ws.cwd, report: (p) => p.message?.startsWith('$') === true && request.controller.abort(reason) });
    await expect(adapter.run(request)).rejects.toBe(reason);
    const [record] = ws.records();
    expect(isRunning(record?.pid ?? 0)).toBe(false);
    expect(isRunning(record?.grandchildPid ?? 0)).toBe(false);
  });

  it('is an AdapterFactory usable without options', () => {
    const factory: AdapterFactory<CodexAdapterOptions | undefined> = createCodexAdapter;
    expect(factory(undefined).name).toBe('codex');
    expect(createCodexAdapter().name).toBe('codex');
  });

  it('rejects bad options with INVALID_CONFIG', () => {
    expect(() => createCodexAdapter({ sandbox: 'yolo' as never })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field: 'codex.sandbox' } }));
    expect(() => createCodexAdapter({ sandbox: { I12: 'nope' as never } })).toThrow(/sandbox\.I12/);
    expect(() => createCodexAdapter({ config: { 'bad key': 'x' } })).toThrow(/config/);
    expect(() => createCodexAdapter({ pricing: { inputUsdPerMTok: -1, outputUsdPerMTok: 1 } })).toThrow(/pricing\.inputUsdPerMTok/);
    expect(() => createCodexAdapter({ executable: join('a', '\0') })).toThrow(/executable/);
  });
});
