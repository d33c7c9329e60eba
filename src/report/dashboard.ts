/**
 * `renderDashboard`: the seed's box-drawn live dashboard, as a pure function of a
 * {@link ProgressState} and a time.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { displayWidth, padEndToWidth, stripAnsi, truncateToWidth } from './display-width.js';
import { formatDuration, formatMinutesLong, formatMinutesShort, paint, progressBar, runStatusText } from './format.js';
import type { AnsiStyle } from './format.js';
import { etaMinutesAt, getTask, overallPercentAt, taskPercentAt, wavePercentAt } from './progress-select.js';
import type { InstanceProgress, ProgressState, TaskProgress, WaveProgress } from './progress-types.js';

/** Options of {@link renderDashboard}. */
export interface DashboardOptions {
  /** Total width in terminal columns, borders included (40..400; default 72). */
  readonly width?: number | undefined;
  /** Add ANSI colours (default false). */
  readonly color?: boolean | undefined;
  /** Time used for running tasks' elapsed progress and the ETA (ms; default `state.now`). */
  readonly now?: number | undefined;
  /** Most wave lines before finished/pending waves are folded into one line each (default 20). */
  readonly maxWaveLines?: number | undefined;
  /** Most task lines under one expanded wave (default 12). */
  readonly maxTaskLines?: number | undefined;
}

/** Default dashboard width. */
export const DEFAULT_DASHBOARD_WIDTH = 72;
/** Cells of the per-wave and per-task bars. */
export const WAVE_BAR_CELLS = 10;

// Right-hand columns of a wave/task line: " [" bar "] " pct(4) " " mark(2) " " time(12).
const TIME_COLUMN = 12;
const RIGHT_COLUMNS = 2 + WAVE_BAR_CELLS + 2 + 4 + 1 + 2 + 1 + TIME_COLUMN;

function integerOption(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new WavefrontError('INVALID_ARGUMENT', `renderDashboard: ${name} must be an integer from ${min} to ${max}, got ${describeValue(value)}`, {
      details: { field: name },
    });
  }
  return value;
}

/** Checks that `state` looks like a progress state (used by every renderer). */
export function assertProgressState(state: unknown, caller: string): asserts state is ProgressState {
  const candidate = state as Partial<ProgressState> | null | undefined;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !Array.isArray(candidate.waves) ||
    !Array.isArray(candidate.tasks) ||
    !Array.isArray(candidate.instances) ||
    !(candidate.taskIndex instanceof Map)
  ) {
    throw new WavefrontError('INVALID_ARGUMENT', `${caller}: state must be a ProgressState from reduceProgress, got ${describeValue(state)}`, {
      details: { field: 'state' },
    });
  }
}

interface Context {
  readonly state: ProgressState;
  readonly inner: number;
  readonly color: boolean;
  readonly now: number;
}

function barStyle(status: string): AnsiStyle {
  if (status === 'failed') return 'red';
  if (status === 'succeeded' || status === 'skipped') return 'green';
  return 'yellow';
}

/** One "label [bar] pct mark time" row, padded to the inner width. */
function row(ctx: Context, label: string, percent: number, status: string, mark: string, time: string): string {
  const labelWidth = ctx.inner - RIGHT_COLUMNS;
  const bar = progressBar(percent, WAVE_BAR_CELLS);
  const filled = bar.replaceAll('░', '');
  const coloured = paint(filled, barStyle(status), ctx.color) + paint(bar.slice(filled.length), 'dim', ctx.color);
  const pct = `${percent}%`.padStart(4);
  return `${padEndToWidth(truncateToWidth(label, labelWidth), labelWidth)} [${coloured}] ${pct} ${padEndToWidth(mark, 2)} ${truncateToWidth(time, TIME_COLUMN)}`;
}

function statusMark(status: string): string {
  switch (status) {
    case 'succeeded':
      return '✅';
    case 'failed':
    case 'cancelled':
      return '❌';
    case 'skipped':
      return '⏩';
    case 'retrying':
      return '↻';
    default:
      return '';
  }
}

