import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_TOOLS, ROLE_PROMPTS, claudeArgv, createClaudeCodeAdapter, type ClaudeCodeAdapterOptions, type ClaudeCodeOutput } from '../src/adapters/claude-code.js';
import type { AdapterFactory } from '../src/adapters/types.js';
import { ROLES, type Role } from '../src/allocate/roles.js';
import { WavefrontError } from '../src/model/errors.js';
import { createTestRequest } from '../src/testing/request.js';
import { FAKE_CLAUDE, createWorkspace, isRunning, type Workspace } from './fixtures/agents/fake-agents.js';

const role = (id: string): Role => ROLES.find((entry) => entry.id === id) as Role;

let ws: Workspace;
beforeEach(() => {
  ws = createWorkspace();
});
afterEach(() => ws.remove());

describe('claude-code adapter', () => {
  it('runs claude headless with argv (never a shell) and the task prompt on stdin, in the task cwd', async () => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE, model: 'sonnet', maxTurns: 30, extraArgs: ['--add-dir', '../shared'], env: ws.env() });
    const hostile = 'Add greeting; $(touch pwned) `touch pwned2` && rm -rf "$HOME"';
    const request = createTestRequest({
      cwd: ws.cwd,
      task: { id: 'greet', title: hostile, touches: ['src/greet.ts'], instance: 'I5' },
      attempt: 2,
      dependencies: { schema: { ok: true, summary: 'schema ready', filesChanged: ['db/schema.sql'], output: { text: 'added users.greeting' } } },
    });
    const result = await adapter.run(request);

    expect(result.ok).toBe(true);
    const [record] = ws.records();
    expect(record?.problem).toBeUndefined();
    expect(record?.argv).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--append-system-prompt',
      ROLE_PROMPTS['backend-engineer'],
      '--model',
      'sonnet',
      '--max-turns',
      '30',
      '--allowedTools',
      ...CLAUDE_TOOLS.edit,
      '--permission-mode',
      'acceptEdits',
      '--add-dir',
      '../shared',
    ]);
    expect(record?.argv).toEqual(claudeArgv(request, { executable: FAKE_CLAUDE, model: 'sonnet', maxTurns: 30, extraArgs: ['--add-dir', '../shared'] }).slice(1));
    expect(record?.cwd).toBe(ws.cwd);
    expect(record?.env).toEqual({ WAVEFRONT_TASK_ID: 'greet', WAVEFRONT_INSTANCE: 'I5', WAVEFRONT_ROLE: 'backend-engineer', WAVEFRONT_ATTEMPT: '2' });
    // The task text reaches the agent verbatim, as data on stdin.
    expect(record?.stdin).toContain(hostile);
    expect(record?.stdin).toContain('Task id: greet');
    expect(record?.stdin).toContain('Files this task may change: src/greet.ts');
    expect(record?.stdin).toContain('- schema (succeeded): schema ready');
    expect(record?.stdin).toContain('files changed: db/schema.sql');
    expect(record?.stdin).toContain('output: added users.greeting');
    expect(existsSync(join(ws.cwd, 'pwned'))).toBe(false);
    expect(existsSync(join(ws.cwd, 'pwned2'))).toBe(false);
  });

  it('streams tool uses as progress and reports changed files, usage and cost', async () => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE, env: ws.env({ FAKE_AGENT_SCENARIO: 'tool-use' }) });
    const request = createTestRequest({ cwd: ws.cwd });
    const result = await adapter.run(request);

    expect(result).toMatchObject({
      ok: true,
      summary: 'Added src/greet.ts and a test in test/greet.test.ts; the tests pass.',
      // The failed Edit of src/missing.ts is not a change; relative and absolute paths both resolve.
      filesChanged: ['src/greet.ts', 'test/greet.test.ts'],
      usage: { inputTokens: 35 + 2480 + 11150, outputTokens: 347, costUsd: 0.0421 },
    });
    const output = result.output as ClaudeCodeOutput;
    expect(output).toMatchObject({
      subtype: 'success',
      sessionId: '9a8b7c6d-2222-4e5f-8a9b-1c2d3e4f5a6b',
      model: 'claude-sonnet-4-5-20250929',
      numTurns: 6,
      toolUses: { Read: 1, Write: 1, Edit: 2, Bash: 1 },
      exitCode: 0,
    });
    expect(request.progress.map((p) => p.message)).toEqual([
      'Claude Code started (claude-sonnet-4-5-20250929)',
      "I'll add the greeting module and its test.",
      'Read package.json',
      'Write src/greet.ts',
      'Edit src/missing.ts',
      'tool failed: <tool_use_error>File does not exist.</tool_use_error>',
      'Edit test/greet.test.ts',
      'Bash: npm test -- greet',
      'Added src/greet.ts and a test in test/greet.test.ts; the tests pass.',
    ]);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('gives each role its tools and permission mode, overridable per role or instance', async () => {
    const base = { executable: FAKE_CLAUDE };
    const reviewer = createTestRequest({ task: { instance: 'I12' }, role: role('I12') });
    const writer = createTestRequest({ task: { instance: 'I11' }, role: role('I11') });
    const analyst = createTestRequest({ task: { instance: 'I2' }, role: role('I2') });
    const after = (argv: string[], flag: string): string[] => argv.slice(argv.indexOf(flag) + 1, argv.indexOf('--permission-mode'));

    const reviewerArgv = claudeArgv(reviewer, base);
    expect(after(reviewerArgv, '--allowedTools')).toEqual([...CLAUDE_TOOLS.read]);
    expect(reviewerArgv.slice(-2)).toEqual(['--permission-mode', 'default']);
    expect(after(reviewerArgv, '--allowedTools')).not.toContain('Edit');
    expect(after(reviewerArgv, '--allowedTools')).not.toContain('Bash');

    const writerArgv = claudeArgv(writer, base);
    expect(after(writerArgv, '--allowedTools')).toContain('Edit(**/*.md)');
    expect(after(writerArgv, '--allowedTools')).not.toContain('Edit');
    expect(writerArgv.slice(-2)).toEqual(['--permission-mode', 'acceptEdits']);

    expect(after(claudeArgv(analyst, base), '--allowedTools')).toEqual([...CLAUDE_TOOLS.inspect]);

    const custom = { ...base, allowedTools: { 'code-reviewer': ['Read', 'Grep'] }, permissionMode: { I12: 'plan' }, rolePrompts: { 'code-reviewer': 'Review like a hawk.' } };
    const customArgv = claudeArgv(reviewer, custom);
    expect(after(customArgv, '--allowedTools')).toEqual(['Read', 'Grep']);
    expect(customArgv.slice(-2)).toEqual(['--permission-mode', 'plan']);
    expect(customArgv[customArgv.indexOf('--append-system-prompt') + 1]).toBe('Review like a hawk.');
    // Roles not listed keep their defaults.
    expect(after(claudeArgv(writer, custom), '--allowedTools')).toEqual([...CLAUDE_TOOLS.docs]);

    const everyone = claudeArgv(writer, { ...base, allowedTools: ['Read'], permissionMode: 'bypassPermissions' });
    expect(everyone.slice(-4)).toEqual(['--allowedTools', 'Read', '--permission-mode', 'bypassPermissions']);
  });

  it('fails with the result subtype and the denied tools, still reporting usage', async () => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE, env: ws.env({ FAKE_AGENT_SCENARIO: 'error' }) });
    const result = await adapter.run(createTestRequest({ cwd: ws.cwd }));
    expect(result).toMatchObject({
      ok: false,
      summary: 'Claude Code failed (error_max_turns); permission denied: Write',
      usage: { inputTokens: 9 + 900 + 1800, outputTokens: 95, costUsd: 0.0123 },
      output: { subtype: 'error_max_turns', permissionDenials: ['Write'], exitCode: 1 },
    });
    expect(result.filesChanged).toBeUndefined();
  });

  it('fails with the last stderr line when claude exits without a result', async () => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE, env: ws.env({ FAKE_AGENT_SCENARIO: 'crash' }) });
    const result = await adapter.run(createTestRequest({ cwd: ws.cwd }));
    expect(result).toMatchObject({ ok: false, summary: 'fatal: not logged in; run the login command first', output: { exitCode: 2, subtype: null } });
  });

  it('resolves ok: false when the executable does not exist', async () => {
    const adapter = createClaudeCodeAdapter({ executable: join(ws.cwd, 'no-such-claude') });
    const result = await adapter.run(createTestRequest({ cwd: ws.cwd }));
    expect(result).toMatchObject({ ok: false, summary: `command not found: ${join(ws.cwd, 'no-such-claude')}` });
  });

  it.each([
    ['exits on SIGTERM', {}],
    ['ignores SIGTERM', { FAKE_AGENT_IGNORE_TERM: '1' }],
  ])('kills the whole process group on abort when the agent %s', async (_, extra) => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE, killGraceMs: 100, env: ws.env({ FAKE_AGENT_SCENARIO: 'hang', ...extra }) });
    const reason = new WavefrontError('TASK_TIMEOUT', 'task "T1" timed out');
    const request = createTestRequest({ cwd: ws.cwd, report: (p) => p.message?.startsWith('Bash') === true && request.controller.abort(reason) });
    await expect(adapter.run(request)).rejects.toBe(reason);
    const [record] = ws.records();
    expect(record?.grandchildPid).toBeGreaterThan(0);
    expect(isRunning(record?.pid ?? 0)).toBe(false);
    expect(isRunning(record?.grandchildPid ?? 0)).toBe(false);
  });

  it('dispose ends running tasks', async () => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE, killGraceMs: 100, env: ws.env({ FAKE_AGENT_SCENARIO: 'hang' }) });
    const request = createTestRequest({ cwd: ws.cwd, report: () => void adapter.dispose?.() });
    await expect(adapter.run(request)).rejects.toMatchObject({ code: 'ABORTED', message: 'the claude-code adapter was disposed' });
  });

  it('is an AdapterFactory usable without options', () => {
    const factory: AdapterFactory<ClaudeCodeAdapterOptions | undefined> = createClaudeCodeAdapter;
    expect(factory(undefined).name).toBe('claude-code');
    expect(createClaudeCodeAdapter().name).toBe('claude-code');
  });

  it('rejects bad options with INVALID_CONFIG naming the field', () => {
    expect(() => createClaudeCodeAdapter({ executable: '' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field: 'claude-code.executable' } }));
    expect(() => createClaudeCodeAdapter({ allowedTools: { 'code-reviewer': 'Read' as never } })).toThrow(/allowedTools\.code-reviewer/);
    expect(() => createClaudeCodeAdapter({ maxTurns: 0 })).toThrow(/maxTurns/);
    expect(() => createClaudeCodeAdapter({ env: { 'A=B': 'x' } })).toThrow(/env/);
    expect(() => createClaudeCodeAdapter({ rolePrompts: { I4: 5 as never } })).toThrow(/rolePrompts\.I4/);
    expect(() => createClaudeCodeAdapter('claude' as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('rejects a malformed request with INVALID_ARGUMENT', async () => {
    const adapter = createClaudeCodeAdapter({ executable: FAKE_CLAUDE });
    await expect(adapter.run({ ...createTestRequest(), cwd: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'cwd' } });
  });
});
