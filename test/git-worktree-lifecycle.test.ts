/**
 * createRunWorktree / listRunWorktrees / commitWorktree / worktreeStatus / removeRunWorktree /
 * cleanupRunWorktrees / findOrphanWorktrees on real repositories, plus hostile input.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupRunWorktrees,
  commitWorktree,
  createRunWorktree,
  findOrphanWorktrees,
  listRunWorktrees,
  removeRunWorktree,
  worktreeStatus,
} from '../src/git/index.js';
import { parseWorktreeList } from '../src/git/worktree-list.js';
import { parseStatusV2 } from '../src/git/worktree-status.js';
import { acquireRunLock } from '../src/journal/lock.js';
import { expectCode } from './error-fixtures.js';
import { type TestRepo, cleanupAll, git, isolateGitHome, makeRepo, openRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function repoWithCommit(options: { identity?: boolean } = {}): { repo: TestRepo; head: string } {
  const repo = makeRepo(options);
  repo.write('a.txt', 'a\n');
  repo.write('.gitignore', '*.log\n');
  repo.git('add', '-A');
  repo.git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'init');
  return { repo, head: repo.git('rev-parse', 'HEAD').trim() };
}

describe('createRunWorktree', () => {
  it('creates a worktree on its own branch from base, excluded from the user checkout, and never reuses one', async () => {
    const { repo, head } = repoWithCommit();
    const created = await createRunWorktree(repo.dir, { runId: 'r1', instance: 'I1', base: head });
    expect(created).toEqual({
      path: join(repo.dir, '.wavefront', 'worktrees', 'r1', 'I1'),
      branch: 'refs/heads/wavefront/r1/I1',
      base: head,
      runId: 'r1',
      instance: 'I1',
    });
    const wt = openRepo(created.path);
    expect(wt.git('symbolic-ref', 'HEAD').trim()).toBe(created.branch);
    expect(wt.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(wt.read('a.txt').toString()).toBe('a\n');
    expect(readFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'utf8')).toContain('/.wavefront/worktrees/\n');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(repo.git('symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');

    await expectCode(createRunWorktree(repo.dir, { runId: 'r1', instance: 'I1', base: head }), 'GIT_STATE_UNSAFE', 'branch-exists');
    mkdirSync(join(repo.dir, '.wavefront', 'worktrees', 'r1', 'I2'), { recursive: true });
    await expectCode(createRunWorktree(repo.dir, { runId: 'r1', instance: 'I2', base: head }), 'GIT_STATE_UNSAFE', 'path-exists');
    expect(repo.gitStatus('rev-parse', '--verify', 'refs/heads/wavefront/r1/I2').code).not.toBe(0);

    // a custom root outside the repository; the exclude file is not touched again
    const outside = join(tempDir('wf-wt-root-'), 'nested');
    const custom = await createRunWorktree(repo.dir, { runId: 'r1', instance: 'I3', base: head, root: outside });
    expect(custom.path).toBe(join(outside, 'I3'));
    expect(openRepo(custom.path).git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(readFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'utf8').match(/wavefront worktrees/g)).toHaveLength(1);
  });

  it('accepts a wavefront snapshot ref as base and refuses unsafe ids, refs and options before running git', async () => {
    const { repo, head } = repoWithCommit();
    repo.git('update-ref', 'refs/wavefront/runs/r2/wave-0', head);
    const fromRef = await createRunWorktree(repo.dir, { runId: 'r2', instance: 'I1', base: 'refs/wavefront/runs/r2/wave-0' });
    expect(fromRef.base).toBe(head);

    const bad: [Record<string, unknown>, string][] = [
      [{ runId: '../x', instance: 'I1', base: head }, 'UNSAFE_PATH'],
      [{ runId: 'r2', instance: '-b', base: head }, 'UNSAFE_PATH'],
      [{ runId: 'r2', instance: 'a/b', base: head }, 'UNSAFE_PATH'],
      [{ runId: 'r2', instance: 'x.lock', base: head }, 'UNSAFE_PATH'],
      [{ runId: 7, instance: 'I1', base: head }, 'INVALID_ARGUMENT'],
      [{ runId: 'r2', instance: 'I9', base: 'HEAD' }, 'INVALID_ARGUMENT'],
      [{ runId: 'r2', instance: 'I9', base: '--upload-pack=touch /tmp/x' }, 'INVALID_ARGUMENT'],
      [{ runId: 'r2', instance: 'I9', base: 'f'.repeat(40) }, 'INVALID_ARGUMENT'],
      [{ runId: 'r2', instance: 'I9', base: head, root: '' }, 'INVALID_ARGUMENT'],
    ];
    for (const [options, code] of bad) {
      await expectCode(createRunWorktree(repo.dir, options as never), code);
    }
    await expectCode(createRunWorktree(repo.dir, null as never), 'INVALID_ARGUMENT');
    await expectCode(createRunWorktree(tempDir(), { runId: 'r2', instance: 'I1', base: head }), 'NOT_A_GIT_REPOSITORY');
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/heads/wavefront/').trim()).toBe('refs/heads/wavefront/r2/I1');
  });

  it('refuses to create the default worktree directory through a planted symlink', async () => {
    const { repo, head } = repoWithCommit();
    const elsewhere = tempDir('wf-wt-target-');
    mkdirSync(join(repo.dir, '.wavefront'));
    execFileSync('ln', ['-s', elsewhere, join(repo.dir, '.wavefront', 'worktrees')]);
    await expectCode(createRunWorktree(repo.dir, { runId: 'r3', instance: 'I1', base: head }), 'UNSAFE_PATH');
    expect(existsSync(join(elsewhere, 'r3'))).toBe(false);
  });
});

describe('listRunWorktrees, commitWorktree and worktreeStatus', () => {
  it('lists only wavefront worktrees, reports status, and commits all of an agent\u2019s work on its branch', async () => {
    const { repo, head } = repoWithCommit({ identity: false });
    const a = await createRunWorktree(repo.dir, { runId: 'run-a', instance: 'I2', base: head });
    const b = await createRunWorktree(repo.dir, { runId: 'run-a', instance: 'I1', base: head });
    const other = await createRunWorktree(repo.dir, { runId: 'run-b', instance: 'I1', base: head });
    repo.git('worktree', 'add', '-q', '-b', 'users-own', join(tempDir(), 'own'), head);

    const listed = await listRunWorktrees(repo.dir, 'run-a');
    expect(listed.map((w) => [w.instance, w.path, w.branch, w.head, w.exists])).toEqual([
      ['I1', b.path, b.branch, head, true],
      ['I2', a.path, a.branch, head, true],
    ]);
    expect((await listRunWorktrees(repo.dir)).map((w) => `${w.runId}/${w.instance}`)).toEqual(['run-a/I1', 'run-a/I2', 'run-b/I1']);
    expect((await listRunWorktrees(a.path, 'run-b')).map((w) => w.path)).toEqual([other.path]);
    await expectCode(listRunWorktrees(repo.dir, '../etc'), 'UNSAFE_PATH');

    expect(await worktreeStatus(a.path)).toEqual({ branch: a.branch, head, clean: true, changed: [], untracked: [], conflicted: [] });
    expect(await commitWorktree(a.path, 'nothing yet')).toBeNull();

    const wt = openRepo(a.path);
    wt.write('a.txt', 'changed by agent\n');
    wt.write('new dir/with space.txt', 'new\n');
    wt.write('debug.log', 'ignored\n');
    const dirty = await worktreeStatus(a.path);
    expect(dirty).toMatchObject({ clean: false, changed: ['a.txt'], untracked: ['new dir/'], conflicted: [] });

    const commit = await commitWorktree(a.path, 'I2: did the thing\n\n# keep this line');
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.git('rev-parse', a.branch).trim()).toBe(commit);
    expect(repo.git('show', '-s', '--format=%an <%ae>%n%B', a.branch)).toBe('wavefront <wavefront@localhost>\nI2: did the thing\n\n# keep this line\n\n');
    expect(repo.git('show', '--name-only', '--format=', a.branch).trim().split('\n').sort()).toEqual(['a.txt', 'new dir/with space.txt']);
    expect(await worktreeStatus(a.path)).toMatchObject({ clean: true, head: commit });
    // the other worktrees and the user's checkout are untouched
    expect(repo.git('rev-parse', 'HEAD', b.branch).trim().split('\n')).toEqual([head, head]);
    expect(repo.git('status', '--porcelain')).toBe('');

    await expectCode(commitWorktree(repo.dir, 'must not commit on main'), 'GIT_STATE_UNSAFE', 'not-a-run-worktree');
    repo.write('a.txt', 'user edit\n');
    await expectCode(commitWorktree(repo.dir, 'must not commit on main'), 'GIT_STATE_UNSAFE', 'not-a-run-worktree');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    await expectCode(commitWorktree(b.path, ''), 'INVALID_ARGUMENT');
    await expectCode(commitWorktree(b.path, 'a\0b'), 'INVALID_ARGUMENT');
    await expectCode(worktreeStatus(''), 'INVALID_ARGUMENT');
    await expectCode(worktreeStatus(join(repo.dir, 'missing')), 'NOT_A_GIT_REPOSITORY');
    await expectCode(worktreeStatus(tempDir()), 'NOT_A_GIT_REPOSITORY');
  });

  it('polls without writing the index (GIT_OPTIONAL_LOCKS=0), unlike a plain git status', async () => {
    const { repo, head } = repoWithCommit();
    const wt = await createRunWorktree(repo.dir, { runId: 'r4', instance: 'I1', base: head });
    const indexAt = git(wt.path, 'rev-parse', '--path-format=absolute', '--git-path', 'index').trim();
    expect(indexAt).not.toBe(join(repo.dir, '.git', 'index')); // the worktree's own index
    expect(existsSync(indexAt)).toBe(true);
    const stamp = new Date(Date.now() - 60_000);
    utimesSync(indexAt, stamp, stamp);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(wt.path, 'a.txt'), later, later); // stat-dirty, content unchanged: a refresh would rewrite the index
    const before = { mtime: statSync(indexAt).mtimeMs, bytes: readFileSync(indexAt) };
    const status = await worktreeStatus(wt.path);
    expect(status.clean).toBe(true);
    expect(statSync(indexAt).mtimeMs).toBe(before.mtime);
    expect(readFileSync(indexAt).equals(before.bytes)).toBe(true);
    // control: the same situation with a plain `git status` does rewrite the index
    git(wt.path, 'status', '--porcelain');
    expect(statSync(indexAt).mtimeMs).not.toBe(before.mtime);
  });

  it('parses porcelain listings with every attribute, renames and conflicts', () => {
    const sha = 'a'.repeat(40);
    expect(
      parseWorktreeList(
        `worktree /r\0HEAD ${sha}\0branch refs/heads/main\0\0worktree /w x\0HEAD ${sha}\0detached\0locked reason\0prunable gone\0\0worktree /b\0bare\0\0`,
      ),
    ).toEqual([
      { path: '/r', head: sha, branch: 'refs/heads/main', bare: false, detached: false, locked: false, prunable: false },
      { path: '/w x', head: sha, branch: null, bare: false, detached: true, locked: true, prunable: true },
      { path: '/b', head: null, branch: null, bare: true, detached: false, locked: false, prunable: false },
    ]);
    const status = parseStatusV2(
      [
        '# branch.oid (initial)',
        '# branch.head (detached)',
        `1 .M N... 100644 100644 100644 ${sha} ${sha} dir/a b.txt`,
        `2 R. N... 100644 100644 100644 ${sha} ${sha} R100 new name.txt`,
        'old name.txt',
        `u UU N... 100644 100644 100644 100644 ${sha} ${sha} ${sha} both.txt`,
        '? untracked file',
        '! ignored.log',
        '',
      ].join('\0'),
    );
    expect(status).toEqual({
      branch: null,
      head: null,
      clean: false,
      changed: ['dir/a b.txt', 'new name.txt'],
      untracked: ['untracked file'],
      conflicted: ['both.txt'],
    });
  });
});

describe('removeRunWorktree, cleanupRunWorktrees and findOrphanWorktrees', () => {
  it('removes one worktree (dirty only with force), never the user\u2019s, and cleans a whole run', async () => {
    const { repo, head } = repoWithCommit();
    const one = await createRunWorktree(repo.dir, { runId: 'rm', instance: 'I1', base: head });
    const two = await createRunWorktree(repo.dir, { runId: 'rm', instance: 'I2', base: head });
    const keep = await createRunWorktree(repo.dir, { runId: 'keep', instance: 'I1', base: head });
    const own = join(tempDir(), 'own');
    repo.git('worktree', 'add', '-q', '-b', 'users-own', own, head);

    openRepo(one.path).write('wip.txt', 'uncommitted\n');
    await expectCode(removeRunWorktree(repo.dir, one.path), 'GIT_STATE_UNSAFE', 'worktree-dirty');
    expect(existsSync(join(one.path, 'wip.txt'))).toBe(true);
    await removeRunWorktree(repo.dir, one.path, { force: true });
    expect(existsSync(one.path)).toBe(false);
    expect(repo.git('rev-parse', one.branch).trim()).toBe(head); // branch kept by default

    await removeRunWorktree(repo.dir, two.path, { deleteBranch: true });
    expect(repo.gitStatus('rev-parse', '--verify', '-q', two.branch).code).not.toBe(0);

    await expectCode(removeRunWorktree(repo.dir, repo.dir), 'INVALID_ARGUMENT');
    await expectCode(removeRunWorktree(repo.dir, own, { force: true }), 'INVALID_ARGUMENT');
    await expectCode(removeRunWorktree(repo.dir, one.path), 'INVALID_ARGUMENT'); // already gone
    await expectCode(removeRunWorktree(repo.dir, '' as never), 'INVALID_ARGUMENT');
    expect(existsSync(own)).toBe(true);

    const again = await createRunWorktree(repo.dir, { runId: 'rm', instance: 'I3', base: head });
    openRepo(again.path).write('wip.txt', 'discarded by cleanup\n');
    const cleaned = await cleanupRunWorktrees(repo.dir, 'rm');
    expect(cleaned).toEqual({ removed: [again.path], deletedBranches: ['refs/heads/wavefront/rm/I1', 'refs/heads/wavefront/rm/I3'] });
    expect(await listRunWorktrees(repo.dir, 'rm')).toEqual([]);
    expect(existsSync(join(repo.dir, '.wavefront', 'worktrees', 'rm'))).toBe(false);
    expect(await cleanupRunWorktrees(repo.dir, 'rm')).toEqual({ removed: [], deletedBranches: [] });
    // other runs, the user's worktree and the user's branch survive
    expect((await listRunWorktrees(repo.dir)).map((w) => w.path)).toEqual([keep.path]);
    expect(repo.git('rev-parse', 'users-own', 'main').trim().split('\n')).toEqual([head, head]);

    const kept = await cleanupRunWorktrees(repo.dir, 'keep', { keepBranches: true });
    expect(kept).toEqual({ removed: [keep.path], deletedBranches: [] });
    expect(repo.git('rev-parse', keep.branch).trim()).toBe(head);
    await expectCode(cleanupRunWorktrees(repo.dir, '../x'), 'UNSAFE_PATH');
  });

  it('finds worktrees whose directory was deleted or whose run holds no live lock; cleanup prunes them', async () => {
    const { repo, head } = repoWithCommit();
    const live1 = await createRunWorktree(repo.dir, { runId: 'live', instance: 'I1', base: head });
    const live2 = await createRunWorktree(repo.dir, { runId: 'live', instance: 'I2', base: head });
    const dead = await createRunWorktree(repo.dir, { runId: 'dead', instance: 'I1', base: head });
    rmSync(live2.path, { recursive: true, force: true });

    const stateDir = join(repo.dir, '.wavefront');
    const lock = await acquireRunLock(stateDir, { runId: 'live' });
    try {
      const orphans = await findOrphanWorktrees(repo.dir);
      expect(orphans.map((o) => [o.runId, o.instance, o.reason, o.exists])).toEqual([
        ['dead', 'I1', 'run-not-live', true],
        ['live', 'I2', 'missing-directory', false],
      ]);
      expect(orphans[0]?.path).toBe(dead.path);
    } finally {
      await lock.release();
    }
    const afterRelease = await findOrphanWorktrees(repo.dir);
    expect(afterRelease.map((o) => [o.runId, o.instance, o.reason])).toEqual([
      ['dead', 'I1', 'run-not-live'],
      ['live', 'I1', 'run-not-live'],
      ['live', 'I2', 'missing-directory'],
    ]);
    const custom = await findOrphanWorktrees(repo.dir, { isRunLive: (runId) => runId === 'dead' });
    expect(custom.map((o) => `${o.runId}/${o.instance}`)).toEqual(['live/I1', 'live/I2']);
    await expectCode(findOrphanWorktrees(repo.dir, { isRunLive: 'yes' as never }), 'INVALID_ARGUMENT');
    await expectCode(findOrphanWorktrees(repo.dir, { stateDir: '../outside' }), 'UNSAFE_PATH');

    const cleaned = await cleanupRunWorktrees(repo.dir, 'live');
    expect(cleaned.removed.sort()).toEqual([live1.path, live2.path].sort());
    expect(repo.git('worktree', 'list', '--porcelain')).not.toContain(live2.path);
    expect((await findOrphanWorktrees(repo.dir)).map((o) => o.runId)).toEqual(['dead']);
  });
});
