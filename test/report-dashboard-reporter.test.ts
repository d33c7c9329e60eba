import { EventEmitter } from 'eventemitter3';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrchestratorEvents } from '../src/execute/events.js';
import { HIDE_CURSOR, SHOW_CURSOR, createDashboardReporter } from '../src/report/dashboard-reporter.js';
import { codeOf } from './error-fixtures.js';
import { emitAll, ev, finishEvents, midRunEvents } from './report-fixtures.js';

/** A writable that records everything, optionally pretending to be a terminal. */
class FakeStream extends Writable {
  readonly chunks: string[] = [];
  isTTY: boolean;
  constructor(isTTY: boolean) {
    super({ decodeStrings: false });
    this.isTTY = isTTY;
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(String(chunk));
    callback();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

const ERASE = /\x1b\[(\d+)A\x1b\[0J/g;

afterEach(() => {
  vi.useRealTimers();
});

describe('createDashboardReporter on a TTY', () => {
  it('hides the cursor, redraws in place with cursor-up + clear, leaves the final frame and summary', () => {
    const stream = new FakeStream(true);
    const emitter = new EventEmitter<OrchestratorEvents>();
    const reporter = createDashboardReporter({ stream, intervalMs: 0, tickMs: 0, color: false });
    expect(reporter.tty).toBe(true);
    const detach = reporter.attach(emitter);
    emitAll(emitter, [...midRunEvents(), ...finishEvents()]);
    detach();

    const text = stream.text;
    expect(text.startsWith(HIDE_CURSOR)).toBe(true);
    expect(text.endsWith(SHOW_CURSOR)).toBe(true);
    const erases = [...text.matchAll(ERASE)];
    expect(erases.length).toBeGreaterThan(10);
    // each erase moves up exactly the height of the frame drawn before it
    let previousEnd = HIDE_CURSOR.length;
    for (const match of erases) {
      const frame = text.slice(previousEnd, match.index);
      expect(frame.startsWith('╔') && frame.endsWith('╝\n')).toBe(true);
      expect(Number(match[1])).toBe(frame.split('\n').length - 1);
      previousEnd = match.index + match[0].length;
    }
    const lastFrameStart = text.lastIndexOf('╔');
    const finalPart = text.slice(lastFrameStart);
    expect(finalPart).toContain('Status: ✅ SUCCEEDED');
    expect(finalPart).toContain('Overall Progress: 100%');
    expect(finalPart).toContain('📊 SUMMARY:');
    expect(finalPart).toContain('└─ Status: ✅ SUCCEEDED');
    expect(text.slice(text.lastIndexOf('\x1b[0J'))).toContain('╚'); // nothing erases the final frame
  });

  it('moves up by the height of the previous frame', () => {
    const stream = new FakeStream(true);
    const emitter = new EventEmitter<OrchestratorEvents>();
    createDashboardReporter({ stream, intervalMs: 0, tickMs: 0, color: false }).attach(emitter);
    emitAll(emitter, [ev.runStart(0)]);
    const firstFrame = stream.text.replace(HIDE_CURSOR, '');
    const height = firstFrame.split('\n').length - 1; // frame ends with a newline
    emitAll(emitter, [ev.taskStart('backup', 0)]);
    expect(stream.text.slice(HIDE_CURSOR.length + firstFrame.length)).toMatch(new RegExp(`^\\x1b\\[${height}A\\x1b\\[0J╔`));
  });

  it('throttles redraws and flushes the final frame on run:end', () => {
    let wall = 1000;
    const stream = new FakeStream(true);
    const emitter = new EventEmitter<OrchestratorEvents>();
    createDashboardReporter({ stream, intervalMs: 100, tickMs: 0, clock: () => wall, color: false }).attach(emitter);
    emitAll(emitter, midRunEvents()); // all within one throttle window: only the first draws now
    expect(stream.text.split('╔').length - 1).toBe(1);
    wall += 500;
    emitAll(emitter, [ev.runEnd(40, 'failed')]);
    const text = stream.text;
    expect(text.split('╔').length - 1).toBe(2);
    expect(text.slice(text.lastIndexOf('╔'))).toContain('Status: ❌ FAILED');
  });

  it('redraws a pending throttled frame from a timer', () => {
    vi.useFakeTimers();
    const stream = new FakeStream(true);
    const emitter = new EventEmitter<OrchestratorEvents>();
    const detach = createDashboardReporter({ stream, intervalMs: 100, tickMs: 0 }).attach(emitter);
    emitAll(emitter, [ev.runStart(0), ev.taskStart('backup', 0)]);
    expect(stream.text.split('╔').length - 1).toBe(1);
    vi.advanceTimersByTime(150);
    expect(stream.text.split('╔').length - 1).toBe(2);
    expect(stream.text.slice(stream.text.lastIndexOf('╔'))).toContain('⏳ In progress (Safety backup)');
    detach();
    expect(stream.text.endsWith(SHOW_CURSOR)).toBe(true);
  });
});

describe('createDashboardReporter in plain mode', () => {
  it('writes one log line per meaningful event and no ANSI codes', () => {
    const stream = new FakeStream(false);
    const emitter = new EventEmitter<OrchestratorEvents>();
    const reporter = createDashboardReporter({ stream });
    expect(reporter.tty).toBe(false);
    reporter.attach(emitter);
    emitAll(emitter, [
      ...midRunEvents(),
      ev.retry('token', 27, 2),
      ev.taskEnd('rate', 28, 11, 'failed', { error: 'rate limiter crashed' }),
      ev.replan('rate', 28, [{ id: 'rate-fix', title: 'Fix rate limiting', dependsOn: [] }]),
      { type: 'integration', runId: 'run-1', at: 0, taskId: 'token', instance: 'I5', status: 'merged', head: '0123456789abcdef0123456789abcdef01234567' },
      { type: 'integration', runId: 'run-1', at: 0, taskId: 'token', instance: 'I5', status: 'conflict', head: 'x', conflicts: ['src/a.ts', 'src/b.ts'], resolverTaskId: 'resolve-token-1' },
      { type: 'integration', runId: 'run-1', at: 0, taskId: 'token', instance: 'I5', status: 'gate-failed', head: 'x', resolverTaskId: 'resolve-token-2' },
      { type: 'integration', runId: 'run-1', at: 0, taskId: 'token', instance: 'I5', status: 'empty', head: 'x' },
      ev.rollbackStart(29),
      ev.rollbackEnd(30),
      ev.runEnd(30, 'rolled-back'),
    ]);
    const text = stream.text;
    expect(text).not.toContain('\x1b');
    const lines = text.split('\n');
    expect(lines[0]).toBe('🚀 Launching 8 instances across 6 waves...');
    expect(lines).toContain('[Wave 1] Analysis (2 parallel)');
    expect(lines).toContain('[Wave 2] Schema Design');
    expect(lines).toContain('⚡ I2: Database requirements...');
    expect(lines).toContain('✅ I2: Database requirements (5min)');
    expect(lines).toContain('✅ Wave 1 complete | Duration: 5min');
    expect(lines).toContain('↻ retry I5: Token rotation: attempt 2 in 1.0s (ADAPTER_FAILED: flaky)');
    expect(lines).toContain('❌ I6: Rate limiting failed: rate limiter crashed (11min)');
    expect(lines).toContain('🔀 replan inserted: Fix rate limiting (after I6: Rate limiting failed, round 1)');
    expect(lines).toContain('⇄ merged I5: Token rotation (0123456)');
    expect(lines).toContain('⚠ merge conflict: I5: Token rotation in src/a.ts, src/b.ts → resolver resolve-token-1');
    expect(lines).toContain('⚠ integration gate red after merging I5: Token rotation → resolver resolve-token-2');
    expect(lines.filter((line) => line.includes('Token rotation') && line.includes('merged'))).toHaveLength(1); // 'empty' prints nothing
    expect(lines).toContain('⚠ rollback: task tests failed (restoring refs/wavefront/runs/run-1/wave-0)');
    expect(lines).toContain('└─ Status: ❌ ROLLED BACK');
    expect(reporter.state?.status).toBe('rolled-back');
  });

  it('honours mode over isTTY', () => {
    expect(createDashboardReporter({ stream: new FakeStream(true), mode: 'plain' }).tty).toBe(false);
    expect(createDashboardReporter({ stream: new FakeStream(false), mode: 'tty' }).tty).toBe(true);
  });
});

describe('createDashboardReporter robustness', () => {
  it('never throws into the emitter when the stream throws or a payload is bad', () => {
    const stream = new FakeStream(false);
    let writes = 0;
    stream.write = (() => {
      writes += 1;
      throw new Error('EPIPE');
    }) as never;
    const emitter = new EventEmitter<OrchestratorEvents>();
    createDashboardReporter({ stream }).attach(emitter);
    expect(() => emitAll(emitter, [...midRunEvents(), ...finishEvents()])).not.toThrow();
    expect(writes).toBe(1); // stops writing after the stream broke
    const tty = createDashboardReporter({ stream: new FakeStream(true), intervalMs: 0, tickMs: 0 });
    tty.attach(emitter);
    const emit = emitter.emit.bind(emitter) as (name: string, payload: unknown) => boolean;
    expect(() => emit('task:end', null)).not.toThrow();
    expect(() => emit('run:start', 42)).not.toThrow();
    const hostile = Object.defineProperty({ runId: 'r', at: 1 }, 'taskId', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(() => emit('task:start', hostile)).not.toThrow();
    expect(() => emit('task:progress', { taskId: { toString: () => { throw new Error('x'); } } })).not.toThrow();
  });

  it('survives an error event on the stream and stops writing', () => {
    const stream = new FakeStream(false);
    const emitter = new EventEmitter<OrchestratorEvents>();
    const detach = createDashboardReporter({ stream }).attach(emitter);
    stream.emit('error', new Error('EPIPE'));
    emitAll(emitter, [ev.runStart(0)]);
    expect(stream.chunks).toEqual([]);
    detach();
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('detaches all listeners and is idempotent', () => {
    const emitter = new EventEmitter<OrchestratorEvents>();
    const detach = createDashboardReporter({ stream: new FakeStream(false) }).attach(emitter);
    expect(emitter.listenerCount('task:end')).toBe(1);
    detach();
    detach();
    expect(emitter.eventNames()).toEqual([]);
  });

  it('rejects bad options and emitters with INVALID_ARGUMENT', () => {
    expect(codeOf(() => createDashboardReporter({ mode: 'fancy' as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createDashboardReporter({ intervalMs: -1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createDashboardReporter({ width: 20 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createDashboardReporter({ stream: {} as never }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createDashboardReporter({ stream: new FakeStream(false) }).attach({} as never))).toBe('INVALID_ARGUMENT');
  });
});

describe('createDashboardReporter on a short terminal', () => {
  it('folds waves so the frame fits the terminal height', () => {
    const stream = Object.assign(new FakeStream(true), { rows: 24 });
    const emitter = new EventEmitter<OrchestratorEvents>();
    createDashboardReporter({ stream, intervalMs: 0, tickMs: 0, color: false }).attach(emitter);
    emitAll(emitter, midRunEvents());
    const text = stream.text;
    const lastFrame = text.slice(text.lastIndexOf('╔'));
    expect(lastFrame.split('\n').length - 1).toBeLessThanOrEqual(23);
    expect(lastFrame).toContain('folded');
  });
});
