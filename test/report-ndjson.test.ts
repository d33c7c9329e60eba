import { EventEmitter } from 'eventemitter3';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OrchestratorEvent, OrchestratorEvents } from '../src/execute/events.js';
import { WavefrontError } from '../src/model/errors.js';
import { createNdjsonReporter, formatNdjsonLine } from '../src/report/ndjson-reporter.js';
import { MAX_JSON_DEPTH, safeStringify, toJsonValue } from '../src/report/safe-json.js';
import { emitAll, ev, fixturePlan, midRunEvents } from './report-fixtures.js';

class Sink extends Writable {
  readonly chunks: string[] = [];
  constructor() {
    super({ decodeStrings: false });
  }
  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(String(chunk));
    callback();
  }
  lines(): string[] {
    const text = this.chunks.join('');
    expect(text.endsWith('\n')).toBe(true);
    return text.slice(0, -1).split('\n');
  }
}

describe('createNdjsonReporter', () => {
  it('writes one JSON object per event, in order, with the type first', () => {
    const sink = new Sink();
    const emitter = new EventEmitter<OrchestratorEvents>();
    createNdjsonReporter({ stream: sink }).attach(emitter);
    const events = [...midRunEvents(), ev.retry('token', 27, 2), ev.approval('migration', 27), ev.rollbackStart(28), ev.runEnd(30, 'rolled-back')];
    emitAll(emitter, events);
    const lines = sink.lines();
    expect(lines).toHaveLength(events.length);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((item) => item['type'])).toEqual(events.map((event) => event.type));
    for (const line of lines) expect(line.startsWith('{"type":')).toBe(true);
    // payloads round-trip (undefined fields dropped, as JSON does)
    const end = events.findIndex((event) => event.type === 'task:end');
    expect(parsed[end]).toEqual(JSON.parse(JSON.stringify(events[end])));
    expect(parsed.every((item) => item['runId'] === 'run-1' && typeof item['at'] === 'number')).toBe(true);
  });

  it('replaces the plan in run:start by a compact summary unless includePlan is set', () => {
    const plan = fixturePlan();
    const compact = JSON.parse(formatNdjsonLine(ev.runStart(0, plan))) as Record<string, unknown>;
    expect(compact['plan']).toBeUndefined();
    expect(compact['planSummary']).toEqual({
      tasks: 10,
      waves: 6,
      instances: 8,
      pattern: 'full-stack-feature',
      estimate: { sequentialMinutes: 79, parallelMinutes: 42, savedPercent: 46.8 },
    });
    expect(compact['mode']).toBe('dynamic');
    const full = JSON.parse(formatNdjsonLine(ev.runStart(0, plan), { includePlan: true })) as Record<string, unknown>;
    expect(full['plan']).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(full['planSummary']).toBeUndefined();
  });

  it('keeps every line valid JSON for bigint, errors, cycles and hostile adapter output', () => {
    const output: Record<string, unknown> = { big: 12345678901234567890n, when: new Date(0), nan: Number.NaN, fn: () => 1 };
    output['self'] = output;
    const error = Object.assign(new Error('kaput'), { code: 'E_KAPUT' });
    Object.defineProperty(output, 'trap', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const event = {
      ...ev.taskEnd('signup', 5, 1),
      result: { ok: true, output, filesChanged: ['a.ts'] },
      error,
    } as unknown as OrchestratorEvent;
    const sink = new Sink();
    const emitter = new EventEmitter<OrchestratorEvents>();
    createNdjsonReporter({ stream: sink }).attach(emitter);
    emitAll(emitter, [event]);
    const [line] = sink.lines();
    const parsed = JSON.parse(line as string) as { result: { output: Record<string, unknown> }; error: Record<string, unknown> };
    expect(parsed.result.output).toEqual({ big: '12345678901234567890', when: '1970-01-01T00:00:00.000Z', nan: null, self: '[Circular]', trap: '[Unreadable]' });
    expect(parsed.error).toEqual({ name: 'Error', message: 'kaput', code: 'E_KAPUT' });
  });

  it('never throws into the emitter: throwing stream, non-object and hostile payloads', () => {
    const emitter = new EventEmitter<OrchestratorEvents>();
    let calls = 0;
    const broken = new Sink();
    broken.write = (() => {
      calls += 1;
      throw new Error('EPIPE');
    }) as never;
    createNdjsonReporter({ stream: broken }).attach(emitter);
    const sink = new Sink();
    createNdjsonReporter({ stream: sink }).attach(emitter);
    const emit = emitter.emit.bind(emitter) as (name: string, payload: unknown) => boolean;
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(() => {
      emit('task:end', null);
      emit('checkpoint', 'weird');
      emit('task:progress', hostile);
      emitAll(emitter, midRunEvents());
    }).not.toThrow();
    expect(calls).toBe(1);
    const lines = sink.lines();
    expect(lines).toHaveLength(3 + midRunEvents().length);
    expect(JSON.parse(lines[0] as string)).toEqual({ type: 'task:end', payload: null });
    expect(JSON.parse(lines[1] as string)).toEqual({ type: 'checkpoint', payload: 'weird' });
    expect(JSON.parse(lines[2] as string)).toEqual({ type: 'task:progress' });
  });

  it('detaches, and validates its arguments', () => {
    const emitter = new EventEmitter<OrchestratorEvents>();
    const detach = createNdjsonReporter({ stream: new Sink() }).attach(emitter);
    detach();
    expect(emitter.eventNames()).toEqual([]);
    expect(() => createNdjsonReporter({ stream: 5 as never })).toThrow(WavefrontError);
    expect(() => createNdjsonReporter({ stream: new Sink() }).attach(null as never)).toThrow(/emitter must have on\(\) and off\(\)/);
  });
});

describe('safeStringify', () => {
  it('handles Map, Set, typed arrays, throwing toJSON and deep nesting', () => {
    expect(toJsonValue(new Map([['a', 1n]]))).toEqual([['a', '1']]);
    expect(toJsonValue(new Set([1, undefined]))).toEqual([1, null]);
    expect(toJsonValue(new Uint8Array(3))).toBe('[Uint8Array 3 bytes]');
    expect(
      toJsonValue({
        toJSON() {
          throw new Error('nope');
        },
      }),
    ).toBe('[Unserializable]');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < MAX_JSON_DEPTH + 10; i += 1) {
      const next = {};
      deep['n'] = next;
      deep = next;
    }
    expect(safeStringify(root)).toContain('"[MaxDepth]"');
    expect(safeStringify(undefined)).toBe('null');
    const shared = { x: 1 };
    expect(toJsonValue({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } }); // shared, not circular
    expect(toJsonValue(new WavefrontError('CYCLE', 'cycle a→b→a', { details: { cycle: ['a', 'b', 'a'] } }))).toEqual({
      name: 'WavefrontError',
      message: 'cycle a→b→a',
      code: 'CYCLE',
      details: { cycle: ['a', 'b', 'a'] },
    });
  });
});
