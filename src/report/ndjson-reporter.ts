/**
 * `createNdjsonReporter`: one JSON object per line per orchestrator event, for machines.
 * @module
 */
import type { OrchestratorEvent } from '../execute/events.js';
import { assertEventSource, assertOptionsObject, assertStream, safeWriter, subscribeAll } from './reporter.js';
import type { OrchestratorEventSource, Reporter, ReporterStream } from './reporter.js';
import { safeStringify } from './safe-json.js';

/** Options of {@link createNdjsonReporter}. */
export interface NdjsonReporterOptions {
  /** Where to write (default `process.stdout`). */
  readonly stream?: ReporterStream | undefined;
  /** Keep the full plan in `run:start` (default false: a `planSummary` replaces it). */
  readonly includePlan?: boolean | undefined;
}

/** The compact plan description written instead of the full plan in `run:start`. */
export interface PlanSummary {
  /** Number of tasks. */
  readonly tasks: number;
  /** Number of waves. */
  readonly waves: number;
  /** Number of instances. */
  readonly instances: number;
  /** Pattern id. */
  readonly pattern?: string | undefined;
  /** Plan estimates in minutes. */
  readonly estimate?: { readonly sequentialMinutes?: number; readonly parallelMinutes?: number; readonly savedPercent?: number } | undefined;
}

/** Counts of a plan for `planSummary`; tolerant of a malformed plan. */
export function summarizePlan(plan: unknown): PlanSummary {
  const source = typeof plan === 'object' && plan !== null ? (plan as Record<string, unknown>) : {};
  const count = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
  const pattern = source['pattern'];
  const patternId = typeof pattern === 'object' && pattern !== null ? (pattern as Record<string, unknown>)['id'] : undefined;
  const estimate = typeof source['estimate'] === 'object' && source['estimate'] !== null ? (source['estimate'] as Record<string, unknown>) : undefined;
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const summary: PlanSummary = {
    tasks: count(source['tasks']),
    waves: count(source['waves']),
    instances: count(source['instances']),
    pattern: typeof patternId === 'string' ? patternId : undefined,
    estimate:
      estimate === undefined
        ? undefined
        : {
            ...(num(estimate['sequentialMinutes']) === undefined ? {} : { sequentialMinutes: num(estimate['sequentialMinutes']) as number }),
            ...(num(estimate['parallelMinutes']) === undefined ? {} : { parallelMinutes: num(estimate['parallelMinutes']) as number }),
            ...(num(estimate['savedPercent']) === undefined ? {} : { savedPercent: num(estimate['savedPercent']) as number }),
          },
  };
  return summary;
}

/**
 * One NDJSON line (no trailing newline) for `event`: `{"type":"task:end",...payload}`. Always
 * valid JSON: bigint, errors, cycles and throwing getters in adapter output are made safe.
 * Without `includePlan`, `run:start` carries `planSummary` instead of `plan`.
 */
export function formatNdjsonLine(event: OrchestratorEvent, options: { readonly includePlan?: boolean | undefined } = {}): string {
  let value: unknown = event;
  if (event.type === 'run:start' && options.includePlan !== true) {
    const { plan, ...rest } = event;
    value = { ...rest, planSummary: summarizePlan(plan) };
  }
  const line = safeStringify(value);
  return line === 'null' ? safeStringify({ type: event.type, error: 'unserializable event' }) : line;
}

/**
 * Creates a reporter that writes one JSON object per line per event, in emission order.
 * Never throws into the emitter; stops writing once the stream fails.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for bad options.
 */
export function createNdjsonReporter(options: NdjsonReporterOptions = {}): Reporter {
  assertOptionsObject(options, 'createNdjsonReporter');
  const stream = options.stream ?? process.stdout;
  assertStream(stream, 'createNdjsonReporter');
  const includePlan = options.includePlan === true;
  const writer = safeWriter(stream);
  return {
    attach(emitter: OrchestratorEventSource) {
      assertEventSource(emitter, 'NdjsonReporter.attach');
      writer.open();
      const unsubscribe = subscribeAll(emitter, (event) => {
        writer.write(`${formatNdjsonLine(event, { includePlan })}\n`);
      });
      return () => {
        unsubscribe();
        writer.close();
      };
    },
  };
}
