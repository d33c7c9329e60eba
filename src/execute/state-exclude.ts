/**
 * Keeps the state directory out of git: snapshots, rollbacks and the final commit must never
 * capture or delete the run's own journal.
 * @module
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { runGit } from '../git/run-git.js';

/**
 * Adds `/<stateDir>/` to the repository's local `.git/info/exclude` (never to a tracked
 * `.gitignore`) when the state directory is inside the work tree. Idempotent.
 */
export async function excludeFromGit(cwd: string, stateDir: string): Promise<void> {
  const top = (await runGit(['rev-parse', '--show-toplevel'], { cwd, readOnly: true })).stdout.trim();
  const rel = relative(top, resolve(stateDir));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return;
  const line = `/${rel.split(sep).join('/')}/`;
  const excludePath = resolve(cwd, (await runGit(['rev-parse', '--git-path', 'info/exclude'], { cwd, readOnly: true })).stdout.trim());
  let current = '';
  try {
    current = await readFile(excludePath, 'utf8');
  } catch {
    // no exclude file yet
  }
  if (current.split(/\r?\n/).includes(line)) return;
  await mkdir(dirname(excludePath), { recursive: true });
  await appendFile(excludePath, `${current === '' || current.endsWith('\n') ? '' : '\n'}# wavefront run state\n${line}\n`);
}
