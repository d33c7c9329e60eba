/**
 * Wave-0 backup: a snapshot commit of the working tree, built in a temporary index and pinned by a
 * private ref, without touching the user's index, working tree, branch, stash or history.
 * @module
 */
import { WavefrontError } from '../model/errors.js';
import { DEFAULT_SNAPSHOT_LABEL, assertSafeRefComponent, assertSnapshotRef, isObjectId, parseRunRef, runRefName } from './names.js';
import { assertSafeState, inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit } from './run-git.js';
import { withTempIndex } from './temp-index.js';

/** A snapshot as created by {@link createSnapshot} and read back by {@link readSnapshot}. */
export interface Snapshot {
  /** The private ref pinning it: `refs/wavefront/runs/<runId>/<label>` (or the commit id it was read by). */
  readonly ref: string;
  /** The snapshot commit. */
  readonly commit: string;
  /** Tree of the working tree at snapshot time: tracked files plus untracked files that were not ignored. */
  readonly tree: string;
  /** Tree of the user's index (staged state) at snapshot time. */
  readonly indexTree: string;
  /** Full ref name of the branch HEAD was on (`refs/heads/main`), or null when HEAD was detached. */
  readonly branchRef: string | null;
  /** The commit HEAD pointed at, or null on an unborn branch. */
  readonly head: string | null;
  readonly runId: string;
  readonly label: string;
}

/** Options of {@link createSnapshot}. */
export interface CreateSnapshotOptions {
  /** Last ref component; default `wave-0`. Same alphabet as run ids. */
  readonly label?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The fixed identity of snapshot commits, so snapshots work in repositories without `user.name`. */
export const SNAPSHOT_IDENTITY: Readonly<NodeJS.ProcessEnv> = Object.freeze({
  GIT_AUTHOR_NAME: 'wavefront',
  GIT_AUTHOR_EMAIL: 'wavefront@localhost',
  GIT_COMMITTER_NAME: 'wavefront',
  GIT_COMMITTER_EMAIL: 'wavefront@localhost',
});

const UNBORN = 'unborn';
const DETACHED = 'HEAD';

function snapshotMessage(fields: { runId: string; label: string; branchRef: string | null; head: string | null; indexTree: string }): string {
  return [
    `wavefront snapshot ${fields.runId} ${fields.label}`,
    '',
    'Wavefront-Snapshot: 1',
    `Wavefront-Run: ${fields.runId}`,
    `Wavefront-Label: ${fields.label}`,
    `Wavefront-Branch: ${fields.branchRef ?? DETACHED}`,
    `Wavefront-Head: ${fields.head ?? UNBORN}`,
    `Wavefront-Index-Tree: ${fields.indexTree}`,
    '',
  ].join('\n');
}

/**
 * Creates the snapshot `refs/wavefront/runs/<runId>/<label>` of the repository containing `cwd`.
 *
 * The snapshot commit has the working tree (tracked + untracked non-ignored files, with their
 * content and exec bit) as its tree, HEAD (if any) as first parent, and, like `git stash`, a second
 * parent whose tree is the user's index, so {@link restoreSnapshot} can restore the staged state.
 * Branch and HEAD are recorded as trailers of the message. Everything is built in a temporary copy of
 * the index; the user's index, working tree, branch, HEAD, stash and reflogs are not modified.
 * No hooks run and commits are not signed. Ignored files (`.env`, `node_modules`) are not captured;
 * untracked secrets that are not ignored are.
 *
 * @throws WavefrontError `UNSAFE_PATH` for an unsafe run id or label, `NOT_A_GIT_REPOSITORY`,
 *   `GIT_STATE_UNSAFE` (merge/rebase/... in progress, conflicts, `index.lock`; a detached HEAD is
 *   allowed here), `INVALID_ARGUMENT` when the ref already exists (a snapshot is never overwritten),
 *   `GIT_FAILED`.
 */
export async function createSnapshot(cwd: string, runId: string, options: CreateSnapshotOptions = {}): Promise<Snapshot> {
  const label = assertSafeRefComponent(options.label ?? DEFAULT_SNAPSHOT_LABEL, 'label');
  const ref = runRefName(assertSafeRefComponent(runId, 'runId'), label);
  const { signal } = options;
  const state = await inspectRepository(cwd, signal);
  await assertSafeState(state, { allowDetached: true, signal });
  const git = { cwd: state.root, signal };

  return withRepoLock(state.root, async () => {
    const existing = await runGit(['rev-parse', '-q', '--verify', ref], { ...git, allowFailure: true, readOnly: true });
    if (existing.code === 0) {
      throw new WavefrontError('INVALID_ARGUMENT', `snapshot ${ref} already exists; snapshots are never overwritten`, {
        details: { ref },
      });
    }
    const { indexTree, tree } = await withTempIndex(state.gitDir, async (index) => {
      const env = index.env();
      const staged = (await runGit(['write-tree'], { ...git, env })).stdout.trim();
      await runGit(['add', '-A'], { ...git, env });
      const worktree = (await runGit(['write-tree'], { ...git, env })).stdout.trim();
      return { indexTree: staged, tree: worktree };
    });
    const headParent = state.head === null ? [] : ['-p', state.head];
    const commitEnv = { ...git, env: SNAPSHOT_IDENTITY };
    const indexCommit = (
      await runGit(['commit-tree', '--no-gpg-sign', indexTree, ...headParent, '-F', '-'], {
        ...commitEnv,
        input: `wavefront index ${runId} ${label}\n`,
      })
    ).stdout.trim();
    const message = snapshotMessage({ runId, label, branchRef: state.branchRef, head: state.head, indexTree });
    const commit = (
      await runGit(['commit-tree', '--no-gpg-sign', tree, ...headParent, '-p', indexCommit, '-F', '-'], {
        ...commitEnv,
        input: message,
      })
    ).stdout.trim();
    // The empty old value makes the update fail if the ref appeared in the meantime.
    await runGit(['update-ref', '-m', `wavefront: snapshot ${label}`, ref, commit, ''], git);
    return { ref, commit, tree, indexTree, branchRef: state.branchRef, head: state.head, runId, label };
  });
}

function parseCommitObject(text: string): { tree: string; parents: string[]; trailers: Map<string, string> } {
  const split = text.indexOf('\n\n');
  const header = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? '' : text.slice(split + 2);
  let tree = '';
  const parents: string[] = [];
  for (const line of header.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
  }
  const trailers = new Map<string, string>();
  for (const line of body.split('\n')) {
    const match = /^(Wavefront-[A-Za-z-]+): (.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined && !trailers.has(match[1])) trailers.set(match[1], match[2]);
  }
  return { tree, parents, trailers };
}

function corrupt(ref: string, why: string): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `${ref} is not a valid wavefront snapshot: ${why}`, { details: { ref } });
}

