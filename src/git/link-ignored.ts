/**
 * A ready-made {@link WorktreeSetup}: brings ignored files of the user's checkout (`node_modules`,
 * `.env`, a virtualenv) into each run worktree, by symlink or by copy, without git ever seeing them.
 * @module
 */
import { cp, lstat, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { WorktreeSetup } from '../execute/workspaces.js';
import { ensureDir } from '../journal/state-dir.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { repoPathProblem } from './commit.js';
import { appendExcludeLine } from './exclude.js';
import { withRepoLock } from './repo-lock.js';
import { runGit } from './run-git.js';
import { pathExists } from './existing-dir.js';

/** Options of {@link linkIgnored}. */
export interface LinkIgnoredOptions {
  /**
   * Copy the paths (`fs.cp`, recursive, symlinks inside copied verbatim) instead of symlinking
   * them: slower, but each worktree gets its own copy, for tools that resolve symlinks badly or
   * agents that must not write into the checkout's copy. @defaultValue false
   */
  readonly copy?: boolean | undefined;
}

const MAX_LINKED_PATHS = 1000;
/** The comment above the lines {@link linkIgnored} adds to `info/exclude`. */
const EXCLUDE_COMMENT = '# wavefront linkIgnored';

/**
 * A {@link WorktreeSetup} that makes ignored paths of the user's checkout available in every new
 * run worktree: `<worktree>/<path>` becomes a symlink to `<repository root>/<path>` (or, with
 * `copy`, a copy of it). Paths are relative to the repository's top level.
 *
 * ```ts
 * new Orchestrator({ cwd, adapter, isolation: 'worktree', integrationGate: ['npm', 'test'], worktreeSetup: linkIgnored(['node_modules']) });
 * ```
 *
 * For each path, in each worktree: a path that does not exist in the checkout, is not ignored
 * there (`git check-ignore`), or is tracked is skipped (a tracked path is in the worktree
 * already); an existing entry in the worktree is left alone. The link is never committed nor shown
 * as untracked: a `.gitignore` line `node_modules/` does not match a symlink, so when git would not
 * ignore the link, the anchored pattern `/<path>` is appended once to the repository's
 * `info/exclude`. Git reads that file from the common git directory for every worktree, so the
 * line also applies to the checkout itself, where the path is ignored anyway. The user's own lines
 * are never changed.
 *
 * A symlinked directory is shared: what an agent writes into it (e.g. `npm install` in its
 * worktree) lands in the checkout's copy. Use `copy: true` to give each worktree its own.
 *
 * @param paths repository-relative paths, `/`-separated (a trailing `/` is allowed).
 * @throws WavefrontError at call time: `INVALID_ARGUMENT` (not an array of non-empty strings, more
 *   than 1000, a NUL byte, a newline or backslash, the repository root, one path inside another,
 *   bad options), `UNSAFE_PATH` (absolute, a `.` or `..` component, inside `.git`). The returned
 *   setup rejects with `INVALID_ARGUMENT` (bad arguments, `worktree` is not a linked worktree of
 *   `info.repo`), `UNSAFE_PATH` (a parent in the worktree is a symlink or a file),
 *   `GIT_STATE_UNSAFE` (`link-not-ignored`: git would still see the link, e.g. because of a `!`
 *   rule; the link is removed again), `NOT_A_GIT_REPOSITORY`, `GIT_FAILED`.
 */
export function linkIgnored(paths: readonly string[], options: LinkIgnoredOptions = {}): WorktreeSetup {
  const wanted = assertLinkPaths(paths);
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: options must be an object, got ${describeValue(options)}`, { details: { field: 'options' } });
  }
  if (options.copy !== undefined && typeof options.copy !== 'boolean') {
    throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: options.copy must be a boolean, got ${describeValue(options.copy)}`, { details: { field: 'copy' } });
  }
  const copy = options.copy === true;
  return async (worktree, info) => {
    const { top, worktreeTop } = await resolveRoots(worktree, info);
    for (const path of wanted) await bringIn(top, worktreeTop, path, copy);
  };
}

function invalid(message: string, index: number): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `linkIgnored: paths[${index}] ${message}`, { details: { field: 'paths', index } });
}

/** Validates and normalises the paths (trailing slashes dropped, duplicates removed). */
function assertLinkPaths(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_LINKED_PATHS) {
    throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: paths must be an array of at most ${MAX_LINKED_PATHS} paths, got ${describeValue(value)}`, {
      details: { field: 'paths' },
    });
  }
  const result: string[] = [];
  for (const [index, raw] of (value as readonly unknown[]).entries()) {
    if (typeof raw !== 'string' || raw === '') throw invalid(`must be a non-empty string, got ${describeValue(raw)}`, index);
    if (raw.includes('\0')) throw invalid('contains a NUL byte', index);
    // Not expressible as one info/exclude line (newline), or a separator on Windows only (backslash).
    if (/[\r\n]/.test(raw)) throw invalid('contains a line break', index);
    if (raw.includes('\\')) throw invalid('contains a backslash (use / as the separator)', index);
    const path = raw.startsWith('/') ? raw : raw.replace(/\/+$/, '');
    if (path === '' || path === '.') throw invalid('names the repository root', index);
    const problem = repoPathProblem(path);
    if (problem !== null) {
      throw new WavefrontError('UNSAFE_PATH', `linkIgnored: paths[${index}] ${JSON.stringify(raw.slice(0, 200))} ${problem}`, {
        details: { field: 'paths', index, path: raw.slice(0, 200) },
      });
    }
    if (!result.includes(path)) result.push(path);
  }
  for (const a of result) {
    const inner = result.find((b) => b.startsWith(`${a}/`));
    if (inner !== undefined) {
      throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: ${JSON.stringify(inner)} lies inside ${JSON.stringify(a)}; list only one of them`, {
        details: { field: 'paths', path: inner },
      });
    }
  }
  return result;
}

