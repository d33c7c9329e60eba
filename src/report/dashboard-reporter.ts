/**
 * `createDashboardReporter`: the live dashboard redrawn in place on a TTY, or the seed's execution
 * log one line per event elsewhere; both end with the final summary.
 * @module
 */
import type { OrchestratorEvent } from '../execute/events.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { DEFAULT_DASHBOARD_WIDTH, renderDashboard } from './dashboard.js';
import { formatEventLines } from './plain-log.js';
import { reduceProgress } from './progress-state.js';
import type { ProgressState } from './progress-types.js';
import { assertEventSource, assertOptionsObject, assertStream, safeWriter, subscribeAll } from './reporter.js';
import type { OrchestratorEventSource, Reporter, ReporterStream } from './reporter.js';
import { renderSummary } from './summary.js';

/** Hides the terminal cursor. */
export const HIDE_CURSOR = '\x1b[?25l';
/** Shows the terminal cursor. */
export const SHOW_CURSOR = '\x1b[?25h';
/** Moves the cursor up `lines` lines and clears to the end of the screen. */
export function eraseLines(lines: number): string {
  return lines > 0 ? `\x1b[${lines}A\x1b[0J` : '';
}

/** Options of {@link createDashboardReporter}. */
export interface DashboardReporterOptions {
  /** Where to write (default `process.stderr`). */
  readonly stream?: ReporterStream | undefined;
  /** `tty`: redraw in place; `plain`: one line per event; `auto` (default): `tty` when `stream.isTTY`. */
  readonly mode?: 'auto' | 'tty' | 'plain' | undefined;
  /** Dashboard width (default 72, or the terminal's columns when narrower). */
  readonly width?: number | undefined;
  /** Minimum ms between redraws on a TTY (default 100; 0 redraws on every event). */
  readonly intervalMs?: number | undefined;
  /** Redraw a TTY dashboard every `tickMs` while tasks run so elapsed-based bars move (default 1000; 0 = off). */
  readonly tickMs?: number | undefined;
  /** ANSI colours on a TTY (default: on unless `NO_COLOR` is set or `TERM=dumb`). Never in plain mode. */
  readonly color?: boolean | undefined;
  /** Print the final summary on `run:end` (default true). */
  readonly summary?: boolean | undefined;
  /** Wall clock for throttling and elapsed time (default `Date.now`). */
  readonly clock?: (() => number) | undefined;
}

/** A dashboard reporter; `state` is the latest progress state (for tests and embedding UIs). */
export interface DashboardReporter extends Reporter {
  /** Latest state, `undefined` before the first event. */
  readonly state: ProgressState | undefined;
  /** True when drawing in place with ANSI sequences. */
  readonly tty: boolean;
}

function nonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 3_600_000) {
    throw new WavefrontError('INVALID_ARGUMENT', `createDashboardReporter: ${name} must be an integer from 0 to 3600000, got ${describeValue(value)}`, {
      details: { field: name },
    });
  }
  return value;
}

function defaultColor(): boolean {
  const env = typeof process === 'undefined' ? {} : process.env;
  return env['NO_COLOR'] === undefined && env['TERM'] !== 'dumb';
}

/**
 * Creates a reporter that shows progress for humans. On a TTY (`mode: 'tty'`, or `auto` with
 * `stream.isTTY`) it hides the cursor and redraws the dashboard in place (cursor up + clear to end
 * of screen), at most every `intervalMs`, always flushing on `run:end`, where it leaves the final
 * frame, prints the summary and shows the cursor again. Elsewhere it writes the seed's execution
 * log, one line per meaningful event, without ANSI codes. Output errors are swallowed.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for bad options.
 */
