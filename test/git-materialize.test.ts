/**
 * materializeRun (the integrated result into the user's checkout, only the run's paths, never over a
 * user's edit) and commitRun's `paths` option that commits exactly those paths afterwards.
 */
import { chmodSync, lstatSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commitRun,
  commitWork,
  createSnapshot,
  createWorkspaceBase,
  materializeRun,
  workRef,
} from '../src/git/index.js';
import { type TestRepo, cleanupAll, isolateGitHome, makeRepo, treeHashes } from './git-fixtures.js';
import { expectErrorCode, failure, repoWithCommit, worktreeAt } from './workspace-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function isExec(repo: TestRepo, path: string): boolean {
  return (lstatSync(join(repo.dir, path)).mode & 0o111) !== 0;
}

/** Everything about the user's checkout materializeRun must leave alone besides the run's paths. */
function gitState(repo: TestRepo): { head: string; branch: string; index: string; staged: string } {
  return {
    head: repo.git('rev-parse', 'HEAD').trim(),
    branch: repo.git('symbolic-ref', 'HEAD').trim(),
    index: repo.git('ls-files', '-s'),
    staged: repo.git('diff', '--cached', '--name-status'),
  };
}

interface Scenario {
  readonly repo: TestRepo;
  readonly snapshotRef: string;
  readonly base: string;
  readonly head: string;
  /** The agent's worktree, at `head`. */
  readonly agent: TestRepo;
}

/**
 * A user repo with committed files and uncommitted work of the user's (a staged file, an unstaged
 * edit, an untracked file, an ignored file); then an agent in a run worktree modifies, deletes,
 * adds, chmods and symlinks, and commits: `head`.
 */
async function scenario(runId: string): Promise<Scenario> {
  const repo = repoWithCommit({
    '.gitignore': '.env\n',
    'mod.txt': 'original\n',
    'old/dir/del.txt': 'to be deleted\n',
    'script.sh': '#!/bin/sh\necho hi\n',
    'keep.txt': 'keep\n',
    'user.txt': 'user committed\n',
    'staged.txt': 'committed\n',
  });
  repo.write('staged.txt', 'user staged\n');
  repo.git('add', 'staged.txt');
  repo.write('user.txt', 'user unstaged edit\n');
  repo.write('notes.txt', 'user untracked\n');
  repo.write('.env', 'SECRET=1\n');
  const snapshot = await createSnapshot(repo.dir, runId);
  const base = await createWorkspaceBase(repo.dir, runId, snapshot.ref);
  const agent = await worktreeAt(repo, runId, 'I1', base);
  agent.write('mod.txt', 'changed by the run\n');
  rmSync(join(agent.dir, 'old/dir/del.txt'));
  agent.write('new/deep/file.txt', 'new file\n');
  agent.write('new/tool', '#!/bin/sh\nexit 0\n', 0o755);
  chmodSync(join(agent.dir, 'script.sh'), 0o755);
  symlinkSync('keep.txt', join(agent.dir, 'link-to-keep'));
  const head = (await commitWork(agent.dir, 'agent work', { pin: workRef(runId, 'tasks/t1') })) as string;
  return { repo, snapshotRef: snapshot.ref, base, head, agent };
}

const RUN_PATHS = ['link-to-keep', 'mod.txt', 'new/deep/file.txt', 'new/tool', 'old/dir/del.txt', 'script.sh'];

