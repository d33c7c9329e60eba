/**
 * Which files changed since a snapshot.
 * @module
 */
import { assertSnapshotRef } from './names.js';
import { inspectRepository } from './preflight.js';
import { runGit, splitNul } from './run-git.js';
import { withTempIndex } from './temp-index.js';

/** One path that differs between a snapshot and the working tree. */
export interface FileChange {
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  /** A: added since the snapshot, M: modified (content or exec bit), T: type changed, D: deleted. */
  readonly status: 'A' | 'M' | 'T' | 'D';
}

/**
 * The changes between snapshot `sinceRef` and the current working tree (tracked plus untracked
 * non-ignored files, as `git add -A` would see them), sorted by path; renames are a D plus an A.
 * Read-only: works on a temporary index; does not modify the repository.
 * @internal Shared by {@link changedFiles} and `commitRun`.
 */
export async function diffSinceSnapshot(
  root: string,
  gitDir: string,
  commit: string,
  signal?: AbortSignal,
): Promise<FileChange[]> {
  return withTempIndex(gitDir, async (index) => {
    const git = { cwd: root, signal, env: index.env() };
    await runGit(['add', '-A'], git);
    const diff = await runGit(['diff-index', '--cached', '--name-status', '-z', '--no-renames', commit, '--'], git);
    const fields = splitNul(diff.stdout);
    const changes: FileChange[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const status = (fields[i] ?? '').charAt(0);
      const path = fields[i + 1] ?? '';
      if (status === 'A' || status === 'M' || status === 'T' || status === 'D') changes.push({ path, status });
    }
    return changes;
  });
}

/**
 * Paths (relative to the repository root, `/`-separated, sorted) whose content, mode or existence
 * differs between the snapshot `sinceRef` and the current working tree. Ignored files are not
 * considered. Does not modify the repository.
 * @throws WavefrontError `INVALID_ARGUMENT` for a ref that is not a wavefront ref or commit id,
 *   `NOT_A_GIT_REPOSITORY`, `GIT_FAILED` (e.g. the ref does not exist).
 */
export async function changedFiles(cwd: string, sinceRef: string, options: { signal?: AbortSignal | undefined } = {}): Promise<string[]> {
  assertSnapshotRef(sinceRef, 'sinceRef');
  const state = await inspectRepository(cwd, options.signal);
  const changes = await diffSinceSnapshot(state.root, state.gitDir, sinceRef, options.signal);
  return changes.map((change) => change.path);
}
