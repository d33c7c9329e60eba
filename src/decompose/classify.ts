/**
 * Clause classification: what kind of work each clause asks for, which area it touches, and the
 * trigger words that decided it. Also resolves "it" and the request's topic ("dark mode").
 * @module
 */
import type { Clause } from './clauses.js';
import { leadingVerb } from './clauses.js';
import {
  BACKEND_CUE, CLEANUP_CUE, CREATE_VERBS, DATA_CUE, DATABASE_STRONG_CUE, DATABASE_WEAK_CUE, DEPLOY_VERBS,
  DOC_VERBS, DOCS_HEAD, FIX_VERBS, FOLLOW_UP_CUE, FOLLOW_UP_VERBS, FRONTEND_CUE, HARDENING_HEAD, NEED_CUE,
  NON_DATABASE_SCHEMA, REFACTOR_VERBS, REMOVE_VERBS, SYMPTOM_CUE, TEST_WRITING_VERBS, TESTS_HEAD,
  UPGRADE_VERBS, VERSION_CUE,
} from './lexicon.js';
import type { Phrase, Symptom } from './nouns.js';
import { entityOf, parsePhrase, parseSymptom, resolvePronouns, stripDeterminers, uiElement } from './nouns.js';
import { unmask } from './words.js';

/** What a clause asks for. */
export type ClauseKind =
  | 'migration'
  | 'data-op'
  | 'backend-feature'
  | 'backend-update'
  | 'frontend-feature'
  | 'frontend-update'
  | 'fullstack-feature'
  | 'bug'
  | 'symptom'
  | 'hardening'
  | 'tests'
  | 'manual-tests'
  | 'refactor'
  | 'cleanup'
  | 'rename'
  | 'follow-up'
  | 'docs'
  | 'deploy'
  | 'upgrade'
  | 'need'
  | 'context'
  | 'other';

/** A clause with its classification. */
export interface ClassifiedClause {
  /** The clause. */
  readonly clause: Clause;
  /** What it asks for. */
  readonly kind: ClauseKind;
  /** Imperative verb lemma, when the clause is an instruction. */
  readonly verb: string | undefined;
  /** The verb words as written ("Set up"), when the clause is an instruction. */
  readonly verbText: string | undefined;
  /** The parsed object (or the whole statement), pronouns resolved. */
  readonly phrase: Phrase;
  /** Words that decided the kind. */
  readonly triggers: readonly string[];
  /** True when the verb is a fix ("Fix the database schema mismatch"). */
  readonly fix: boolean;
  /** True when the clause also asks for tests ("with tests"). */
  readonly withTests: boolean;
  /** True when the clause names frontend things. */
  readonly frontend: boolean;
  /** True when the clause names backend things. */
  readonly backend: boolean;
  /** The parsed symptom of a bug statement. */
  readonly symptom: Symptom | undefined;
}

/** A request, clause by clause. */
export interface Analysis {
  /** Classified clauses in order. */
  readonly clauses: readonly ClassifiedClause[];
  /** The feature the request is about ("dark mode"), from a need statement. */
  readonly topic: string | undefined;
  /** The subject of a need statement ("frontend"). */
  readonly needSubject: string | undefined;
  /** True when a need statement is about the frontend. */
  readonly frontendNeed: boolean;
}

const WITH_TESTS = /\b(?:with|and|plus|including|incl\.?)\s+(?:\w+\s+){0,2}tests?\b/;
const TESTS_TAIL = /\s+(?:with|and|plus|including)\s+(?:\w+\s+){0,2}tests?$/i;

function cue(pattern: RegExp, text: string): string | undefined {
  return pattern.exec(text)?.[0];
}

function databaseCue(lower: string, frontend: boolean): string | undefined {
  const text = lower.replace(NON_DATABASE_SCHEMA, ' ');
  return cue(DATABASE_STRONG_CUE, text) ?? (frontend ? undefined : cue(DATABASE_WEAK_CUE, text));
}

function isDocsHead(phrase: Phrase): boolean {
  return DOCS_HEAD.test(phrase.headKey) && !/\b(?:page|component|section|endpoint)s?\b/.test(phrase.headKey);
}

interface Verdict {
  readonly kind: ClauseKind;
  readonly triggers: readonly string[];
}

function classifyStatement(lower: string, frontend: boolean, backend: boolean): Verdict {
  const symptom = cue(SYMPTOM_CUE, lower);
  if (symptom !== undefined) return { kind: 'symptom', triggers: [symptom] };
  const need = cue(NEED_CUE, lower);
  if (need !== undefined && (frontend || backend || lower.split(' ').length <= 12)) return { kind: 'need', triggers: [need] };
  return { kind: 'context', triggers: [] };
}

