/**
 * commitRun: the final commit wave.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitRun, createSnapshot } from '../src/git/index.js';
import { isWavefrontError } from '../src/model/errors.js';
import { type TestRepo, cleanupAll, installMarkerHooks, isolateGitHome, makeRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function repoWithCommit(identity = true): TestRepo {
  const repo = makeRepo({ identity });
  repo.write('.gitignore', '.env\n');
  repo.write('keep.txt', 'keep\n');
  repo.write('gone.txt', 'to be deleted\n');
  repo.git('add', '-A');
  repo.git('-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', 'commit', '-q', '-m', 'init');
  return repo;
}

describe('commitRun', () => {
  it('commits every change (tracked, deleted, untracked) on the current branch, skipping hooks and ignored files', async () => {
    const repo = repoWithCommit();
    const marker = join(tempDir(), 'hook-ran');
    installMarkerHooks(join(repo.dir, '.git', 'hooks'), marker);
    const parent = repo.git('rev-parse', 'HEAD').trim();
    repo.write('keep.txt', 'changed\n');
    rmSync(join(repo.dir, 'gone.txt'));
    repo.write('src/new file ü.ts', 'new\n');
    repo.write('.env', 'SECRET=1\n');

    const result = await commitRun(repo.dir, 'feat: wavefront run\n\n# this line is kept\nbody');

    expect(result.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(result.filesChanged).toEqual(['gone.txt', 'keep.txt', 'src/new file ü.ts']);
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(parent);
    expect(repo.git('symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(repo.git('log', '-1', '--format=%B').trimEnd()).toBe('feat: wavefront run\n\n# this line is kept\nbody');
    expect(repo.git('log', '-1', '--format=%an <%ae>').trim()).toBe('Test User <test@example.com>');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('ls-files', '.env')).toBe('');
    expect(existsSync(marker)).toBe(false);
  });

  it('returns a null commit when nothing changed', async () => {
    const repo = repoWithCommit();
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.write('.env', 'ignored change only\n');
    expect(await commitRun(repo.dir, 'nothing')).toEqual({ commit: null, filesChanged: [] });
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
  });

  it('with snapshotRef commits only the run changes and leaves the user staged work staged', async () => {
    const repo = repoWithCommit();
    repo.write('user.txt', 'user staged before the run\n');
    repo.git('add', 'user.txt');
    repo.write('keep.txt', 'user unstaged before the run\n');
    const snapshot = await createSnapshot(repo.dir, 'run-commit');
    repo.write('run.txt', 'run created\n');
    rmSync(join(repo.dir, 'gone.txt'));

    const result = await commitRun(repo.dir, 'run only', { snapshotRef: snapshot.ref });

    expect(result.filesChanged).toEqual(['gone.txt', 'run.txt']);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['gone.txt', 'run.txt']);
    expect(repo.git('status', '--porcelain')).toBe(' M keep.txt\nA  user.txt\n');
    expect(await commitRun(repo.dir, 'again', { snapshotRef: snapshot.ref })).toEqual({ commit: null, filesChanged: [] });
  });

  it('uses the wavefront identity when no user.name/user.email is configured, and works on an unborn branch', async () => {
    const repo = makeRepo({ identity: false });
    repo.write('first.txt', 'first\n');
    const result = await commitRun(repo.dir, 'initial');
    expect(result.filesChanged).toEqual(['first.txt']);
    expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>').trim()).toBe(
      'wavefront <wavefront@localhost>|wavefront <wavefront@localhost>',
    );
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('refuses a detached HEAD and invalid messages', async () => {
    const repo = repoWithCommit();
    repo.write('keep.txt', 'changed\n');
    const bad: unknown[] = ['', '   \n', 'a\0b', 'x'.repeat(70_000), 42, undefined];
    for (const message of bad) {
      const error = await commitRun(repo.dir, message as string).catch((e: unknown) => e);
      expect(isWavefrontError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
    const badRef = await commitRun(repo.dir, 'ok', { snapshotRef: 'HEAD~1' }).catch((e: unknown) => e);
    expect(isWavefrontError(badRef, 'INVALID_ARGUMENT')).toBe(true);
    repo.git('checkout', '-q', '--detach');
    const detached = await commitRun(repo.dir, 'ok').catch((e: unknown) => e);
    expect(isWavefrontError(detached, 'GIT_STATE_UNSAFE')).toBe(true);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });
});
