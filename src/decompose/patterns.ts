/**
 * Pattern recognition after the seed's "TASK PATTERN RECOGNITION": full-stack feature, frontend
 * feature, bug fix, database migration, testing suite, refactoring, or generic. A request that mixes
 * patterns gets the dominant one, and `matched` lists every pattern merged into it.
 * @module
 */
import type { PatternId, PatternMatch } from '../model/plan.js';
import type { Analysis, ClauseKind } from './classify.js';
import { classifyClauses } from './classify.js';
import type { Clause } from './clauses.js';
import { splitClauses } from './clauses.js';
import { WavefrontError } from '../model/errors.js';
import { normaliseRequest } from './input.js';
import { unique } from './words.js';

/** Display labels of the pattern ids. */
export const PATTERN_LABELS: Readonly<Record<PatternId, string>> = Object.freeze({
  'full-stack-feature': 'Full-Stack Feature',
  'frontend-feature': 'Frontend Feature',
  'bug-fix': 'Bug Fix',
  'database-migration': 'Database Migration',
  'testing-suite': 'Testing Suite',
  refactoring: 'Refactoring',
  generic: 'Generic',
});

const KIND_PATTERN: Partial<Record<ClauseKind, PatternId>> = {
  migration: 'database-migration',
  'backend-feature': 'full-stack-feature',
  'fullstack-feature': 'full-stack-feature',
  'frontend-feature': 'frontend-feature',
  'frontend-update': 'frontend-feature',
  bug: 'bug-fix',
  symptom: 'bug-fix',
  tests: 'testing-suite',
  refactor: 'refactoring',
  cleanup: 'refactoring',
  rename: 'refactoring',
};

const MAX_TRIGGERS = 8;

/** The pattern ids each clause contributes (supporting clauses contribute none). */
function contributions(analysis: Analysis): PatternId[] {
  const kinds = new Set(analysis.clauses.map((clause) => clause.kind));
  const ids: PatternId[] = [];
  for (const clause of analysis.clauses) {
    const id = KIND_PATTERN[clause.kind];
    if (id !== undefined) ids.push(id);
    if (clause.kind === 'migration' && clause.fix) ids.push('bug-fix');
    if (clause.kind === 'backend-update' && !kinds.has('migration')) ids.push('full-stack-feature');
    if (clause.kind === 'need' && analysis.frontendNeed) ids.push('frontend-feature');
  }
  return unique(ids);
}

/** The dominant pattern of an analysed request. */
export function dominantPattern(analysis: Analysis): PatternId {
  const kinds = new Set(analysis.clauses.map((clause) => clause.kind));
  const has = (...list: ClauseKind[]): boolean => list.some((kind) => kinds.has(kind));
  const frontend = has('frontend-feature', 'frontend-update') || (has('need') && analysis.frontendNeed);
  const migration = has('migration');
  if (has('fullstack-feature') || (has('backend-feature') && (frontend || migration)) || (frontend && migration)) {
    return 'full-stack-feature';
  }
  if (has('backend-feature')) return 'full-stack-feature';
  if (has('frontend-feature')) return 'frontend-feature';
  if (migration) return 'database-migration';
  if (has('bug', 'symptom')) return 'bug-fix';
  if (has('refactor', 'cleanup', 'rename')) return 'refactoring';
  if (has('tests')) return 'testing-suite';
  if (frontend) return 'frontend-feature';
  if (has('backend-update')) return 'full-stack-feature';
  return 'generic';
}

/** The {@link PatternMatch} of an analysed request. */
export function patternOf(analysis: Analysis): PatternMatch {
  const id = dominantPattern(analysis);
  const merged = contributions(analysis);
  if (merged.length > 1 || (merged.length === 1 && merged[0] !== id)) {
    return { id, label: PATTERN_LABELS[id], matched: unique([...merged, id]).sort() };
  }
  const triggers = unique(analysis.clauses.flatMap((clause) => clause.triggers.map((trigger) => trigger.toLowerCase())));
  return { id, label: PATTERN_LABELS[id], matched: triggers.slice(0, MAX_TRIGGERS) };
}

/**
 * Recognises the pattern of a request without building tasks.
 *
 * @example
 * ```ts
 * recognisePattern('Refactor the session processing code to use async/await').id // 'refactoring'
 * ```
 * @throws {@link WavefrontError} `INVALID_REQUEST` for a non-string or blank request, `LIMIT_EXCEEDED`
 * for text longer than `LIMITS.maxRequestLength`.
 */
export function recognisePattern(text: string): PatternMatch {
  return patternOf(classifyClauses(requestClauses(text)));
}

/**
 * Validates request text and splits it into clauses.
 * @throws {@link WavefrontError} `INVALID_REQUEST` when the text is not a string or has no words,
 * `LIMIT_EXCEEDED` when it is too long.
 */
export function requestClauses(text: unknown): Clause[] {
  const clauses = splitClauses(normaliseRequest(text));
  if (clauses.length === 0) {
    throw new WavefrontError('INVALID_REQUEST', 'request: the text contains no instruction', { details: { field: 'request' } });
  }
  return clauses;
}