describe('materializeRun', () => {
  it("writes, deletes, sets exec bits and symlinks for exactly the run's paths, leaving the user's work, index and HEAD alone", async () => {
    const { repo, base, head } = await scenario('mat');
    const before = gitState(repo);
    const untouched = treeHashes(repo.dir);

    const result = await materializeRun(repo.dir, { base, head });

    expect(result.paths).toEqual(RUN_PATHS);
    expect(result.written).toEqual(['link-to-keep', 'mod.txt', 'new/deep/file.txt', 'new/tool', 'script.sh']);
    expect(result.deleted).toEqual(['old/dir/del.txt']);
    expect(repo.read('mod.txt').toString()).toBe('changed by the run\n');
    expect(repo.read('new/deep/file.txt').toString()).toBe('new file\n');
    expect(isExec(repo, 'new/tool')).toBe(true);
    expect(isExec(repo, 'script.sh')).toBe(true);
    expect(isExec(repo, 'mod.txt')).toBe(false);
    expect(lstatSync(join(repo.dir, 'link-to-keep')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(repo.dir, 'link-to-keep'))).toBe('keep.txt');
    expect(repo.exists('old/dir/del.txt')).toBe(false);
    expect(repo.exists('old')).toBe(false); // directories left empty are removed

    expect(gitState(repo)).toEqual(before);
    const after = treeHashes(repo.dir);
    for (const [path, hash] of untouched) if (!RUN_PATHS.includes(path)) expect(after.get(path), path).toBe(hash);
    expect(repo.read('user.txt').toString()).toBe('user unstaged edit\n');
    expect(repo.read('staged.txt').toString()).toBe('user staged\n');
    expect(repo.read('.env').toString()).toBe('SECRET=1\n');
    expect(repo.git('status', '--porcelain').split('\n').filter((l) => l !== '').sort()).toEqual([
      ' D old/dir/del.txt',
      ' M mod.txt',
      ' M script.sh',
      ' M user.txt',
      'M  staged.txt',
      '?? link-to-keep',
      '?? new/',
      '?? notes.txt',
    ].sort());

    const again = await materializeRun(repo.dir, { base, head });
    expect(again).toEqual({ paths: RUN_PATHS, written: [], deleted: [] });
    expect(treeHashes(repo.dir)).toEqual(after);
  });

  it('finishes a materialisation interrupted half way', async () => {
    const { repo, base, head } = await scenario('mat-crash');
    // as if a crash hit after two of the paths were written
    repo.write('mod.txt', 'changed by the run\n');
    rmSync(join(repo.dir, 'old/dir/del.txt'));
    const result = await materializeRun(repo.dir, { base, head });
    expect(result.written).toEqual(['link-to-keep', 'new/deep/file.txt', 'new/tool', 'script.sh']);
    expect(result.deleted).toEqual([]);
    expect(repo.exists('old/dir/del.txt')).toBe(false);
    expect(repo.read('new/deep/file.txt').toString()).toBe('new file\n');
  });

  it('refuses without writing anything when the user changed one of the paths meanwhile', async () => {
    const cases: { name: string; edit: (repo: TestRepo) => void; paths: string[] }[] = [
      { name: 'edited a modified file', edit: (r) => r.write('mod.txt', 'user edit during the run\n'), paths: ['mod.txt'] },
      { name: 'created a file the run adds', edit: (r) => r.write('new/tool', '#!/bin/sh\nexit 0\n'), paths: ['new/tool'] }, // same content, no exec bit
      { name: 'edited a file the run deletes', edit: (r) => r.write('old/dir/del.txt', 'user kept working on it\n'), paths: ['old/dir/del.txt'] },
      { name: 'chmodded a file', edit: (r) => chmodSync(join(r.dir, 'mod.txt'), 0o755), paths: ['mod.txt'] },
      { name: 'put a file where the run needs a directory', edit: (r) => r.write('new', 'a user file\n'), paths: ['new/deep/file.txt', 'new/tool'] },
      { name: 'created a symlink elsewhere', edit: (r) => symlinkSync('mod.txt', join(r.dir, 'link-to-keep')), paths: ['link-to-keep'] },
    ];
    for (const [i, c] of cases.entries()) {
      const { repo, base, head } = await scenario(`refuse-${i}`);
      c.edit(repo);
      const before = treeHashes(repo.dir);
      const state = gitState(repo);
      const error = await failure(materializeRun(repo.dir, { base, head }));
      expectErrorCode(error, 'GIT_STATE_UNSAFE', 'checkout-changed');
      expect((error as { details: { paths: string[] } }).details.paths, c.name).toEqual(c.paths);
      expect(treeHashes(repo.dir), c.name).toEqual(before);
      expect(gitState(repo)).toEqual(state);
    }
  });

  it("never removes the user's files from a directory standing where the run writes a file", async () => {
    const repo = repoWithCommit({ 'a/x.txt': 'x\n' });
    const snapshot = await createSnapshot(repo.dir, 'dir2file');
    const base = await createWorkspaceBase(repo.dir, 'dir2file', snapshot.ref);
    const agent = await worktreeAt(repo, 'dir2file', 'I1', base);
    rmSync(join(agent.dir, 'a'), { recursive: true });
    agent.write('a', 'now a file\n');
    const head = (await commitWork(agent.dir, 'dir to file')) as string;

    repo.write('a/user-file.txt', 'the user was here\n');
    const error = await failure(materializeRun(repo.dir, { base, head }));
    expectErrorCode(error, 'GIT_STATE_UNSAFE', 'checkout-changed');
    expect((error as { details: { paths: string[] } }).details.paths).toEqual(['a']);
    expect(repo.read('a/x.txt').toString()).toBe('x\n');

    rmSync(join(repo.dir, 'a/user-file.txt'));
    expect(await materializeRun(repo.dir, { base, head })).toEqual({ paths: ['a', 'a/x.txt'], written: ['a'], deleted: ['a/x.txt'] });
    expect(repo.read('a').toString()).toBe('now a file\n');
  });

  it('refuses a checkout with a merge in progress, and bad arguments', async () => {
    const { repo, base, head } = await scenario('mat-bad');
    for (const options of [
      { base: 'HEAD', head },
      { base, head: 'main' },
      { base, head: `--output=${join(repo.dir, 'x')}` },
      { base, head: head.slice(0, 10) },
      { base, head: 'f'.repeat(40) },
      { base: 1, head },
    ]) {
      expectErrorCode(await failure(materializeRun(repo.dir, options as { base: string; head: string })), 'INVALID_ARGUMENT');
    }
    expectErrorCode(await failure(materializeRun(repo.dir, null as unknown as { base: string; head: string })), 'INVALID_ARGUMENT');
    writeFileSync(join(repo.dir, '.git', 'MERGE_HEAD'), `${repo.git('rev-parse', 'HEAD').trim()}\n`);
    const before = treeHashes(repo.dir);
    expectErrorCode(await failure(materializeRun(repo.dir, { base, head })), 'GIT_STATE_UNSAFE', 'merge');
    expect(treeHashes(repo.dir)).toEqual(before);
  });

  it('returns nothing to do when base and head have the same tree; accepts wavefront refs', async () => {
    const { repo, base, head } = await scenario('mat-refs');
    expect(await materializeRun(repo.dir, { base, head: base })).toEqual({ paths: [], written: [], deleted: [] });
    const result = await materializeRun(repo.dir, { base: workRef('mat-refs', 'base'), head: workRef('mat-refs', 'tasks/t1') });
    expect(result.paths).toEqual(RUN_PATHS);
    expect(repo.git('rev-parse', workRef('mat-refs', 'tasks/t1')).trim()).toBe(head);
  });
});

