/**
 * Failpoints for crash tests.
 *
 * Set `WAVEFRONT_FAILPOINT=<name>` in the environment of a wavefront process and it kills itself
 * with SIGKILL (no cleanup, no flush: like a power cut for the process) when execution reaches
 * `failpoint('<name>')`. Used by the kill-and-resume tests; a no-op (one env read) otherwise.
 * Never set it in production.
 * @module
 */

/** The environment variable naming the failpoint to trigger. */
export const FAILPOINT_ENV = 'WAVEFRONT_FAILPOINT';

/** SIGKILLs the current process when `WAVEFRONT_FAILPOINT` equals `name`; otherwise does nothing. */
export function failpoint(name: string): void {
  if (process.env[FAILPOINT_ENV] === name) process.kill(process.pid, 'SIGKILL');
}
