/**
 * The final commit wave: commit the run's changes on the current branch.
 * @module
 */
import { fallbackIdentityEnv } from './identity.js';
import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WavefrontError, describeValue } from '../model/errors.js';
import { diffSinceSnapshot } from './changes.js';
import { assertSnapshotRef } from './names.js';
import { assertSafeState, inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit, splitNul } from './run-git.js';
import { readSnapshotAt } from './snapshot.js';
import { withTempDir } from './temp-index.js';
import { pathExists } from './existing-dir.js';

/** Options of {@link commitRun}. */
export interface CommitRunOptions {
  /**
   * Commit only what changed since this snapshot (see {@link createSnapshot}). Without it every
   * change in the working tree is committed (`git add -A`), including work that was there before the run.
   */
  readonly snapshotRef?: string | undefined;
  /**
   * Commit exactly these paths (relative to the repository root, `/`-separated) with their current
   * working-tree content: additions, modifications and deletions, `git commit --only` style. Nothing
   * else the user staged or changed is committed, and the user's staged state of other paths is kept.
   * Combined with `snapshotRef`, only the paths in both sets are committed. An empty array commits nothing.
   */
  readonly paths?: readonly string[] | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What {@link commitRun} did. */
export interface CommitRunResult {
  /** The new commit, or null when there was nothing to commit. */
  readonly commit: string | null;
  /** Paths in the commit (relative to the repository root, `/`-separated, sorted). */
  readonly filesChanged: string[];
}

/** The longest commit message accepted. */
export const MAX_COMMIT_MESSAGE_LENGTH = 65_536;

export { FALLBACK_IDENTITY } from './identity.js';

/** The most paths {@link CommitRunOptions.paths} may list. */
const MAX_PATHS = 1_000_000;

/**
 * Checks a commit message (non-empty string, no NUL byte, at most {@link MAX_COMMIT_MESSAGE_LENGTH}).
 * @throws WavefrontError `INVALID_ARGUMENT`.
 * @internal Shared with `commitWork`.
 */
export function assertCommitMessage(message: unknown): string {
  if (typeof message !== 'string' || message.trim() === '') {
    throw new WavefrontError('INVALID_ARGUMENT', `commit message must be a non-empty string, got ${describeValue(message)}`, {
      details: { field: 'message' },
    });
  }
  if (message.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', 'commit message must not contain a NUL byte', { details: { field: 'message' } });
  }
  if (message.length > MAX_COMMIT_MESSAGE_LENGTH) {
    throw new WavefrontError('INVALID_ARGUMENT', `commit message is longer than ${MAX_COMMIT_MESSAGE_LENGTH} characters`, {
      details: { field: 'message', length: message.length },
    });
  }
  return message;
}

/**
 * Why `path` is not a safe repository-relative path (`/`-separated, inside the root, not under
 * `.git`), or null when it is one.
 * @internal Shared with `materializeRun`.
 */
export function repoPathProblem(path: string): string | null {
  if (path === '') return 'is empty';
  if (path.includes('\0')) return 'contains a NUL byte';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute';
  for (const part of path.split('/')) {
    if (part === '' || part === '.' || part === '..') return 'has an empty, "." or ".." component';
    if (part.toLowerCase() === '.git') return 'is inside .git';
  }
  return null;
}

/**
 * Checks a list of repository-relative paths passed to a public function; returns them deduplicated.
 * @throws WavefrontError `INVALID_ARGUMENT` (not an array of strings, too many), `UNSAFE_PATH` (see {@link repoPathProblem}).
 * @internal
 */
export function assertRepoPaths(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length > MAX_PATHS) {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} must be an array of at most ${MAX_PATHS} paths, got ${describeValue(value)}`, {
      details: { field: what },
    });
  }
  const seen = new Set<string>();
  for (const [i, path] of (value as readonly unknown[]).entries()) {
    if (typeof path !== 'string') {
      throw new WavefrontError('INVALID_ARGUMENT', `${what}[${i}] must be a string, got ${describeValue(path)}`, { details: { field: what, index: i } });
    }
    const problem = repoPathProblem(path);
    if (problem !== null) {
      throw new WavefrontError('UNSAFE_PATH', `${what}[${i}] ${JSON.stringify(path.slice(0, 200))} ${problem}`, {
        details: { field: what, index: i, path: path.slice(0, 200) },
      });
    }
    seen.add(path);
  }
  return [...seen];
}

async function writePrivate(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
  } catch (error) {
    throw new WavefrontError('GIT_FAILED', `could not write ${path}: ${String(error)}`, { cause: error });
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}


/**
 * Commits the run's changes on the current branch with `message`.
 *
 * With `snapshotRef`, only the paths that changed since that snapshot are staged and committed
 * (`git commit --only`), so changes the user had staged before the run stay staged and uncommitted;
 * a path both the user and the run changed is committed with its current content. With `paths`,
 * only those paths are committed the same way (with `snapshotRef` too: the paths in both sets).
 * Without either, `git add -A` stages every tracked and untracked non-ignored change and the whole
 * index is committed. `filesChanged` lists the committed paths that differ from HEAD.
 *
 * The message goes to git through a private temporary file (`-F`), never through a shell or argv;
 * lines starting with `#` are kept. Hooks do not run (`core.hooksPath=/dev/null` and `--no-verify`);
 * the user's `commit.gpgSign` is honoured. Author and committer come from `user.name`/`user.email`
 * when configured, else `FALLBACK_IDENTITY`.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (empty message, NUL byte, > 64 KiB, bad `snapshotRef`,
 *   `paths` not an array of strings), `UNSAFE_PATH` (a path that is absolute, has `..`, or lies in `.git`),
 *   `NOT_A_GIT_REPOSITORY`, `GIT_STATE_UNSAFE` (detached HEAD, merge/rebase/... in progress,
 *   conflicts), `RUN_NOT_FOUND` (snapshot missing), `GIT_FAILED`.
 */
export async function commitRun(cwd: string, message: string, options: CommitRunOptions = {}): Promise<CommitRunResult> {
  const text = assertCommitMessage(message);
  const onlyPaths = options.paths === undefined ? null : assertRepoPaths(options.paths, 'paths');
  if (options.snapshotRef !== undefined) assertSnapshotRef(options.snapshotRef, 'snapshotRef');
  const { signal } = options;
  const state = await inspectRepository(cwd, signal);
  await assertSafeState(state, { allowDetached: false, signal });
  const root = state.root;
  const git = { cwd: root, signal };
  const snapshot = options.snapshotRef === undefined ? null : await readSnapshotAt(root, options.snapshotRef, signal);

  return withRepoLock(root, async () => {
    let only: string[] | null = null;
    if (snapshot === null && onlyPaths === null) {
      await runGit(['add', '-A'], git);
    } else {
      const paths: string[] = [];
      if (snapshot !== null) {
        const wanted = onlyPaths === null ? null : new Set(onlyPaths);
        const changes = await diffSinceSnapshot(root, state.gitDir, snapshot.commit, signal);
        for (const change of changes) {
          if (wanted !== null && !wanted.has(change.path)) continue;
          // A "deleted" path that still exists is a file that became ignored, or a directory now
          // standing where a file was (its files are listed separately): nothing to stage for it.
          if (change.status === 'D' && (await pathExists(join(root, change.path)))) continue;
          paths.push(change.path);
        }
      } else {
        // A directory standing at a listed path has no content of its own to stage (update-index refuses it).
        for (const path of onlyPaths ?? []) if (!(await isDirectory(join(root, path)))) paths.push(path);
      }
      if (paths.length === 0) return { commit: null, filesChanged: [] };
      await runGit(['update-index', '--add', '--remove', '--replace', '-z', '--stdin'], {
        ...git,
        input: `${paths.join('\0')}\0`,
      });
      only = paths;
    }
    const staged = await runGit(['diff', '--cached', '--name-only', '-z', '--no-renames', '--no-ext-diff'], git);
    let filesChanged = splitNul(staged.stdout);
    if (only !== null) {
      const wanted = new Set(only);
      filesChanged = filesChanged.filter((path) => wanted.has(path));
    }
    if (filesChanged.length === 0) return { commit: null, filesChanged: [] };
    filesChanged.sort();

    const env = { ...(await fallbackIdentityEnv(root, signal)), GIT_LITERAL_PATHSPECS: '1' };
    await withTempDir(async (dir) => {
      const messageFile = join(dir, 'message');
      await writePrivate(messageFile, text);
      const args = ['commit', '--no-verify', '--quiet', '--cleanup=whitespace', '-F', messageFile];
      if (only !== null) {
        const pathsFile = join(dir, 'paths');
        await writePrivate(pathsFile, `${filesChanged.join('\0')}\0`);
        args.push('--only', `--pathspec-from-file=${pathsFile}`, '--pathspec-file-nul');
      }
      await runGit(args, { ...git, env });
    });
    const head = await runGit(['rev-parse', '--verify', 'HEAD^{commit}'], { ...git, readOnly: true });
    return { commit: head.stdout.trim(), filesChanged };
  });
}
