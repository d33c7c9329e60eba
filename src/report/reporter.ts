/**
 * The {@link Reporter} contract and the plumbing every reporter shares: subscribing to all
 * orchestrator events without ever throwing into the emitter, and writing to a stream that may
 * fail.
 * @module
 */
import { ORCHESTRATOR_EVENT_NAMES } from '../execute/events.js';
import type { OrchestratorEvent, OrchestratorEventName, OrchestratorEvents } from '../execute/events.js';
import { WavefrontError, describeValue } from '../model/errors.js';

/**
 * What a reporter subscribes to: the orchestrator (an eventemitter3
 * `EventEmitter<OrchestratorEvents>`) or anything with the same `on`/`off`.
 */
export interface OrchestratorEventSource {
  /** Adds a listener. */
  on<K extends OrchestratorEventName>(event: K, listener: (...args: OrchestratorEvents[K]) => void): unknown;
  /** Removes a listener. */
  off<K extends OrchestratorEventName>(event: K, listener: (...args: OrchestratorEvents[K]) => void): unknown;
}

/** Turns orchestrator events into output. */
export interface Reporter {
  /**
   * Starts listening to `emitter`; returns a function that stops (idempotent). Listeners never
   * throw into the emitter.
   */
  attach(emitter: OrchestratorEventSource): () => void;
}

/** The minimal writable stream reporters need (`process.stderr`, a file stream, a test double). */
export type ReporterStream = NodeJS.WritableStream & {
  /** True for a terminal. */
  isTTY?: boolean | undefined;
  /** Terminal width. */
  columns?: number | undefined;
  /** Terminal height. */
  rows?: number | undefined;
};

/** Builds `{ type, ...payload }` from a listener's argument without trusting it. */
export function toEvent(type: OrchestratorEventName, payload: unknown): OrchestratorEvent {
  const event: Record<string, unknown> = { type };
  if (typeof payload === 'object' && payload !== null) {
    let keys: string[] = [];
    try {
      keys = Object.keys(payload);
    } catch {
      keys = [];
    }
    for (const key of keys) {
      if (key === 'type') continue;
      try {
        event[key] = (payload as Record<string, unknown>)[key];
      } catch {
        event[key] = '[Unreadable]';
      }
    }
  } else if (payload !== undefined) {
    event['payload'] = payload;
  }
  return event as unknown as OrchestratorEvent;
}

/** Checks that `emitter` has `on` and `off`. */
export function assertEventSource(emitter: unknown, caller: string): asserts emitter is OrchestratorEventSource {
  const candidate = emitter as { on?: unknown; off?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.on !== 'function' || typeof candidate.off !== 'function') {
    throw new WavefrontError('INVALID_ARGUMENT', `${caller}: emitter must have on() and off() (an Orchestrator), got ${describeValue(emitter)}`, {
      details: { field: 'emitter' },
    });
  }
}

/**
 * Subscribes `handler` to every orchestrator event; returns the unsubscribe function. Handler
 * errors are swallowed: a reporter must never break a run.
 */
export function subscribeAll(emitter: OrchestratorEventSource, handler: (event: OrchestratorEvent) => void): () => void {
  const listeners = ORCHESTRATOR_EVENT_NAMES.map((name) => {
    const listener = (payload: unknown): void => {
      try {
        handler(toEvent(name, payload));
      } catch {
        // A reporter failing must not fail the run.
      }
    };
    emitter.on(name, listener as never);
    return [name, listener] as const;
  });
  let attached = true;
  return () => {
    if (!attached) return;
    attached = false;
    for (const [name, listener] of listeners) {
      try {
        emitter.off(name, listener as never);
      } catch {
        // ignore: detaching is best effort
      }
    }
  };
}

/** Validates that a reporter factory's `options` argument is an object. */
export function assertOptionsObject(options: unknown, caller: string): asserts options is object {
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `${caller}: options must be an object, got ${describeValue(options)}`, {
      details: { field: 'options' },
    });
  }
}

/** Validates a reporter's `stream` option. */
export function assertStream(stream: unknown, caller: string): asserts stream is ReporterStream {
  if (typeof stream !== 'object' || stream === null || typeof (stream as { write?: unknown }).write !== 'function') {
    throw new WavefrontError('INVALID_ARGUMENT', `${caller}: stream must be a writable stream, got ${describeValue(stream)}`, {
      details: { field: 'stream' },
    });
  }
}

/** A writer that stops for good after the stream throws or emits `error`. */
export interface SafeWriter {
  /** Writes `text`; false once the stream broke. */
  write(text: string): boolean;
  /** Starts watching the stream's `error` event. */
  open(): void;
  /** Stops watching the stream's `error` event. */
  close(): void;
}

/** Wraps `stream` so that a broken pipe or a throwing `write` never escapes. */
export function safeWriter(stream: ReporterStream): SafeWriter {
  let broken = false;
  let watching = false;
  const onError = (): void => {
    broken = true;
  };
  return {
    write(text) {
      if (broken) return false;
      try {
        stream.write(text);
        return true;
      } catch {
        broken = true;
        return false;
      }
    },
    open() {
      if (watching || typeof stream.on !== 'function') return;
      try {
        stream.on('error', onError);
        watching = true;
      } catch {
        watching = false;
      }
    },
    close() {
      if (!watching) return;
      watching = false;
      try {
        stream.off('error', onError);
      } catch {
        // ignore
      }
    },
  };
}
