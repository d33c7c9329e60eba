/**
 * Run worktrees as the executor drives them: the workspace base, resets, resolver merges, commits
 * pinned under refs/wavefront/work/, and cleanup of those pins. Real git in temp repositories.
 */
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WORK_REF_PREFIX,
  commitWork,
  createSnapshot,
  createWorkspaceBase,
  deleteWorkRefs,
  resetWorktree,
  startMerge,
  workRef,
} from '../src/git/index.js';
import { type TestRepo, cleanupAll, isolateGitHome, makeRepo } from './git-fixtures.js';
import { expectErrorCode, failure, repoWithCommit, worktreeAt } from './workspace-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

/** A repo with a commit, a dirty working tree (modified, untracked, ignored) and its wave-0 snapshot. */
async function userRepo(runId: string): Promise<{ repo: TestRepo; snapshotRef: string; tree: string; head: string }> {
  const repo = repoWithCommit({ '.gitignore': '.env\nbuild/\n', 'f.txt': 'one\ntwo\nthree\n', 'doc.md': 'Title\n=======\n\ntext\n' });
  repo.write('f.txt', 'one\ntwo (user)\nthree\n');
  repo.write('untracked.txt', 'user untracked\n');
  repo.write('.env', 'SECRET=1\n');
  const snapshot = await createSnapshot(repo.dir, runId);
  return { repo, snapshotRef: snapshot.ref, tree: snapshot.tree, head: repo.git('rev-parse', 'HEAD').trim() };
}

function parents(repo: TestRepo, rev = 'HEAD'): string[] {
  return repo.git('rev-list', '--parents', '-n', '1', rev).trim().split(' ').slice(1);
}

describe('workRef', () => {
  it('builds refs/wavefront/work/<runId>/<name> and validates every component', () => {
    expect(WORK_REF_PREFIX).toBe('refs/wavefront/work/');
    expect(workRef('run-1', 'base')).toBe('refs/wavefront/work/run-1/base');
    expect(workRef('run-1', 'tasks/t_2.a')).toBe('refs/wavefront/work/run-1/tasks/t_2.a');
    for (const [runId, name] of [
      ['run-1', '../x'],
      ['run-1', 'tasks//a'],
      ['run-1', 'tasks/'],
      ['run-1', 'a.lock'],
      ['run-1', '-x'],
      ['a/b', 'base'],
      ['..', 'base'],
    ] as const) {
      expect(() => workRef(runId, name)).toThrow(expect.objectContaining({ code: 'UNSAFE_PATH' }) as unknown as Error);
    }
    expect(() => workRef('run-1', 42 as unknown as string)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as unknown as Error);
  });
});

