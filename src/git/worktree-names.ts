/**
 * Names of the per-run worktree branches: `refs/heads/wavefront/<runId>/<instance>`.
 * Pure, no I/O.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { assertSafeRefComponent } from './names.js';

/** Every worktree branch wavefront creates lives below this prefix. */
export const RUN_BRANCH_PREFIX = 'refs/heads/wavefront/';

/** The instance name of a run's integration worktree (`refs/heads/wavefront/<runId>/integration`). */
export const INTEGRATION_INSTANCE = 'integration';

const HEADS = 'refs/heads/';
const SAFE_COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function isSafeComponent(value: string): boolean {
  return SAFE_COMPONENT.test(value) && !value.includes('..') && !value.toLowerCase().endsWith('.lock') && !value.endsWith('.');
}

/**
 * The branch of instance `instance` of run `runId`: `refs/heads/wavefront/<runId>/<instance>`.
 * @throws WavefrontError `INVALID_ARGUMENT` / `UNSAFE_PATH` for an unsafe component (see {@link assertSafeRefComponent}).
 */
export function runBranchRef(runId: string, instance: string): string {
  return `${RUN_BRANCH_PREFIX}${assertSafeRefComponent(runId, 'runId')}/${assertSafeRefComponent(instance, 'instance')}`;
}

/**
 * Parses `refs/heads/wavefront/<runId>/<instance>` (or the short form `wavefront/<runId>/<instance>`);
 * null for anything else, including refs with an unsafe component. Use it on every branch read back
 * from git: branches can be created by others.
 */
export function parseRunBranch(ref: string): { runId: string; instance: string; ref: string } | null {
  if (typeof ref !== 'string') return null;
  const full = ref.startsWith(HEADS) ? ref : `${HEADS}${ref}`;
  if (!full.startsWith(RUN_BRANCH_PREFIX)) return null;
  const parts = full.slice(RUN_BRANCH_PREFIX.length).split('/');
  if (parts.length !== 2) return null;
  const [runId, instance] = parts as [string, string];
  if (!isSafeComponent(runId) || !isSafeComponent(instance)) return null;
  return { runId, instance, ref: full };
}

/**
 * Checks a branch passed to a public function: a run branch in full or short form. Returns the
 * parsed branch (with its full ref).
 * @throws WavefrontError `INVALID_ARGUMENT` otherwise.
 */
export function assertRunBranch(value: unknown, what = 'branch'): { runId: string; instance: string; ref: string } {
  const parsed = typeof value === 'string' ? parseRunBranch(value) : null;
  if (parsed === null) {
    throw new WavefrontError(
      'INVALID_ARGUMENT',
      `${what} must be a wavefront run branch (${RUN_BRANCH_PREFIX}<runId>/<instance>), got ${describeValue(value)}`,
      { details: { field: what } },
    );
  }
  return parsed;
}

/** `refs/heads/x` → `x`. */
export function shortBranchName(ref: string): string {
  return ref.startsWith(HEADS) ? ref.slice(HEADS.length) : ref;
}
