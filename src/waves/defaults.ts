import type { TaskKind } from '../model/task.js';

/** Minutes assumed for a task without `estimateMinutes`, by kind (seed template figures). */
export const DEFAULT_ESTIMATE_MINUTES: Readonly<Record<TaskKind, number>> = {
  backup: 2,
  'data-backup': 3,
  'rollback-script': 3,
  work: 10,
  verify: 5,
  commit: 5,
};

/** The id wave 0 uses when the tasks have no `backup` task (the seed's name). */
export const BACKUP_TASK_ID = 'git_backup';
/** The id the last wave uses when the tasks have no `commit` task (the seed's name). */
export const COMMIT_TASK_ID = 'git_commit';
