/**
 * Critical-operation detection: which tasks are destructive, irreversible or touch production.
 * @module
 */
export { detectCritical, isCritical, createCriticalDetector } from './detect.js';
export { CRITICAL_RULES, SEED_CRITICAL_KEYWORDS, SEED_CONFIG_CRITICAL_KEYWORDS } from './rules.js';
export { CRITICAL_CATEGORIES } from './types.js';
export type {
  CriticalCategory,
  CriticalDetection,
  CriticalMatch,
  CriticalRule,
  CriticalRuleContext,
  DetectCriticalOptions,
} from './types.js';
export { MAX_CRITICAL_TEXT_LENGTH } from './validate.js';
