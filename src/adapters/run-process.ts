/**
 * Running an agent executable (argv, never a shell) in its own process group, with text on stdin,
 * streamed output, and abort that ends the whole group.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { WavefrontError } from '../model/errors.js';
import { abortError } from './abort.js';
import { isGroupAlive, signalGroup, trackGroup, untrackGroup } from './process-group.js';
import { TailBuffer } from './tail-buffer.js';

const GROUP_POLL_MS = 20;
/** After SIGKILL, how long to wait for the group to be gone before settling anyway (a process stuck in the kernel). */
const AFTER_KILL_WAIT_MS = 2000;

/** What to run. */
export interface ProcessSpec {
  /** `[file, ...args]`; spawned with `shell: false`. */
  readonly argv: readonly string[];
  /** Working directory. */
  readonly cwd: string;
  /** The full environment of the child. */
  readonly env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; stdin is ignored when undefined. */
  readonly stdin?: string | undefined;
  /** Aborting it ends the process group; the promise then rejects with the signal's error. */
  readonly signal: AbortSignal;
  /** Task id, for error messages. */
  readonly taskId: string;
  /** Wait after SIGTERM before SIGKILL. */
  readonly killGraceMs: number;
  /** Most bytes kept of stdout and stderr each (the tail). */
  readonly maxOutputBytes: number;
  /** Receives each stdout chunk as it arrives. */
  readonly onStdout?: ((chunk: Buffer) => void) | undefined;
  /** Receives each stderr chunk as it arrives. */
  readonly onStderr?: ((chunk: Buffer) => void) | undefined;
}

/** A process's exit status and the output kept of it. */
export interface ProcessExit {
  /** Exit code, or null when the process was killed by a signal or never started. */
  readonly exitCode: number | null;
  /** The signal that killed the process, or null. */
  readonly signal: string | null;
  /** The tail of stdout (at most `maxOutputBytes`). */
  readonly stdout: string;
  /** The tail of stderr (at most `maxOutputBytes`). */
  readonly stderr: string;
  /** True when the start of stdout was dropped. */
  readonly stdoutTruncated: boolean;
  /** True when the start of stderr was dropped. */
  readonly stderrTruncated: boolean;
  /** Wall-clock duration in milliseconds. */
  readonly durationMs: number;
}

/** How a process ended. */
export interface ProcessOutcome extends ProcessExit {
  /** When it could not start: `ENOENT`, `EACCES`, ... */
  readonly spawnError?: string | undefined;
  /** One line explaining a spawn failure (`command not found: claude`). */
  readonly spawnMessage?: string | undefined;
}

/** A {@link ProcessExit} as a result's `output`, with the spawn error code as `error`. */
export interface ProcessExitOutput extends ProcessExit {
  /** The spawn error code (`ENOENT`, `EACCES`) when the process could not start. */
  readonly error?: string | undefined;
}

/** Cancels running processes of one adapter (its `dispose`). */
export type ProcessRegistry = Set<(reason: WavefrontError) => void>;

/**
 * Runs `spec.argv` and resolves once it exited and its output closed. Processes it leaves running
 * in its group are ended (SIGTERM, then SIGKILL after `killGraceMs`). On abort the group gets the
 * same treatment and the promise rejects once the group is gone. A spawn failure resolves with
 * `spawnError` set, not a rejection.
 */
