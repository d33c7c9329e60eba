/**
 * Bringing a run's integrated result into the user's checkout, path by path, without ever
 * overwriting an edit the user made meanwhile.
 * @module
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readlink, rmdir, unlink } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { WavefrontError, describeValue } from '../model/errors.js';
import { repoPathProblem } from './commit.js';
import { describeOperation, inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit, splitNul } from './run-git.js';
import { withTempDir } from './temp-index.js';
import { assertCommitRef, resolveCommitId } from './workspace.js';

/** Options of {@link materializeRun}. */
export interface MaterializeOptions {
  /** The commit the run started from (e.g. the workspace base): a full commit id or a ref under `refs/wavefront/`. */
  readonly base: string;
  /** The run's result (e.g. the integration head): a full commit id or a ref under `refs/wavefront/`. */
  readonly head: string;
  readonly signal?: AbortSignal | undefined;
}

/** What {@link materializeRun} did. */
export interface MaterializeResult {
  /** Every path that differs between `base` and `head` (relative, `/`-separated, sorted); submodules excluded. */
  readonly paths: string[];
  /** Paths this call wrote with head's content (the others already had it). */
  readonly written: string[];
  /** Paths this call deleted because head does not have them. */
  readonly deleted: string[];
}

/** A path's version in a commit: `mode` `100644`, `100755` or `120000` and its blob; null when absent. */
type Version = { readonly mode: string; readonly id: string } | null;

type Current =
  | { readonly kind: 'absent' }
  /** A leading directory of the path is a file or symlink (`prefix`), so the path itself is absent. */
  | { readonly kind: 'blocked'; readonly prefix: string }
  | { readonly kind: 'dir' }
  | { readonly kind: 'file'; readonly exec: boolean; id: string }
  | { readonly kind: 'link'; readonly id: string }
  | { readonly kind: 'other' };

interface Entry {
  readonly path: string;
  readonly base: Version;
  readonly head: Version;
  current: Current;
  action: 'none' | 'write' | 'delete' | 'conflict';
}

const GITLINK = '160000';
const HASH_BATCH = 200;

function assertOptions(options: unknown): MaterializeOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `materializeRun: options must be an object, got ${describeValue(options)}`);
  }
  const { base, head } = options as MaterializeOptions;
  assertCommitRef(base, 'base');
  assertCommitRef(head, 'head');
  return options as MaterializeOptions;
}

function parseVersion(mode: string, id: string): Version {
  return /^0+$/.test(mode) ? null : { mode, id };
}

/** Parses `git diff-tree -r -z --no-abbrev` raw output. */
function parseRawDiff(output: string): Entry[] {
  const fields = splitNul(output);
  const entries: Entry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const match = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) [A-Z]/.exec(fields[i] ?? '');
    const path = fields[i + 1] ?? '';
    if (match === null) {
      throw new WavefrontError('GIT_FAILED', 'unexpected output of git diff-tree', { details: { args: ['diff-tree'], code: 0, stderr: (fields[i] ?? '').slice(0, 200) } });
    }
    const [, oldMode = '', newMode = '', oldId = '', newId = ''] = match;
    if (oldMode === GITLINK || newMode === GITLINK) continue; // submodules are never materialised
    const problem = repoPathProblem(path);
    if (problem !== null) {
      throw new WavefrontError('UNSAFE_PATH', `the run changed an unsafe path ${JSON.stringify(path.slice(0, 200))}: it ${problem}`, { details: { path: path.slice(0, 200) } });
    }
    entries.push({ path, base: parseVersion(oldMode, oldId), head: parseVersion(newMode, newId), current: { kind: 'absent' }, action: 'none' });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException).code ?? '');
}

