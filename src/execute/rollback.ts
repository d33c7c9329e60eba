/**
 * A run's rollback: the compensations adapters registered, newest first, then the working tree
 * restored to the wave-0 snapshot.
 * @module
 */
import type { Compensation } from '../adapters/types.js';
import { failpoint } from '../journal/failpoint.js';
import type { Emit } from './execution-types.js';
import type { GitSteps } from './git-steps.js';
import type { RunRecorder } from './recorder.js';
import { describeError } from './run-attempt.js';

/** What {@link rollBack} needs. */
export interface RollbackInput {
  readonly reason: string;
  /** The wave-0 snapshot; undefined when none was taken (git off, or the backup failed). */
  readonly backupRef: string | undefined;
  readonly compensations: readonly { readonly taskId: string; readonly compensation: Compensation }[];
  readonly git: Pick<GitSteps, 'restore'>;
  readonly recorder: RunRecorder;
  readonly emit: Emit;
  /** Called once the working tree is restored (or restoring failed): the run's changes are gone. */
  readonly onRestored: () => void;
}

/** Rolls the run back; true when every compensation and the restore succeeded. Every step is tried. */
export async function rollBack(input: RollbackInput): Promise<boolean> {
  const { reason, backupRef, compensations, recorder, emit } = input;
  await recorder.record({ type: 'rollback-start', reason, backupRef });
  emit('rollback:start', { reason, backupRef });
  failpoint('during-rollback');
  let ok = true;
  let firstError: string | undefined;
  for (const { compensation } of [...compensations].reverse()) {
    try {
      await compensation.run();
    } catch (error) {
      ok = false;
      firstError ??= `compensation "${compensation.description}" failed: ${describeError(error, 'ADAPTER_FAILED').message}`;
    }
  }
  if (backupRef !== undefined) {
    try {
      await input.git.restore(backupRef);
    } catch (error) {
      ok = false;
      firstError ??= describeError(error, 'GIT_FAILED').message;
    }
  }
  input.onRestored();
  await recorder.record({ type: 'rollback-end', ok, error: firstError });
  emit('rollback:end', { ok, compensations: compensations.length, error: firstError });
  return ok;
}
