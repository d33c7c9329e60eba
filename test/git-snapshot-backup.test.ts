/**
 * T8: the wave-0 backup is non-destructive and private.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, listRunRefs, readSnapshot } from '../src/git/index.js';
import { isWavefrontError } from '../src/model/errors.js';
import { type TestRepo, baseRepo, cleanupAll, divergeFromOther, git, installMarkerHooks, isolateGitHome, makeRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A repository with staged, unstaged, untracked, ignored and stashed changes. */
function dirtyRepo(): TestRepo {
  const repo = makeRepo();
  repo.write('.gitignore', '.env\nnode_modules/\n');
  repo.write('a.txt', 'a1\n');
  repo.write('b.txt', 'b1\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'init');
  repo.write('b.txt', 'b-stashed\n');
  repo.git('stash', 'push', '-q', '-m', 'user stash');
  repo.write('a.txt', 'a-staged\n');
  repo.write('staged-new.txt', 'new\n');
  repo.git('add', 'a.txt', 'staged-new.txt');
  repo.write('a.txt', 'a-unstaged\n');
  repo.write('notes.txt', 'untracked\n');
  repo.write('.env', 'SECRET=1\n');
  repo.write('node_modules/pkg/index.js', 'ignored\n');
  return repo;
}

function observe(repo: TestRepo): Record<string, string> {
  return {
    status: repo.git('status', '--porcelain=v2', '--branch', '--untracked-files=all'),
    stash: repo.git('stash', 'list'),
    log: repo.git('log', '--exclude=refs/wavefront/*', '--all', '--oneline'),
    index: repo.git('ls-files', '-s'),
    head: repo.git('rev-parse', 'HEAD'),
    branch: repo.git('symbolic-ref', 'HEAD'),
    reflog: repo.git('reflog', 'show', '--format=%H %gs', 'HEAD'),
    refs: repo
      .git('for-each-ref', '--format=%(refname) %(objectname)')
      .split('\n')
      .filter((line) => !line.startsWith('refs/wavefront/'))
      .join('\n'),
  };
}

describe('createSnapshot on a dirty repository', () => {
  it('changes neither the index file, the status, the stash, the log, HEAD nor the branch', async () => {
    const repo = dirtyRepo();
    const before = observe(repo);
    const indexBefore = fileHash(join(repo.dir, '.git', 'index'));

    const snapshot = await createSnapshot(repo.dir, 'run-1');

    expect(fileHash(join(repo.dir, '.git', 'index'))).toBe(indexBefore);
    expect(observe(repo)).toEqual(before);
    expect(snapshot.ref).toBe('refs/wavefront/runs/run-1/wave-0');
    expect(repo.git('rev-parse', snapshot.ref).trim()).toBe(snapshot.commit);
    expect(repo.git('rev-parse', `${snapshot.commit}^{tree}`).trim()).toBe(snapshot.tree);
  });

  it('captures the working tree (untracked included, ignored excluded) and the staged state separately', async () => {
    const repo = dirtyRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const snapshot = await createSnapshot(repo.dir, 'run-2');

    const files = repo.git('ls-tree', '-r', '--name-only', snapshot.commit).trim().split('\n');
    expect(files.sort()).toEqual(['.gitignore', 'a.txt', 'b.txt', 'notes.txt', 'staged-new.txt']);
    expect(repo.git('show', `${snapshot.commit}:a.txt`)).toBe('a-unstaged\n');
    expect(repo.git('show', `${snapshot.indexTree}:a.txt`)).toBe('a-staged\n');
    expect(repo.git('ls-tree', '-r', '--name-only', snapshot.indexTree).trim().split('\n').sort()).toEqual([
      '.gitignore',
      'a.txt',
      'b.txt',
      'staged-new.txt',
    ]);
    expect(snapshot.head).toBe(head);
    expect(snapshot.branchRef).toBe('refs/heads/main');
    expect(repo.git('rev-parse', `${snapshot.commit}^1`).trim()).toBe(head);
    expect(repo.git('log', '-1', '--format=%an <%ae>', snapshot.commit).trim()).toBe('wavefront <wavefront@localhost>');

    const read = await readSnapshot(repo.dir, snapshot.ref);
    expect(read).toEqual(snapshot);
  });

  it('is never pushed or cloned and survives git gc --prune=now', async () => {
    const repo = dirtyRepo();
    const snapshot = await createSnapshot(repo.dir, 'run-3');
    const remote = tempDir();
    git(remote, 'init', '-q', '--bare');
    repo.git('remote', 'add', 'origin', remote);
    repo.git('push', '-q', 'origin', 'main');
    repo.git('push', '-q', 'origin', '--all');
    repo.git('push', '-q', 'origin', '--tags');
    expect(git(remote, 'for-each-ref', '--format=%(refname)').trim()).toBe('refs/heads/main');
    const clone = join(tempDir(), 'clone');
    git(repo.dir, 'clone', '-q', repo.dir, clone);
    expect(git(clone, 'for-each-ref', '--format=%(refname)', 'refs/wavefront/')).toBe('');

    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');
    expect(repo.git('cat-file', '-t', snapshot.commit).trim()).toBe('commit');
    expect(repo.git('cat-file', '-t', snapshot.indexTree).trim()).toBe('tree');
    expect(repo.git('show', `${snapshot.commit}:notes.txt`)).toBe('untracked\n');
  });

  it('works in an empty repository without commits and without any user identity', async () => {
    const repo = makeRepo({ identity: false });
    repo.write('first.txt', 'hello\n');
    repo.write('staged.txt', 'staged\n');
    repo.git('add', 'staged.txt');
    const snapshot = await createSnapshot(repo.dir, 'empty-run', { label: 'backup' });
    expect(snapshot.head).toBeNull();
    expect(snapshot.ref).toBe('refs/wavefront/runs/empty-run/backup');
    expect(repo.git('ls-tree', '-r', '--name-only', snapshot.commit).trim().split('\n')).toEqual(['first.txt', 'staged.txt']);
    expect(repo.git('ls-tree', '-r', '--name-only', snapshot.indexTree).trim()).toBe('staged.txt');
    expect(repo.gitStatus('rev-parse', '-q', '--verify', 'HEAD').code).not.toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('A  staged.txt\n?? first.txt\n');
    expect(await listRunRefs(repo.dir)).toEqual([snapshot.ref]);
  });

  it('never overwrites an existing snapshot and runs no hooks', async () => {
    const repo = dirtyRepo();
    const marker = join(tempDir(), 'hook-ran');
    installMarkerHooks(join(repo.dir, '.git', 'hooks'), marker);
    const first = await createSnapshot(repo.dir, 'run-4');
    repo.write('a.txt', 'changed after the first snapshot\n');
    const error = await createSnapshot(repo.dir, 'run-4').catch((e: unknown) => e);
    expect(isWavefrontError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(repo.git('rev-parse', first.ref).trim()).toBe(first.commit);
    const second = await createSnapshot(repo.dir, 'run-4', { label: 'wave-1' });
    expect(repo.git('show', `${second.commit}:a.txt`)).toBe('changed after the first snapshot\n');
    expect(await listRunRefs(repo.dir, 'run-4')).toEqual([first.ref, second.ref]);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses to snapshot during a merge with conflicts', async () => {
    const repo = baseRepo();
    repo.git('branch', 'other');
    divergeFromOther(repo);
    expect(repo.gitStatus('merge', 'other').code).not.toBe(0);
    const error = await createSnapshot(repo.dir, 'run-5').catch((e: unknown) => e);
    expect(isWavefrontError(error, 'GIT_STATE_UNSAFE')).toBe(true);
    expect(await listRunRefs(repo.dir)).toEqual([]);
  });
});