function blobId(content: Buffer, length: number): string {
  const hash = createHash(length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${content.length}\0`);
  hash.update(content);
  return hash.digest('hex');
}

/** Reads the current state of every entry; regular files are hashed by git (clean filters applied, as `git add` would). */
async function readCurrent(root: string, entries: readonly Entry[], signal: AbortSignal | undefined): Promise<void> {
  const leading = new Map<string, 'dir' | 'absent' | 'blocked'>();
  const leadingKind = async (prefix: string): Promise<'dir' | 'absent' | 'blocked'> => {
    const known = leading.get(prefix);
    if (known !== undefined) return known;
    let kind: 'dir' | 'absent' | 'blocked';
    try {
      kind = (await lstat(join(root, prefix))).isDirectory() ? 'dir' : 'blocked';
    } catch (error) {
      if (!isErrno(error, 'ENOENT', 'ENOTDIR')) throw fsError(prefix, error);
      kind = 'absent';
    }
    leading.set(prefix, kind);
    return kind;
  };
  const toHash: Entry[] = [];
  for (const entry of entries) {
    const parts = entry.path.split('/');
    let current: Current | null = null;
    for (let n = 1; n < parts.length && current === null; n += 1) {
      const prefix = parts.slice(0, n).join('/');
      const kind = await leadingKind(prefix);
      if (kind === 'absent') current = { kind: 'absent' };
      else if (kind === 'blocked') current = { kind: 'blocked', prefix };
    }
    if (current === null) {
      const full = join(root, entry.path);
      try {
        const stats = await lstat(full);
        if (stats.isDirectory()) current = { kind: 'dir' };
        else if (stats.isSymbolicLink()) current = { kind: 'link', id: blobId(await readlink(full, { encoding: 'buffer' }), (entry.base ?? entry.head)?.id.length ?? 40) };
        else if (stats.isFile()) {
          current = { kind: 'file', exec: (stats.mode & 0o111) !== 0, id: '' };
          toHash.push(entry);
        } else current = { kind: 'other' };
      } catch (error) {
        if (!isErrno(error, 'ENOENT', 'ENOTDIR')) throw fsError(entry.path, error);
        current = { kind: 'absent' };
      }
    }
    entry.current = current;
  }
  for (let i = 0; i < toHash.length; i += HASH_BATCH) {
    const batch = toHash.slice(i, i + HASH_BATCH);
    const hashed = await runGit(['hash-object', '--', ...batch.map((entry) => entry.path)], { cwd: root, signal, readOnly: true });
    const ids = hashed.stdout.trim().split('\n');
    batch.forEach((entry, n) => {
      (entry.current as { id: string }).id = ids[n] ?? '';
    });
  }
}

function fsError(path: string, error: unknown): WavefrontError {
  return new WavefrontError('GIT_FAILED', `could not read or change ${path} in the checkout: ${String(error)}`, { cause: error, details: { path } });
}

function matches(current: Current, version: Version, settings: { fileMode: boolean; symlinks: boolean }): boolean {
  if (version === null) return current.kind === 'absent' || current.kind === 'blocked' || current.kind === 'dir';
  if (version.mode === '120000' && settings.symlinks) return current.kind === 'link' && current.id === version.id;
  if (current.kind !== 'file' || current.id !== version.id) return false;
  return version.mode === '120000' || !settings.fileMode || current.exec === (version.mode === '100755');
}

/** True when every non-directory below `dir` is a path about to be deleted. */
async function emptiesAfterDeletes(root: string, dir: string, deleting: ReadonlySet<string>): Promise<boolean> {
  let names: string[];
  try {
    names = await readdir(join(root, dir));
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return true;
    throw fsError(dir, error);
  }
  for (const name of names) {
    const path = `${dir}/${name}`;
    const stats = await lstat(join(root, path));
    if (stats.isDirectory()) {
      if (!(await emptiesAfterDeletes(root, path, deleting))) return false;
    } else if (!deleting.has(path)) return false;
  }
  return true;
}

/** Decides what to do with every entry; returns the paths whose checkout state is neither base's nor head's. */
async function plan(root: string, entries: Entry[], settings: { fileMode: boolean; symlinks: boolean }): Promise<string[]> {
  for (const entry of entries) {
    if (matches(entry.current, entry.head, settings)) entry.action = 'none';
    else if (matches(entry.current, entry.base, settings)) entry.action = entry.head === null ? 'delete' : 'write';
    else entry.action = 'conflict';
  }
  const deleting = new Set(entries.filter((entry) => entry.action === 'delete').map((entry) => entry.path));
  for (const entry of entries) {
    if (entry.action !== 'write') continue;
    // Writing must not remove anything but what this run deletes: a file of the user's standing
    // where head needs a directory, or a directory holding the user's files where head needs a file.
    if (entry.current.kind === 'blocked' && !deleting.has(entry.current.prefix)) entry.action = 'conflict';
    if (entry.current.kind === 'dir' && !(await emptiesAfterDeletes(root, entry.path, deleting))) entry.action = 'conflict';
  }
  return entries.filter((entry) => entry.action === 'conflict').map((entry) => entry.path);
}

async function boolConfig(root: string, key: string, fallback: boolean, signal: AbortSignal | undefined): Promise<boolean> {
  const result = await runGit(['config', '--type=bool', '--get', key], { cwd: root, signal, readOnly: true, allowFailure: true });
  const value = result.stdout.trim();
  return value === 'true' ? true : value === 'false' ? false : fallback;
}

/** Removes the empty directories from `dir` up to (not including) `root`. */
async function pruneEmptyParents(root: string, dir: string): Promise<void> {
  for (let current = dir; current !== root && current.startsWith(root + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
  }
}

/** Removes `dir` and the (empty) directories below it. */
async function removeEmptyTree(full: string, path: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(full);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return;
    throw fsError(path, error);
  }
  for (const name of names) await removeEmptyTree(join(full, name), `${path}/${name}`);
  try {
    await rmdir(full);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw fsError(path, error);
  }
}

/**
 * Brings the user's checkout (the work tree containing `repo`) to `head` for exactly the paths that
 * differ between the commits `base` and `head` (`git diff-tree -r --no-renames`), leaving every other
 * path, the index, HEAD and the branch alone. Submodule entries are skipped.
 *
 * Before writing anything every such path is checked in the checkout: its state (content and exec
 * bit, symlink target, or absence) must be base's version (not materialised yet) or head's
 * (already materialised, so calling again after a crash is safe). Regular files are compared as
 * `git add` would see them (clean filters applied). Otherwise nothing is written and
 * `GIT_STATE_UNSAFE` `checkout-changed` lists the paths: a user's edit is never lost. Neither is a
 * file or directory of the user's standing where head needs the other.
 *
 * Head's files are written with their mode (exec bit, symlinks) from a temporary index with
 * `git checkout-index -f` (smudge filters and eol conversion apply, no hooks); removed paths are
 * unlinked (never following symlinks) and directories left empty are removed.
 *
 * @returns `paths` (every path that differs), `written` and `deleted` (what this call changed).
 * @throws WavefrontError `INVALID_ARGUMENT` (bad options, `base`/`head` not a full commit id or a
 *   ref under `refs/wavefront/`, or not found), `UNSAFE_PATH` (a changed path outside the work tree
 *   or in `.git`), `GIT_STATE_UNSAFE` (`checkout-changed` with `details.paths`; a merge/rebase/...
 *   in progress in the checkout), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`, `ABORTED`.
 */
export async function materializeRun(repo: string, options: MaterializeOptions): Promise<MaterializeResult> {
  const { base, head, signal } = assertOptions(options);
  const state = await inspectRepository(repo, signal);
  const root = state.root;
  const first = state.operations[0];
  if (first !== undefined) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `Refusing to write into ${root}: ${describeOperation(first)}`, {
      details: { root, state: first, operations: [...state.operations] },
    });
  }
  const git = { cwd: root, signal };

  return withRepoLock(root, async () => {
    const baseId = await resolveCommitId(root, base, 'base', signal);
    const headId = await resolveCommitId(root, head, 'head', signal);
    const diff = await runGit(['diff-tree', '-r', '-z', '--no-renames', '--no-abbrev', baseId, headId, '--'], { ...git, readOnly: true });
    const entries = parseRawDiff(diff.stdout);
    const paths = entries.map((entry) => entry.path);
    if (entries.length === 0) return { paths, written: [], deleted: [] };
    const settings = {
      fileMode: await boolConfig(root, 'core.fileMode', true, signal),
      symlinks: await boolConfig(root, 'core.symlinks', true, signal),
    };
    await readCurrent(root, entries, signal);
    const changed = await plan(root, entries, settings);
    if (changed.length > 0) {
      throw new WavefrontError('GIT_STATE_UNSAFE', `${changed.length} path(s) the run changed were also changed in ${root} since the run started: ${changed.slice(0, 5).join(', ')}`, {
        details: { state: 'checkout-changed', root, paths: changed },
      });
    }
    if (signal?.aborted === true) throw new WavefrontError('ABORTED', 'materializeRun was aborted', { cause: signal.reason });

    // From here on no signal: an abort must not stop half way (a later call would finish the job anyway).
    const deleted: string[] = [];
    for (const entry of entries) {
      if (entry.action !== 'delete') continue;
      const full = join(root, entry.path);
      try {
        await unlink(full);
        deleted.push(entry.path);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw fsError(entry.path, error);
      }
      await pruneEmptyParents(root, dirname(full));
    }
    const writes = entries.filter((entry) => entry.action === 'write');
    for (const entry of writes) if (entry.current.kind === 'dir') await removeEmptyTree(join(root, entry.path), entry.path);
    if (writes.length > 0) {
      await withTempDir(async (dir) => {
        const env = { GIT_INDEX_FILE: join(dir, 'index') };
        await runGit(['read-tree', headId], { cwd: root, env });
        await runGit(['checkout-index', '-f', '-z', '--stdin'], { cwd: root, env, input: `${writes.map((entry) => entry.path).join('\0')}\0` });
      });
    }
    return { paths, written: writes.map((entry) => entry.path), deleted };
  });
}
