/**
 * Minutes per template step, after the seed's pattern templates, and their validated overrides.
 * @module
 */
import { describeValue, WavefrontError } from '../model/errors.js';
import type { PatternId } from '../model/plan.js';

/** Default minutes of each template step (seed templates). */
export const DEFAULT_ESTIMATES = Object.freeze({
  analysis: 5,
  'schema-analysis': 8,
  'dependency-check': 5,
  'migration-script': 10,
  'migration-preview': 5,
  'migration-execute': 5,
  'model-update': 10,
  backend: 15,
  frontend: 12,
  'frontend-foundation': 10,
  'frontend-wiring': 8,
  persistence: 10,
  styles: 10,
  'component-update': 15,
  integration: 8,
  'test-analysis': 5,
  'test-infrastructure': 10,
  'write-tests': 18,
  'suite-tests': 20,
  'run-tests': 8,
  coverage: 3,
  'manual-testing': 8,
  reproduce: 8,
  'root-cause': 10,
  fix: 12,
  'refactor-analysis': 8,
  'refactor-plan': 10,
  refactor: 20,
  'update-references': 12,
  docs: 5,
  build: 10,
  deploy: 10,
  upgrade: 10,
  'data-script': 10,
  generic: 10,
});

/** A template step with an estimate. */
export type EstimateKey = keyof typeof DEFAULT_ESTIMATES;

/** Seed minutes of "Run tests" per pattern (overridden by an explicit `run-tests` estimate). */
const RUN_TESTS_MINUTES: Readonly<Partial<Record<PatternId, number>>> = {
  'database-migration': 10,
  refactoring: 15,
  'bug-fix': 8,
  'testing-suite': 8,
};

const MAX_MINUTES = 1_000_000;

/** Looks up the minutes of a step for a pattern. */
export type EstimateTable = (step: EstimateKey, pattern: PatternId) => number;

/** True when `key` is an estimate step. */
export function isEstimateKey(key: string): key is EstimateKey {
  return Object.hasOwn(DEFAULT_ESTIMATES, key);
}

/**
 * Validates estimate overrides and returns the lookup.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for an unknown step or a minute value that is not a
 * finite number in (0, 1 000 000].
 */
export function resolveEstimates(overrides: unknown): EstimateTable {
  if (overrides === undefined) return defaultLookup({});
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new WavefrontError('INVALID_ARGUMENT', `options.estimates: expected an object, got ${describeValue(overrides)}`, {
      details: { field: 'estimates' },
    });
  }
  const table: Partial<Record<EstimateKey, number>> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (!isEstimateKey(key)) {
      throw new WavefrontError('INVALID_ARGUMENT', `options.estimates.${key}: unknown step (known: ${Object.keys(DEFAULT_ESTIMATES).join(', ')})`, {
        details: { field: `estimates.${key}` },
      });
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_MINUTES) {
      throw new WavefrontError('INVALID_ARGUMENT', `options.estimates.${key}: expected minutes in (0, ${MAX_MINUTES}], got ${describeValue(value)}`, {
        details: { field: `estimates.${key}` },
      });
    }
    table[key] = value;
  }
  return defaultLookup(table);
}

function defaultLookup(table: Readonly<Partial<Record<EstimateKey, number>>>): EstimateTable {
  return (step, pattern) => {
    const override = table[step];
    if (override !== undefined) return override;
    if (step === 'run-tests') return RUN_TESTS_MINUTES[pattern] ?? DEFAULT_ESTIMATES['run-tests'];
    return DEFAULT_ESTIMATES[step];
  };
}