async function gitDirPath(cwd: string, args: readonly string[]): Promise<string> {
  const out = (await runGit(['rev-parse', ...args], { cwd, readOnly: true })).stdout.replace(/\r?\n$/, '');
  const absolute = resolve(cwd, out);
  return realpath(absolute).catch(() => absolute);
}

/** The repository's top level and the worktree's, after checking that the worktree is a linked worktree of that repository. */
async function resolveRoots(worktree: unknown, info: unknown): Promise<{ top: string; worktreeTop: string }> {
  if (typeof worktree !== 'string' || worktree === '' || worktree.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: worktree must be a non-empty path, got ${describeValue(worktree)}`, { details: { field: 'worktree' } });
  }
  const repo = (info as { repo?: unknown } | null)?.repo;
  if (typeof repo !== 'string' || repo === '' || repo.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: info.repo must be a non-empty path, got ${describeValue(repo)}`, { details: { field: 'repo' } });
  }
  const [top, worktreeTop, common, worktreeCommon] = await Promise.all([
    gitDirPath(repo, ['--show-toplevel']),
    gitDirPath(worktree, ['--show-toplevel']),
    gitDirPath(repo, ['--git-common-dir']),
    gitDirPath(worktree, ['--git-common-dir']),
  ]);
  if (common !== worktreeCommon || top === worktreeTop) {
    throw new WavefrontError('INVALID_ARGUMENT', `linkIgnored: ${worktreeTop} is not a linked worktree of ${top}`, {
      details: { field: 'worktree', worktree: worktreeTop, repo: top },
    });
  }
  return { top, worktreeTop };
}


const LITERAL = { GIT_LITERAL_PATHSPECS: '1' };

/** True when git ignores `path` in the work tree `root` (tracked paths are never ignored). */
async function isIgnored(root: string, path: string): Promise<boolean> {
  // check-ignore matches paths literally but refuses GIT_LITERAL_PATHSPECS; `./` keeps a leading `:` from reading as pathspec magic.
  const result = await runGit(['check-ignore', '-q', '--', `./${path}`], { cwd: root, readOnly: true, allowFailure: true });
  if (result.code === 0) return true;
  if (result.code === 1) return false;
  throw new WavefrontError('GIT_FAILED', `git check-ignore failed with exit code ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`, {
    details: { args: ['check-ignore', '-q', '--', path], code: result.code, stderr: result.stderr.slice(0, 4000) },
  });
}

async function isTracked(root: string, path: string): Promise<boolean> {
  const listed = await runGit(['ls-files', '-z', '--cached', '--', path], { cwd: root, readOnly: true, env: LITERAL });
  return listed.stdout !== '';
}

/** Links (or copies) one path into the worktree, then makes sure git ignores it there. */
async function bringIn(top: string, worktreeTop: string, path: string, copy: boolean): Promise<void> {
  const source = join(top, path);
  if (!(await pathExists(source))) return;
  if (!(await isIgnored(top, path)) || (await isTracked(top, path))) return;
  const target = join(worktreeTop, path);
  await ensureDir(dirname(target), worktreeTop); // refuses a symlinked parent: nothing is created outside the worktree
  if (await pathExists(target)) return;
  try {
    if (copy) await cp(source, target, { recursive: true, verbatimSymlinks: true, errorOnExist: true, force: false });
    else await symlink(source, target, (await lstat(source)).isDirectory() ? 'junction' : 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new WavefrontError('GIT_FAILED', `linkIgnored: could not ${copy ? 'copy' : 'link'} ${source} to ${target}: ${String(error)}`, { cause: error });
  }
  if (await isIgnored(worktreeTop, path)) return;
  await withRepoLock(top, () => appendExcludeLine(top, `/${escapePattern(path)}`, EXCLUDE_COMMENT));
  if (await isIgnored(worktreeTop, path)) return;
  await rm(target, { recursive: copy, force: true });
  throw new WavefrontError('GIT_STATE_UNSAFE', `linkIgnored: git does not ignore ${path} in ${worktreeTop} even after excluding it; not linking it`, {
    details: { state: 'link-not-ignored', path, worktree: worktreeTop },
  });
}

/** Escapes the glob characters and trailing spaces of a literal path for a gitignore line. */
function escapePattern(path: string): string {
  return path.replace(/[*?[]/g, (c) => `\\${c}`).replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '));
}

