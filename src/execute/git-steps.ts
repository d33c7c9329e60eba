/**
 * The git operations a run needs, bound to one repository (or disabled).
 * @module
 */
import { commitRun } from '../git/commit.js';
import { waitOutIndexLock } from '../git/index-lock-wait.js';
import { restoreSnapshot } from '../git/rollback.js';
import { runGit } from '../git/run-git.js';
import { runRefName } from '../git/names.js';
import { createSnapshot, readSnapshot } from '../git/snapshot.js';
import { isWavefrontError } from '../model/errors.js';

/** Git steps of a run. With git disabled every step is a no-op returning undefined. */
export interface GitSteps {
  /** False when the run does not use git. */
  readonly enabled: boolean;
  /** Wave 0: snapshot the working tree at the run's backup ref. */
  snapshot(): Promise<{ ref: string; commit: string } | undefined>;
  /** Restore the working tree to a snapshot ref. */
  restore(ref: string): Promise<void>;
  /** Last wave: commit the run's changes on the current branch (with `paths`: exactly those paths). */
  commit(message: string, paths?: readonly string[]): Promise<{ commit: string | null; filesChanged: readonly string[] } | undefined>;
  /** The run's final commit if HEAD is it (a crash after committing, before recording it). */
  findRunCommit(runId: string): Promise<{ commit: string; filesChanged: readonly string[] } | undefined>;
}

/** What a resumed run's journal says about git. */
export interface ResumedGit {
  /** The recorded backup ref: the final commit is scoped to the changes since it, as in the process that took it. */
  readonly snapshotRef?: string | undefined;
}

/** Git steps for `cwd` and `runId`; `resumed` when the run resumes an interrupted one. */
export function gitSteps(cwd: string, runId: string, enabled: boolean, resumed?: ResumedGit): GitSteps {
  if (!enabled) {
    return {
      enabled: false,
      snapshot: () => Promise.resolve(undefined),
      restore: () => Promise.resolve(),
      commit: () => Promise.resolve(undefined),
      findRunCommit: () => Promise.resolve(undefined),
    };
  }
  let snapshotRef: string | undefined = resumed?.snapshotRef;
  return {
    enabled: true,
    async snapshot() {
      if (resumed !== undefined) {
        // Taken before a crash but never journalled: every task waits for the backup, so nothing
        // has run since and that snapshot is still the pre-run state (a new one would be refused).
        const existing = await readSnapshot(cwd, runRefName(runId)).catch((error: unknown) => {
          if (isWavefrontError(error, 'RUN_NOT_FOUND')) return undefined;
          throw error;
        });
        if (existing !== undefined) {
          snapshotRef = existing.ref;
          return { ref: existing.ref, commit: existing.commit };
        }
      }
      const snapshot = await waitOutIndexLock(() => createSnapshot(cwd, runId));
      snapshotRef = snapshot.ref;
      return { ref: snapshot.ref, commit: snapshot.commit };
    },
    async restore(ref) {
      await waitOutIndexLock(() => restoreSnapshot(cwd, ref));
    },
    async findRunCommit(id) {
      const head = await runGit(['log', '-1', '--format=%H%x00%B'], { cwd, allowFailure: true, readOnly: true });
      const [sha, body] = head.stdout.split('\0');
      if (head.code !== 0 || !sha || !body?.includes(`Run ${id}:`)) return undefined;
      const files = await runGit(['diff-tree', '--no-commit-id', '--name-only', '-r', '-z', sha], { cwd, readOnly: true });
      return { commit: sha.trim(), filesChanged: files.stdout.split('\0').filter((f) => f !== '') };
    },
    async commit(message, paths) {
      // Only what changed since the snapshot: the user's own uncommitted work stays uncommitted.
      const options = { ...(snapshotRef === undefined ? {} : { snapshotRef }), ...(paths === undefined ? {} : { paths }) };
      return waitOutIndexLock(() => commitRun(cwd, message, options));
    },
  };
}
