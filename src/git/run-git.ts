/**
 * The single place where wavefront spawns `git`: argv only, never a shell.
 * @module
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { WavefrontError } from '../model/errors.js';
import { GIT_SAFETY_CONFIG, gitEnv } from './env.js';
import { withRepoLock } from './repo-lock.js';

/** Where and how a git command runs. */
export interface GitOptions {
  /** Directory to run in (resolved against `process.cwd()`). */
  readonly cwd: string;
  /** Aborting kills the git process and rejects with `ABORTED`. */
  readonly signal?: AbortSignal | undefined;
  /** Variables set on top of the scrubbed environment (see {@link gitEnv}). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** Options of {@link runGit}. */
export interface RunGitOptions extends GitOptions {
  /** Written to git's stdin (e.g. a commit message with `-F -`). */
  readonly input?: string | undefined;
  /** Resolve with the exit code instead of throwing `GIT_FAILED` on a non-zero exit. */
  readonly allowFailure?: boolean | undefined;
  /** A read-only call (status polling): sets `GIT_OPTIONAL_LOCKS=0`. */
  readonly readOnly?: boolean | undefined;
  /** Serialise with wavefront's other mutating calls on the same repository (see {@link withRepoLock}). */
  readonly exclusive?: boolean | undefined;
}

/** What a finished git command produced. */
export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code; -1 when git was killed by a signal. */
  readonly code: number;
}

const MAX_STDERR_IN_ERROR = 4000;

/**
 * Runs `git <safety -c options> ...args` with `spawn` (no shell), a scrubbed environment
 * ({@link gitEnv}) and hooks disabled ({@link GIT_SAFETY_CONFIG}).
 *
 * @throws WavefrontError `INVALID_ARGUMENT` for a bad argument (non-string, NUL byte),
 *   `GIT_FAILED` (details `{ args, code, stderr }`) for a non-zero exit unless `allowFailure`, or when
 *   git cannot be started, and `ABORTED` when `signal` fires.
 */
export async function runGit(args: readonly string[], options: RunGitOptions): Promise<GitResult> {
  validateArgs(args);
  if (typeof options !== 'object' || options === null || typeof options.cwd !== 'string' || options.cwd === '') {
    throw new WavefrontError('INVALID_ARGUMENT', 'runGit: options.cwd must be a non-empty string');
  }
  if (options.input !== undefined && typeof options.input !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', 'runGit: options.input must be a string');
  }
  const cwd = resolve(options.cwd);
  if (options.exclusive === true) {
    const key = await repoKey(cwd, options.signal);
    return withRepoLock(key, () => spawnGit(args, { ...options, cwd }));
  }
  return spawnGit(args, { ...options, cwd });
}

function validateArgs(args: readonly string[]): void {
  if (!Array.isArray(args)) throw new WavefrontError('INVALID_ARGUMENT', 'runGit: args must be an array of strings');
  for (const arg of args as readonly unknown[]) {
    if (typeof arg !== 'string') throw new WavefrontError('INVALID_ARGUMENT', 'runGit: every argument must be a string');
    if (arg.includes('\0')) throw new WavefrontError('INVALID_ARGUMENT', 'runGit: an argument contains a NUL byte');
  }
}

const rootCache = new Map<string, string>();

async function repoKey(cwd: string, signal: AbortSignal | undefined): Promise<string> {
  const cached = rootCache.get(cwd);
  if (cached !== undefined) return cached;
  const result = await spawnGit(['rev-parse', '--show-toplevel'], { cwd, signal, allowFailure: true, readOnly: true });
  const root = result.code === 0 ? result.stdout.trim() : cwd;
  rootCache.set(cwd, root);
  return root;
}

function abortedError(args: readonly string[], cause?: unknown): WavefrontError {
  return new WavefrontError('ABORTED', `git ${args[0] ?? ''} was aborted`, { cause, details: { args: [...args] } });
}

function spawnGit(args: readonly string[], options: RunGitOptions): Promise<GitResult> {
  if (options.signal?.aborted === true) return Promise.reject(abortedError(args, options.signal.reason));
  return new Promise<GitResult>((resolvePromise, rejectPromise) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
    };
    const child = spawn('git', [...GIT_SAFETY_CONFIG, ...args], {
      cwd: options.cwd,
      env: gitEnv(options.env ?? {}, { readOnly: options.readOnly === true }),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      settle(() => {
        if (error.name === 'AbortError') rejectPromise(abortedError(args, error));
        else if (error.code === 'ENOENT') {
          rejectPromise(
            new WavefrontError('GIT_FAILED', `could not start git (not on PATH, or cwd ${options.cwd} is missing)`, {
              cause: error,
              details: { args: [...args], code: -1, stderr: error.message },
            }),
          );
        } else {
          rejectPromise(
            new WavefrontError('GIT_FAILED', `could not run git: ${error.message}`, {
              cause: error,
              details: { args: [...args], code: -1, stderr: error.message },
            }),
          );
        }
      });
    });
    child.on('close', (exitCode) => {
      settle(() => {
        const stdout = Buffer.concat(out).toString('utf8');
        const stderr = Buffer.concat(err).toString('utf8');
        const code = exitCode ?? -1;
        if (options.signal?.aborted === true) {
          rejectPromise(abortedError(args, options.signal.reason));
          return;
        }
        if (code !== 0 && options.allowFailure !== true) {
          const firstLine = stderr.trim().split('\n')[0] ?? '';
          rejectPromise(
            new WavefrontError('GIT_FAILED', `git ${args[0] ?? ''} failed with exit code ${code}: ${firstLine}`, {
              details: { args: [...args], code, stderr: stderr.slice(0, MAX_STDERR_IN_ERROR) },
            }),
          );
          return;
        }
        resolvePromise({ stdout, stderr, code });
      });
    });
    if (options.input !== undefined && child.stdin !== null) {
      // git may exit before reading all input (e.g. on a bad argument); the exit code reports that.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input, 'utf8');
    }
  });
}

/** Splits NUL-terminated git output (`-z`) into its fields, dropping the empty tail. */
export function splitNul(output: string): string[] {
  const parts = output.split('\0');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}
