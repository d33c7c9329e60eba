import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentProgress } from '../src/adapters/types.js';
import { createLineProgress } from '../src/adapters/line-progress.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('line progress', () => {
  it('reports the first line at once, then only the newest line once per interval', () => {
    vi.useFakeTimers();
    const reports: AgentProgress[] = [];
    const progress = createLineProgress((p) => reports.push(p), 100);
    progress.push('stdout', Buffer.from('one\n'));
    progress.push('stdout', Buffer.from('two\n'));
    progress.push('stderr', Buffer.from('three\n'));
    expect(reports).toEqual([{ message: 'one' }]);
    vi.advanceTimersByTime(100);
    expect(reports).toEqual([{ message: 'one' }, { message: 'three' }]);
  });

  it('joins lines split across chunks and ignores blank and unfinished lines', () => {
    const reports: AgentProgress[] = [];
    const progress = createLineProgress((p) => reports.push(p), 0);
    progress.push('stdout', Buffer.from('hal'));
    progress.push('stdout', Buffer.from('f done\n\n   \nunfinished'));
    expect(reports).toEqual([{ message: 'half done' }]);
  });

  it('strips ANSI escapes and control characters, and shortens long lines', () => {
    const reports: AgentProgress[] = [];
    const progress = createLineProgress((p) => reports.push(p), 0);
    progress.push('stdout', Buffer.from('\u001b[1;31mred\u001b[0m\tbold\r\n'));
    progress.push('stdout', Buffer.from(`${'x'.repeat(500)}\n`));
    expect(reports[0]).toEqual({ message: 'red bold' });
    expect(reports[1]?.message).toHaveLength(200);
  });

  it('drops a pending report on cancel and survives a throwing sink', () => {
    vi.useFakeTimers();
    let calls = 0;
    const progress = createLineProgress(() => {
      calls += 1;
      throw new Error('sink broke');
    }, 100);
    progress.push('stdout', Buffer.from('a\n'));
    progress.push('stdout', Buffer.from('b\n'));
    progress.cancel();
    vi.advanceTimersByTime(1000);
    expect(calls).toBe(1);
  });
});
