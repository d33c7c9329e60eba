/**
 * Small text formatters shared by the dashboard, the plain log and the summary.
 * @module
 */

/** Full block used for the done part of a progress bar. */
export const BAR_FULL = '█';
/** Light shade used for the remaining part of a progress bar. */
export const BAR_EMPTY = '░';

/** A progress bar of `cells` cells for `percent` (0..100); 0 % is all empty, 100 % all full. */
export function progressBar(percent: number, cells: number): string {
  const clamped = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
  const full = Math.min(cells, Math.floor((clamped / 100) * cells + 1e-9));
  return BAR_FULL.repeat(full) + BAR_EMPTY.repeat(Math.max(0, cells - full));
}

/** Short duration: `0.4s`, `8.0s`, `12min`, `1h 05min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0.0s';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes}min`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}min`;
}

/** Long duration for the summary: `8 seconds`, `75 minutes`, `140 minutes`. */
export function formatDurationLong(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 seconds';
  if (ms < 60_000) {
    const seconds = Math.round(ms / 1000);
    return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  }
  return formatMinutesLong(ms / 60_000);
}

/** `1 minute`, `75 minutes`, `140 minutes` (the seed counts long runs in minutes too), rounded. */
export function formatMinutesLong(minutes: number): string {
  const total = Math.max(0, Math.round(Number.isFinite(minutes) ? minutes : 0));
  return `${total} ${total === 1 ? 'minute' : 'minutes'}`;
}

/** Minutes for compact display: `2`, `0.5`, `12`. */
export function formatMinutesShort(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return '0';
  return minutes >= 10 || Number.isInteger(minutes) ? String(Math.round(minutes)) : minutes.toFixed(1).replace(/\.0$/, '');
}

/** ANSI SGR colours used when colour output is on. */
export const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
} as const;

/** Name of an {@link ANSI} style. */
export type AnsiStyle = Exclude<keyof typeof ANSI, 'reset'>;

/** Wraps `text` in an ANSI style when `enabled`, else returns it unchanged. */
export function paint(text: string, style: AnsiStyle, enabled: boolean): string {
  return enabled && text.length > 0 ? `${ANSI[style]}${text}${ANSI.reset}` : text;
}

const RUN_STATUS_TEXT: Readonly<Record<string, string>> = {
  pending: '⏳ PENDING',
  running: '⏳ RUNNING',
  succeeded: '✅ SUCCEEDED',
  failed: '❌ FAILED',
  'rolled-back': '❌ ROLLED BACK',
  paused: '💤 PAUSED',
  aborted: '❌ ABORTED',
  'needs-human': '❌ NEEDS HUMAN',
};

/** Run status with its mark, upper case: `✅ SUCCEEDED`, `❌ ROLLED BACK`. */
export function runStatusText(status: string): string {
  return RUN_STATUS_TEXT[status] ?? status.toUpperCase();
}
