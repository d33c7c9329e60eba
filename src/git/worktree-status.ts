/**
 * Polling a worktree's status without ever taking its `index.lock`.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { existingDirectory } from './existing-dir.js';
import { runGit } from './run-git.js';

/** What {@link worktreeStatus} saw. */
export interface WorktreeStatus {
  /** Full ref of the checked-out branch, or null when HEAD is detached. */
  readonly branch: string | null;
  /** The commit HEAD points at, or null on an unborn branch. */
  readonly head: string | null;
  /** True when nothing is modified, staged, conflicted or untracked (ignored files do not count). */
  readonly clean: boolean;
  /** Tracked paths modified in the index or the working tree (renames: the new path). */
  readonly changed: string[];
  /** Untracked, non-ignored paths (a wholly untracked directory appears once, with a trailing `/`). */
  readonly untracked: string[];
  /** Paths with unresolved merge conflicts. */
  readonly conflicted: string[];
}

/**
 * Parses `git status --porcelain=v2 -z --branch` output. Pure.
 * @internal
 */
export function parseStatusV2(output: string): WorktreeStatus {
  let branch: string | null = null;
  let head: string | null = null;
  const changed: string[] = [];
  const untracked: string[] = [];
  const conflicted: string[] = [];
  const fields = output.split('\0');
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i] ?? '';
    if (field.startsWith('# branch.oid ')) {
      const oid = field.slice('# branch.oid '.length);
      head = oid === '(initial)' ? null : oid;
    } else if (field.startsWith('# branch.head ')) {
      const name = field.slice('# branch.head '.length);
      branch = name === '(detached)' ? null : `refs/heads/${name}`;
    } else if (field.startsWith('1 ')) {
      changed.push(fieldPath(field, 8));
    } else if (field.startsWith('2 ')) {
      changed.push(fieldPath(field, 9));
      i += 1; // the original path follows in its own NUL-terminated field
    } else if (field.startsWith('u ')) {
      conflicted.push(fieldPath(field, 10));
    } else if (field.startsWith('? ')) {
      untracked.push(field.slice(2));
    }
  }
  return { branch, head, clean: changed.length === 0 && untracked.length === 0 && conflicted.length === 0, changed, untracked, conflicted };
}

// The path is everything after the first `count` space-separated fields (it may contain spaces).
function fieldPath(field: string, count: number): string {
  let index = 0;
  for (let n = 0; n < count; n += 1) {
    index = field.indexOf(' ', index) + 1;
    if (index === 0) return '';
  }
  return field.slice(index);
}

/**
 * The status of the worktree (or any work tree) at `path`, for polling while agents work in it:
 * one `git status --porcelain=v2 -z --branch` run with `GIT_OPTIONAL_LOCKS=0`, so it never writes
 * the index or takes `index.lock` and cannot make an agent's concurrent `git add`/`commit` fail.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` for a non-string path, `NOT_A_GIT_REPOSITORY` when `path`
 *   is not an existing directory inside a work tree, `ABORTED`, `GIT_FAILED`.
 */
export async function worktreeStatus(path: string, options: { signal?: AbortSignal | undefined } = {}): Promise<WorktreeStatus> {
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `path must be a non-empty path, got ${describeValue(path)}`, { details: { field: 'path' } });
  }
  const dir = existingDirectory(path);
  const result = await runGit(['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=normal', '--ignore-submodules=none'], {
    cwd: dir,
    signal: options.signal,
    readOnly: true,
    allowFailure: true,
  });
  if (result.code !== 0) {
    const stderr = result.stderr.trim();
    if (/not a git repository|must be run in a work tree/i.test(stderr)) {
      throw new WavefrontError('NOT_A_GIT_REPOSITORY', `${dir} is not inside a git work tree`, { details: { cwd: dir, stderr: stderr.slice(0, 1000) } });
    }
    throw new WavefrontError('GIT_FAILED', `git status failed with exit code ${result.code}: ${stderr.split('\n')[0] ?? ''}`, {
      details: { args: ['status'], code: result.code, stderr: stderr.slice(0, 4000) },
    });
  }
  return parseStatusV2(result.stdout);
}
