/**
 * Progress reporting: the pure progress reducer, the box-drawn dashboard, the plain execution log,
 * the final summary, and reporters (live dashboard / NDJSON) that attach to an Orchestrator.
 * @module
 */
export { reduceProgress } from './progress-state.js';
export { emptyProgressState } from './progress-init.js';
export type * from './progress-types.js';
export {
  ELAPSED_PROGRESS_CAP,
  currentWaveKey,
  etaMinutesAt,
  getTask,
  getWave,
  isTaskFinished,
  overallFractionAt,
  overallPercentAt,
  taskFractionAt,
  taskPercentAt,
  taskWeight,
  waveFractionAt,
  wavePercentAt,
} from './progress-select.js';
export { renderDashboard, DEFAULT_DASHBOARD_WIDTH, WAVE_BAR_CELLS } from './dashboard.js';
export type { DashboardOptions } from './dashboard.js';
export { renderSummary, summaryFigures } from './summary.js';
export type { SummaryFigures } from './summary.js';
export { formatEventLines } from './plain-log.js';
export { createDashboardReporter, HIDE_CURSOR, SHOW_CURSOR, eraseLines } from './dashboard-reporter.js';
export type { DashboardReporter, DashboardReporterOptions } from './dashboard-reporter.js';
export { createNdjsonReporter, formatNdjsonLine, summarizePlan } from './ndjson-reporter.js';
export type { NdjsonReporterOptions, PlanSummary } from './ndjson-reporter.js';
export type { OrchestratorEventSource, Reporter, ReporterStream } from './reporter.js';
export { displayWidth, stripAnsi, truncateToWidth, padEndToWidth } from './display-width.js';
export { progressBar, formatDuration } from './format.js';
export { toJsonValue, safeStringify } from './safe-json.js';
