/**
 * Rollback: put the working tree, the index, HEAD and the branch back to a snapshot.
 * @module
 */
import { lstat, rmdir, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import { assertSnapshotRef } from './names.js';
import { type GitOperationState, inspectRepository, operationsIn } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit, splitNul } from './run-git.js';
import { readSnapshotAt } from './snapshot.js';
import { withTempIndex } from './temp-index.js';

/** What {@link restoreSnapshot} did. */
export interface RestoreResult {
  /** Untracked, non-ignored files created after the snapshot that were deleted (relative, `/`-separated). */
  readonly removed: readonly string[];
  /** Operations in progress (merge, rebase, ...) that were abandoned with `--quit`. */
  readonly quitOperations: readonly GitOperationState[];
}

const QUIT_COMMAND: Readonly<Record<GitOperationState, readonly string[]>> = {
  merge: ['merge', '--quit'],
  rebase: ['rebase', '--quit'],
  am: ['am', '--quit'],
  'cherry-pick': ['cherry-pick', '--quit'],
  revert: ['revert', '--quit'],
  sequencer: ['cherry-pick', '--quit'],
  // Checking out HEAD itself changes nothing; our own restore below sets HEAD and the files.
  bisect: ['bisect', 'reset', 'HEAD'],
};

/**
 * Restores the repository containing `cwd` to the snapshot `ref` (from {@link createSnapshot}).
 *
 * Afterwards:
 * - tracked and untracked non-ignored files are exactly the snapshot's (content, exec bit, symlinks);
 * - untracked files created since that are not ignored (by the snapshot's `.gitignore` files) are
 *   deleted, and directories they leave empty are removed;
 * - ignored files (`.env`, `node_modules`) are not touched, unless one sits at a path the snapshot
 *   needs (a file or directory that must be written there) — that path's snapshot content wins;
 * - the index is the user's staged state at snapshot time (staged vs unstaged split preserved);
 * - HEAD is back on the snapshot's branch, and that branch points at the snapshot's HEAD commit
 *   again (commits made since stay reachable through the reflog and any other branches);
 * - a merge, rebase, am, cherry-pick, revert or bisect started since is abandoned with `--quit`.
 *
 * Not restored: other branches, tags and the stash created since; the content of nested
 * repositories and submodules; `.git/config`. No hooks run. Restoring is idempotent, so an
 * interrupted restore can simply be run again.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` for a ref that is not a wavefront snapshot,
 *   `RUN_NOT_FOUND` when it does not exist, `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`, `ABORTED`.
 */
export async function restoreSnapshot(cwd: string, ref: string, options: { signal?: AbortSignal | undefined } = {}): Promise<RestoreResult> {
  assertSnapshotRef(ref);
  const { signal } = options;
  const state = await inspectRepository(cwd, signal);
  const root = state.root;
  const git = { cwd: root, signal };
  const snapshot = await readSnapshotAt(root, ref, signal);

  return withRepoLock(root, async () => {
    const operations = operationsIn(state.gitDir);
    for (const operation of operations) {
      await runGit(QUIT_COMMAND[operation], { ...git, allowFailure: true });
    }

    const untracked = await withTempIndex(state.gitDir, async (index) => {
      const env = index.env();
      // Entries the snapshot does not have leave the temporary index first, so read-tree does not
      // delete them: whether they go is decided below, by the snapshot's ignore rules.
      const added = await runGit(
        ['diff-index', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=A', snapshot.commit, '--'],
        { ...git, env },
      );
      if (added.stdout !== '') {
        await runGit(['update-index', '--force-remove', '-z', '--stdin'], { ...git, env, input: added.stdout });
      }
      await runGit(['read-tree', '--reset', '-u', snapshot.commit], { ...git, env });
      const others = await runGit(['ls-files', '-o', '--exclude-standard', '-z'], { ...git, env });
      return splitNul(others.stdout);
    });
    const removed = await removeUntracked(root, untracked);

    await runGit(['read-tree', '--reset', snapshot.indexTree], git);
    await runGit(['update-index', '-q', '--refresh'], { ...git, allowFailure: true });

    const reflog = `wavefront: rollback to ${ref}`;
    if (snapshot.branchRef !== null) {
      if (snapshot.head === null) await runGit(['update-ref', '-m', reflog, '-d', snapshot.branchRef], git);
      else await runGit(['update-ref', '-m', reflog, snapshot.branchRef, snapshot.head], git);
      await runGit(['symbolic-ref', '-m', reflog, 'HEAD', snapshot.branchRef], git);
    } else if (snapshot.head !== null) {
      await runGit(['update-ref', '-m', reflog, '--no-deref', 'HEAD', snapshot.head], git);
    }
    return { removed, quitOperations: operations };
  });
}

/** Deletes the given untracked files below `root`; never follows a path outside it. */
async function removeUntracked(root: string, paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const path of paths) {
    // A trailing slash marks a nested repository: like `git clean` without -ff, leave it alone.
    if (path === '' || path.endsWith('/')) continue;
    const full = join(root, path);
    const rel = relative(root, full);
    if (isAbsolute(path) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new WavefrontError('UNSAFE_PATH', `git reported a path outside the work tree: ${JSON.stringify(path)}`, {
        details: { path },
      });
    }
    try {
      const stats = await lstat(full);
      if (stats.isDirectory()) continue;
      await unlink(full);
      removed.push(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new WavefrontError('GIT_FAILED', `could not delete ${path}: ${String(error)}`, { cause: error, details: { path } });
    }
    for (let dir = dirname(full); dir !== root && dir.startsWith(root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
  }
  return removed;
}