function waveTime(ctx: Context, wave: WaveProgress): string {
  if (wave.status === 'pending') return '';
  if (wave.status !== 'running') return wave.durationMs === undefined ? '' : `(${formatDuration(wave.durationMs)})`;
  const elapsed = wave.startedAt === undefined ? 0 : Math.max(0, ctx.now - wave.startedAt) / 60_000;
  return `(${formatMinutesShort(Math.floor(elapsed))}/${formatMinutesShort(wave.estimateMinutes)}min)`;
}

function taskLabel(task: TaskProgress): string {
  const instance = task.instance ?? task.plannedInstance;
  return instance === undefined ? task.title : `${instance}: ${task.title}`;
}

function waveRows(ctx: Context, wave: WaveProgress, maxTaskLines: number): string[] {
  const percent = wavePercentAt(ctx.state, wave, ctx.now);
  const lines = [row(ctx, `Wave ${wave.key}: ${wave.name}`, percent, wave.status, statusMark(wave.status), waveTime(ctx, wave))];
  if (!expanded(ctx.state, wave)) return lines;
  const tasks = wave.taskIds.map((id) => getTask(ctx.state, id)).filter((task): task is TaskProgress => task !== undefined);
  const shown = tasks.length > maxTaskLines ? tasks.slice(0, maxTaskLines - 1) : tasks;
  shown.forEach((task, position) => {
    const last = position === shown.length - 1 && shown.length === tasks.length;
    const label = `  ${last ? '└─' : '├─'} ${taskLabel(task)}`;
    lines.push(row(ctx, label, taskPercentAt(task, ctx.now), task.status, statusMark(task.status), ''));
  });
  if (shown.length < tasks.length) lines.push(`  └─ … and ${tasks.length - shown.length} more tasks`);
  return lines;
}

/** Waves shown with one line per task: those running tasks now, else the current wave. */
function expanded(state: ProgressState, wave: WaveProgress): boolean {
  if (wave.status === 'pending' && wave.startedAt === undefined) return false;
  for (const id of state.running) if (getTask(state, id)?.waveKey === wave.key) return true;
  if (wave.finished >= wave.taskIds.length) return false;
  return wave.key === state.currentWave;
}

function wavesSection(ctx: Context, maxWaveLines: number, maxTaskLines: number): string[] {
  const { waves } = ctx.state;
  if (waves.length === 0) return ['No waves yet'];
  let first = 0;
  let last = waves.length;
  if (waves.length > maxWaveLines) {
    const current = Math.max(0, waves.findIndex((wave) => wave.key === ctx.state.currentWave));
    first = Math.max(0, Math.min(current - 1, waves.length - (maxWaveLines - 2)));
    last = Math.min(waves.length, first + maxWaveLines - 2);
  }
  const lines: string[] = [];
  if (first > 0) {
    const failed = waves.slice(0, first).filter((wave) => wave.status === 'failed').length;
    lines.push(`Waves ${(waves[0] as WaveProgress).key}–${(waves[first - 1] as WaveProgress).key}: ${first} folded${failed > 0 ? ` (${failed} failed ❌)` : ' ✅'}`);
  }
  for (const wave of waves.slice(first, last)) lines.push(...waveRows(ctx, wave, maxTaskLines));
  if (last < waves.length) lines.push(`… ${waves.length - last} more waves`);
  return lines;
}

function instanceLine(state: ProgressState, instance: InstanceProgress): string {
  if (instance.currentTaskId !== undefined) {
    const task = getTask(state, instance.currentTaskId);
    return `  • ${instance.id}: ⏳ In progress (${task?.title ?? instance.currentTaskId})`;
  }
  const finishedSome = instance.succeeded + instance.failed > 0;
  if (instance.remaining <= 0 && finishedSome) {
    return instance.failed > 0 ? `  • ${instance.id}: ❌ Failed (${instance.failed})` : `  • ${instance.id}: ✅ Complete`;
  }
  return `  • ${instance.id}: 💤 Idle`;
}

