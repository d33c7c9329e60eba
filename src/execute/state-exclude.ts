/**
 * Keeps the state directory out of git: snapshots, rollbacks and the final commit must never
 * capture or delete the run's own journal.
 * @module
 */
import { excludeDirectory } from '../git/exclude.js';
import { withRepoLock } from '../git/repo-lock.js';
import { runGit } from '../git/run-git.js';

/**
 * Adds `/<stateDir>/` to the repository's local `.git/info/exclude` (never to a tracked
 * `.gitignore`) when the state directory is inside the work tree and not ignored yet. Idempotent.
 */
export async function excludeFromGit(cwd: string, stateDir: string): Promise<void> {
  const top = (await runGit(['rev-parse', '--show-toplevel'], { cwd, readOnly: true })).stdout.trim();
  await withRepoLock(top, () => excludeDirectory(top, stateDir));
}
