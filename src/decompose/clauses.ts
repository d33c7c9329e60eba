/**
 * Splits request text into clauses: sentences, then coordinated instructions ("add X, update Y and
 * test Z"), with "including a, b and c" enumerations kept as items of their clause.
 * @module
 */
import { PHRASAL_VERBS, POLITE_PREFIX, VERBS } from './lexicon.js';
import { mask, squash, unmask } from './words.js';

/** One instruction or statement of the request. */
export interface Clause {
  /** Position in the request, from 0. */
  readonly index: number;
  /** The clause as written (quotes restored), without its enumeration. */
  readonly text: string;
  /** The clause with quoted spans masked, for parsing. */
  readonly masked: string;
  /** The request's masked spans (shared by all clauses). */
  readonly spans: readonly string[];
  /** Items of an "including a, b and c" enumeration, as written. */
  readonly items: readonly string[];
  /** Index of the sentence the clause belongs to. */
  readonly sentence: number;
}

const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|approx|incl|esp|cf)\./gi;
const DOT_STANDIN = '\uE002';
const BULLET = /^\s*(?:[-*\u2022]|\d+[.)])\s+/;
const SENTENCE_END = /[.!?;]+(?=\s|$)/;
const SEPARATOR =
  /\s*,\s*(?:and then\s+|and also\s+|and\s+|then\s+|also\s+|or\s+)?|\s+and then\s+|\s+and also\s+|\s+as well as\s+|\s+and\s+|\s+then\s+|\s+&\s+|\s+plus\s+/gi;
const ENUMERATION = /(?:\s*,)?\s+(?:including|such as|namely|e\uE002g\uE002,?|like)\s+|\s*:\s+/i;
const ITEM_SEPARATOR = /\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/i;
const EDGE_PUNCTUATION = /^[\s,;:.!?-]+|[\s,;:.!?-]+$/g;
const COURTESY_ONLY = /^(?:please|thanks|thank you|cheers)$/i;

/** Strips polite or narrative prefixes ("Please", "We need to") from a clause. */
export function stripPrefix(text: string): string {
  let current = text;
  for (let round = 0; round < 4; round += 1) {
    const next = current.replace(POLITE_PREFIX, '');
    if (next === current) break;
    current = next;
  }
  return current;
}

/** The imperative verb lemma a clause starts with, and the number of words it spans. */
export function leadingVerb(text: string): { verb: string; words: number } | undefined {
  const words = text.toLowerCase().split(/\s+/);
  const pair = `${words[0] ?? ''} ${words[1] ?? ''}`;
  const phrasal = PHRASAL_VERBS[pair] ?? PHRASAL_VERBS[`${pair} ${words[2] ?? ''}`];
  if (phrasal !== undefined) return { verb: phrasal, words: PHRASAL_VERBS[pair] === undefined ? 3 : 2 };
  const first = (words[0] ?? '').replace(/[^a-z-]/g, '');
  return VERBS.has(first) ? { verb: first, words: 1 } : undefined;
}

function startsClause(part: string): boolean {
  const text = stripPrefix(part.trim());
  return leadingVerb(text) !== undefined && text.split(/\s+/).length >= 2;
}

/** Sentence units: bullet lines start a unit, wrapped lines are joined, blank lines break. */
function units(text: string): string[] {
  const result: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '' || BULLET.test(line)) {
      if (current.trim() !== '') result.push(current);
      current = line.replace(BULLET, '');
    } else {
      current = current === '' ? line : `${current} ${line.trim()}`;
    }
  }
  if (current.trim() !== '') result.push(current);
  return result;
}

function sentences(unit: string): string[] {
  return unit
    .split(SENTENCE_END)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.replace(EDGE_PUNCTUATION, '') !== '');
}

/** Splits a sentence at commas / "and" / "then", merging back parts that do not start an instruction. */
function coordinate(sentence: string): string[] {
  const clauses: string[] = [];
  let current = '';
  let last = 0;
  let separator = '';
  const take = (piece: string): void => {
    if (current === '') current = piece;
    else if (startsClause(piece)) {
      clauses.push(current);
      current = piece;
    } else current = `${current}${separator}${piece}`;
  };
  for (const match of sentence.matchAll(SEPARATOR)) {
    take(sentence.slice(last, match.index));
    separator = match[0];
    last = match.index + separator.length;
  }
  take(sentence.slice(last));
  if (current.trim() !== '') clauses.push(current);
  return clauses;
}

function enumeration(text: string): { core: string; items: string[] } {
  const match = ENUMERATION.exec(text);
  if (match === null) return { core: text, items: [] };
  const rest = text.slice(match.index + match[0].length);
  const items = rest
    .split(ITEM_SEPARATOR)
    .map((item) => item.replace(EDGE_PUNCTUATION, '').trim())
    .filter((item) => item !== '');
  if (items.length < 2 && match[0].trim() === ':') return { core: text, items: [] };
  if (items.length === 0) return { core: text, items: [] };
  return { core: text.slice(0, match.index), items };
}

/**
 * Splits a (normalised) request into clauses. Deterministic; never throws on string input (a text
 * without words gives no clauses).
 */
export function splitClauses(request: string): Clause[] {
  const masked = mask(request);
  const protectedText = masked.text.replace(ABBREVIATION, (abbr) => abbr.replace(/\./g, DOT_STANDIN));
  const restore = (text: string): string => unmask(text.replaceAll(DOT_STANDIN, '.'), masked.spans);
  const clauses: Clause[] = [];
  let sentenceIndex = 0;
  for (const unit of units(protectedText)) {
    for (const sentence of sentences(unit)) {
      for (const part of coordinate(sentence)) {
        const cleaned = squash(stripPrefix(squash(part).replace(EDGE_PUNCTUATION, '')));
        if (cleaned === '' || COURTESY_ONLY.test(cleaned)) continue;
        const { core, items } = enumeration(cleaned);
        const coreText = core.replace(EDGE_PUNCTUATION, '');
        if (coreText === '') continue;
        clauses.push({
          index: clauses.length,
          text: restore(coreText),
          masked: coreText.replaceAll(DOT_STANDIN, '.'),
          spans: masked.spans,
          items: items.map(restore),
          sentence: sentenceIndex,
        });
      }
      sentenceIndex += 1;
    }
  }
  return clauses;
}