function classifyInstruction(verb: string, phrase: Phrase, lower: string, frontendCue: string | undefined, backendCue: string | undefined): Verdict {
  const head = phrase.headKey;
  if (FOLLOW_UP_VERBS.has(verb) && FOLLOW_UP_CUE.test(head)) return { kind: 'follow-up', triggers: [cue(FOLLOW_UP_CUE, head) ?? verb] };
  if (verb === 'document' || (DOC_VERBS.has(verb) && isDocsHead(phrase))) return { kind: 'docs', triggers: [cue(DOCS_HEAD, head) ?? verb] };
  if (verb === 'test' || verb === 'retest') return { kind: 'manual-tests', triggers: [verb] };
  if (TEST_WRITING_VERBS.has(verb) && TESTS_HEAD.test(head)) return { kind: 'tests', triggers: [cue(TESTS_HEAD, lower) ?? 'tests'] };
  if (DEPLOY_VERBS.has(verb) || (verb === 'roll' && /\broll out\b/.test(lower))) return { kind: 'deploy', triggers: [verb] };
  if (UPGRADE_VERBS.has(verb) || verb === 'install' || (verb === 'update' && VERSION_CUE.test(lower) && !frontendCue && !backendCue)) {
    return { kind: 'upgrade', triggers: [verb] };
  }
  if (REFACTOR_VERBS.has(verb) || /\brefactor/.test(lower)) return { kind: 'refactor', triggers: [verb] };
  const database = databaseCue(lower, frontendCue !== undefined);
  if (database !== undefined) return { kind: 'migration', triggers: FIX_VERBS.has(verb) ? [verb, database] : [database] };
  if (REMOVE_VERBS.has(verb) && !CLEANUP_CUE.test(lower) && DATA_CUE.test(head) && !frontendCue && !backendCue) {
    return { kind: 'data-op', triggers: [verb] };
  }
  if (FIX_VERBS.has(verb)) return { kind: 'bug', triggers: [verb, cue(SYMPTOM_CUE, lower) ?? ''] };
  if (verb === 'rename' || (verb === 'move' && !frontendCue)) return { kind: 'rename', triggers: [verb] };
  if (verb === 'migrate') return { kind: 'refactor', triggers: [verb] };
  if (REMOVE_VERBS.has(verb) && (CLEANUP_CUE.test(lower) || (!frontendCue && !backendCue))) {
    return { kind: 'cleanup', triggers: [verb, cue(CLEANUP_CUE, lower) ?? ''] };
  }
  if (HARDENING_HEAD.test(head) && phrase.preps.length === 0) return { kind: 'hardening', triggers: [head] };
  const create = CREATE_VERBS.has(verb);
  if (/\bfeatures?\b/.test(lower) || (frontendCue !== undefined && backendCue !== undefined && create)) {
    return { kind: 'fullstack-feature', triggers: [frontendCue ?? 'feature', backendCue ?? 'feature'] };
  }
  if (backendCue !== undefined && (frontendCue === undefined || !isFrontendThing(phrase))) {
    return { kind: create ? 'backend-feature' : 'backend-update', triggers: [backendCue] };
  }
  if (frontendCue !== undefined) return { kind: create ? 'frontend-feature' : 'frontend-update', triggers: [frontendCue] };
  if (HARDENING_HEAD.test(head)) return { kind: 'hardening', triggers: [head] };
  return { kind: 'other', triggers: [] };
}

/** True when the head itself is a UI thing even though a backend word appears elsewhere. */
function isFrontendThing(phrase: Phrase): boolean {
  return uiElement(phrase.headKey) !== undefined || FRONTEND_CUE.test(phrase.headKey);
}

