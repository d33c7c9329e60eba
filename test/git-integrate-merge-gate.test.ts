/**
 * integrate(): sequential --no-ff merges into the integration worktree, stopping at a conflict or a
 * red gate with the integration branch restored; plus hostile input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreatedWorktree,
  commitWorktree,
  createIntegrationWorktree,
  createRunWorktree,
  integrate,
  worktreeStatus,
} from '../src/git/index.js';
import { expectCode } from './error-fixtures.js';
import { type TestRepo, cleanupAll, isolateGitHome, makeRepo, openRepo } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

interface Fixture {
  readonly repo: TestRepo;
  readonly base: string;
  readonly integration: CreatedWorktree;
  /** Creates a worktree for `instance`, writes `files` in it and commits them; returns its branch. */
  agent(instance: string, files: Record<string, string>): Promise<string>;
}

async function fixture(runId: string, options: { identity?: boolean } = {}): Promise<Fixture> {
  const repo = makeRepo(options);
  repo.write('shared.txt', 'line one\nline two\n');
  repo.write('.gitignore', 'build/\n');
  repo.git('add', '-A');
  repo.git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'init');
  const base = repo.git('rev-parse', 'HEAD').trim();
  const integration = await createIntegrationWorktree(repo.dir, { runId, base });
  return {
    repo,
    base,
    integration,
    agent: async (instance, files) => {
      const worktree = await createRunWorktree(repo.dir, { runId, instance, base });
      for (const [path, content] of Object.entries(files)) openRepo(worktree.path).write(path, content);
      await commitWorktree(worktree.path, `${instance} work`);
      return worktree.branch;
    },
  };
}

function headOf(repo: TestRepo, ref: string): string {
  return repo.git('rev-parse', ref).trim();
}

