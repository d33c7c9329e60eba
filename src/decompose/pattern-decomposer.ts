/**
 * `patternDecomposer`: the offline, deterministic default decomposer. It splits a request into
 * clauses, recognises the seed's patterns and composes their templates into one DAG whose titles
 * name the user's own nouns.
 * @module
 */
import { describeValue, WavefrontError } from '../model/errors.js';
import type { DecomposeContext, Decomposer, Decomposition } from '../model/plan.js';
import { classifyClauses } from './classify.js';
import { compose } from './compose.js';
import type { EstimateKey, EstimateTable } from './estimates.js';
import { resolveEstimates } from './estimates.js';
import { patternOf, requestClauses } from './patterns.js';

/** Options of a configured pattern decomposer. */
export interface PatternDecomposerOptions {
  /** Minutes per template step, overriding the seed's (e.g. `{ 'write-tests': 25 }`). */
  readonly estimates?: Readonly<Partial<Record<EstimateKey, number>>> | undefined;
}

/**
 * The pattern decomposer: a {@link Decomposer} whose `decompose` returns synchronously, and a
 * function: called with text it decomposes it, called with options (or nothing) it returns a
 * configured decomposer.
 */
export interface PatternDecomposer extends Decomposer {
  /** Always `'pattern'`. */
  readonly name: 'pattern';
  /** Breaks a request into task specs (synchronously). */
  decompose(request: string, context?: DecomposeContext): Decomposition;
  /** Same as `decompose(request)`. */
  (request: string): Decomposition;
  /** A decomposer configured with `options`. */
  (options?: PatternDecomposerOptions): PatternDecomposer;
}

const OPTION_KEYS = new Set(['estimates']);

function checkContext(context: unknown): void {
  if (context === undefined) return;
  if (typeof context !== 'object' || context === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `context: expected an object, got ${describeValue(context)}`, { details: { field: 'context' } });
  }
  const signal = (context as DecomposeContext).signal;
  if (signal?.aborted === true) throw new WavefrontError('ABORTED', 'decompose: aborted before it started', { cause: signal.reason });
}

function decomposeWith(estimates: EstimateTable, request: unknown, context?: unknown): Decomposition {
  checkContext(context);
  const clauses = requestClauses(request);
  const analysis = classifyClauses(clauses);
  const pattern = patternOf(analysis);
  return { pattern, tasks: compose(analysis, pattern.id, estimates), clauses: clauses.map((clause) => clause.text) };
}

function checkOptions(options: unknown): PatternDecomposerOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new WavefrontError('INVALID_REQUEST', `patternDecomposer: expected request text or an options object, got ${describeValue(options)}`, {
      details: { field: 'request' },
    });
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) {
      throw new WavefrontError('INVALID_ARGUMENT', `options.${key}: unknown option (known: estimates)`, { details: { field: key } });
    }
  }
  return options as PatternDecomposerOptions;
}

/**
 * Creates a pattern decomposer.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for unknown options or bad estimates.
 */
export function createPatternDecomposer(options: PatternDecomposerOptions = {}): PatternDecomposer {
  const checked = checkOptions(options);
  const estimates = resolveEstimates(checked.estimates);
  const decompose = (request: string, context?: DecomposeContext): Decomposition => decomposeWith(estimates, request, context);
  const callable = (argument?: unknown): Decomposition | PatternDecomposer => {
    if (typeof argument === 'string') return decomposeWith(estimates, argument);
    if (argument === undefined) return createPatternDecomposer(checked);
    return createPatternDecomposer(checkOptions(argument));
  };
  Object.defineProperty(callable, 'name', { value: 'pattern' });
  Object.defineProperty(callable, 'decompose', { value: decompose, enumerable: true });
  return Object.freeze(callable) as unknown as PatternDecomposer;
}

/**
 * The default offline decomposer.
 *
 * @example
 * ```ts
 * const { pattern, tasks } = patternDecomposer('Add a "last_login_at" column to the users table');
 * pattern.id // 'database-migration'
 * const slow = patternDecomposer({ estimates: { 'write-tests': 30 } });
 * slow.decompose('Fix the login bug').tasks;
 * ```
 * @throws {@link WavefrontError} `INVALID_REQUEST` for a non-string or blank request, `LIMIT_EXCEEDED`
 * for text longer than `LIMITS.maxRequestLength`.
 */
export const patternDecomposer: PatternDecomposer = createPatternDecomposer();
