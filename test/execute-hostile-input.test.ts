/**
 * T5 hostile task text and ids through the real Orchestrator: shell metacharacters, option-like
 * text and newlines in titles, descriptions, request text and argv are data, never commands; unsafe
 * ids are refused before anything touches git.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShellAdapter } from '../src/adapters/shell.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { isWavefrontError } from '../src/model/errors.js';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';
import { createScriptedAdapter } from '../src/testing/scripted-adapter.js';
import { cleanupAll, isolateGitHome, tempDir } from './git-fixtures.js';
import { makeRunRepo, recordEvents } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

/** Texts that would create files in `dir` if any of them reached a shell or a git option parser. */
function hostileTexts(dir: string): string[] {
  return [
    `$(touch ${join(dir, 'dollar')})`,
    `\`touch ${join(dir, 'backtick')}\``,
    `x; touch ${join(dir, 'semicolon')}; rm -rf ~`,
    `--upload-pack=touch ${join(dir, 'upload-pack')}`,
    `-c core.sshCommand=touch ${join(dir, 'ssh')}`,
    `line one\n$(touch ${join(dir, 'newline')})\n# not a comment\nSigned-off-by: nobody`,
    `| touch ${join(dir, 'pipe')} && touch ${join(dir, 'and')} > ${join(dir, 'redirect')}`,
  ];
}

async function expectRejected(promise: Promise<unknown>, codes: readonly string[]): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isWavefrontError(error), String(error)).toBe(true);
  expect(codes).toContain((error as { code: string }).code);
}

describe('T5: hostile text is data', () => {
  it('scripted adapter: titles, descriptions and request text with shell syntax create no files, and the commit message keeps the text literally', async () => {
    const repo = makeRunRepo();
    const markers = tempDir('wf-markers-');
    const texts = hostileTexts(markers);
    const request = texts.join(' ');
    const p = await plan({
      text: `${texts[0]} and more`,
      tasks: texts.map((text, i) => ({ id: `t${i}`, title: text.split('\n')[0] as string, description: `${text}\n${request}`, estimateMinutes: 1 })),
    });
    const adapter = createScriptedAdapter((req) => ({ writeFiles: { [`out/${req.task.id}.txt`]: req.prompt } }));
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, requireApproval: false, replan: false });
    const events = recordEvents(orchestrator);
    const result = await orchestrator.run(p);

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect(readdirSync(markers)).toEqual([]);
    expect(existsSync(join(repo.dir, 'x'))).toBe(false);
    // The prompt carries the text verbatim (it is data for the agent).
    expect(repo.read('out/t0.txt').toString()).toContain(texts[0]);
    // The commit message's subject is the request's first line, byte for byte.
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe(`wavefront: ${texts[0]} and more`);
    expect(events.some((e) => e.type === 'run:end')).toBe(true);
  });

  it('a multi-line request: only its first line becomes the subject, and trailers in it stay in the body untouched', async () => {
    const repo = makeRunRepo();
    const markers = tempDir('wf-markers-');
    const text = `Fix login\n\n$(touch ${join(markers, 'm')})\nSigned-off-by: mallory`;
    const p = await plan({ text, tasks: [{ id: 'a', title: 'Fix login redirect' }] });
    const adapter = createScriptedAdapter({ a: { writeFiles: { 'login.ts': 'fixed\n' } } });
    const result = await new Orchestrator({ cwd: repo.dir, adapter }).run(p);
    expect(result.status).toBe('succeeded');
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('wavefront: Fix login');
    expect(repo.git('log', '-1', '--format=%B')).not.toContain('mallory');
    expect(readdirSync(markers)).toEqual([]);
  });

  it('shell adapter: hostile argv elements and titles are passed literally, never through a shell', async () => {
    const repo = makeRunRepo();
    const markers = tempDir('wf-markers-');
    const texts = hostileTexts(markers);
    const writer = 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))';
    const p = await plan({
      tasks: texts.map((text, i) => ({
        id: `s${i}`,
        title: text.split('\n')[0] as string,
        command: [process.execPath, '-e', writer, `argv-${i}.json`, text],
        estimateMinutes: 1,
      })),
    });
    const result = await new Orchestrator({ cwd: repo.dir, adapter: createShellAdapter({ killGraceMs: 100 }), requireApproval: false, replan: false, retries: 0 }).run(p);

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect(readdirSync(markers)).toEqual([]);
    texts.forEach((text, i) => {
      expect(JSON.parse(repo.read(`argv-${i}.json`).toString())).toEqual([text]);
    });
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(texts.map((_, i) => `argv-${i}.json`).sort());
  });
});

describe('T5: unsafe ids are refused before anything touches git', () => {
  const refs = (repo: { git(...args: string[]): string }) => repo.git('for-each-ref', '--format=%(refname)').trim().split('\n').sort();

  for (const id of ['..', '/abs', 'a/../../b', '../etc/x', '-c', '.hidden', 'a b', 'a\0b', '']) {
    it(`plan() rejects the id ${JSON.stringify(id)}`, async () => {
      await expectRejected(plan({ tasks: [{ id, title: 'Do something' }] }), ['INVALID_TASK']);
    });
  }

  it('a hand-edited plan with an unsafe id is rejected by run() with INVALID_PLAN, and the repository is unchanged', async () => {
    const repo = makeRunRepo();
    const before = { refs: refs(repo), status: repo.git('status', '--porcelain'), head: repo.git('rev-parse', 'HEAD') };
    const good = await plan({ tasks: [{ id: 'a', title: 'Create users API endpoint' }] });
    const adapter = createScriptedAdapter({});
    for (const bad of ['..', '/abs', 'a/../../b']) {
      const tampered = JSON.parse(JSON.stringify(good).replaceAll('"a"', JSON.stringify(bad))) as Plan;
      expect(tampered.tasks.some((t) => t.id === bad)).toBe(true);
      await expectRejected(new Orchestrator({ cwd: repo.dir, adapter }).run(tampered), ['INVALID_PLAN']);
    }
    expect(adapter.calls).toEqual([]);
    expect({ refs: refs(repo), status: repo.git('status', '--porcelain'), head: repo.git('rev-parse', 'HEAD') }).toEqual(before);
    expect(existsSync(join(repo.dir, '.wavefront'))).toBe(false);
  });

  it('an unsafe runId is refused with INVALID_CONFIG and creates no ref', async () => {
    const repo = makeRunRepo();
    const before = refs(repo);
    const p = await plan({ tasks: [{ id: 'a', title: 'Create users API endpoint' }] });
    for (const runId of ['../x', 'a/b', '-x', 'a..b', 'x.lock', 'x.']) {
      await expectRejected(new Orchestrator({ cwd: repo.dir, adapter: createScriptedAdapter({}), runId }).run(p), ['INVALID_CONFIG']);
    }
    expect(refs(repo)).toEqual(before);
  });
});
