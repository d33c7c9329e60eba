/**
 * fastForwardBranch(): the user's branch only ever moves by a fast-forward, and only from a clean,
 * safe checkout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreatedWorktree,
  commitWorktree,
  createIntegrationWorktree,
  createRunWorktree,
  fastForwardBranch,
  integrate,
} from '../src/git/index.js';
import { type TestRepo, cleanupAll, isolateGitHome, makeRepo, openRepo } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

/** A repository whose run has integrated one agent branch adding `feature.txt`. */
async function integrated(runId: string): Promise<{ repo: TestRepo; base: string; head: string; integration: CreatedWorktree }> {
  const repo = makeRepo();
  repo.write('.gitignore', '*.log\n');
  repo.write('app.txt', 'v1\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'init');
  const base = repo.git('rev-parse', 'HEAD').trim();
  const agent = await createRunWorktree(repo.dir, { runId, instance: 'I1', base });
  openRepo(agent.path).write('feature.txt', 'feature\n');
  openRepo(agent.path).write('app.txt', 'v2\n');
  await commitWorktree(agent.path, 'feature');
  const integration = await createIntegrationWorktree(repo.dir, { runId, base });
  const result = await integrate(repo.dir, { integrationPath: integration.path, branches: [agent.branch] });
  return { repo, base, head: result.head, integration };
}

async function expectUnsafe(promise: Promise<unknown>, state: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'WavefrontError', code: 'GIT_STATE_UNSAFE', details: { state } });
}

describe('fastForwardBranch', () => {
  it('fast-forwards the checked-out branch with merge --ff-only, updating the files, ignored files allowed', async () => {
    const { repo, base, head } = await integrated('ff1');
    repo.write('debug.log', 'ignored, kept\n');
    const result = await fastForwardBranch(repo.dir, { branch: 'main', to: head });
    expect(result).toEqual({ branch: 'refs/heads/main', from: base, to: head, updated: true, mode: 'checkout' });
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.git('symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(readFileSync(join(repo.dir, 'feature.txt'), 'utf8')).toBe('feature\n');
    expect(readFileSync(join(repo.dir, 'app.txt'), 'utf8')).toBe('v2\n');
    expect(readFileSync(join(repo.dir, 'debug.log'), 'utf8')).toBe('ignored, kept\n');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(await fastForwardBranch(repo.dir, { branch: 'refs/heads/main', to: head })).toEqual({
      branch: 'refs/heads/main',
      from: head,
      to: head,
      updated: false,
      mode: 'none',
    });
  });

  it('refuses a dirty checkout (modified, staged or untracked) and leaves branch and files alone', async () => {
    const { repo, base, head } = await integrated('ff2');
    repo.write('app.txt', 'user edit\n');
    await expectUnsafe(fastForwardBranch(repo.dir, { branch: 'main', to: head }), 'dirty');
    repo.git('checkout', '-q', '--', 'app.txt');
    repo.write('scratch.txt', 'untracked\n');
    await expectUnsafe(fastForwardBranch(repo.dir, { branch: 'main', to: head }), 'dirty');
    repo.git('add', 'scratch.txt');
    await expectUnsafe(fastForwardBranch(repo.dir, { branch: 'main', to: head }), 'dirty');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(base);
    expect(readFileSync(join(repo.dir, 'app.txt'), 'utf8')).toBe('v1\n');
    expect(repo.git('status', '--porcelain').trim()).toBe('A  scratch.txt');
  });

  it('refuses anything but a fast-forward, a branch checked out elsewhere, and a repository mid-operation', async () => {
    const { repo, base, head, integration } = await integrated('ff3');
    repo.write('app.txt', 'diverged\n');
    repo.git('commit', '-q', '-am', 'user kept working');
    const diverged = repo.git('rev-parse', 'HEAD').trim();
    await expectUnsafe(fastForwardBranch(repo.dir, { branch: 'main', to: head }), 'not-fast-forward');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(diverged);

    const child = repo.git('commit-tree', `${head}^{tree}`, '-p', head, '-m', 'child').trim();
    await expectUnsafe(fastForwardBranch(repo.dir, { branch: integration.branch, to: child }), 'checked-out-elsewhere');
    expect(repo.git('rev-parse', integration.branch).trim()).toBe(head);
    const next = repo.git('commit-tree', `${diverged}^{tree}`, '-p', diverged, '-m', 'next').trim();
    await expectUnsafe(fastForwardBranch(integration.path, { branch: 'main', to: next }), 'checked-out-elsewhere');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(diverged);

    repo.git('reset', '-q', '--hard', base);
    writeFileSync(join(repo.dir, '.git', 'MERGE_HEAD'), `${head}\n`);
    await expectUnsafe(fastForwardBranch(repo.dir, { branch: 'main', to: head }), 'merge');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(base);
  });

  it('moves a branch that is not checked out anywhere by a compare-and-swap ref update', async () => {
    const { repo, base, head } = await integrated('ff4');
    repo.git('branch', 'feature-target', base);
    const result = await fastForwardBranch(repo.dir, { branch: 'feature-target', to: head });
    expect(result).toEqual({ branch: 'refs/heads/feature-target', from: base, to: head, updated: true, mode: 'ref' });
    expect(repo.git('rev-parse', 'feature-target').trim()).toBe(head);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(base); // the checkout did not move
  });

  it('validates branch and target before touching git state', async () => {
    const { repo, base, head } = await integrated('ff5');
    const bad: [unknown, string][] = [
      [{ branch: 'main', to: 'HEAD' }, 'INVALID_ARGUMENT'],
      [{ branch: 'main', to: '--upload-pack=x' }, 'INVALID_ARGUMENT'],
      [{ branch: 'main', to: 'e'.repeat(40) }, 'INVALID_ARGUMENT'],
      [{ branch: '-f', to: head }, 'INVALID_ARGUMENT'],
      [{ branch: 'a..b', to: head }, 'INVALID_ARGUMENT'],
      [{ branch: 'no-such-branch', to: head }, 'INVALID_ARGUMENT'],
      [{ branch: '', to: head }, 'INVALID_ARGUMENT'],
      [{ branch: 42, to: head }, 'INVALID_ARGUMENT'],
      [null, 'INVALID_ARGUMENT'],
    ];
    for (const [options, code] of bad) {
      await expect(fastForwardBranch(repo.dir, options as never)).rejects.toMatchObject({ name: 'WavefrontError', code });
    }
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(base);
  });
});
