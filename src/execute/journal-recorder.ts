/**
 * The run journal and checkpoint files as the executor's {@link RunRecorder}.
 * @module
 */
import { applyRetention, writeCheckpoint, type RetentionMode } from '../journal/checkpoint.js';
import type { Journal } from '../journal/journal.js';
import { createRedactor } from '../journal/redact.js';
import type { JournalEntry } from '../journal/records.js';
import type { RunState } from '../journal/replay.js';
import type { Plan } from '../model/plan.js';
import type { CheckpointInfo, ResumeState, RunRecord, RunRecorder } from './recorder.js';

/** Options of {@link journalRecorder}. */
export interface JournalRecorderOptions {
  readonly journal: Journal;
  readonly runDir: string;
  readonly plan: Plan;
  readonly retention: RetentionMode;
  readonly verbosity: 'minimal' | 'detailed';
  /** Called once the run has ended and the journal is closed (releases the repository lock). */
  readonly onClose?: (() => Promise<void>) | undefined;
}

/** A recorder writing every fact to the journal (fsync'd) and a checkpoint file per finished task. */
export function journalRecorder(options: JournalRecorderOptions): RunRecorder {
  const { journal, runDir } = options;
  const redact = createRedactor(process.env);
  return {
    async record(record: RunRecord) {
      await journal.append(withoutUndefined(record) as unknown as JournalEntry);
    },
    async checkpoint(task, info: CheckpointInfo) {
      if (info.status === 'pending' || info.status === 'running') return undefined;
      const files = info.result?.filesChanged ?? [];
      return writeCheckpoint(runDir, {
        task: task.title,
        instance: info.instance,
        wave: task.wave,
        status: info.status,
        startedAt: info.startedAt,
        endedAt: info.endedAt,
        filesModified: files,
        nextDependencies: info.next,
        verbosity: options.verbosity,
        summary: info.result?.summary,
        error: info.error?.message,
      }, { redact });
    },
    async close(status) {
      try {
        await journal.close();
        if (status === 'succeeded') await applyRetention(runDir, options.retention);
      } finally {
        await options.onClose?.();
      }
    },
  };
}

/** The executor's view of a replayed journal. */
export function toResumeState(state: RunState): ResumeState {
  return {
    backupRef: state.backupRef,
    succeeded: state.succeeded,
    attempts: state.attempts,
    inDoubt: state.inDoubt,
    replans: state.replans,
    rollback: state.rollback,
    commit: typeof state.commit === 'object' ? { commit: state.commit.commit } : state.commit,
    workspace: state.workspaceBase === undefined ? undefined : { base: state.workspaceBase, integrationHead: state.integrationHead },
    integratedOnly: [...state.succeeded.keys()].filter((id) => state.finished.get(id)?.status !== 'succeeded'),
  };
}

function withoutUndefined(record: RunRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}