describe('createWorkspaceBase', () => {
  it("commits the snapshot's working state on top of HEAD, pins it, is idempotent and leaves the user's checkout alone", async () => {
    const { repo, snapshotRef, tree, head } = await userRepo('base-run');
    const statusBefore = repo.git('status', '--porcelain', '--ignored');
    const base = await createWorkspaceBase(repo.dir, 'base-run', snapshotRef);

    expect(repo.git('rev-parse', `${base}^{tree}`).trim()).toBe(tree);
    expect(parents(repo, base)).toEqual([head]);
    expect(repo.git('rev-parse', workRef('base-run', 'base')).trim()).toBe(base);
    expect(repo.git('show', `${base}:f.txt`)).toBe('one\ntwo (user)\nthree\n');
    expect(repo.git('show', `${base}:untracked.txt`)).toBe('user untracked\n');
    expect(repo.gitStatus('cat-file', '-e', `${base}:.env`).code).not.toBe(0);
    expect(repo.git('status', '--porcelain', '--ignored')).toBe(statusBefore);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);

    expect(await createWorkspaceBase(repo.dir, 'base-run', snapshotRef)).toBe(base);
    expect(repo.git('for-each-ref', '--format=%(refname)', WORK_REF_PREFIX).trim()).toBe(workRef('base-run', 'base'));
  });

  it('has no parent on an unborn branch and uses the fallback identity without user config', async () => {
    const repo = makeRepo({ identity: false });
    repo.write('first.txt', 'first\n');
    const snapshot = await createSnapshot(repo.dir, 'unborn');
    const base = await createWorkspaceBase(repo.dir, 'unborn', snapshot.ref);
    expect(parents(repo, base)).toEqual([]);
    expect(repo.git('rev-parse', `${base}^{tree}`).trim()).toBe(snapshot.tree);
    expect(repo.git('log', '-1', '--format=%an <%ae>', base).trim()).toBe('wavefront <wavefront@localhost>');
    expect(repo.gitStatus('rev-parse', '-q', '--verify', 'HEAD').code).not.toBe(0);
  });

  it('refuses a pin that holds another commit, and bad arguments', async () => {
    const { repo, snapshotRef, head } = await userRepo('taken');
    repo.git('update-ref', workRef('taken', 'base'), head);
    expectErrorCode(await failure(createWorkspaceBase(repo.dir, 'taken', snapshotRef)), 'GIT_STATE_UNSAFE', 'work-ref-exists');
    expect(repo.git('rev-parse', workRef('taken', 'base')).trim()).toBe(head);

    expectErrorCode(await failure(createWorkspaceBase(repo.dir, 'taken', 'HEAD')), 'INVALID_ARGUMENT');
    expectErrorCode(await failure(createWorkspaceBase(repo.dir, '../x', snapshotRef)), 'UNSAFE_PATH');
    expectErrorCode(await failure(createWorkspaceBase(repo.dir, 'other', 'refs/wavefront/runs/nope/wave-0')), 'RUN_NOT_FOUND');
  });
});

describe('resetWorktree', () => {
  it('drops commits, changes and untracked files but keeps ignored ones', async () => {
    const { repo, snapshotRef } = await userRepo('reset');
    const base = await createWorkspaceBase(repo.dir, 'reset', snapshotRef);
    const wt = await worktreeAt(repo, 'reset', 'I1', base);
    wt.write('committed.txt', 'agent\n');
    expect(await commitWork(wt.dir, 'agent work')).not.toBeNull();
    wt.write('f.txt', 'dirty\n');
    wt.git('add', 'f.txt');
    wt.write('loose.txt', 'untracked\n');
    wt.write('deep/dir/new.txt', 'untracked\n');
    wt.write('.env', 'AGENT_SECRET=1\n');
    wt.write('build/out.js', 'ignored build output\n');
    wt.write('nested/readme.txt', 'a repository the agent created\n');
    wt.git('-C', 'nested', 'init', '-q');

    await resetWorktree(wt.dir, base);

    expect(wt.git('rev-parse', 'HEAD').trim()).toBe(base);
    expect(wt.git('status', '--porcelain')).toBe('');
    expect(wt.exists('committed.txt')).toBe(false);
    expect(wt.exists('loose.txt')).toBe(false);
    expect(wt.exists('deep')).toBe(false);
    expect(wt.exists('nested')).toBe(false);
    expect(wt.read('f.txt').toString()).toBe('one\ntwo (user)\nthree\n');
    expect(wt.read('.env').toString()).toBe('AGENT_SECRET=1\n');
    expect(wt.read('build/out.js').toString()).toBe('ignored build output\n');
  });

  it('aborts a merge in progress, accepts a wavefront ref, and refuses the user checkout and bad commits', async () => {
    const { repo, snapshotRef } = await userRepo('reset-merge');
    const base = await createWorkspaceBase(repo.dir, 'reset-merge', snapshotRef);
    const a = await worktreeAt(repo, 'reset-merge', 'A', base);
    const b = await worktreeAt(repo, 'reset-merge', 'B', base);
    a.write('f.txt', 'A\n');
    b.write('f.txt', 'B\n');
    await commitWork(a.dir, 'a');
    const bCommit = (await commitWork(b.dir, 'b')) as string;
    expect((await startMerge(a.dir, bCommit)).conflicts).toEqual(['f.txt']);

    await resetWorktree(a.dir, workRef('reset-merge', 'base'));
    expect(existsSync(join(a.git('rev-parse', '--absolute-git-dir').trim(), 'MERGE_HEAD'))).toBe(false);
    expect(a.git('rev-parse', 'HEAD').trim()).toBe(base);
    expect(a.git('status', '--porcelain')).toBe('');

    const head = repo.git('rev-parse', 'HEAD').trim();
    expectErrorCode(await failure(resetWorktree(repo.dir, base)), 'GIT_STATE_UNSAFE', 'not-a-run-worktree');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.exists('untracked.txt')).toBe(true);
    for (const bad of ['HEAD~1', 'main', '--hard', base.slice(0, 12), 'refs/heads/main', 'refs/wavefront/../x', 42]) {
      expectErrorCode(await failure(resetWorktree(a.dir, bad as string)), 'INVALID_ARGUMENT');
    }
    expectErrorCode(await failure(resetWorktree(a.dir, '0'.repeat(39) + '1')), 'INVALID_ARGUMENT');
    expectErrorCode(await failure(resetWorktree('', base)), 'INVALID_ARGUMENT');
  });
});