describe('integrate', () => {
  it('stops at a textual conflict with the conflicted path listed, leaves the integration worktree clean, and returns the rest untouched', async () => {
    const f = await fixture('conf');
    const a = await f.agent('I1', { 'shared.txt': 'line one by A\nline two\n', 'a.txt': 'a\n' });
    const b = await f.agent('I2', { 'shared.txt': 'line one by B\nline two\n', 'b.txt': 'b\n' });
    const c = await f.agent('I3', { 'c.txt': 'c\n' });

    const result = await integrate(f.repo.dir, { integrationPath: f.integration.path, branches: [a, b, c] });
    expect(result.results.map((r) => [r.branch, r.status])).toEqual([
      [a, 'merged'],
      [b, 'conflict'],
    ]);
    expect(result.results[1]?.conflicts).toEqual(['shared.txt']);
    expect(result.results[1]?.output).toMatch(/CONFLICT/);
    expect(result.results[1]?.commit).toBeNull();
    expect(result.remaining).toEqual([c]);

    const afterA = result.results[0]?.commit;
    expect(afterA).toMatch(/^[0-9a-f]{40}$/);
    expect(result.head).toBe(afterA);
    expect(headOf(f.repo, f.integration.branch)).toBe(afterA);
    expect(headOf(f.repo, `${afterA}^2`)).toBe(headOf(f.repo, a)); // a real --no-ff merge of the branch
    expect(f.repo.git('log', '-1', '--format=%s', f.integration.branch).trim()).toBe("Merge branch 'wavefront/conf/I1' into wavefront/conf/integration");
    expect(await worktreeStatus(f.integration.path)).toMatchObject({ clean: true, conflicted: [] });
    expect(existsSync(join(f.repo.dir, '.git', 'worktrees', 'integration', 'MERGE_HEAD'))).toBe(false);
    expect(readFileSync(join(f.integration.path, 'shared.txt'), 'utf8')).toBe('line one by A\nline two\n');
    expect(existsSync(join(f.integration.path, 'b.txt'))).toBe(false);
    // the branches themselves are untouched, and integration can resume with the remaining ones
    expect(headOf(f.repo, `${b}~1`)).toBe(f.base);
    const resumed = await integrate(f.repo.dir, { integrationPath: f.integration.path, branches: result.remaining });
    expect(resumed.results.map((r) => r.status)).toEqual(['merged']);
    expect(readFileSync(join(f.integration.path, 'c.txt'), 'utf8')).toBe('c\n');
  });

  it('undoes a merge whose gate is red, reports gate-failed with its output, and discards what the gate left behind', async () => {
    const f = await fixture('gate', { identity: false });
    const x = await f.agent('I1', { 'x.txt': 'x\n' });
    const y = await f.agent('I2', { 'y.txt': 'y\n' });
    const z = await f.agent('I3', { 'z.txt': 'z\n' });
    const seen: string[] = [];
    const gate = (cwd: string) => {
      seen.push(cwd);
      const repo = openRepo(cwd);
      repo.write('x.txt', 'scribbled by the gate\n');
      repo.write('gate-artifact.txt', 'junk\n');
      repo.write('build/out.js', 'ignored build output\n');
      return existsSync(join(cwd, 'y.txt')) ? { ok: false, output: '1 test failed: y is wrong' } : { ok: true, output: 'all green' };
    };

    const result = await integrate(f.repo.dir, { integrationPath: f.integration.path, branches: [x, y, z], gate });
    expect(result.results.map((r) => [r.branch, r.status, r.output])).toEqual([
      [x, 'merged', 'all green'],
      [y, 'gate-failed', '1 test failed: y is wrong'],
    ]);
    expect(result.results[1]?.commit).toBeNull();
    expect(result.remaining).toEqual([z]);
    expect(seen).toEqual([f.integration.path, f.integration.path]);
    const afterX = result.results[0]?.commit as string;
    expect(result.head).toBe(afterX);
    expect(headOf(f.repo, f.integration.branch)).toBe(afterX);
    expect(f.repo.git('show', '-s', '--format=%cn <%ce>', afterX).trim()).toBe('wavefront <wavefront@localhost>');
    expect(await worktreeStatus(f.integration.path)).toMatchObject({ clean: true });
    expect(readFileSync(join(f.integration.path, 'x.txt'), 'utf8')).toBe('x\n');
    expect(existsSync(join(f.integration.path, 'y.txt'))).toBe(false);
    expect(existsSync(join(f.integration.path, 'gate-artifact.txt'))).toBe(false);
    expect(existsSync(join(f.integration.path, 'build', 'out.js'))).toBe(true); // ignored files are left alone
  });

  it('leaves the integration branch exactly at base when the only merge fails its gate or the gate throws', async () => {
    const f = await fixture('red');
    const only = await f.agent('I1', { 'only.txt': 'only\n' });
    const red = await integrate(f.repo.dir, { integrationPath: f.integration.path, branches: [only], gate: async () => ({ ok: false }) });
    expect(red.results).toEqual([{ branch: only, status: 'gate-failed', commit: null }]);
    expect(red.head).toBe(f.base);
    expect(headOf(f.repo, f.integration.branch)).toBe(f.base);

    const thrown = await integrate(f.repo.dir, {
      integrationPath: f.integration.path,
      branches: [only],
      gate: () => {
        throw new Error('test runner crashed');
      },
    });
    expect(thrown.results[0]).toMatchObject({ status: 'gate-failed', commit: null });
    expect(thrown.results[0]?.output).toContain('test runner crashed');
    const malformed = await integrate(f.repo.dir, { integrationPath: f.integration.path, branches: [only], gate: (() => 'yes') as never });
    expect(malformed.results[0]).toMatchObject({ status: 'gate-failed' });
    expect(headOf(f.repo, f.integration.branch)).toBe(f.base);
    expect((await worktreeStatus(f.integration.path)).clean).toBe(true);
  });

  it('reports an already-contained branch as merged with no commit and does not run the gate for it', async () => {
    const f = await fixture('noop');
    const empty = (await createRunWorktree(f.repo.dir, { runId: 'noop', instance: 'I1', base: f.base })).branch;
    let gateRuns = 0;
    const result = await integrate(f.repo.dir, {
      integrationPath: f.integration.path,
      branches: [empty],
      gate: () => {
        gateRuns += 1;
        return { ok: false };
      },
    });
    expect(result).toEqual({ results: [{ branch: empty, status: 'merged', commit: null }], remaining: [], head: f.base });
    expect(gateRuns).toBe(0);
    expect(await integrate(f.repo.dir, { integrationPath: f.integration.path, branches: [] })).toEqual({ results: [], remaining: [], head: f.base });
  });

  it('refuses bad branches, a path that is not the integration worktree, and a dirty integration worktree before merging anything', async () => {
    const f = await fixture('bad');
    const a = await f.agent('I1', { 'a.txt': 'a\n' });
    const agentPath = join(f.repo.dir, '.wavefront', 'worktrees', 'bad', 'I1');
    const path = f.integration.path;
    const cases: [unknown, string][] = [
      [{ integrationPath: path, branches: ['main'] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: ['--upload-pack=touch /tmp/pwned'] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: ['refs/heads/wavefront/bad/../x'] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: [a, a] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: ['wavefront/bad/missing'] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: [f.integration.branch] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: 'wavefront/bad/I1' }, 'INVALID_ARGUMENT'],
      [{ integrationPath: path, branches: [a], gate: 'npm test' }, 'INVALID_ARGUMENT'],
      [{ integrationPath: '', branches: [a] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: f.repo.dir, branches: [a] }, 'INVALID_ARGUMENT'],
      [{ integrationPath: agentPath, branches: [a] }, 'INVALID_ARGUMENT'],
      [null, 'INVALID_ARGUMENT'],
    ];
    for (const [options, code] of cases) await expectCode(integrate(f.repo.dir, options as never), code);
    // short branch names are accepted
    openRepo(path).write('stray.txt', 'left by someone\n');
    await expectCode(integrate(f.repo.dir, { integrationPath: path, branches: ['wavefront/bad/I1'] }), 'GIT_STATE_UNSAFE', 'integration-dirty');
    expect(headOf(f.repo, f.integration.branch)).toBe(f.base);
    expect(readFileSync(join(path, 'stray.txt'), 'utf8')).toBe('left by someone\n');
  });
});
