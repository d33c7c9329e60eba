/**
 * listRunRefs, deleteRunRefs and changedFiles.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedFiles, createSnapshot, deleteRunRefs, listRunRefs } from '../src/git/index.js';
import { type TestRepo, cleanupAll, isolateGitHome, makeRepo } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function repoWithCommit(): TestRepo {
  const repo = makeRepo();
  repo.write('.gitignore', '*.log\n');
  repo.write('a.txt', 'a\n');
  repo.write('run.sh', 'echo\n', 0o644);
  repo.write('gone.txt', 'gone\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'init');
  return repo;
}

describe('run refs', () => {
  it('lists the refs of one run or of all runs, skips foreign refs, and deletes one run', async () => {
    const repo = repoWithCommit();
    await createSnapshot(repo.dir, 'run-a');
    await createSnapshot(repo.dir, 'run-a', { label: 'wave-2' });
    await createSnapshot(repo.dir, 'run-ab');
    const head = repo.git('rev-parse', 'HEAD').trim();
    repo.git('update-ref', 'refs/wavefront/runs/run-a/deep/extra', head);
    repo.git('update-ref', 'refs/wavefront/other', head);

    expect(await listRunRefs(repo.dir, 'run-a')).toEqual(['refs/wavefront/runs/run-a/wave-0', 'refs/wavefront/runs/run-a/wave-2']);
    expect(await listRunRefs(repo.dir)).toEqual([
      'refs/wavefront/runs/run-a/wave-0',
      'refs/wavefront/runs/run-a/wave-2',
      'refs/wavefront/runs/run-ab/wave-0',
    ]);

    await deleteRunRefs(repo.dir, 'run-a');
    expect(await listRunRefs(repo.dir)).toEqual(['refs/wavefront/runs/run-ab/wave-0']);
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/wavefront/').trim().split('\n')).toEqual([
      'refs/wavefront/other',
      'refs/wavefront/runs/run-a/deep/extra',
      'refs/wavefront/runs/run-ab/wave-0',
    ]);
    await deleteRunRefs(repo.dir, 'no-such-run');
  });
});

describe('changedFiles', () => {
  it('lists added, modified, mode-changed and deleted non-ignored paths since the snapshot, read-only', async () => {
    const repo = repoWithCommit();
    repo.write('pre-existing.txt', 'untracked before the run\n');
    const snapshot = await createSnapshot(repo.dir, 'changes');
    expect(await changedFiles(repo.dir, snapshot.ref)).toEqual([]);

    repo.write('a.txt', 'edited\n');
    chmodSync(join(repo.dir, 'run.sh'), 0o755);
    rmSync(join(repo.dir, 'gone.txt'));
    repo.write('new dir/ü.txt', 'new\n');
    repo.write('noise.log', 'ignored\n');
    const status = repo.git('status', '--porcelain');
    const index = repo.git('ls-files', '-s');

    expect(await changedFiles(repo.dir, snapshot.ref)).toEqual(['a.txt', 'gone.txt', 'new dir/ü.txt', 'run.sh']);
    expect(await changedFiles(repo.dir, snapshot.commit)).toEqual(['a.txt', 'gone.txt', 'new dir/ü.txt', 'run.sh']);
    expect(repo.git('status', '--porcelain')).toBe(status);
    expect(repo.git('ls-files', '-s')).toBe(index);
  });
});