describe('startMerge and commitWork', () => {
  async function twoAgents(runId: string): Promise<{ repo: TestRepo; base: string; a: TestRepo; b: TestRepo }> {
    const { repo, snapshotRef } = await userRepo(runId);
    const base = await createWorkspaceBase(repo.dir, runId, snapshotRef);
    return { repo, base, a: await worktreeAt(repo, runId, 'A', base), b: await worktreeAt(repo, runId, 'B', base) };
  }

  it('leaves a conflicted merge in progress; commitWork refuses markers, then commits the resolution with both parents and pins it', async () => {
    const { a, b } = await twoAgents('conflict');
    a.write('f.txt', 'one\nA\nthree\n');
    b.write('f.txt', 'one\nB\nthree\n');
    b.write('doc.md', 'Title\n=======\n\ntext from B\n'); // a setext heading: "=======" that is not a marker
    const aCommit = (await commitWork(a.dir, 'a', { pin: workRef('conflict', 'tasks/a') })) as string;
    const bCommit = (await commitWork(b.dir, 'b')) as string;

    const started = await startMerge(a.dir, bCommit);

    expect(started).toEqual({ conflicts: ['f.txt'], alreadyUpToDate: false });
    expect(a.git('rev-parse', 'MERGE_HEAD').trim()).toBe(bCommit);
    expect(a.read('f.txt').toString()).toMatch(/^one\n<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> [0-9a-f]{40}\nthree\n$/);

    const pin = workRef('conflict', 'tasks/resolve');
    const refused = await failure(commitWork(a.dir, 'resolved?', { pin }));
    expectErrorCode(refused, 'GIT_STATE_UNSAFE', 'conflict-markers');
    expect((refused as { details: { paths: string[] } }).details.paths).toEqual(['f.txt']);
    a.git('add', 'f.txt'); // staging the markers does not hide them
    expectErrorCode(await failure(commitWork(a.dir, 'resolved?', { pin })), 'GIT_STATE_UNSAFE', 'conflict-markers');
    expect(a.gitStatus('rev-parse', '-q', '--verify', pin).code).not.toBe(0);

    a.write('f.txt', 'one\nA and B\nthree\n');
    const merged = await commitWork(a.dir, 'resolve f.txt', { pin });

    expect(merged).toBe(a.git('rev-parse', 'HEAD').trim());
    expect(parents(a)).toEqual([aCommit, bCommit]);
    expect(a.git('show', 'HEAD:f.txt')).toBe('one\nA and B\nthree\n');
    expect(a.git('show', 'HEAD:doc.md')).toBe('Title\n=======\n\ntext from B\n');
    expect(a.git('log', '-1', '--format=%B').trim()).toBe('resolve f.txt');
    expect(a.git('rev-parse', pin).trim()).toBe(merged);
    expect(a.git('status', '--porcelain')).toBe('');
    expect(existsSync(join(a.git('rev-parse', '--absolute-git-dir').trim(), 'MERGE_HEAD'))).toBe(false);
  });

  it('commits a merge commit even when the resolution keeps the tree unchanged', async () => {
    const { a, b } = await twoAgents('keep-ours');
    a.write('f.txt', 'ours\n');
    b.write('f.txt', 'theirs\n');
    const aCommit = (await commitWork(a.dir, 'a')) as string;
    const bCommit = (await commitWork(b.dir, 'b')) as string;
    await startMerge(a.dir, bCommit);
    a.write('f.txt', 'ours\n');
    const merged = (await commitWork(a.dir, 'keep ours')) as string;
    expect(merged).not.toBe(aCommit);
    expect(parents(a)).toEqual([aCommit, bCommit]);
    expect(a.git('rev-parse', 'HEAD^{tree}').trim()).toBe(a.git('rev-parse', `${aCommit}^{tree}`).trim());
  });

  it('merges cleanly (merge still left for commitWork), and reports an already contained commit', async () => {
    const { base, a, b } = await twoAgents('clean');
    a.write('a.txt', 'from A\n');
    b.write('b.txt', 'from B\n');
    const aCommit = (await commitWork(a.dir, 'a')) as string;
    const bCommit = (await commitWork(b.dir, 'b')) as string;

    expect(await startMerge(a.dir, bCommit)).toEqual({ conflicts: [], alreadyUpToDate: false });
    expect(a.git('rev-parse', 'MERGE_HEAD').trim()).toBe(bCommit);
    expect(a.git('rev-parse', 'HEAD').trim()).toBe(aCommit);
    const merged = (await commitWork(a.dir, 'merge b')) as string;
    expect(parents(a, merged)).toEqual([aCommit, bCommit]);
    expect(a.git('ls-tree', '--name-only', 'HEAD').split('\n')).toEqual(expect.arrayContaining(['a.txt', 'b.txt']));

    expect(await startMerge(a.dir, bCommit)).toEqual({ conflicts: [], alreadyUpToDate: true });
    expect(await startMerge(a.dir, base)).toEqual({ conflicts: [], alreadyUpToDate: true });
    expect(existsSync(join(a.git('rev-parse', '--absolute-git-dir').trim(), 'MERGE_HEAD'))).toBe(false);
    expect(a.git('rev-parse', 'HEAD').trim()).toBe(merged);
  });

  it('refuses a dirty worktree, a merge already in progress, the user checkout and bad commits', async () => {
    const { repo, a, b } = await twoAgents('refusals');
    b.write('b.txt', 'b\n');
    const bCommit = (await commitWork(b.dir, 'b')) as string;
    a.write('stray.txt', 'untracked\n');
    expectErrorCode(await failure(startMerge(a.dir, bCommit)), 'GIT_STATE_UNSAFE', 'worktree-dirty');
    await resetWorktree(a.dir, a.git('rev-parse', 'HEAD').trim());
    await startMerge(a.dir, bCommit);
    expectErrorCode(await failure(startMerge(a.dir, bCommit)), 'GIT_STATE_UNSAFE', 'merge');
    expectErrorCode(await failure(startMerge(repo.dir, bCommit)), 'GIT_STATE_UNSAFE', 'not-a-run-worktree');
    for (const bad of ['HEAD', 'B', `${bCommit}^`, '-X', 'refs/wavefront/', 7]) {
      expectErrorCode(await failure(startMerge(b.dir, bad as string)), 'INVALID_ARGUMENT');
    }
  });

  it('commitWork without a merge: null when nothing changed, commits tracked and untracked work, skips ignored files, pins', async () => {
    const { repo, base, a } = await twoAgents('plain');
    const pin = workRef('plain', 'tasks/t1');
    a.write('.env', 'ignored\n');
    expect(await commitWork(a.dir, 'nothing', { pin })).toBeNull();
    expect(a.gitStatus('rev-parse', '-q', '--verify', pin).code).not.toBe(0);
    expect(a.git('rev-parse', 'HEAD').trim()).toBe(base);

    a.write('f.txt', 'changed\n');
    a.write('src/new.ts', 'export {};\n');
    symlinkSync('f.txt', join(a.dir, 'link'));
    const commit = (await commitWork(a.dir, 'task t1\n\nbody', { pin })) as string;
    expect(parents(a, commit)).toEqual([base]);
    expect(a.git('rev-parse', pin).trim()).toBe(commit);
    expect(a.git('show', '--name-only', '--format=', commit).trim().split('\n').sort()).toEqual(['f.txt', 'link', 'src/new.ts']);
    expect(a.git('log', '-1', '--format=%an <%ae>').trim()).toBe('Test User <test@example.com>');
    expect(a.git('status', '--porcelain')).toBe('');

    expectErrorCode(await failure(commitWork(repo.dir, 'in the user checkout')), 'GIT_STATE_UNSAFE', 'not-a-run-worktree');
    for (const bad of ['refs/heads/main', 'refs/wavefront/work/plain', 'refs/wavefront/runs/plain/x', 'refs/wavefront/work/plain/../x', '', 5]) {
      expectErrorCode(await failure(commitWork(a.dir, 'ok', { pin: bad as string })), 'INVALID_ARGUMENT');
    }
    for (const bad of ['', '  ', 'a\0b', 3]) expectErrorCode(await failure(commitWork(a.dir, bad as string)), 'INVALID_ARGUMENT');
    expectErrorCode(await failure(commitWork(a.dir, 'ok', null as unknown as object)), 'INVALID_ARGUMENT');
  });

  it('commits in several worktrees in parallel without index.lock errors', async () => {
    const { repo, snapshotRef } = await userRepo('parallel');
    const base = await createWorkspaceBase(repo.dir, 'parallel', snapshotRef);
    const agents = ['A', 'B', 'C', 'D'];
    const trees = await Promise.all(agents.map((id) => worktreeAt(repo, 'parallel', id, base)));
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) {
      trees.forEach((wt, i) => {
        wt.write(`agents/${agents[i] ?? ''}/round-${round}.txt`, `${round}\n`);
        wt.write(`module-${agents[i] ?? ''}.txt`, `edit ${round}\n`);
      });
      const commits = await Promise.all(trees.map((wt, i) => commitWork(wt.dir, `${agents[i] ?? ''} round ${round}`, { pin: workRef('parallel', `tasks/${agents[i] ?? ''}`) })));
      expect(commits.every((commit) => commit !== null)).toBe(true);
    }
    trees.forEach((wt, i) => {
      expect(wt.git('rev-list', '--count', `${base}..HEAD`).trim()).toBe(String(rounds));
      expect(wt.git('rev-parse', workRef('parallel', `tasks/${agents[i] ?? ''}`)).trim()).toBe(wt.git('rev-parse', 'HEAD').trim());
      expect(wt.git('status', '--porcelain')).toBe('');
    });
  });
});

