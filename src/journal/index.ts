/**
 * The run journal: durable, append-only records of a run, atomic checkpoints, the repository lock,
 * secret redaction and run summaries.
 * @module
 */
export { applyRetention, checkpointFileName, CHECKPOINT_FILE_PATTERN, formatCheckpoint, formatDuration, formatTimestamp, writeCheckpoint, writeFileAtomic } from './checkpoint.js';
export type { AtomicWriteOptions, CheckpointInput, CheckpointStatus, RetentionMode, RetentionResult, WriteCheckpointOptions } from './checkpoint.js';
export { failpoint, FAILPOINT_ENV } from './failpoint.js';
export { Journal, JOURNAL_FILE, readJournal } from './journal.js';
export type { JournalHeader, JournalOptions, OpenedJournal } from './journal.js';
export { acquireRunLock, isLockOwnerAlive, LOCK_FILE, parseLockInfo, readProcessStart, readRunLock } from './lock.js';
export type { AcquireRunLockOptions, LockInfo, RunLock } from './lock.js';
export { parseJournal } from './parse.js';
export type { ParsedJournal } from './parse.js';
export { checkRecord, JOURNAL_VERSION, JournalRecordSchema } from './records.js';
export type {
  ApprovalRecord,
  BackupRecord,
  CommitRecord,
  CommitStartRecord,
  JournalEntry,
  JournalError,
  JournalRecord,
  JournalRecordType,
  IntegratedRecord,
  PauseRecord,
  RecordBase,
  ReplanRecord,
  ResolveInfo,
  RollbackEndRecord,
  RollbackStartRecord,
  RunEndRecord,
  WorkspaceRecord,
  RunHeaderRecord,
  TaskEndRecord,
  TaskStartRecord,
} from './records.js';
export { createRedactor, REDACTED, redactSecrets, redactString, secretValuesFromEnv } from './redact.js';
export type { Redactor } from './redact.js';
export { replayJournal } from './replay.js';
export type { FinishedTask, ReplayedReplan, RunState } from './replay.js';
export { listRuns, readRunStatus } from './runs.js';
export type { RunSummary, RunSummaryStatus } from './runs.js';
export { assertRunId, checkDir, DEFAULT_STATE_DIR, ensureDir, ensureRunDir, ensureStateDir, isValidRunId, resolveStateDir, RUN_ID_PATTERN, runDir } from './state-dir.js';
