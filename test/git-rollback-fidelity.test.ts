/**
 * T7: rollback restores exactly the snapshot: tracked and untracked non-ignored files (content and
 * exec bit), the index, HEAD and the branch; files created since are removed; ignored files are
 * never touched.
 */
import { chmodSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, restoreSnapshot } from '../src/git/index.js';
import { type TestRepo, baseRepo, cleanupAll, commitF, divergeFromOther, openRepo, installMarkerHooks, isolateGitHome, makeRepo, tempDir, treeHashes, untrackedWithHashes } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

interface Observed {
  index: string;
  untracked: Map<string, string>;
  head: string;
  branch: string;
  status: string;
  files: Map<string, string>;
}

function observe(repo: TestRepo): Observed {
  return {
    index: repo.git('ls-files', '-s'),
    untracked: untrackedWithHashes(repo),
    head: repo.gitStatus('rev-parse', '-q', '--verify', 'HEAD').stdout.trim(),
    branch: repo.gitStatus('symbolic-ref', '-q', 'HEAD').stdout.trim(),
    status: repo.git('status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'),
    files: treeHashes(repo.dir),
  };
}

function expectRestored(repo: TestRepo, before: Observed, newIgnored: readonly string[]): void {
  const after = observe(repo);
  expect(after.index).toBe(before.index);
  expect(after.untracked).toEqual(before.untracked);
  expect(after.head).toBe(before.head);
  expect(after.branch).toBe(before.branch);
  expect(after.status).toBe(before.status);
  // Every file on disk (ignored ones included) is as before, plus the ignored files created since.
  const expected = new Map(before.files);
  for (const path of newIgnored) {
    const hash = after.files.get(path);
    expect(hash, `new ignored file ${path} must survive`).toBeDefined();
    if (hash !== undefined) expected.set(path, hash);
  }
  expect(after.files).toEqual(expected);
}

const UNICODE = 'file with spaces ü 日本.txt';