export function runProcess(spec: ProcessSpec, registry?: ProcessRegistry): Promise<ProcessOutcome> {
  return new Promise<ProcessOutcome>((resolve, reject) => {
    const { taskId } = spec;
    const [file = '', ...args] = spec.argv;
    const startedAt = performance.now();
    const stdout = new TailBuffer(spec.maxOutputBytes);
    const stderr = new TailBuffer(spec.maxOutputBytes);

    if (spec.signal.aborted) {
      reject(abortError(spec.signal, taskId));
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: spec.cwd,
        shell: false,
        detached: true,
        stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        env: spec.env,
        windowsHide: true,
      });
    } catch (error) {
      reject(new WavefrontError('ADAPTER_FAILED', `task ${JSON.stringify(taskId)}: cannot spawn ${file}: ${String(error)}`, { cause: error, details: { taskId } }));
      return;
    }

    const pid = child.pid;
    if (pid !== undefined) trackGroup(pid);
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let abortReason: WavefrontError | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let pollTimer: NodeJS.Timeout | undefined;
    let killedAt: number | undefined;

    const outcome = (spawnFailure?: NodeJS.ErrnoException): ProcessOutcome => ({
      exitCode: exit?.code ?? null,
      signal: exit?.signal ?? null,
      stdout: stdout.toString(),
      stderr: stderr.toString(),
      stdoutTruncated: stdout.truncated,
      stderrTruncated: stderr.truncated,
      durationMs: Math.round(performance.now() - startedAt),
      ...(spawnFailure === undefined
        ? {}
        : { spawnError: spawnFailure.code ?? 'ERROR', spawnMessage: _spawnMessage(file, spec.cwd, spawnFailure) }),
    });
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      registry?.delete(cancel);
      clearTimeout(pollTimer);
      if (pid !== undefined && killTimer === undefined) untrackGroup(pid);
      finish();
    };
    const settleAborted = (): void => {
      settle(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        reject(abortReason ?? abortError(spec.signal, taskId));
      });
    };
    const terminateGroup = (): void => {
      if (pid === undefined || killTimer !== undefined) return;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
        untrackGroup(pid);
        killedAt = Date.now();
        // SIGKILL is delivered asynchronously: settle once the group is really gone.
        if (abortReason !== undefined) waitForGroupDeath();
      }, spec.killGraceMs);
    };
    const waitForGroupDeath = (): void => {
      clearTimeout(pollTimer);
      const givenUp = killedAt !== undefined && Date.now() - killedAt > AFTER_KILL_WAIT_MS;
      if (pid === undefined || givenUp || !isGroupAlive(pid)) {
        clearTimeout(killTimer);
        killTimer = undefined;
        settleAborted();
        return;
      }
      pollTimer = setTimeout(waitForGroupDeath, GROUP_POLL_MS);
    };
    const cancel = (reason: WavefrontError): void => {
      if (settled || abortReason !== undefined) return;
      abortReason = reason;
      terminateGroup();
      if (exit !== undefined || pid === undefined) waitForGroupDeath();
    };
    const onAbort = (): void => cancel(abortError(spec.signal, taskId));

    registry?.add(cancel);
    spec.signal.addEventListener('abort', onAbort, { once: true });

    if (child.stdin) {
      // The agent may exit without reading its prompt (EPIPE): that is its exit status's business.
      child.stdin.on('error', () => {});
      child.stdin.end(spec.stdin ?? '');
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      _safely(spec.onStdout, chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      _safely(spec.onStderr, chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (abortReason !== undefined) {
        settleAborted();
        return;
      }
      settle(() => resolve(outcome(error)));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (abortReason !== undefined) {
        waitForGroupDeath();
        return;
      }
      if (pid !== undefined && isGroupAlive(pid)) terminateGroup();
    });
    child.on('close', () => {
      if (abortReason !== undefined) return;
      settle(() => resolve(outcome()));
    });
  });
}

/** `outcome` as a JSON-serialisable {@link ProcessExitOutput} (the spawn message is left out). */
export function processExitOutput(outcome: ProcessOutcome): ProcessExitOutput {
  const { spawnError, spawnMessage: _message, ...exit } = outcome;
  return { ...exit, ...(spawnError === undefined ? {} : { error: spawnError }) };
}

/** Cancels every process of `registry` (an adapter's `dispose`). */
export function cancelAll(registry: ProcessRegistry, adapterName: string): void {
  const reason = new WavefrontError('ABORTED', `the ${adapterName} adapter was disposed`);
  for (const cancel of [...registry]) cancel(reason);
}

// --- Internal helpers ---

function _safely(callback: ((chunk: Buffer) => void) | undefined, chunk: Buffer): void {
  if (callback === undefined) return;
  try {
    callback(chunk);
  } catch {
    // Parsing and progress are best effort; the exit status decides the outcome.
  }
}

function _spawnMessage(file: string, cwd: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return existsSync(cwd) ? `command not found: ${file}` : `working directory not found: ${cwd}`;
  if (error.code === 'EACCES') return `permission denied: ${file}`;
  return `cannot run ${file}: ${error.message}`;
}
