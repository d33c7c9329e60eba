import { describe, expect, it } from 'vitest';
import { codePointWidth, displayWidth, padEndToWidth, stripAnsi, truncateToWidth } from '../src/report/display-width.js';
import { formatDuration, formatMinutesLong } from '../src/report/format.js';

describe('displayWidth', () => {
  it('counts ASCII and box-drawing characters as one column', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('╔═╗║█░├─└•')).toBe(10);
  });

  it('counts emoji and East Asian wide characters as two columns', () => {
    for (const emoji of ['✅', '❌', '⏳', '💤', '🌊', '🔀', '⚡', '📊', '🚀', '⏩']) expect(displayWidth(emoji), emoji).toBe(2);
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('ｶ')).toBe(1); // half-width katakana
    expect(displayWidth('Ａ')).toBe(2); // full-width latin
    expect(displayWidth('I5: ⏳ In progress')).toBe(18);
  });

  it('gives combining marks, variation selectors, zero-width joiners and ANSI codes no width', () => {
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('✅\uFE0F')).toBe(2);
    expect(displayWidth('a\u200Db')).toBe(2);
    expect(displayWidth('\x1b[32mok\x1b[0m')).toBe(2);
    expect(stripAnsi('\x1b[1A\x1b[0J\x1b[?25lhi')).toBe('hi');
    expect(codePointWidth(0x1b)).toBe(0);
  });
});

describe('truncateToWidth / padEndToWidth', () => {
  it('cuts to the width with an ellipsis, never splitting a wide character over the limit', () => {
    expect(truncateToWidth('abcdef', 4)).toBe('abc…');
    expect(truncateToWidth('abc', 3)).toBe('abc');
    expect(truncateToWidth('✅✅✅', 4)).toBe('✅…');
    expect(displayWidth(truncateToWidth('中中中中', 6))).toBeLessThanOrEqual(6);
    expect(truncateToWidth('abc', 0)).toBe('');
  });

  it('pads to exact display width', () => {
    expect(padEndToWidth('✅', 4)).toBe('✅  ');
    expect(displayWidth(padEndToWidth('I5: 💤 Idle', 20))).toBe(20);
    expect(padEndToWidth('toolong', 3)).toBe('toolong');
  });
});

describe('duration formatting', () => {
  it('formats short and long durations like the seed', () => {
    expect(formatDuration(8000)).toBe('8.0s');
    expect(formatDuration(2 * 60_000)).toBe('2min');
    expect(formatDuration(75 * 60_000)).toBe('1h 15min');
    expect(formatDuration(Number.NaN)).toBe('0.0s');
    expect(formatMinutesLong(140)).toBe('140 minutes');
    expect(formatMinutesLong(1)).toBe('1 minute');
  });
});
