/**
 * Validation of the detector's arguments and options.
 * @module
 */
import { LIMITS } from '../model/task.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { CRITICAL_CATEGORIES } from './types.js';
import type { CriticalRule, DetectCriticalOptions } from './types.js';

/** Longest text the detector accepts (the longest request text wavefront accepts). */
export const MAX_CRITICAL_TEXT_LENGTH: number = LIMITS.maxRequestLength;
/** Most keywords / user rules in one options object. */
export const MAX_CRITICAL_ENTRIES = 1000;
/** Longest keyword. */
export const MAX_KEYWORD_LENGTH = 200;

const OPTION_KEYS = new Set(['keywords', 'useBuiltinRules', 'rules']);
const RULE_KEYS = new Set(['id', 'category', 'description', 'pattern', 'context', 'unless', 'requires', 'lead', 'anchor']);
const CONTEXTS = new Set(['action', 'content', 'always']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the text argument.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when it is not a string, `LIMIT_EXCEEDED` when too long.
 */
export function assertText(text: unknown): asserts text is string {
  if (typeof text !== 'string') {
    throw new WavefrontError('INVALID_ARGUMENT', `text must be a string, got ${describeValue(text)}`, {
      details: { field: 'text' },
    });
  }
  if (text.length > MAX_CRITICAL_TEXT_LENGTH) {
    throw new WavefrontError('LIMIT_EXCEEDED', `text is longer than ${MAX_CRITICAL_TEXT_LENGTH} characters`, {
      details: { field: 'text', length: text.length, max: MAX_CRITICAL_TEXT_LENGTH },
    });
  }
}

function configError(field: string, message: string): WavefrontError {
  return new WavefrontError('INVALID_CONFIG', `${field}: ${message}`, { details: { field } });
}

function checkKeywords(keywords: unknown): void {
  if (!Array.isArray(keywords)) throw configError('keywords', `must be an array of strings, got ${describeValue(keywords)}`);
  if (keywords.length > MAX_CRITICAL_ENTRIES) throw configError('keywords', `must have at most ${MAX_CRITICAL_ENTRIES} entries`);
  keywords.forEach((keyword: unknown, index) => {
    const field = `keywords[${index}]`;
    if (typeof keyword !== 'string') throw configError(field, `must be a string, got ${describeValue(keyword)}`);
    if (!/[\p{L}\p{N}]/u.test(keyword)) throw configError(field, 'must contain a letter or digit');
    if (keyword.length > MAX_KEYWORD_LENGTH) throw configError(field, `must be at most ${MAX_KEYWORD_LENGTH} characters`);
  });
}

function checkOptionalRegExp(rule: Record<string, unknown>, key: string, field: string): void {
  if (rule[key] !== undefined && !(rule[key] instanceof RegExp)) {
    throw configError(`${field}.${key}`, `must be a RegExp, got ${describeValue(rule[key])}`);
  }
}

function checkRule(rule: unknown, field: string): void {
  if (!isRecord(rule)) throw configError(field, `must be an object, got ${describeValue(rule)}`);
  for (const key of Object.keys(rule)) if (!RULE_KEYS.has(key)) throw configError(`${field}.${key}`, 'is not a rule field');
  const { id, category, description, pattern, context, lead } = rule;
  if (typeof id !== 'string' || id.trim() === '' || id.length > 128) {
    throw configError(`${field}.id`, `must be a non-empty string of at most 128 characters, got ${describeValue(id)}`);
  }
  if (typeof category !== 'string' || !(CRITICAL_CATEGORIES as readonly string[]).includes(category)) {
    throw configError(`${field}.category`, `must be one of ${CRITICAL_CATEGORIES.join(', ')}, got ${describeValue(category)}`);
  }
  if (description !== undefined && typeof description !== 'string') {
    throw configError(`${field}.description`, `must be a string, got ${describeValue(description)}`);
  }
  if (!(pattern instanceof RegExp)) throw configError(`${field}.pattern`, `must be a RegExp, got ${describeValue(pattern)}`);
  if (new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).test('')) throw configError(`${field}.pattern`, 'must not match the empty string');
  if (context !== undefined && (typeof context !== 'string' || !CONTEXTS.has(context))) {
    throw configError(`${field}.context`, `must be 'action', 'content' or 'always', got ${describeValue(context)}`);
  }
  if (lead !== undefined && typeof lead !== 'boolean') throw configError(`${field}.lead`, `must be a boolean, got ${describeValue(lead)}`);
  checkOptionalRegExp(rule, 'unless', field);
  checkOptionalRegExp(rule, 'requires', field);
  checkOptionalRegExp(rule, 'anchor', field);
}

/**
 * Checks a {@link DetectCriticalOptions} value.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `options` is not an object, `INVALID_CONFIG`
 * naming the bad field otherwise.
 */
export function assertOptions(options: unknown): asserts options is DetectCriticalOptions | undefined {
  if (options === undefined) return;
  if (!isRecord(options)) {
    throw new WavefrontError('INVALID_ARGUMENT', `options must be an object, got ${describeValue(options)}`, {
      details: { field: 'options' },
    });
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw configError(key, 'is not an option of detectCritical (keywords, useBuiltinRules, rules)');
  }
  if (options['keywords'] !== undefined) checkKeywords(options['keywords']);
  const useBuiltinRules = options['useBuiltinRules'];
  if (useBuiltinRules !== undefined && typeof useBuiltinRules !== 'boolean') {
    throw configError('useBuiltinRules', `must be a boolean, got ${describeValue(useBuiltinRules)}`);
  }
  const rules = options['rules'];
  if (rules !== undefined) {
    if (!Array.isArray(rules)) throw configError('rules', `must be an array of rules, got ${describeValue(rules)}`);
    if (rules.length > MAX_CRITICAL_ENTRIES) throw configError('rules', `must have at most ${MAX_CRITICAL_ENTRIES} entries`);
    rules.forEach((rule: unknown, index) => checkRule(rule, `rules[${index}]`));
  }
}

/** The user rules of validated options (narrowed for the compiler). */
export function userRules(options: DetectCriticalOptions | undefined): readonly CriticalRule[] {
  return options?.rules ?? [];
}
