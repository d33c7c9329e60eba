/**
 * Listing and deleting wavefront's private refs.
 * @module
 */
import { RUN_REF_PREFIX, assertSafeRefComponent, parseRunRef } from './names.js';
import { inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit } from './run-git.js';

/**
 * The wavefront refs (`refs/wavefront/runs/<runId>/<label>`) of one run, or of all runs, sorted by
 * name. Refs below the prefix that do not have a safe run id and label are skipped, never returned.
 * @throws WavefrontError `UNSAFE_PATH` for an unsafe run id, `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function listRunRefs(cwd: string, runId?: string, options: { signal?: AbortSignal | undefined } = {}): Promise<string[]> {
  const prefix = runId === undefined ? RUN_REF_PREFIX : `${RUN_REF_PREFIX}${assertSafeRefComponent(runId, 'runId')}/`;
  const state = await inspectRepository(cwd, options.signal);
  const result = await runGit(['for-each-ref', '--format=%(refname)', prefix], {
    cwd: state.root,
    signal: options.signal,
    readOnly: true,
  });
  return result.stdout
    .split('\n')
    .filter((ref) => ref !== '' && parseRunRef(ref) !== null && ref.startsWith(prefix));
}

/**
 * Deletes every wavefront ref of run `runId` in one transaction (`update-ref --stdin`). The snapshot
 * commits become unreachable and are pruned by a later `git gc`. Nothing happens when there are none.
 * @throws WavefrontError `UNSAFE_PATH` for an unsafe run id, `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function deleteRunRefs(cwd: string, runId: string, options: { signal?: AbortSignal | undefined } = {}): Promise<void> {
  assertSafeRefComponent(runId, 'runId');
  const state = await inspectRepository(cwd, options.signal);
  await withRepoLock(state.root, async () => {
    const refs = await listRunRefs(state.root, runId, options);
    if (refs.length === 0) return;
    await runGit(['update-ref', '--stdin'], {
      cwd: state.root,
      signal: options.signal,
      input: refs.map((ref) => `delete ${ref}\n`).join(''),
    });
  });
}