/** Classifies one clause; `previousEntity` resolves "it", `frontendNeed` makes unmarked work frontend work. */
export function classifyClause(clause: Clause, previousEntity: string | undefined, frontendNeed: boolean): ClassifiedClause {
  const lower = clause.masked.toLowerCase();
  const lead = leadingVerb(clause.masked);
  const fullObject = lead === undefined ? clause.masked : clause.masked.split(/\s+/).slice(lead.words).join(' ');
  // "Add a login endpoint and tests": the tests are a stage of the feature, not its object.
  const trimmed = fullObject.replace(TESTS_TAIL, '');
  const keepTail = trimmed === '' || TESTS_HEAD.test(trimmed.toLowerCase()) || FOLLOW_UP_CUE.test(trimmed.toLowerCase());
  const object = keepTail ? fullObject : trimmed;
  const parsed = parsePhrase(object, clause.spans);
  const phrase: Phrase = {
    ...parsed,
    purpose: parsed.purpose === undefined ? undefined : resolvePronouns(parsed.purpose, previousEntity),
    relative: parsed.relative === undefined ? undefined : resolvePronouns(parsed.relative, previousEntity),
  };
  let frontendCue = cue(FRONTEND_CUE, lower);
  const backendCue = cue(BACKEND_CUE, lower);
  const verdict =
    lead === undefined
      ? classifyStatement(lower, frontendCue !== undefined, backendCue !== undefined)
      : classifyInstruction(lead.verb, phrase, lower, frontendCue ?? (frontendNeed && backendCue === undefined ? 'frontend' : undefined), backendCue);
  if (frontendCue === undefined && frontendNeed && (verdict.kind === 'frontend-feature' || verdict.kind === 'frontend-update')) frontendCue = 'frontend';
  const kind = verdict.kind;
  const pronounHead = /^(?:it|them)$/.test(phrase.headKey) && previousEntity !== undefined && kind !== 'bug' && kind !== 'symptom';
  const resolved: Phrase = pronounHead ? { ...phrase, head: previousEntity, headKey: previousEntity.toLowerCase() } : phrase;
  const testsAsked = kind !== 'tests' && kind !== 'manual-tests' && kind !== 'follow-up' && WITH_TESTS.test(lower);
  return {
    clause,
    kind,
    verb: lead?.verb,
    verbText: lead === undefined ? undefined : clause.masked.split(/\s+/).slice(0, lead.words).join(' '),
    phrase: resolved,
    triggers: verdict.triggers.filter((trigger) => trigger !== ''),
    fix: lead !== undefined && FIX_VERBS.has(lead.verb),
    withTests: testsAsked,
    frontend: frontendCue !== undefined,
    backend: backendCue !== undefined,
    symptom: kind === 'symptom' ? parseSymptom(unmask(clause.masked, clause.spans)) : undefined,
  };
}

/** "The frontend needs a dark mode toggle" → subject "frontend", topic "dark mode". */
function needOf(clause: ClassifiedClause): { subject: string; topic: string } | undefined {
  const text = unmask(clause.clause.masked, clause.clause.spans);
  const match = NEED_CUE.exec(text.toLowerCase());
  if (match === null) return undefined;
  const subject = stripDeterminers(text.slice(0, match.index)).text;
  const object = stripDeterminers(text.slice(match.index + match[0].length)).text;
  const list = object.split(' ');
  while (list.length > 1 && uiElement((list.at(-1) ?? '').toLowerCase()) !== undefined) list.pop();
  const topic = list.join(' ').replace(/^(?:to\s+)?(?:support|have|add)\s+/i, '');
  return topic === '' ? undefined : { subject, topic };
}

/** Classifies every clause of a request, in order. Pure and deterministic. */
export function classifyClauses(clauses: readonly Clause[]): Analysis {
  const result: ClassifiedClause[] = [];
  let topic: string | undefined;
  let needSubject: string | undefined;
  let frontendNeed = false;
  let previousEntity: string | undefined;
  for (const clause of clauses) {
    const classified = classifyClause(clause, previousEntity, frontendNeed);
    if (classified.kind === 'need' && topic === undefined) {
      const need = needOf(classified);
      if (need !== undefined) {
        topic = need.topic;
        needSubject = need.subject;
        frontendNeed = classified.frontend && !classified.backend;
      }
    }
    previousEntity = classified.kind === 'context' ? previousEntity : entityOf(classified.phrase);
    result.push(classified);
  }
  return { clauses: result, topic, needSubject, frontendNeed };
}

/**
 * Rewrites a need statement as an instruction ("The frontend needs a dark mode toggle" → "add a dark
 * mode toggle to the frontend"), for requests that state a need and nothing else.
 */
export function needAsInstruction(clause: Clause): Clause | undefined {
  const match = NEED_CUE.exec(clause.masked.toLowerCase());
  if (match === null) return undefined;
  const subject = clause.masked.slice(0, match.index).trim();
  const object = clause.masked.slice(match.index + match[0].length).trim().replace(/^to\s+(?:have|support|add)\s+/i, '');
  if (object === '') return undefined;
  const masked = subject === '' || /^(?:we|i|users?|you|they)$/i.test(subject) ? `add ${object}` : `add ${object} to ${subject}`;
  return { ...clause, masked, text: unmask(masked, clause.spans) };
}