describe('commitRun paths', () => {
  it("after materializeRun commits exactly the run's paths; the user's staged and unstaged work stays as it was", async () => {
    const { repo, snapshotRef, base, head } = await scenario('commit-paths');
    const { paths } = await materializeRun(repo.dir, { base, head });
    const parent = repo.git('rev-parse', 'HEAD').trim();

    const result = await commitRun(repo.dir, 'run commit', { paths });

    expect(result.filesChanged).toEqual(RUN_PATHS);
    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(parent);
    expect(repo.git('show', '--name-status', '--format=', 'HEAD').trim().split('\n').sort()).toEqual([
      'A\tlink-to-keep',
      'A\tnew/deep/file.txt',
      'A\tnew/tool',
      'D\told/dir/del.txt',
      'M\tmod.txt',
      'M\tscript.sh',
    ]);
    expect(repo.git('ls-tree', 'HEAD', 'new/tool').startsWith('100755')).toBe(true);
    expect(repo.git('ls-tree', 'HEAD', 'link-to-keep').startsWith('120000')).toBe(true);
    expect(repo.git('status', '--porcelain').split('\n').filter((l) => l !== '').sort()).toEqual([' M user.txt', 'M  staged.txt', '?? notes.txt'].sort());
    expect(await commitRun(repo.dir, 'again', { paths })).toEqual({ commit: null, filesChanged: [] });
    expect(await commitRun(repo.dir, 'again', { paths, snapshotRef })).toEqual({ commit: null, filesChanged: [] });
  });

  it('commits additions, modifications and deletions of the listed paths only; unchanged and empty lists commit nothing', async () => {
    const repo = repoWithCommit({ 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n', 'd.txt': 'd\n' });
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.write('a.txt', 'a changed\n');
    rmSync(join(repo.dir, 'b.txt'));
    repo.write('new.txt', 'new\n');
    repo.write('c.txt', 'c staged by the user\n');
    repo.git('add', 'c.txt');
    repo.write('other.txt', 'not listed\n');

    expect(await commitRun(repo.dir, 'none', { paths: [] })).toEqual({ commit: null, filesChanged: [] });
    expect(await commitRun(repo.dir, 'unchanged', { paths: ['d.txt', 'missing.txt'] })).toEqual({ commit: null, filesChanged: [] });
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);

    const result = await commitRun(repo.dir, 'listed', { paths: ['new.txt', 'a.txt', 'b.txt', 'a.txt', 'missing.txt'] });
    expect(result.filesChanged).toEqual(['a.txt', 'b.txt', 'new.txt']);
    expect(repo.git('show', '--name-status', '--format=', 'HEAD').trim().split('\n').sort()).toEqual(['A\tnew.txt', 'D\tb.txt', 'M\ta.txt']);
    expect(repo.git('status', '--porcelain').split('\n').filter((l) => l !== '').sort()).toEqual(['M  c.txt', '?? other.txt'].sort());
  });

  it('with snapshotRef commits only listed paths that also changed since the snapshot', async () => {
    const repo = repoWithCommit({ 'user.txt': 'u\n', 'run.txt': 'r\n' });
    repo.write('user.txt', 'user edit before the run\n');
    const snapshot = await createSnapshot(repo.dir, 'inter');
    repo.write('run.txt', 'run edit\n');
    repo.write('unlisted.txt', 'run, but not listed\n');

    const result = await commitRun(repo.dir, 'intersection', { snapshotRef: snapshot.ref, paths: ['user.txt', 'run.txt'] });

    expect(result.filesChanged).toEqual(['run.txt']);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('run.txt');
    expect(repo.git('status', '--porcelain').split('\n').filter((l) => l !== '').sort()).toEqual([' M user.txt', '?? unlisted.txt'].sort());
  });

  it('validates paths', async () => {
    const repo = makeRepo();
    repo.write('a.txt', 'a\n');
    for (const bad of [['../a.txt'], ['/etc/passwd'], ['.git/config'], ['sub/.GIT/x'], ['a//b'], ['./a.txt'], ['a/'], [''], ['a\0b']]) {
      expectErrorCode(await failure(commitRun(repo.dir, 'bad', { paths: bad })), 'UNSAFE_PATH');
    }
    for (const bad of ['a.txt', [1], null, { 0: 'a.txt' }]) {
      expectErrorCode(await failure(commitRun(repo.dir, 'bad', { paths: bad as unknown as string[] })), 'INVALID_ARGUMENT');
    }
    expect(repo.gitStatus('rev-parse', '-q', '--verify', 'HEAD').code).not.toBe(0);
  });
});
