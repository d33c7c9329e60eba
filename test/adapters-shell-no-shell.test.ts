import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShellAdapter, type ShellOutput } from '../src/adapters/shell.js';
import { createTestRequest } from '../src/testing/request.js';

const node = process.execPath;
let cwd = '';
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'wavefront-shell-inject-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const HOSTILE = ['$(touch MARKER)', '; touch MARKER', '`touch MARKER`', '&& touch MARKER', '| touch MARKER', '\ntouch MARKER\n'];

describe('shell adapter: no shell interpretation', () => {
  it('never interprets hostile task titles, descriptions or prompts', async () => {
    for (const text of HOSTILE) {
      const request = createTestRequest({
        task: { title: `Deploy ${text}`, description: `Then ${text}`, command: [node, '-e', 'console.log("ok")'] },
        prompt: text,
        cwd,
      });
      const result = await createShellAdapter(undefined).run(request);
      expect(result.ok).toBe(true);
    }
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('passes argv elements verbatim: spaces, quotes, $(), globs, variables, newlines', async () => {
    const args = ['a b  c', '"double"', "'single'", '$(touch MARKER)', '`touch MARKER`', '; touch MARKER', '*', '$HOME', '~', 'multi\nline', '\\back\\slash', ''];
    const request = createTestRequest({ task: { command: [node, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...args] }, cwd });
    const result = await createShellAdapter(undefined).run(request);
    expect(JSON.parse((result.output as ShellOutput).stdout)).toEqual(args);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('treats a command[0] containing shell syntax as a file name', async () => {
    const request = createTestRequest({ task: { command: ['touch MARKER; echo'] }, cwd });
    const result = await createShellAdapter(undefined).run(request);
    expect(result).toMatchObject({ ok: false, summary: 'command not found: touch MARKER; echo' });
    expect(readdirSync(cwd)).toEqual([]);
  });
});
