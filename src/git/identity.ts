/**
 * The author/committer identity of commits wavefront makes in worktrees (merges).
 * @module
 */
import { runGit } from './run-git.js';

/** Author and committer of wavefront's commits when the repository configures none. */
export const FALLBACK_IDENTITY: Readonly<{ name: string; email: string }> = Object.freeze({ name: 'wavefront', email: 'wavefront@localhost' });

/**
 * Environment variables that give a commit made in `cwd` an identity: nothing when `user.name` and
 * `user.email` are configured, else {@link FALLBACK_IDENTITY} for the missing ones (mirrors `commitRun`).
 * @internal
 */
export async function fallbackIdentityEnv(cwd: string, signal?: AbortSignal): Promise<NodeJS.ProcessEnv> {
  const config = await runGit(['config', '--get-regexp', '^user\\.(name|email)$'], { cwd, signal, allowFailure: true, readOnly: true });
  const keys = new Set(config.stdout.split('\n').map((line) => line.split(' ')[0]));
  const env: NodeJS.ProcessEnv = {};
  if (!keys.has('user.name')) {
    env['GIT_AUTHOR_NAME'] = FALLBACK_IDENTITY.name;
    env['GIT_COMMITTER_NAME'] = FALLBACK_IDENTITY.name;
  }
  if (!keys.has('user.email')) {
    env['GIT_AUTHOR_EMAIL'] = FALLBACK_IDENTITY.email;
    env['GIT_COMMITTER_EMAIL'] = FALLBACK_IDENTITY.email;
  }
  return env;
}

/**
 * `-c` options for commits in parallel worktrees: no automatic gc or maintenance, whose
 * `pack-refs` could race with ref updates made from the other worktrees.
 * @internal
 */
export const NO_AUTO_GC: readonly string[] = Object.freeze(['-c', 'gc.auto=0', '-c', 'maintenance.auto=false']);