/**
 * Reads a snapshot back from its ref (or commit id) and validates everything in it, since refs can be
 * written by anyone with access to the repository.
 * @throws WavefrontError `INVALID_ARGUMENT` for a malformed ref or a commit that is not a wavefront
 *   snapshot, `RUN_NOT_FOUND` when the ref does not exist, `NOT_A_GIT_REPOSITORY`.
 */
export async function readSnapshot(
  cwd: string,
  ref: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<Snapshot> {
  assertSnapshotRef(ref);
  const state = await inspectRepository(cwd, options.signal);
  return readSnapshotAt(state.root, ref, options.signal);
}

/** {@link readSnapshot} for a known repository root (no repository inspection). @internal */
export async function readSnapshotAt(root: string, ref: string, signal: AbortSignal | undefined): Promise<Snapshot> {
  assertSnapshotRef(ref);
  const git = { cwd: root, signal, readOnly: true };
  const id = await runGit(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { ...git, allowFailure: true });
  if (id.code !== 0) {
    throw new WavefrontError('RUN_NOT_FOUND', `snapshot ${ref} does not exist`, { details: { ref } });
  }
  const commit = id.stdout.trim();
  const parsed = parseCommitObject((await runGit(['cat-file', 'commit', commit], git)).stdout);
  const { trailers } = parsed;
  if (trailers.get('Wavefront-Snapshot') !== '1') throw corrupt(ref, 'missing Wavefront-Snapshot trailer');
  const runId = trailers.get('Wavefront-Run') ?? '';
  const label = trailers.get('Wavefront-Label') ?? '';
  const branch = trailers.get('Wavefront-Branch') ?? '';
  const head = trailers.get('Wavefront-Head') ?? '';
  const indexTree = trailers.get('Wavefront-Index-Tree') ?? '';
  if (parseRunRef(`refs/wavefront/runs/${runId}/${label}`) === null) throw corrupt(ref, 'bad run id or label');
  if (!isObjectId(parsed.tree) || !isObjectId(indexTree)) throw corrupt(ref, 'bad tree id');
  if (head !== UNBORN && !isObjectId(head)) throw corrupt(ref, 'bad head');
  if (head !== UNBORN && parsed.parents[0] !== head) throw corrupt(ref, 'head is not the first parent');
  let branchRef: string | null = null;
  if (branch !== DETACHED) {
    if (!/^refs\/heads\/[^\s~^:?*[\\]+$/.test(branch) || branch.includes('..')) throw corrupt(ref, 'bad branch');
    const check = await runGit(['check-ref-format', branch], { ...git, allowFailure: true });
    if (check.code !== 0) throw corrupt(ref, 'bad branch');
    branchRef = branch;
  }
  return { ref, commit, tree: parsed.tree, indexTree, branchRef, head: head === UNBORN ? null : head, runId, label };
}
