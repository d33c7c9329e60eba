/**
 * The environment wavefront passes to every `git` child process.
 * @module
 */

/** Options of {@link gitEnv}. */
export interface GitEnvOptions {
  /** Read-only call (status polling): sets `GIT_OPTIONAL_LOCKS=0` so git never takes `index.lock` opportunistically. */
  readonly readOnly?: boolean | undefined;
  /** The environment to start from; defaults to `process.env`. */
  readonly base?: NodeJS.ProcessEnv | undefined;
}

/**
 * Builds the environment of a `git` child process.
 *
 * Every variable whose name starts with `GIT_` (case-insensitively, for Windows) is removed from the
 * base environment: `GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_COUNT`/`_KEY_n`/`_VALUE_n`, `GIT_DIR`,
 * `GIT_WORK_TREE`, `GIT_INDEX_FILE`, `GIT_EXEC_PATH`, `GIT_SSH_COMMAND`, ... could otherwise inject
 * configuration (aliases, hooks, ssh commands) or redirect git to another repository. Then
 * `LC_ALL=C` (stable messages), `GIT_TERMINAL_PROMPT=0` (never wait for a password) and, for
 * read-only calls, `GIT_OPTIONAL_LOCKS=0` are set. Finally `extra` is applied as given, so callers
 * can set `GIT_INDEX_FILE` or an author identity on purpose; an `undefined` value removes a key.
 *
 * Pure: returns a new object and never mutates `process.env`.
 */
export function gitEnv(extra: NodeJS.ProcessEnv = {}, options: GitEnvOptions = {}): NodeJS.ProcessEnv {
  const base = options.base ?? process.env;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || key.toUpperCase().startsWith('GIT_')) continue;
    env[key] = value;
  }
  env['LC_ALL'] = 'C';
  env['GIT_TERMINAL_PROMPT'] = '0';
  if (options.readOnly === true) env['GIT_OPTIONAL_LOCKS'] = '0';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/**
 * The `-c` options put in front of every git command wavefront runs:
 * hooks never run (`core.hooksPath=/dev/null`, so a husky `pre-commit` or a repository-provided
 * `post-checkout` cannot execute during a snapshot, rollback or commit), no fsmonitor command runs,
 * and paths are printed unquoted.
 */
export const GIT_SAFETY_CONFIG: readonly string[] = Object.freeze([
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.quotePath=false',
]);
