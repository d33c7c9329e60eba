/**
 * Validation of the ids wavefront puts into ref names (run ids, snapshot labels).
 * Pure, no I/O.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';

/** All of wavefront's private refs live below this prefix; none of them is ever pushed. */
export const RUN_REF_PREFIX = 'refs/wavefront/runs/';

/** The label of the backup snapshot taken before any task runs. */
export const DEFAULT_SNAPSHOT_LABEL = 'wave-0';

const SAFE_COMPONENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Why `value` is not a safe ref component, or null when it is. */
function componentProblem(value: string): string | null {
  if (!SAFE_COMPONENT.test(value)) {
    return 'must be 1-128 characters of A-Z a-z 0-9 _ . - and start with a letter or digit';
  }
  if (value.includes('..')) return 'must not contain ".."';
  if (value.toLowerCase().endsWith('.lock')) return 'must not end with ".lock"';
  if (value.endsWith('.')) return 'must not end with "."';
  return null;
}

/**
 * Checks a run id or snapshot label used as one component of a ref name (and, elsewhere, a
 * directory name) and returns it.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` when not a string, `UNSAFE_PATH` when it could escape
 *   its directory or form an invalid ref (`..`, `/abs`, `a/../b`, a leading `-`, a `.lock` suffix).
 */
export function assertSafeRefComponent(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', `${what} must be a string, got ${describeValue(value)}`, {
      details: { field: what },
    });
  }
  const problem = componentProblem(value);
  if (problem !== null) {
    throw new WavefrontError('UNSAFE_PATH', `${what} ${JSON.stringify(value.slice(0, 200))} is unsafe: ${problem}`, {
      details: { field: what, value: value.slice(0, 200) },
    });
  }
  return value;
}

/** The ref of snapshot `label` of run `runId`: `refs/wavefront/runs/<runId>/<label>`. Validates both. */
export function runRefName(runId: string, label: string = DEFAULT_SNAPSHOT_LABEL): string {
  return `${RUN_REF_PREFIX}${assertSafeRefComponent(runId, 'runId')}/${assertSafeRefComponent(label, 'label')}`;
}

/**
 * Parses a ref of the form `refs/wavefront/runs/<runId>/<label>`; null when `ref` is anything else
 * or a component is unsafe. Use it on every ref read back from git: refs can be created by others.
 */
export function parseRunRef(ref: string): { runId: string; label: string } | null {
  if (!ref.startsWith(RUN_REF_PREFIX)) return null;
  const parts = ref.slice(RUN_REF_PREFIX.length).split('/');
  if (parts.length !== 2) return null;
  const [runId, label] = parts as [string, string];
  if (componentProblem(runId) !== null || componentProblem(label) !== null) return null;
  return { runId, label };
}

/** True for a full SHA-1 or SHA-256 object id in lower-case hex. */
export function isObjectId(value: string): boolean {
  return OBJECT_ID.test(value);
}

/**
 * Checks a snapshot reference passed to a public function: a wavefront run ref or a full object id.
 * @throws WavefrontError `INVALID_ARGUMENT` otherwise (so nothing like `--upload-pack=...` or
 *   `HEAD~1` ever reaches git's argv).
 */
export function assertSnapshotRef(value: unknown, what = 'ref'): string {
  if (typeof value !== 'string' || (parseRunRef(value) === null && !isObjectId(value))) {
    throw new WavefrontError(
      'INVALID_ARGUMENT',
      `${what} must be a wavefront snapshot ref (${RUN_REF_PREFIX}<runId>/<label>) or a full commit id, got ${describeValue(value)}`,
      { details: { field: what } },
    );
  }
  return value;
}
