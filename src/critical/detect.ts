/**
 * The critical-operation detector: runs the rules clause by clause and applies negative context.
 * Pure and deterministic; linear in the length of the text.
 * @module
 */
import { ClauseContext, clauseLead, compactText, normalizeText, splitClauses } from './context.js';
import { CRITICAL_RULES, DRY_RUN_PATTERN } from './rules.js';
import type { CriticalCategory, CriticalDetection, CriticalMatch, CriticalRule, CriticalRuleContext, DetectCriticalOptions } from './types.js';
import { assertOptions, assertText, userRules } from './validate.js';

interface CompiledRule {
  readonly id: string;
  readonly category: CriticalCategory;
  readonly pattern: RegExp;
  readonly context: CriticalRuleContext;
  readonly unless: RegExp | undefined;
  readonly requires: RegExp | undefined;
  readonly lead: boolean;
  readonly anchor: RegExp | undefined;
}

interface CompiledKeyword {
  readonly keyword: string;
  readonly pattern: RegExp;
}

const withoutStateFlags = (pattern: RegExp): RegExp => new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));

function compileRule(rule: CriticalRule): CompiledRule {
  return {
    id: rule.id,
    category: rule.category,
    pattern: new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[gy]/g, '')}g`),
    context: rule.context ?? 'action',
    unless: rule.unless === undefined ? undefined : withoutStateFlags(rule.unless),
    requires: rule.requires === undefined ? undefined : withoutStateFlags(rule.requires),
    lead: rule.lead ?? false,
    anchor: rule.anchor === undefined ? undefined : withoutStateFlags(rule.anchor),
  };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A keyword as a whole-word / phrase pattern: any whitespace run matches any whitespace run. */
function compileKeyword(keyword: string): CompiledKeyword {
  const phrase = normalizeText(keyword).trim();
  const body = phrase.split(/\s+/).map(escapeRegExp).join(String.raw`\s+`);
  const before = /^[\p{L}\p{N}_]/u.test(phrase) ? String.raw`(?<![\p{L}\p{N}_])` : '';
  const after = /[\p{L}\p{N}_]$/u.test(phrase) ? String.raw`(?![\p{L}\p{N}_])` : '';
  return { keyword: phrase, pattern: new RegExp(`${before}${body}${after}`, 'giu') };
}

let builtinCache: readonly CompiledRule[] | undefined;
const builtinRules = (): readonly CompiledRule[] => (builtinCache ??= CRITICAL_RULES.map(compileRule));

const ruleCache = new WeakMap<CriticalRule, CompiledRule>();
function compiledUserRule(rule: CriticalRule): CompiledRule {
  let compiled = ruleCache.get(rule);
  if (compiled === undefined || compiled.id !== rule.id || compiled.pattern.source !== rule.pattern.source) {
    compiled = compileRule(rule);
    ruleCache.set(rule, compiled);
  }
  return compiled;
}

const keywordCache = new Map<string, CompiledKeyword>();
function compiledKeyword(keyword: string): CompiledKeyword {
  let compiled = keywordCache.get(keyword);
  if (compiled === undefined) {
    compiled = compileKeyword(keyword);
    if (keywordCache.size >= 1000) keywordCache.clear();
    keywordCache.set(keyword, compiled);
  }
  return compiled;
}

interface Found extends CriticalMatch {
  readonly start: number;
  readonly end: number;
  /** Insertion order (built-in rules, then user rules, then keywords): breaks ties between equal starts. */
  readonly order: number;
}

/** Whether the context of a match suppresses it. */
function suppressed(rule: CompiledRule, offset: number, clause: ClauseState): boolean {
  if (rule.context === 'always') return false;
  if (clause.dryRun) return true;
  if (clause.underSafeTitle && (rule.context === 'content' || !clause.execLed)) return true;
  return clause.context().verdict(offset).suppressed;
}

interface ClauseState {
  readonly start: number;
  readonly text: string;
  readonly dryRun: boolean;
  /** A later clause of a text whose first clause authors, reviews or tests something. */
  readonly underSafeTitle: boolean;
  /** The clause opens with an imperative action verb. */
  readonly execLed: boolean;
  /** The clause's word analysis, built on first use. */
  readonly context: () => ClauseContext;
}

function clauseStates(normalized: string): ClauseState[] {
  const clauses = splitClauses(normalized);
  const first = clauses.find((clause) => /\p{L}/u.test(normalized.slice(clause.start, clause.end)));
  const safeTitle = first !== undefined && clauseLead(normalized.slice(first.start, first.end)) === 'safe';
  return clauses.map((clause) => {
    const text = normalized.slice(clause.start, clause.end);
    const later = first !== undefined && clause.start > first.start;
    let context: ClauseContext | undefined;
    return {
      start: clause.start,
      text,
      dryRun: DRY_RUN_PATTERN.test(text),
      underSafeTitle: safeTitle && later,
      execLed: later && clauseLead(text) === 'exec',
      context: () => (context ??= new ClauseContext(text)),
    };
  });
}

function runRules(rules: readonly CompiledRule[], normalized: string, clauses: readonly ClauseState[], found: Found[]): void {
  rules.forEach((rule) => {
    if (rule.requires !== undefined && !rule.requires.test(normalized)) return;
    if (rule.anchor !== undefined && !rule.anchor.test(normalized)) return;
    for (const clause of clauses) {
      if (rule.anchor !== undefined && !rule.anchor.test(clause.text)) continue;
      if (rule.unless !== undefined && rule.unless.test(clause.text)) continue;
      for (const match of clause.text.matchAll(rule.pattern)) {
        if (match[0].length === 0) continue;
        if (rule.lead && !clause.context().verdict(match.index).atLead) continue;
        if (suppressed(rule, match.index, clause)) continue;
        const start = clause.start + match.index;
        found.push({ rule: rule.id, category: rule.category, text: '', start, end: start + match[0].length, order: found.length });
      }
    }
  });
}

/** A validated, compiled detector. */
interface Detector {
  readonly rules: readonly CompiledRule[];
  readonly keywords: readonly CompiledKeyword[];
}

function compileDetector(options: DetectCriticalOptions | undefined): Detector {
  const rules = [...(options?.useBuiltinRules === false ? [] : builtinRules()), ...userRules(options).map(compiledUserRule)];
  const keywords = (options?.keywords ?? []).map(compiledKeyword);
  return { rules, keywords };
}

function run(detector: Detector, text: string): CriticalDetection {
  const { text: normalized, origin } = compactText(text);
  const found: Found[] = [];
  if (detector.rules.length > 0) runRules(detector.rules, normalized, clauseStates(normalized), found);
  for (const { keyword, pattern } of detector.keywords) {
    for (const match of normalized.matchAll(pattern)) {
      found.push({
        rule: `keyword:${keyword}`,
        category: 'keyword',
        text: '',
        start: match.index,
        end: match.index + match[0].length,
        order: found.length,
      });
    }
  }
  found.sort((a, b) => a.start - b.start || a.order - b.order);
  const kept: Found[] = [];
  const reach = new Map<CriticalCategory, number>();
  for (const candidate of found) {
    // Sorted by start: a candidate overlaps a kept match of its category iff it starts before the furthest end.
    if (candidate.start < (reach.get(candidate.category) ?? -1)) continue;
    kept.push(candidate);
    reach.set(candidate.category, candidate.end);
  }
  const matches = kept.map(({ rule, category, start, end }) => ({
    rule,
    category,
    text: text
      .slice(origin[start] ?? 0, (origin[end - 1] ?? text.length - 1) + 1)
      .replace(/\s+/g, ' ')
      .trim(),
  }));
  return { critical: matches.length > 0, matches };
}

/**
 * Decides whether a task's action is critical: destructive, irreversible or touching production
 * (executing migrations, DROP/TRUNCATE/ALTER/DELETE on data, force pushes and history rewrites,
 * publishing, production deploys, infrastructure apply/destroy, restoring or wiping databases).
 * Authoring, reviewing, testing, documenting or guarding against such an operation is not critical.
 *
 * Matches prose, SQL statements and CLI commands (argv joined by spaces); robust to case, quotes,
 * backticks, punctuation and a title and description joined by a newline. User `keywords` force a
 * `keyword` match regardless of context.
 *
 * @example
 * ```ts
 * isCritical('Execute Alembic migration'); // true
 * isCritical('Write migration script for last_login_at'); // false
 * detectCritical('Delete all sessions', { keywords: ['delete all'] }).matches.map((m) => m.category);
 * // ['data-deletion', 'keyword']
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `text` is not a string or `options` not an
 * object, `INVALID_CONFIG` for a bad option (`details.field`), `LIMIT_EXCEEDED` for an over-long text.
 */
export function detectCritical(text: string, options?: DetectCriticalOptions): CriticalDetection {
  assertText(text);
  assertOptions(options);
  return run(compileDetector(options), text);
}

/**
 * True when {@link detectCritical} finds at least one match.
 * @throws {@link WavefrontError} as {@link detectCritical}.
 */
export function isCritical(text: string, options?: DetectCriticalOptions): boolean {
  return detectCritical(text, options).critical;
}

/**
 * Validates and compiles `options` once and returns a detector function, for classifying many
 * texts with the same configuration.
 * @throws {@link WavefrontError} as {@link detectCritical}, for the options when called and for each
 * text when the returned function is called.
 */
export function createCriticalDetector(options?: DetectCriticalOptions): (text: string) => CriticalDetection {
  assertOptions(options);
  const detector = compileDetector(options);
  return (text: string): CriticalDetection => {
    assertText(text);
    return run(detector, text);
  };
}
