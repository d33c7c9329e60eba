/**
 * Per-task work in run worktrees: the base commit every worktree starts from, resetting a worktree,
 * leaving a merge in progress for a resolver agent, committing an agent's work, and the private
 * `refs/wavefront/work/` refs that pin those commits.
 * @module
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WavefrontError, describeValue } from '../model/errors.js';
import { assertCommitMessage, repoPathProblem } from './commit.js';
import { NO_AUTO_GC, fallbackIdentityEnv } from './identity.js';
import { assertSafeRefComponent, assertSnapshotRef, isObjectId } from './names.js';
import { type RepositoryState, assertSafeState, inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit, splitNul } from './run-git.js';
import { readSnapshotAt } from './snapshot.js';
import { withTempDir } from './temp-index.js';
import { RUN_BRANCH_PREFIX, parseRunBranch } from './worktree-names.js';
import { worktreeStatus } from './worktree-status.js';

/** Every ref pinning a run's work (its base commit, each task's commit) lives below this prefix. */
export const WORK_REF_PREFIX = 'refs/wavefront/work/';

const WAVEFRONT_REF_PREFIX = 'refs/wavefront/';
const MAX_NAME_COMPONENTS = 16;
/** Where {@link startMerge} records the conflicted paths, in the worktree's own git directory. */
const CONFLICTS_FILE = 'WAVEFRONT_MERGE_CONFLICTS';
/** A conflict marker line as git writes it (`<<<<<<< ours`, `||||||| base`, `=======`, `>>>>>>> theirs`). */
const MARKER_LINE = /^(?:<{7} |\|{7} |={7}\r?$|>{7} )/m;

type Signal = { readonly signal?: AbortSignal | undefined };

function assertOptions(value: unknown, fn: string): void {
  if (typeof value !== 'object' || value === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `${fn}: options must be an object, got ${describeValue(value)}`);
  }
}

function assertPath(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} must be a non-empty path, got ${describeValue(value)}`, { details: { field: what } });
  }
  return value;
}

function nameComponents(name: unknown, what: string): string[] {
  if (typeof name !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} must be a string, got ${describeValue(name)}`, { details: { field: what } });
  }
  const parts = name.split('/');
  if (parts.length > MAX_NAME_COMPONENTS) {
    throw new WavefrontError('UNSAFE_PATH', `${what} has more than ${MAX_NAME_COMPONENTS} components`, { details: { field: what } });
  }
  for (const part of parts) assertSafeRefComponent(part, what);
  return parts;
}

/**
 * The ref pinning work item `name` of run `runId`: `refs/wavefront/work/<runId>/<name>`. `name` may
 * have several `/`-separated components (`base`, `tasks/<taskId>`); each is validated.
 * @throws WavefrontError `INVALID_ARGUMENT` for a non-string, `UNSAFE_PATH` for an unsafe component
 *   (see {@link assertSafeRefComponent}).
 */
export function workRef(runId: string, name: string): string {
  const run = assertSafeRefComponent(runId, 'runId');
  return `${WORK_REF_PREFIX}${run}/${nameComponents(name, 'name').join('/')}`;
}

function isWavefrontRef(value: string): boolean {
  if (!value.startsWith(WAVEFRONT_REF_PREFIX)) return false;
  try {
    nameComponents(value.slice(WAVEFRONT_REF_PREFIX.length), 'ref');
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a commit passed to a public function: a full object id or a ref below `refs/wavefront/`
 * with safe components, so nothing like `--upload-pack=...` or `HEAD~1` reaches git's argv.
 * @throws WavefrontError `INVALID_ARGUMENT` otherwise.
 * @internal Shared with `materializeRun`.
 */
export function assertCommitRef(value: unknown, what: string): string {
  if (typeof value !== 'string' || (!isObjectId(value) && !isWavefrontRef(value))) {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} must be a full commit id or a ref under ${WAVEFRONT_REF_PREFIX}, got ${describeValue(value)}`, {
      details: { field: what },
    });
  }
  return value;
}

function assertWorkPin(value: unknown, what: string): string {
  const ok = typeof value === 'string' && value.startsWith(WORK_REF_PREFIX) && value.slice(WORK_REF_PREFIX.length).split('/').length >= 2 && isWavefrontRef(value);
  if (!ok) {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} must be a full ref under ${WORK_REF_PREFIX}<runId>/, got ${describeValue(value)}`, {
      details: { field: what },
    });
  }
  return value as string;
}

