/**
 * The options every process-running adapter (shell, cli, Claude Code, Codex) shares: the child's
 * environment, its output bound and its kill grace period.
 * @module
 */
import { checkEnv, checkNonNegative, optionError } from './agent-options.js';

const MiB = 1024 * 1024;

/** Options shared by the adapters that run a child process per task. */
export interface ProcessAdapterOptions {
  /** Extra environment variables; they override inherited ones. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Start from `process.env`. @defaultValue true */
  readonly inheritEnv?: boolean | undefined;
  /** Wait after SIGTERM before SIGKILL when aborting. Minimum `0`. @defaultValue 2000 */
  readonly killGraceMs?: number | undefined;
  /** Most bytes of stdout and of stderr kept each (the tail). Minimum `0`. @defaultValue 1 MiB */
  readonly maxOutputBytes?: number | undefined;
}

/** {@link ProcessAdapterOptions} checked, with defaults applied. */
export interface ProcessConfig {
  /** Extra environment variables. */
  readonly env: Readonly<Record<string, string>>;
  /** Start from `process.env`. */
  readonly inheritEnv: boolean;
  /** Wait after SIGTERM before SIGKILL. */
  readonly killGraceMs: number;
  /** Most bytes kept of stdout and stderr each. */
  readonly maxOutputBytes: number;
}

/**
 * Checks the {@link ProcessAdapterOptions} of adapter `adapter` and applies the defaults.
 * @throws {@link WavefrontError} `INVALID_CONFIG` (`details.field` is `<adapter>.<option>`).
 */
export function resolveProcessOptions(adapter: string, options: ProcessAdapterOptions): ProcessConfig {
  const { env = {}, inheritEnv = true, killGraceMs = 2000, maxOutputBytes = MiB } = options;
  const checkedEnv = checkEnv(adapter, env);
  if (typeof inheritEnv !== 'boolean') throw optionError(adapter, 'inheritEnv', 'a boolean', inheritEnv);
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) throw optionError(adapter, 'maxOutputBytes', 'a non-negative integer', maxOutputBytes);
  return { env: checkedEnv, inheritEnv, killGraceMs: checkNonNegative(adapter, 'killGraceMs', killGraceMs), maxOutputBytes };
}