function seededRepo(): TestRepo {
  const repo = makeRepo();
  repo.write('.gitignore', '.env\nnode_modules/\n*.log\n');
  repo.write('src/a.ts', 'export const a = 1;\n');
  repo.write('src/deep/nested/b.ts', 'export const b = 2;\n');
  repo.write('docs', 'docs is a file\n');
  repo.write('dir/x.txt', 'x\n');
  repo.write('script.sh', '#!/bin/sh\necho hi\n', 0o644);
  repo.write('tool.sh', '#!/bin/sh\necho tool\n', 0o755);
  repo.write(UNICODE, 'unicode\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'init');
  // Dirty state the user had before the run.
  repo.write('src/a.ts', 'export const a = 10; // staged\n');
  repo.git('add', 'src/a.ts');
  repo.write('src/a.ts', 'export const a = 100; // unstaged on top\n');
  repo.write('src/deep/nested/b.ts', 'export const b = 20; // unstaged\n');
  repo.write('notes/todo.md', 'untracked note\n');
  repo.write('.env', 'SECRET=do-not-touch\n');
  repo.write('node_modules/pkg/index.js', 'module.exports = 1;\n');
  repo.write('debug.log', 'old log\n');
  return repo;
}

describe('restoreSnapshot', () => {
  it('undoes edits, deletions, new files, staging, commits, a branch switch, type and mode changes', async () => {
    const repo = seededRepo();
    const marker = join(tempDir(), 'hook-ran');
    installMarkerHooks(join(repo.dir, '.git', 'hooks'), marker);
    const before = observe(repo);
    const snapshot = await createSnapshot(repo.dir, 'run-t7');

    // Mutations a run could make.
    repo.write('src/a.ts', 'edited by an agent\n');
    rmSync(join(repo.dir, 'src/deep/nested/b.ts'));
    repo.write('src/new.ts', 'new file\n');
    repo.write('newdir/sub/n.txt', 'in new dirs\n');
    repo.write('build.log', 'new ignored file\n');
    repo.write('node_modules/pkg/new.js', 'new ignored file in ignored dir\n');
    chmodSync(join(repo.dir, 'script.sh'), 0o755);
    chmodSync(join(repo.dir, 'tool.sh'), 0o644);
    rmSync(join(repo.dir, 'docs'));
    repo.write('docs/readme.md', 'file replaced by a directory\n');
    rmSync(join(repo.dir, 'dir'), { recursive: true });
    repo.write('dir', 'directory replaced by a file\n');
    repo.write(UNICODE, 'unicode edited\n');
    repo.write('neu ü datei.txt', 'new unicode file\n');
    rmSync(join(repo.dir, 'notes/todo.md'));
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'agent commit on main');
    repo.git('checkout', '-q', '-b', 'feature');
    // The agent un-ignores .env, commits it, and ignores a new pattern while creating such a file.
    repo.write('.gitignore', 'node_modules/\n*.log\n*.tmp\n');
    repo.git('add', '.gitignore', '.env');
    repo.write('x.tmp', 'ignored now, but not by the snapshot rules\n');
    repo.write('staged-only.txt', 'staged\n');
    repo.git('add', 'staged-only.txt');
    repo.git('commit', '-q', '-m', 'agent commit on feature');
    symlinkSync('src/a.ts', join(repo.dir, 'link-to-a'));

    const result = await restoreSnapshot(repo.dir, snapshot.ref);

    expectRestored(repo, before, ['build.log', 'node_modules/pkg/new.js']);
    expect(repo.read('.env').toString()).toBe('SECRET=do-not-touch\n');
    expect(repo.exists('x.tmp')).toBe(false);
    expect(repo.exists('newdir')).toBe(false);
    expect(repo.exists('link-to-a')).toBe(false);
    expect(result.removed).toContain('src/new.ts');
    expect(repo.git('branch', '--list', 'feature').trim()).toBe('feature');
    expect(existsSync(marker)).toBe(false);
  });

  it('restores an empty repository with no commits (the branch becomes unborn again)', async () => {
    const repo = makeRepo();
    repo.write('untracked.txt', 'u\n');
    repo.write('staged.txt', 's\n');
    repo.git('add', 'staged.txt');
    const before = observe(repo);
    const snapshot = await createSnapshot(repo.dir, 'run-empty');

    repo.write('untracked.txt', 'changed\n');
    repo.write('another.txt', 'new\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'first commit by an agent');
    expect(repo.git('rev-parse', 'HEAD').trim()).not.toBe('');

    await restoreSnapshot(repo.dir, snapshot.ref);
    expectRestored(repo, before, []);
    expect(repo.gitStatus('rev-parse', '-q', '--verify', 'refs/heads/main').code).not.toBe(0);
  });

  it('abandons a merge the run left with conflicts', async () => {
    const repo = baseRepo();
    repo.git('branch', 'other');
    repo.write('u.txt', 'untracked\n');
    const before = observe(repo);
    const snapshot = await createSnapshot(repo.dir, 'run-merge');

    divergeFromOther(repo);
    expect(repo.gitStatus('merge', 'other').code).not.toBe(0);
    expect(repo.exists('.git/MERGE_HEAD')).toBe(true);

    const result = await restoreSnapshot(repo.dir, snapshot.ref);
    expect(result.quitOperations).toEqual(['merge']);
    expect(repo.exists('.git/MERGE_HEAD')).toBe(false);
    expectRestored(repo, before, []);
  });

  it('abandons a rebase the run left with conflicts', async () => {
    const repo = baseRepo();
    repo.git('branch', 'other');
    const before = observe(repo);
    const snapshot = await createSnapshot(repo.dir, 'run-rebase');

    divergeFromOther(repo);
    expect(repo.gitStatus('rebase', 'other').code).not.toBe(0);

    const result = await restoreSnapshot(repo.dir, snapshot.ref);
    expect(result.quitOperations).toEqual(['rebase']);
    expect(repo.exists('.git/rebase-merge') || repo.exists('.git/rebase-apply')).toBe(false);
    expectRestored(repo, before, []);
  });

  it('works in a linked worktree without touching the main one', async () => {
    const main = baseRepo();
    const wtDir = join(tempDir(), 'agent-wt');
    main.git('worktree', 'add', '-q', '-b', 'agent', wtDir);
    const wt = openRepo(wtDir);
    wt.write('f.txt', 'dirty in worktree\n');
    const mainBefore = observe(main);
    const before = observe(wt);
    const snapshot = await createSnapshot(wtDir, 'run-wt');
    expect(snapshot.branchRef).toBe('refs/heads/agent');
    wt.write('g.txt', 'new\n');
    wt.git('add', '-A');
    wt.git('commit', '-q', '-m', 'agent work');

    await restoreSnapshot(wtDir, snapshot.ref);
    expectRestored(wt, before, []);
    expect(observe(main)).toEqual(mainBefore);
  });

  it('restores a detached HEAD and is idempotent', async () => {
    const repo = baseRepo();
    commitF(repo, 'two');
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    const before = observe(repo);
    const snapshot = await createSnapshot(repo.dir, 'run-detached');
    expect(snapshot.branchRef).toBeNull();
    repo.git('checkout', '-q', 'main');
    repo.write('g.txt', 'new\n');

    await restoreSnapshot(repo.dir, snapshot.ref);
    expectRestored(repo, before, []);
    await restoreSnapshot(repo.dir, snapshot.ref);
    expectRestored(repo, before, []);
  });

  it('property: random mutations are undone exactly', async () => {
    const paths = ['a.txt', 'b/c.txt', 'b/d e.txt', 'x/y/z.txt', 'ü.txt'];
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('edit' as const), path: fc.constantFrom(...paths), text: fc.string({ maxLength: 8 }) }),
      fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }),
      fc.record({ op: fc.constant('create' as const), path: fc.constantFrom('n1.txt', 'b/n2.txt', 'q/r/n3.txt') }),
      fc.record({ op: fc.constant('ignored' as const), path: fc.constantFrom('i1.log', 'b/i2.log') }),
      fc.record({ op: fc.constant('chmod' as const), path: fc.constantFrom(...paths) }),
      fc.record({ op: fc.constant('stage' as const) }),
      fc.record({ op: fc.constant('commit' as const) }),
      fc.record({ op: fc.constant('branch' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 8 }), fc.boolean(), async (mutations, dirty) => {
        const repo = makeRepo({ dir: tempDir() });
        repo.write('.gitignore', '*.log\n');
        for (const path of paths) repo.write(path, `${path}\n`);
        repo.write('keep.log', 'ignored and pre-existing\n');
        repo.git('add', '-A');
        repo.git('commit', '-q', '-m', 'init');
        if (dirty) {
          repo.write('a.txt', 'staged\n');
          repo.git('add', 'a.txt');
          repo.write('untracked.txt', 'u\n');
        }
        const before = observe(repo);
        const snapshot = await createSnapshot(repo.dir, 'prop');
        const newIgnored = new Set<string>();
        let branches = 0;
        for (const m of mutations) {
          const full = m.op === 'stage' || m.op === 'commit' || m.op === 'branch' ? '' : join(repo.dir, m.path);
          if (m.op === 'edit') repo.write(m.path, m.text);
          else if (m.op === 'delete') rmSync(full, { force: true });
          else if (m.op === 'create') repo.write(m.path, 'created\n');
          else if (m.op === 'ignored') {
            repo.write(m.path, 'ignored\n');
            newIgnored.add(m.path);
          } else if (m.op === 'chmod') {
            if (repo.exists(m.path)) chmodSync(full, 0o755);
          } else if (m.op === 'stage') repo.git('add', '-A');
          else if (m.op === 'commit') repo.git('commit', '-q', '--allow-empty', '-am', 'agent');
          else {
            branches += 1;
            repo.git('checkout', '-q', '-b', `agent-${branches}`);
          }
        }
        await restoreSnapshot(repo.dir, snapshot.ref);
        expectRestored(repo, before, [...newIgnored]);
      }),
      { numRuns: 12, seed: 20260821 },
    );
  });
});
