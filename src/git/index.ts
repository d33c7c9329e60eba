/**
 * Git safety: wave-0 snapshot, rollback, final commit, per-agent worktrees and their integration, and the `git` runner they share.
 * @module
 */
export { gitEnv, GIT_SAFETY_CONFIG, type GitEnvOptions } from './env.js';
export { runGit, splitNul, type GitOptions, type RunGitOptions, type GitResult } from './run-git.js';
export { withRepoLock } from './repo-lock.js';
export {
  RUN_REF_PREFIX,
  DEFAULT_SNAPSHOT_LABEL,
  assertSafeRefComponent,
  assertSnapshotRef,
  runRefName,
  parseRunRef,
  isObjectId,
} from './names.js';
export {
  preflight,
  inspectRepository,
  describeOperation,
  type PreflightResult,
  type RepositoryState,
  type GitOperationState,
} from './preflight.js';
export { createSnapshot, readSnapshot, SNAPSHOT_IDENTITY, type Snapshot, type CreateSnapshotOptions } from './snapshot.js';
export { restoreSnapshot, type RestoreResult } from './rollback.js';
export { commitRun, FALLBACK_IDENTITY, MAX_COMMIT_MESSAGE_LENGTH, type CommitRunOptions, type CommitRunResult } from './commit.js';
export { changedFiles, type FileChange } from './changes.js';
export { listRunRefs, deleteRunRefs } from './run-refs.js';
export { RUN_BRANCH_PREFIX, INTEGRATION_INSTANCE, runBranchRef, parseRunBranch } from './worktree-names.js';
export { listRunWorktrees, type RunWorktree } from './worktree-list.js';
export {
  DEFAULT_WORKTREE_DIR,
  createRunWorktree,
  createIntegrationWorktree,
  removeRunWorktree,
  cleanupRunWorktrees,
  commitWorktree,
  type CreateRunWorktreeOptions,
  type CreatedWorktree,
  type CleanupResult,
} from './worktree.js';
export { findOrphanWorktrees, type OrphanWorktree, type FindOrphanWorktreesOptions } from './worktree-orphans.js';
export { worktreeStatus, type WorktreeStatus } from './worktree-status.js';
export {
  integrate,
  type IntegrateOptions,
  type IntegrateResult,
  type IntegratedBranch,
  type IntegrationGate,
  type GateResult,
} from './integrate.js';
export { WORK_REF_PREFIX, workRef, createWorkspaceBase, resetWorktree, startMerge, commitWork, deleteWorkRefs } from './workspace.js';
export { materializeRun, type MaterializeOptions, type MaterializeResult } from './materialize.js';
export { fastForwardBranch, type FastForwardOptions, type FastForwardResult } from './fast-forward.js';