export function createDashboardReporter(options: DashboardReporterOptions = {}): DashboardReporter {
  assertOptionsObject(options, 'createDashboardReporter');
  const stream = options.stream ?? process.stderr;
  assertStream(stream, 'createDashboardReporter');
  const mode = options.mode ?? 'auto';
  if (mode !== 'auto' && mode !== 'tty' && mode !== 'plain') {
    throw new WavefrontError('INVALID_ARGUMENT', `createDashboardReporter: mode must be "auto", "tty" or "plain", got ${describeValue(mode)}`, {
      details: { field: 'mode' },
    });
  }
  const tty = mode === 'tty' || (mode === 'auto' && stream.isTTY === true);
  const intervalMs = nonNegativeInteger(options.intervalMs, 'intervalMs', 100);
  const tickMs = nonNegativeInteger(options.tickMs, 'tickMs', 1000);
  const columns = typeof stream.columns === 'number' && stream.columns >= 40 ? stream.columns : undefined;
  const width = options.width ?? Math.min(DEFAULT_DASHBOARD_WIDTH, columns ?? DEFAULT_DASHBOARD_WIDTH);
  if (!Number.isInteger(width) || width < 40 || width > 400) {
    throw new WavefrontError('INVALID_ARGUMENT', `createDashboardReporter: width must be an integer from 40 to 400, got ${describeValue(width)}`, {
      details: { field: 'width' },
    });
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new WavefrontError('INVALID_ARGUMENT', `createDashboardReporter: clock must be a function, got ${describeValue(options.clock)}`, {
      details: { field: 'clock' },
    });
  }
  const clock = options.clock ?? Date.now;
  const color = tty && (options.color ?? defaultColor());
  const showSummary = options.summary !== false;

  let state: ProgressState | undefined;
  let wallAtEvent = 0;
  let drawnLines = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let cursorHidden = false;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  const writer = safeWriter(stream);

  const renderNow = (current: ProgressState): number => {
    if (current.dryRun || (current.status !== 'running' && current.status !== 'pending')) return current.now;
    return current.now + Math.max(0, clock() - wallAtEvent);
  };
  const draw = (): void => {
    if (pending !== undefined) clearTimeout(pending);
    pending = undefined;
    if (state === undefined) return;
    const now = renderNow(state);
    let frame = renderDashboard(state, { width, color, now });
    // A frame taller than the terminal cannot be redrawn in place (cursor-up stops at the top).
    const rows = typeof stream.rows === 'number' && stream.rows > 0 ? stream.rows : undefined;
    const excess = (text: string): number => (rows === undefined ? 0 : text.split('\n').length - (rows - 1));
    let maxWaveLines = Math.min(20, Math.max(3, state.waves.length));
    let maxTaskLines = 12;
    while (excess(frame) > 0 && (maxWaveLines > 3 || maxTaskLines > 2)) {
      maxTaskLines = Math.max(2, maxTaskLines - excess(frame));
      maxWaveLines = Math.max(3, maxWaveLines - excess(frame));
      frame = renderDashboard(state, { width, color, now, maxWaveLines, maxTaskLines });
    }
    const head = cursorHidden ? '' : HIDE_CURSOR;
    cursorHidden = true;
    writer.write(`${head}${eraseLines(drawnLines)}${frame}\n`);
    drawnLines = frame.split('\n').length;
    lastDraw = clock();
  };
  const schedule = (): void => {
    const wait = lastDraw + intervalMs - clock();
    if (intervalMs === 0 || wait <= 0) draw();
    else if (pending === undefined) {
      pending = setTimeout(() => {
        try {
          draw();
        } catch {
          // never throw from a timer
        }
      }, wait);
      pending.unref?.();
    }
  };
  const stopTimers = (): void => {
    if (pending !== undefined) clearTimeout(pending);
    if (ticker !== undefined) clearInterval(ticker);
    pending = undefined;
    ticker = undefined;
  };
  const showCursor = (): void => {
    if (cursorHidden) writer.write(SHOW_CURSOR);
    cursorHidden = false;
  };

  const onTtyEvent = (event: OrchestratorEvent, current: ProgressState): void => {
    if (event.type === 'run:start') {
      drawnLines = 0; // a new run starts a new frame below whatever is on screen
      if (tickMs > 0 && ticker === undefined) {
        ticker = setInterval(() => {
          try {
            if (state?.status === 'running' && state.running.length > 0) schedule();
          } catch {
            // never throw from a timer
          }
        }, tickMs);
        ticker.unref?.();
      }
    }
    if (event.type !== 'run:end') {
      schedule();
      return;
    }
    stopTimers();
    draw();
    if (showSummary) writer.write(`\n${renderSummary(current)}\n`);
    showCursor();
    drawnLines = 0;
  };

  const handle = (event: OrchestratorEvent): void => {
    const current = reduceProgress(state, event);
    state = current;
    wallAtEvent = clock();
    if (tty) {
      onTtyEvent(event, current);
      return;
    }
    const lines = formatEventLines(current, event, { summary: showSummary });
    if (lines.length > 0) writer.write(`${lines.join('\n')}\n`);
  };

  return {
    get state() {
      return state;
    },
    tty,
    attach(emitter: OrchestratorEventSource) {
      assertEventSource(emitter, 'DashboardReporter.attach');
      writer.open();
      const unsubscribe = subscribeAll(emitter, handle);
      let attached = true;
      return () => {
        if (!attached) return;
        attached = false;
        unsubscribe();
        stopTimers();
        showCursor();
        writer.close();
      };
    },
  };
}
