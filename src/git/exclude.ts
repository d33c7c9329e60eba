/**
 * Keeping wavefront's own directories (worktrees) inside a work tree out of git's view.
 * @module
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import { runGit } from './run-git.js';

/**
 * Adds `/<dir relative to root>/` to the repository's local `info/exclude` (never to a tracked
 * `.gitignore`) unless `dir` is outside the work tree `root` or git already ignores it. Idempotent.
 * Call it with the repository lock held (it appends to a shared file).
 * @internal
 */
export async function excludeDirectory(root: string, dir: string, signal?: AbortSignal): Promise<void> {
  const rel = relative(root, resolve(dir));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return;
  const path = rel.split(sep).join('/');
  // `./` keeps a leading `:` from reading as pathspec magic (check-ignore rejects GIT_LITERAL_PATHSPECS)
  const ignored = await runGit(['check-ignore', '-q', '--', `./${path}/`], { cwd: root, signal, readOnly: true, allowFailure: true });
  if (ignored.code === 0) return;
  await appendExcludeLine(root, `/${path}/`, '# wavefront worktrees', signal);
}

/**
 * Appends `line` (after a `comment` line) to the repository's `info/exclude` — the common one:
 * linked worktrees have none of their own — unless it is there already. Never removes a line.
 * Call it with the repository lock held (it appends to a shared file).
 * @internal
 */
export async function appendExcludeLine(root: string, line: string, comment: string, signal?: AbortSignal): Promise<void> {
  const gitPath = await runGit(['rev-parse', '--git-path', 'info/exclude'], { cwd: root, signal, readOnly: true });
  const excludeFile = resolve(root, gitPath.stdout.replace(/\r?\n$/, ''));
  let current = '';
  try {
    current = await readFile(excludeFile, 'utf8');
  } catch {
    // no exclude file yet
  }
  if (current.split(/\r?\n/).includes(line)) return;
  try {
    await mkdir(dirname(excludeFile), { recursive: true });
    await appendFile(excludeFile, `${current === '' || current.endsWith('\n') ? '' : '\n'}${comment}\n${line}\n`);
  } catch (error) {
    throw new WavefrontError('GIT_FAILED', `could not update ${excludeFile}: ${String(error)}`, { cause: error });
  }
}
