/**
 * Decomposers: request text → task specs.
 * @module
 */
export { createPatternDecomposer, patternDecomposer } from './pattern-decomposer.js';
export type { PatternDecomposer, PatternDecomposerOptions } from './pattern-decomposer.js';
export { PATTERN_LABELS, recognisePattern } from './patterns.js';
export { DEFAULT_ESTIMATES } from './estimates.js';
export type { EstimateKey } from './estimates.js';
export { normaliseRequest } from './input.js';
export { splitClauses } from './clauses.js';
export type { Clause } from './clauses.js';