/**
 * Resolves `ref` to a commit id in `cwd`.
 * @throws WavefrontError `INVALID_ARGUMENT` when it names no commit.
 * @internal
 */
export async function resolveCommitId(cwd: string, ref: string, what: string, signal: AbortSignal | undefined): Promise<string> {
  const result = await runGit(['rev-parse', '-q', '--verify', '--end-of-options', `${ref}^{commit}`], { cwd, signal, readOnly: true, allowFailure: true });
  if (result.code !== 0) {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} ${ref} does not name a commit in ${cwd}`, { details: { field: what, [what]: ref } });
  }
  return result.stdout.trim();
}

function commitHeader(text: string): { tree: string; parents: string[] } {
  const end = text.indexOf('\n\n');
  let tree = '';
  const parents: string[] = [];
  for (const line of (end === -1 ? text : text.slice(0, end)).split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
  }
  return { tree, parents };
}

/**
 * Creates the commit every worktree of run `runId` starts from and pins it at
 * `refs/wavefront/work/<runId>/base`: its tree is the tree of snapshot `snapshotRef` (the user's
 * working state at wave 0: tracked plus untracked non-ignored files), its parent the HEAD commit the
 * snapshot recorded (none on an unborn branch). The repository's identity or `FALLBACK_IDENTITY`,
 * no hooks, not signed. The user's index, working tree and branches are not touched.
 *
 * Idempotent: when the pin exists with the snapshot's tree and parent, that commit is returned.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (bad arguments, `snapshotRef` not a snapshot),
 *   `UNSAFE_PATH` (unsafe run id), `RUN_NOT_FOUND` (snapshot missing), `GIT_STATE_UNSAFE`
 *   (`work-ref-exists`: the pin exists but holds another commit), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function createWorkspaceBase(repo: string, runId: string, snapshotRef: string, options: Signal = {}): Promise<string> {
  const pin = workRef(runId, 'base');
  assertSnapshotRef(snapshotRef, 'snapshotRef');
  assertOptions(options, 'createWorkspaceBase');
  const { signal } = options;
  const state = await inspectRepository(repo, signal);
  const root = state.root;
  const snapshot = await readSnapshotAt(root, snapshotRef, signal);
  const parents = snapshot.head === null ? [] : [snapshot.head];

  return withRepoLock(root, async () => {
    const existing = await runGit(['rev-parse', '-q', '--verify', `${pin}^{commit}`], { cwd: root, signal, readOnly: true, allowFailure: true });
    if (existing.code === 0) {
      const commit = existing.stdout.trim();
      const header = commitHeader((await runGit(['cat-file', 'commit', commit], { cwd: root, signal, readOnly: true })).stdout);
      if (header.tree === snapshot.tree && header.parents.join(' ') === parents.join(' ')) return commit;
      throw new WavefrontError('GIT_STATE_UNSAFE', `${pin} already exists and is not the workspace base of snapshot ${snapshotRef}`, {
        details: { state: 'work-ref-exists', ref: pin, commit },
      });
    }
    const env = await fallbackIdentityEnv(root, signal);
    const message = `wavefront ${runId}: workspace base\n\nWavefront-Run: ${runId}\nWavefront-Snapshot: ${snapshot.commit}\n`;
    const created = await runGit(['commit-tree', '--no-gpg-sign', snapshot.tree, ...parents.flatMap((parent) => ['-p', parent]), '-F', '-'], {
      cwd: root,
      signal,
      env,
      input: message,
    });
    const commit = created.stdout.trim();
    // The empty old value makes the update fail if the pin appeared in the meantime.
    await runGit([...NO_AUTO_GC, 'update-ref', '-m', 'wavefront: workspace base', pin, commit, ''], { cwd: root, signal });
    return commit;
  });
}

/** The state of a run worktree at `path`; refuses anything not on a wavefront run branch. */
async function runWorktreeState(path: unknown, signal: AbortSignal | undefined): Promise<RepositoryState> {
  const state = await inspectRepository(assertPath(path, 'path'), signal);
  if (state.branchRef === null || parseRunBranch(state.branchRef) === null) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `${state.root} is not on a wavefront run branch (${RUN_BRANCH_PREFIX}<runId>/<instance>); refusing to touch it`, {
      details: { state: 'not-a-run-worktree', root: state.root, branch: state.branchRef },
    });
  }
  return state;
}

function refuseLocked(state: RepositoryState): void {
  if (state.indexLocked) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `${join(state.gitDir, 'index.lock')} exists (another git process is running, or one crashed)`, {
      details: { state: 'index-locked', root: state.root },
    });
  }
}

async function mergeHeadOf(gitDir: string): Promise<string | null> {
  try {
    const id = (await readFile(join(gitDir, 'MERGE_HEAD'), 'utf8')).split('\n')[0]?.trim() ?? '';
    return isObjectId(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Resets the run worktree at `path` to `commit`: aborts a merge in progress, `git reset --hard
 * <commit>` (moving the worktree's run branch there) and `git clean -ffd` (untracked files and
 * directories, nested repositories included). Afterwards the worktree equals `commit` except for
 * ignored files, which are kept (`node_modules`, `.env`, build output).
 * Hooks do not run. Serialised per worktree only.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (bad path, `commit` not a full commit id or a ref under
 *   `refs/wavefront/`, or not found), `GIT_STATE_UNSAFE` (`not-a-run-worktree` when `path` is not on
 *   a wavefront run branch, e.g. the user's checkout; `index-locked`), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function resetWorktree(path: string, commit: string, options: Signal = {}): Promise<void> {
  assertCommitRef(commit, 'commit');
  assertOptions(options, 'resetWorktree');
  const { signal } = options;
  const state = await runWorktreeState(path, signal);
  refuseLocked(state);
  const root = state.root;
  const git = (args: readonly string[], allowFailure = false) => runGit([...NO_AUTO_GC, ...args], { cwd: root, signal, allowFailure });
  await withRepoLock(root, async () => {
    const id = await resolveCommitId(root, commit, 'commit', signal);
    if (state.operations.includes('merge') || (await mergeHeadOf(state.gitDir)) !== null) await git(['merge', '--abort'], true);
    await git(['reset', '--hard', '--quiet', '--no-recurse-submodules', id]);
    // -ff: also a repository an agent created inside the worktree (`git init`), which -fd keeps.
    await git(['clean', '-ffd', '--quiet']);
    await rm(join(state.gitDir, CONFLICTS_FILE), { force: true });
  });
}

type WorktreeGit = (args: readonly string[], extra?: { allowFailure?: boolean; readOnly?: boolean }) => ReturnType<typeof runGit>;

/** git in a run worktree with the repository identity (or the fallback one) and auto-gc off. */
async function identityGit(root: string, signal: AbortSignal | undefined): Promise<WorktreeGit> {
  const env = await fallbackIdentityEnv(root, signal);
  return (args, extra = {}) =>
    runGit([...NO_AUTO_GC, ...args], { cwd: root, signal, env, allowFailure: extra.allowFailure === true, readOnly: extra.readOnly === true });
}

/**
 * Starts merging `commit` into the clean run worktree at `path` and stops before committing:
 * `git merge --no-ff --no-commit --no-verify --no-autostash <commit>` (hooks off, no auto-gc, the
 * repository's identity or `FALLBACK_IDENTITY`). The merge is left in progress (`MERGE_HEAD`), with
 * conflict markers in the conflicted files, for a resolver agent to finish; {@link commitWork} then
 * commits it. When `commit` is already contained in HEAD nothing happens (`alreadyUpToDate: true`).
 *
 * @returns the conflicted paths (relative to the worktree root, sorted; empty when the merge went
 *   through cleanly and is only waiting to be committed).
 * @throws WavefrontError `INVALID_ARGUMENT` (bad path, bad or unknown `commit`), `GIT_STATE_UNSAFE`
 *   (`not-a-run-worktree`; `worktree-dirty` with uncommitted or untracked files; a merge/rebase/...
 *   already in progress, `index.lock`, unresolved conflicts), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function startMerge(path: string, commit: string, options: Signal = {}): Promise<{ conflicts: string[]; alreadyUpToDate: boolean }> {
  assertCommitRef(commit, 'commit');
  assertOptions(options, 'startMerge');
  const { signal } = options;
  const state = await runWorktreeState(path, signal);
  await assertSafeState(state, { allowDetached: false, signal });
  const root = state.root;
  const git = await identityGit(root, signal);

  return withRepoLock(root, async () => {
    const status = await worktreeStatus(root, { signal });
    if (!status.clean) {
      throw new WavefrontError('GIT_STATE_UNSAFE', `the run worktree ${root} has uncommitted or untracked changes`, {
        details: { state: 'worktree-dirty', path: root, changed: status.changed.slice(0, 50), untracked: status.untracked.slice(0, 50) },
      });
    }
    const id = await resolveCommitId(root, commit, 'commit', signal);
    const contained = await git(['merge-base', '--is-ancestor', id, 'HEAD'], { allowFailure: true, readOnly: true });
    if (contained.code === 0) return { conflicts: [], alreadyUpToDate: true };
    if (contained.code !== 1) {
      throw new WavefrontError('GIT_FAILED', `git merge-base failed with exit code ${contained.code}: ${contained.stderr.trim().split('\n')[0] ?? ''}`, {
        details: { args: ['merge-base', '--is-ancestor', id, 'HEAD'], code: contained.code, stderr: contained.stderr.slice(0, 4000) },
      });
    }
    const recordFile = join(state.gitDir, CONFLICTS_FILE);
    await rm(recordFile, { force: true });
    const message = `Merge ${id} into ${state.branchRef?.slice('refs/heads/'.length) ?? 'HEAD'}`;
    const result = await git(['merge', '--no-ff', '--no-commit', '--no-verify', '--no-autostash', '--no-squash', '-m', message, '--', id], {
      allowFailure: true,
    });
    const unmerged = await git(['diff', '--name-only', '--diff-filter=U', '-z'], { readOnly: true });
    const conflicts = [...new Set(splitNul(unmerged.stdout))].sort();
    const started = (await mergeHeadOf(state.gitDir)) !== null;
    if (!started || (result.code !== 0 && conflicts.length === 0)) {
      if (started) await git(['merge', '--abort'], { allowFailure: true });
      await git(['reset', '--hard', '--quiet', 'HEAD'], { allowFailure: true });
      throw new WavefrontError('GIT_FAILED', `git merge of ${id} failed with exit code ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`, {
        details: { args: ['merge', id], code: result.code, stderr: result.stderr.slice(0, 4000) },
      });
    }
    await writeFile(recordFile, JSON.stringify({ mergeHead: id, paths: conflicts }), { mode: 0o600 });
    return { conflicts, alreadyUpToDate: false };
  });
}

/** The paths of the merge in progress that were conflicted: recorded by startMerge, plus any still unmerged. */
async function conflictedPaths(state: RepositoryState, signal: AbortSignal | undefined): Promise<string[]> {
  const paths = new Set<string>();
  const mergeHead = await mergeHeadOf(state.gitDir);
  try {
    const record = JSON.parse(await readFile(join(state.gitDir, CONFLICTS_FILE), 'utf8')) as unknown;
    if (typeof record === 'object' && record !== null && (record as { mergeHead?: unknown }).mergeHead === mergeHead) {
      const listed = (record as { paths?: unknown }).paths;
      if (Array.isArray(listed)) for (const path of listed) if (typeof path === 'string' && repoPathProblem(path) === null) paths.add(path);
    }
  } catch {
    // no record: the merge was not started by startMerge
  }
  const unmerged = await runGit(['diff', '--name-only', '--diff-filter=U', '-z'], { cwd: state.root, signal, readOnly: true });
  for (const path of splitNul(unmerged.stdout)) if (repoPathProblem(path) === null) paths.add(path);
  return [...paths].sort();
}

async function hasMarkers(file: string): Promise<boolean> {
  try {
    return MARKER_LINE.test(await readFile(file, 'latin1'));
  } catch {
    return false; // deleted by the resolver, or a directory now
  }
}

/**
 * Commits an agent's work in the run worktree at `path` on its run branch.
 *
 * With a merge in progress (see {@link startMerge}): refuses while a file that was conflicted still
 * contains a conflict marker line (`<<<<<<< `, `||||||| `, `=======` alone, `>>>>>>> `); otherwise
 * `git add -A` and commits the merge, a merge commit with both parents even when its tree equals
 * HEAD's. Without a merge: `git add -A` (tracked and untracked non-ignored files) and a commit, or
 * null when there is nothing to commit. Hooks off, no auto-gc, not signed, the repository's identity
 * or `FALLBACK_IDENTITY`, the message through a private file. Serialised per worktree only, so
 * worktrees of different agents commit in parallel.
 *
 * With `pin` (a full ref under `refs/wavefront/work/<runId>/`), the pin is set to the new commit
 * when one was made.
 *
 * @returns the new commit, or null when there was nothing to commit.
 * @throws WavefrontError `INVALID_ARGUMENT` (bad path, message or pin), `GIT_STATE_UNSAFE`
 *   (`conflict-markers` with `details.paths`; `not-a-run-worktree`; a rebase/cherry-pick/... in
 *   progress, `index-locked`, unresolved conflicts outside a merge), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function commitWork(
  path: string,
  message: string,
  options: Signal & { readonly pin?: string | undefined } = {},
): Promise<string | null> {
  const text = assertCommitMessage(message);
  assertOptions(options, 'commitWork');
  const pin = options.pin === undefined ? null : assertWorkPin(options.pin, 'pin');
  const { signal } = options;
  const state = await runWorktreeState(path, signal);
  const merging = state.operations.includes('merge');
  if (merging) {
    const other = state.operations.find((operation) => operation !== 'merge');
    if (other !== undefined) await assertSafeState({ ...state, operations: [other] }, { allowDetached: false, signal });
    refuseLocked(state);
  } else {
    await assertSafeState(state, { allowDetached: false, signal });
  }
  const root = state.root;
  const git = await identityGit(root, signal);

  return withRepoLock(root, async () => {
    if (merging) {
      const marked: string[] = [];
      for (const conflicted of await conflictedPaths(state, signal)) {
        if (await hasMarkers(join(root, conflicted))) marked.push(conflicted);
      }
      if (marked.length > 0) {
        throw new WavefrontError('GIT_STATE_UNSAFE', `conflict markers remain in ${marked.length} file(s) of ${root}: ${marked.slice(0, 5).join(', ')}`, {
          details: { state: 'conflict-markers', root, paths: marked },
        });
      }
    }
    await git(['add', '-A']);
    if (!merging) {
      const diff = await git(['diff', '--cached', '--quiet', '--no-ext-diff'], { allowFailure: true, readOnly: true });
      if (diff.code === 0) return null;
      if (diff.code !== 1) {
        throw new WavefrontError('GIT_FAILED', `git diff --cached failed with exit code ${diff.code}`, {
          details: { args: ['diff', '--cached', '--quiet'], code: diff.code, stderr: diff.stderr.slice(0, 4000) },
        });
      }
    }
    await withTempDir(async (dir) => {
      const messageFile = join(dir, 'message');
      await writeFile(messageFile, text, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      await git(['commit', '--no-verify', '--no-gpg-sign', '--quiet', '--cleanup=whitespace', '-F', messageFile]);
    });
    const head = (await git(['rev-parse', '--verify', 'HEAD^{commit}'], { readOnly: true })).stdout.trim();
    await rm(join(state.gitDir, CONFLICTS_FILE), { force: true });
    if (pin !== null) await git(['update-ref', '-m', 'wavefront: pin work', pin, head]);
    return head;
  });
}

/**
 * Deletes every ref under `refs/wavefront/work/<runId>/` (one `update-ref --stdin` transaction);
 * the commits they pinned become unreachable unless a branch holds them. Idempotent.
 * @returns the deleted refs, sorted.
 * @throws WavefrontError `INVALID_ARGUMENT`/`UNSAFE_PATH` for a bad run id, `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export async function deleteWorkRefs(repo: string, runId: string, options: Signal = {}): Promise<string[]> {
  const prefix = `${WORK_REF_PREFIX}${assertSafeRefComponent(runId, 'runId')}/`;
  assertOptions(options, 'deleteWorkRefs');
  const { signal } = options;
  const state = await inspectRepository(repo, signal);
  return withRepoLock(state.root, async () => {
    const listed = await runGit(['for-each-ref', '--format=%(refname)', prefix], { cwd: state.root, signal, readOnly: true });
    const refs = listed.stdout.split('\n').filter((ref) => ref.startsWith(prefix)).sort();
    if (refs.length === 0) return [];
    await runGit([...NO_AUTO_GC, 'update-ref', '--stdin'], {
      cwd: state.root,
      signal,
      input: refs.map((ref) => `delete ${ref}\n`).join(''),
    });
    return refs;
  });
}

/**
 * Checks a resolver's commit before it is integrated: `merged` (the work it had to merge) must be
 * an ancestor of `commit` (a resolver that aborted the merge would drop that work), and none of
 * `paths` (the conflicted files) may hold a conflict marker line in `commit` (a resolver that
 * committed the markers itself would pass them on). A path deleted in `commit` is fine.
 *
 * @throws WavefrontError `GIT_STATE_UNSAFE` with `details.state` `resolution-dropped` or
 *   `conflict-markers` (`details.paths`), `INVALID_ARGUMENT` for a bad commit, `GIT_FAILED`.
 */
export async function assertResolved(cwd: string, commit: string | null, options: { readonly merged: string; readonly paths: readonly string[]; readonly signal?: AbortSignal | undefined }): Promise<void> {
  const { signal } = options;
  const merged = assertCommitRef(options.merged, 'merged');
  const contained =
    commit !== null &&
    (await runGit(['merge-base', '--is-ancestor', '--', merged, assertCommitRef(commit, 'commit')], { cwd, signal, readOnly: true, allowFailure: true })).code === 0;
  if (!contained) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `the resolution does not contain the work it had to merge (${merged.slice(0, 12)}): was the merge aborted?`, {
      details: { state: 'resolution-dropped', merged, commit },
    });
  }
  const marked: string[] = [];
  for (const path of options.paths) {
    const blob = await runGit(['cat-file', 'blob', `${commit as string}:${path}`], { cwd, signal, readOnly: true, allowFailure: true });
    if (blob.code === 0 && MARKER_LINE.test(blob.stdout)) marked.push(path);
  }
  if (marked.length > 0) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `conflict markers remain in ${marked.length} file(s) of the resolution: ${marked.slice(0, 5).join(', ')}`, {
      details: { state: 'conflict-markers', paths: marked },
    });
  }
}
