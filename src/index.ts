/**
 * wavefront: plan a plain-English engineering request into a guarded DAG of agent tasks and run it
 * with maximum safe parallelism.
 * @module
 */
// model
export { WavefrontError, isWavefrontError } from './model/errors.js';
export type { WavefrontErrorCode, WavefrontErrorOptions } from './model/errors.js';
export { TASK_ID_PATTERN, TASK_KINDS, LIMITS, TaskSpecSchema, parseTaskSpec, parseTaskSpecs, isValidTaskId } from './model/task.js';
export type { TaskSpec, TaskKind } from './model/task.js';
export type * from './model/plan.js';
export { parseConfig, parseOptions } from './model/config.js';
export type { WavefrontOptions, ParsedConfig } from './model/config.js';
export { loadConfig, CONFIG_FILES } from './config/load-config.js';
export type { LoadedConfig } from './config/load-config.js';

// planning (pure)
export { plan, buildPlan, resolveSettings, insertGuards, toMermaid } from './plan/index.js';
export type { PlanOptions, PlanRequest, BuildPlanInput, GuardOptions } from './plan/index.js';
export { buildDag, TaskGraph, criticalPath, bottomLevels } from './graph/index.js';
export type { TaskNodeAttributes, CriticalPath } from './graph/index.js';
export { generateWaves, criticalText, estimateOf } from './waves/generate-waves.js';
export type { GenerateWavesOptions } from './waves/generate-waves.js';
export { DEFAULT_ESTIMATE_MINUTES as DEFAULT_TASK_ESTIMATES, BACKUP_TASK_ID, COMMIT_TASK_ID } from './waves/defaults.js';
export * from './critical/index.js';
export { patternDecomposer, createPatternDecomposer, recognisePattern, PATTERN_LABELS, DEFAULT_ESTIMATES } from './decompose/index.js';
export type { PatternDecomposer, PatternDecomposerOptions, EstimateKey } from './decompose/index.js';
export { ROLES, ROLE_KEYS, instancesOfRole, roleOfInstance, isRoleKey, matchRole, recommendInstances, allocateInstances } from './allocate/index.js';
export type { Role, RoleKey, RoleChoice, AllocateOptions, Allocation, TaskAllocation } from './allocate/index.js';

// glue files
export { DEFAULT_GLUE_FILES, DEFAULT_GLUE_CATALOGUE, isGlueFile, inferGlueFiles, applyGluePass } from './plan/index.js';
export type { GlueCategory, GlueCatalogueEntry, GlueInference, GluePassResult, GlueFilesOption } from './plan/index.js';

// scheduling
export { Scheduler, simulate, bLevels, generationWaves } from './schedule/index.js';
export type * from './schedule/types.js';
export type { Rewire } from './schedule/index.js';

// execution
export { Orchestrator, newRunId } from './execute/orchestrator.js';
export { validatePlan } from './execute/validate-plan.js';
export { validateOrchestratorOptions } from './execute/options.js';
export type { UsageTotals, RunUsage, RunBudget, CostModel } from './execute/options.js';
export type { OrchestratorOptions, RunResult, TaskOutcome, ApprovalRequest, Replanner, ReplanContext, ReplanDecision } from './execute/options.js';
export { defaultReplanner } from './execute/default-replanner.js';
export { buildPrompt } from './execute/prompt.js';
export { ORCHESTRATOR_EVENT_NAMES } from './execute/events.js';
export type * from './execute/events.js';
export type * from './adapters/types.js';
export { abortError } from './adapters/abort.js';

// git safety
export { preflight, createSnapshot, restoreSnapshot, commitRun, changedFiles, listRunRefs, deleteRunRefs, runRefName } from './git/index.js';
export type { PreflightResult, Snapshot, RestoreResult, CommitRunResult, FileChange } from './git/index.js';
export { cleanupRunWorktrees, findOrphanWorktrees, listRunWorktrees } from './git/index.js';
export type { CleanupResult, OrphanWorktree, RunWorktree, IntegrationGate, GateResult } from './git/index.js';
export type { GateOption } from './execute/integration-gate.js';
export type { WorktreeSetup } from './execute/workspaces.js';
export { linkIgnored, type LinkIgnoredOptions } from './git/link-ignored.js';

// reporting
export {
  reduceProgress,
  emptyProgressState,
  renderDashboard,
  renderSummary,
  createDashboardReporter,
  createNdjsonReporter,
  formatEventLines,
} from './report/index.js';
export type { DashboardReporter, DashboardReporterOptions, NdjsonReporterOptions, Reporter, ReporterStream, DashboardOptions } from './report/index.js';
export type * from './report/progress-types.js';

// run journal, checkpoints, resume
export { readRunStatus, listRuns, replayJournal, redactSecrets, acquireRunLock, readRunLock, formatCheckpoint, DEFAULT_STATE_DIR } from './journal/index.js';
export type { RunSummary, RunSummaryStatus, RunState, RunLock, LockInfo, JournalRecord } from './journal/index.js';

// LLM planning and rate limits (the `ai` package and providers are optional peers, loaded lazily)
export { llmDecomposer, parseModelSpec, splitModelSpec, MODEL_PROVIDERS } from './decompose/llm-decomposer.js';
export type { LlmDecomposer, LlmDecomposerOptions, LlmAttempt, LanguageModelLike, ModelProvider, ModelSpec, ModelSpecOptions, OutputMode } from './decompose/llm-decomposer.js';
export {
  withRateLimitRetry,
  backoffDelayMs,
  createProviderLimiter,
  sharedProviderLimiter,
  parseRetryAfter,
  retryAfterOf,
  errorStatus,
  isRateLimitError,
  isRetryableError,
} from './adapters/rate-limit.js';
export type { RateLimitRetryOptions, RateLimitRetryInfo, ProviderLimiter, ProviderLimiterOptions, ProviderLimiterState } from './adapters/rate-limit.js';
export { ROLE_PROMPTS, rolePromptFor } from './adapters/role-prompts.js';
export type { RolePromptOverrides } from './adapters/role-prompts.js';
export { searchPolicy, policyPriorities, writeSetsOverlap, conflictPairs } from './schedule/index.js';
export type { WriteConflict, WriteSetTask } from './schedule/index.js';
export type { SearchOptions, SearchResult } from './schedule/index.js';
