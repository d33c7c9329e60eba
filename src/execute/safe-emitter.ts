/**
 * An EventEmitter whose listeners cannot break the emitter: each listener is called on its own,
 * and a throw is reported, not propagated.
 * @module
 */
import { EventEmitter } from 'eventemitter3';


/** Called with a listener's error; default: a process warning. */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

/** eventemitter3's stored listener record (stable since v1; see its index.js `EE`). */
interface StoredListener {
  fn: (...args: unknown[]) => void;
  context: unknown;
  once: boolean;
}

/**
 * eventemitter3 lets a listener's exception escape `emit()` and skips the listeners after it.
 * `safeEmit` calls every listener in try/catch instead, so a buggy listener changes nothing.
 */
export class SafeEmitter<Events extends { [K in keyof Events]: unknown[] }> extends EventEmitter<Events> {
  /** Receives listener errors. */
  protected onListenerError: ListenerErrorHandler = (error, event) => {
    process.emitWarning(`wavefront: a listener of "${event}" threw: ${error instanceof Error ? error.message : String(error)}`);
  };

  /** Emits to every listener, isolating their errors. */
  protected safeEmit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    const stored = (this as unknown as { _events?: Record<string, StoredListener | StoredListener[] | undefined> })._events?.[event];
    if (stored === undefined) return;
    const records = Array.isArray(stored) ? [...stored] : [stored];
    for (const record of records) {
      if (record.once) this.removeListener(event as never, record.fn as never, undefined, true);
      try {
        record.fn.apply(record.context, args);
      } catch (error) {
        try {
          this.onListenerError(error, event);
        } catch {
          // the error handler itself failed; nothing more can be done safely
        }
      }
    }
  }
}