describe('deleteWorkRefs', () => {
  it("deletes exactly the run's pins, returns them, and is idempotent", async () => {
    const { repo, snapshotRef, head } = await userRepo('run1');
    const base = await createWorkspaceBase(repo.dir, 'run1', snapshotRef);
    repo.git('update-ref', workRef('run1', 'tasks/a'), base);
    repo.git('update-ref', workRef('run1', 'tasks/b'), head);
    repo.git('update-ref', workRef('run10', 'base'), head);

    expect(await deleteWorkRefs(repo.dir, 'run1')).toEqual([workRef('run1', 'base'), workRef('run1', 'tasks/a'), workRef('run1', 'tasks/b')]);
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/wavefront/').trim().split('\n')).toEqual([
      'refs/wavefront/runs/run1/wave-0',
      workRef('run10', 'base'),
    ]);
    expect(await deleteWorkRefs(repo.dir, 'run1')).toEqual([]);
    expectErrorCode(await failure(deleteWorkRefs(repo.dir, '../run1')), 'UNSAFE_PATH');
    expectErrorCode(await failure(deleteWorkRefs(repo.dir, 1 as unknown as string)), 'INVALID_ARGUMENT');
    expect(readFileSync(join(repo.dir, 'f.txt'), 'utf8')).toBe('one\ntwo (user)\nthree\n');
  });
});