function headerLines(ctx: Context): string[] {
  const { state } = ctx;
  const lines: string[] = [];
  const current = state.currentWave ?? '0';
  lines.push(`Current Wave: ${current} of ${state.plan.lastWave}`);
  const percent = overallPercentAt(state, ctx.now);
  const prefix = `Overall Progress: ${percent}% `;
  const cells = Math.max(5, Math.min(25, ctx.inner - prefix.length));
  const bar = progressBar(percent, cells);
  const filled = bar.replaceAll('░', '');
  lines.push(prefix + paint(filled, 'green', ctx.color) + paint(bar.slice(filled.length), 'dim', ctx.color));
  if (state.status === 'running' || state.status === 'pending') {
    const eta = etaMinutesAt(state, ctx.now);
    lines.push(eta < 1 ? 'ETA: less than a minute remaining' : `ETA: ${formatMinutesLong(Math.ceil(eta))} remaining`);
  } else {
    const duration = state.durationMs === undefined ? '' : ` (${formatDuration(state.durationMs)})`;
    lines.push(`Status: ${runStatusText(state.status)}${duration}`);
  }
  for (const approval of state.approvals) if (approval.status === 'pending') lines.push(`Awaiting approval: ${approval.title}`);
  if (state.replans.length > 0) {
    const inserted = state.replans.reduce((sum, replan) => sum + replan.taskIds.length, 0);
    lines.push(`🔀 Re-plans: ${state.replans.length} (${inserted} ${inserted === 1 ? 'task' : 'tasks'} inserted)`);
  }
  if (state.rollback.status !== 'none') {
    const text = { running: 'in progress', succeeded: '✅ restored', failed: `❌ failed${state.rollback.error ? `: ${state.rollback.error}` : ''}` }[state.rollback.status];
    lines.push(`Rollback: ${text}`);
  }
  for (const budget of state.budgets) lines.push(`Budget exceeded: ${budget.limit} ${budget.used}/${budget.budget}`);
  return lines;
}

/**
 * Renders the live dashboard (seed "REAL-TIME PROGRESS") as lines joined by `\n`, each exactly
 * `width` display columns wide. Pure and deterministic given `state` and `options.now`.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for a non-state or out-of-range options.
 */
export function renderDashboard(state: ProgressState, options: DashboardOptions = {}): string {
  assertProgressState(state, 'renderDashboard');
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `renderDashboard: options must be an object, got ${describeValue(options)}`, { details: { field: 'options' } });
  }
  const width = integerOption(options.width, 'width', DEFAULT_DASHBOARD_WIDTH, 40, 400);
  const maxWaveLines = integerOption(options.maxWaveLines, 'maxWaveLines', 20, 3, 10_000);
  const maxTaskLines = integerOption(options.maxTaskLines, 'maxTaskLines', 12, 2, 10_000);
  const now = options.now ?? state.now;
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new WavefrontError('INVALID_ARGUMENT', `renderDashboard: now must be a finite number, got ${describeValue(now)}`, { details: { field: 'now' } });
  }
  const color = options.color === true;
  const ctx: Context = { state, inner: width - 4, color, now };

  const frame = (left: string, right: string): string => paint(left + '═'.repeat(width - 2) + right, 'cyan', color);
  const side = paint('║', 'cyan', color);
  const body = (content: string): string => {
    const fitted = displayWidth(content) > ctx.inner ? truncateToWidth(stripAnsi(content), ctx.inner) : content;
    return `${side} ${padEndToWidth(fitted, ctx.inner)} ${side}`;
  };
  const title = '🌊 WAVE EXECUTION DASHBOARD';
  const titlePad = Math.max(0, Math.floor((ctx.inner - displayWidth(title)) / 2));
  const lines = [
    frame('╔', '╗'),
    body(' '.repeat(titlePad) + paint(title, 'bold', color)),
    frame('╠', '╣'),
    ...headerLines(ctx).map(body),
    frame('╠', '╣'),
    ...wavesSection(ctx, maxWaveLines, maxTaskLines).map(body),
    frame('╠', '╣'),
    body(`Instances Active: ${state.instances.filter((item) => item.currentTaskId !== undefined).length} of ${state.instances.length}`),
    ...state.instances.map((instance) => body(instanceLine(state, instance))),
    frame('╚', '╝'),
  ];
  return lines.join('\n');
}
