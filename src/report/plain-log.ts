/**
 * `formatEventLines`: the seed's execution log ("[Wave 1] Theme Foundation (2 parallel)",
 * "⚡ I4: Create ThemeContext...", "✅ I4: Create ThemeContext (8.0s)") for non-TTY output.
 * Plain text, no ANSI codes.
 * @module
 */
import type { OrchestratorEvent } from '../execute/events.js';
import { formatDuration, runStatusText } from './format.js';
import { getTask, getWave } from './progress-select.js';
import type { ProgressState } from './progress-types.js';
import { renderSummary } from './summary.js';

/** Separator line of the plain log. */
export const LOG_RULE = '━'.repeat(45);

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return oneLine(error);
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : 'error';
    return oneLine(typeof code === 'string' ? `${code}: ${text}` : text);
  }
  return 'error';
}

function taskName(state: ProgressState, taskId: string, instance?: string): string {
  const task = getTask(state, taskId);
  const title = task?.title ?? taskId;
  const who = instance ?? task?.instance ?? task?.plannedInstance;
  return who === undefined ? oneLine(title) : `${who}: ${oneLine(title)}`;
}

/**
 * The log lines for one event, given the state *after* the event was reduced (so titles of tasks
 * and waves are known). Returns no lines for events not worth a line (percent-only progress,
 * checkpoints). `run:end` ends with the summary unless `options.summary` is false.
 */
export function formatEventLines(state: ProgressState, event: OrchestratorEvent, options: { readonly summary?: boolean } = {}): string[] {
  switch (event.type) {
    case 'run:start': {
      const dry = event.dryRun === true ? ' (dry run)' : '';
      return [`🚀 Launching ${state.instances.length} instances across ${state.waves.length} waves${dry}...`];
    }
    case 'wave:start': {
      const count = Array.isArray(event.taskIds) ? event.taskIds.length : (getWave(state, String(event.wave))?.taskIds.length ?? 0);
      const parallel = count > 1 ? ` (${count} parallel)` : '';
      return [`[Wave ${event.wave}] ${oneLine(String(event.name ?? ''))}${parallel}`];
    }
    case 'wave:end': {
      const word = event.status === 'succeeded' ? '✅' : event.status === 'skipped' ? '⏩' : '❌';
      const verb = event.status === 'succeeded' ? 'complete' : event.status === 'skipped' ? 'skipped' : 'failed';
      return [`${word} Wave ${event.wave} ${verb} | Duration: ${formatDuration(Number(event.durationMs))}`];
    }
    case 'task:start': {
      const borrowed = event.plannedInstance !== undefined && event.plannedInstance !== event.instance ? ` (instead of ${event.plannedInstance})` : '';
      const attempt = typeof event.attempt === 'number' && event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
      const critical = event.critical === true ? ' ⚠ CRITICAL' : '';
      return [`⚡ ${taskName(state, String(event.taskId), event.instance)}...${attempt}${borrowed}${critical}`];
    }
    case 'task:progress':
      return typeof event.message === 'string' && event.message.trim().length > 0
        ? [`  └─ ${taskName(state, String(event.taskId), event.instance)}: ${oneLine(event.message)}`]
        : [];
    case 'task:end': {
      const name = taskName(state, String(event.taskId), event.instance);
      const time = `(${formatDuration(Number(event.durationMs))})`;
      const lines: string[] = [];
      if (event.status === 'succeeded') lines.push(`✅ ${name} ${time}`);
      else if (event.status === 'failed') lines.push(`❌ ${name} failed${event.error ? `: ${errorText(event.error)}` : ''} ${time}`);
      else lines.push(`⏩ ${name} ${event.status}${event.reason ? `: ${oneLine(event.reason)}` : ''}`);
      const summary = event.result?.summary;
      if (typeof summary === 'string' && summary.trim().length > 0) lines.push(`  └─ ${oneLine(summary)}`);
      const files = event.result?.filesChanged;
      if (Array.isArray(files) && files.length > 0) lines.push(`  └─ ${files.length} ${files.length === 1 ? 'file' : 'files'} changed`);
      return lines;
    }
    case 'task:retry':
      return [`↻ retry ${taskName(state, String(event.taskId))}: attempt ${event.attempt} in ${formatDuration(Number(event.delayMs))} (${errorText(event.error)})`];
    case 'approval:request': {
      const title = oneLine(String(event.title ?? event.taskId));
      if (event.approved === undefined) {
        const reasons = Array.isArray(event.criticalReasons) && event.criticalReasons.length > 0 ? ` [${event.criticalReasons.join(', ')}]` : '';
        return [`⏳ Approval needed: ${title}${reasons}`];
      }
      return [event.approved ? `✅ Approved: ${title}` : `❌ Denied: ${title}`];
    }
    case 'replan': {
      const inserted = Array.isArray(event.inserted) ? event.inserted.map((item) => oneLine(String(item?.title ?? item?.id))) : [];
      return [`🔀 replan inserted: ${inserted.join(', ') || 'nothing'} (after ${taskName(state, String(event.failedTaskId))} failed, round ${event.round})`];
    }
    case 'checkpoint':
      return [];
    case 'rollback:start':
      return [`⚠ rollback: ${oneLine(String(event.reason ?? ''))}${event.backupRef ? ` (restoring ${event.backupRef})` : ''}`];
    case 'rollback:end':
      return [event.ok ? `✅ rollback complete (${event.compensations} compensations)` : `❌ rollback failed${event.error ? `: ${oneLine(event.error)}` : ''}`];
    case 'budget:exceeded':
      return [`⚠ budget exceeded: ${event.limit} ${event.used}/${event.budget}`];
    case 'integration': {
      const name = taskName(state, String(event.taskId));
      const then = event.resolverTaskId === undefined ? '' : ` → resolver ${String(event.resolverTaskId)}`;
      if (event.status === 'merged') return [`⇄ merged ${name} (${String(event.head).slice(0, 7)})`];
      if (event.status === 'conflict') {
        const files = Array.isArray(event.conflicts) ? event.conflicts.slice(0, 5).map((file) => oneLine(String(file))).join(', ') : '';
        return [`⚠ merge conflict: ${name}${files ? ` in ${files}` : ''}${then}`];
      }
      if (event.status === 'gate-failed') return [`⚠ integration gate red after merging ${name}${then}`];
      return [];
    }
    case 'run:end': {
      const head = event.status === 'succeeded' ? ' EXECUTION COMPLETE!' : ` EXECUTION ${runStatusText(event.status).replace(/^\S+ /, '')}`;
      return options.summary === false ? [LOG_RULE, head, LOG_RULE] : [LOG_RULE, head, LOG_RULE, '', renderSummary(state)];
    }
    default:
      return [];
  }
}
