/**
 * preflight: which repositories wavefront starts in, and the clear refusals for the others.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preflight } from '../src/git/index.js';
import { WavefrontError } from '../src/model/errors.js';
import { type TestRepo, baseRepo, cleanupAll, divergeFromOther, git, isolateGitHome, makeRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

async function refusal(cwd: unknown): Promise<WavefrontError> {
  const error = await preflight(cwd as string).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WavefrontError);
  return error as WavefrontError;
}


/** main and other both change f.txt, so merging / rebasing / cherry-picking conflicts. */
function divergedRepo(): TestRepo {
  const repo = baseRepo();
  repo.git('branch', 'other');
  divergeFromOther(repo);
  return repo;
}

describe('preflight accepts', () => {
  it('a repository on a branch, from any subdirectory, dirty or not', async () => {
    const repo = baseRepo();
    mkdirSync(join(repo.dir, 'sub', 'deeper'), { recursive: true });
    repo.write('untracked.txt', 'dirty\n');
    const result = await preflight(join(repo.dir, 'sub', 'deeper'));
    expect(result).toEqual({ root: realpathSync(repo.dir), branch: 'main', head: repo.git('rev-parse', 'HEAD').trim() });
  });

  it('an unborn branch (no commits yet) with head null', async () => {
    const repo = makeRepo();
    expect(await preflight(repo.dir)).toEqual({ root: realpathSync(repo.dir), branch: 'main', head: null });
  });
});

describe('preflight refuses', () => {
  it('a directory that is not a git work tree, a missing path, .git itself, a bare repository', async () => {
    const plain = tempDir();
    for (const cwd of [plain, join(plain, 'missing'), join(makeRepo().dir, '.git')]) {
      const error = await refusal(cwd);
      expect(error.code).toBe('NOT_A_GIT_REPOSITORY');
    }
    const bare = tempDir();
    git(bare, 'init', '-q', '--bare');
    expect((await refusal(bare)).code).toBe('NOT_A_GIT_REPOSITORY');
    const file = join(plain, 'file.txt');
    writeFileSync(file, 'x');
    expect((await refusal(file)).code).toBe('NOT_A_GIT_REPOSITORY');
  });

  it('a non-string or empty cwd with INVALID_ARGUMENT', async () => {
    expect((await refusal(42)).code).toBe('INVALID_ARGUMENT');
    expect((await refusal('')).code).toBe('INVALID_ARGUMENT');
  });

  it.each(['merge', 'rebase'])('a %s in progress with a conflict', async (operation) => {
    const repo = divergedRepo();
    expect(repo.gitStatus(operation, 'other').code).not.toBe(0);
    const error = await refusal(repo.dir);
    expect(error.code).toBe('GIT_STATE_UNSAFE');
    expect(error.details['state']).toBe(operation);
    expect(error.message).toContain(`${operation} is in progress`);
  });

  it('unresolved conflicts even when the merge state files are gone', async () => {
    const repo = divergedRepo();
    expect(repo.gitStatus('merge', 'other').code).not.toBe(0);
    repo.git('merge', '--quit');
    const error = await refusal(repo.dir);
    expect(error.code).toBe('GIT_STATE_UNSAFE');
    expect(error.details['state']).toBe('unmerged-paths');
  });

  it('a detached HEAD', async () => {
    const repo = baseRepo();
    repo.git('checkout', '-q', '--detach');
    const error = await refusal(repo.dir);
    expect(error.code).toBe('GIT_STATE_UNSAFE');
    expect(error.details['state']).toBe('detached-head');
    expect(error.message).toMatch(/detached/);
  });

  it('a cherry-pick, a revert and a bisect in progress', async () => {
    const picking = divergedRepo();
    expect(picking.gitStatus('cherry-pick', 'other').code).not.toBe(0);
    expect((await refusal(picking.dir)).details['state']).toBe('cherry-pick');

    const reverting = divergedRepo();
    reverting.write('f.txt', 'later\n');
    reverting.git('commit', '-q', '-am', 'later');
    expect(reverting.gitStatus('revert', '--no-edit', 'HEAD~1').code).not.toBe(0);
    expect((await refusal(reverting.dir)).details['state']).toBe('revert');

    const bisecting = divergedRepo();
    bisecting.git('bisect', 'start');
    expect((await refusal(bisecting.dir)).details['state']).toBe('bisect');
  });

  it('a repository whose index.lock exists', async () => {
    const repo = baseRepo();
    writeFileSync(join(repo.dir, '.git', 'index.lock'), '');
    const error = await refusal(repo.dir);
    expect(error.code).toBe('GIT_STATE_UNSAFE');
    expect(error.details['state']).toBe('index-locked');
  });
});
