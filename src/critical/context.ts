/**
 * Text preparation and negative-context analysis for the detector: normalisation, clause
 * splitting, and the "is this an artefact being authored, or an action being taken" judgement.
 * All functions are linear in the length of their input.
 * @module
 */
import { EXEC_VERBS, FILLER_WORDS, SAFE_PHRASES, SAFE_WORDS, SUBORDINATORS } from './lexicon.js';

/** A clause of the text, as offsets into the normalised text. */
export interface Clause {
  readonly start: number;
  readonly end: number;
}

/**
 * Replaces quotes, backticks, markdown emphasis and odd whitespace by spaces, keeping the length
 * (so offsets into the result are offsets into the input).
 */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/["`\u201c\u201d\u201e\u00ab\u00bb*\u2013\u2014]/g, ' ')
    .replace(/(?<![\p{L}\p{N}])'|'(?![\p{L}\p{N}])/gu, ' ')
    .replace(/[\t\r\f\v\u00a0\u2028\u2029]/g, (char) => (char === '\u2028' || char === '\u2029' ? '\n' : ' '));
}

/** Normalised text with horizontal whitespace runs collapsed, and where each character came from. */
export interface CompactText {
  /** The text: quotes, markdown emphasis and odd whitespace removed, one space between words. */
  readonly text: string;
  /** For each character of `text`, its index in the original text. */
  readonly origin: readonly number[];
}

/** {@link normalizeText}, then collapses each run of spaces / tabs to one space (newlines stay). */
export function compactText(original: string): CompactText {
  const normalized = normalizeText(original);
  let text = '';
  const origin: number[] = [];
  for (const piece of normalized.matchAll(/[^\S\n]+|\S+|\n/g)) {
    const isBlank = /^[^\S\n]+$/.test(piece[0]);
    text += isBlank ? ' ' : piece[0];
    if (isBlank) origin.push(piece.index);
    else for (let index = 0; index < piece[0].length; index += 1) origin.push(piece.index + index);
  }
  return { text, origin };
}

/**
 * Sentence ends, line breaks, "then", command separators: each starts a new clause. A period
 * only ends a clause when followed by whitespace, so `users.email` and `v1.2.0` stay whole.
 */
const CLAUSE_BOUNDARY =
  /\n|(?<!\b(?:e\.g|i\.e|etc|vs|cf)|(?:^|\n)[^\S\n]*\d{1,3})[.;!?](?=\s|$)|\b(?:and\s+)?then\b|\bafterwards\b|\bafter\s+that\b|&&|\|\||\s\|\s|->|=>|\u2192/gi;

/** Splits normalised text into non-empty clauses. */
export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  const push = (end: number): void => {
    if (/\S/.test(text.slice(start, end))) clauses.push({ start, end });
  };
  for (const boundary of text.matchAll(CLAUSE_BOUNDARY)) {
    push(boundary.index);
    start = boundary.index + boundary[0].length;
  }
  push(text.length);
  return clauses;
}

/** Lower-case word tokens (apostrophes dropped: "don't" → "dont"). */
export function words(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu)) tokens.push(match[0].toLowerCase().replace(/'/g, ''));
  return tokens;
}

/**
 * Safe words that usually govern an artefact but can also take a live database as their object
 * ("Update the users table to drop ..."): they only count when no such object follows them.
 */
const WEAK_SAFE = new Set(
  [
    'add adds adding create creates creating update updates updating fix fixes fixing set sets setup',
    'configure configures configuring build builds building implement implements implementing integrate',
    'wire wires automate automates schedule schedules refactor refactors support supports handle handles',
    'allow allows let lets enable enables can could may might able permit permits',
  ]
    .join(' ')
    .split(' '),
);

/** Objects that turn a weak safe verb into an action on live data. */
const LIVE_OBJECTS = new Set(
  'table tables database databases db dbs schema prod production column columns collection collections bucket buckets cluster records rows'.split(
    ' ',
  ),
);

/** Safe words that are only modifiers when an environment or data noun follows ("test cluster"). */
const MODIFIER_SAFE = new Set(['test', 'tests', 'testing', 'e2e', 'mock', 'fake', 'unit', 'dry']);
const MODIFIED_NOUNS = new Set(
  'cluster clusters environment environments env envs database databases db dbs server servers stack stacks user users account accounts data tenant tenants instance instances namespace namespaces bucket buckets record records table tables org orgs customer customers'.split(
    ' ',
  ),
);

/** SQL keywords after "not" ("NOT NULL"): no negation. */
const SQL_AFTER_NOT = new Set(['null', 'exists', 'in', 'like', 'between', 'deferrable', 'valid']);

/** A means preposition right before a match: "Add the constraint via ALTER TABLE". */
const MEANS_BEFORE = /\b(?:via|using|through|by(?:\s+(?:running|executing|applying))?)\s*$/i;

/** A leading label such as "DevOps:" or "Step 3 -". */
const LEADING_LABEL = /^\s*(?:[^\s:]+(?:\s+[^\s:]+){0,2}\s*:\s+|[-*#>\d.)\]\s[]+)/;

/** How the text before a match, within its clause, qualifies the match. */
export interface PrefixVerdict {
  /** An authoring / review / test / prevention word governs the match. */
  readonly suppressed: boolean;
  /** The match is the clause's leading action (nothing but fillers before it, or "X and <match>"). */
  readonly atLead: boolean;
}

const CONJUNCTION_BEFORE = /(?:\band|&|,|\+|\/|\bplus|\bthen)\s*$/i;
/** Enough characters before a match to see a trailing conjunction or means preposition. */
const TAIL = 40;

/**
 * The words of one clause with running facts, so that the verdict for any match offset costs a
 * binary search instead of a rescan of the prefix (keeps many matches in one clause linear).
 */
export class ClauseContext {
  readonly #text: string;
  readonly #ends: number[] = [];
  /** Facts about the first `k` words, at index `k`. */
  readonly #strong: boolean[] = [false];
  readonly #pendingWeak: boolean[] = [false];
  readonly #subordinated: boolean[] = [false];
  readonly #subordinatedAfterSafe: boolean[] = [false];
  readonly #onlyFillers: boolean[] = [true];

  constructor(text: string) {
    this.#text = text;
    const labelEnd = LEADING_LABEL.exec(text)?.[0].length ?? 0;
    const tokens: { word: string; start: number }[] = [];
    for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu)) {
      tokens.push({ word: match[0].toLowerCase().replace(/'/g, ''), start: match.index });
      this.#ends.push(match.index + match[0].length);
    }
    let strong = false;
    let pendingWeak = false;
    let subordinated = false;
    let subordinatedAfterSafe = false;
    let seenSafe = false;
    let onlyFillers = true;
    tokens.forEach(({ word, start }, index) => {
      const next = tokens[index + 1]?.word;
      if (SUBORDINATORS.has(word)) {
        subordinated = true;
        if (seenSafe) subordinatedAfterSafe = true;
      }
      if (LIVE_OBJECTS.has(word)) pendingWeak = false;
      const kind = safeKind(word, next);
      if (kind !== undefined) seenSafe = true;
      if (kind === 'strong') strong = true;
      if (kind === 'weak') pendingWeak = true;
      if (start >= labelEnd && !FILLER_WORDS.has(word) && !/^\d+$/.test(word)) onlyFillers = false;
      this.#strong.push(strong);
      this.#pendingWeak.push(pendingWeak);
      this.#subordinated.push(subordinated);
      this.#subordinatedAfterSafe.push(subordinatedAfterSafe);
      this.#onlyFillers.push(onlyFillers);
    });
  }

  /** The verdict for a match starting at `offset` in the clause. */
  verdict(offset: number): PrefixVerdict {
    let low = 0;
    let high = this.#ends.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#ends[middle] ?? Infinity) <= offset) low = middle + 1;
      else high = middle;
    }
    let end = offset;
    while (end > 0 && /\s/.test(this.#text.charAt(end - 1))) end -= 1;
    const tail = this.#text.slice(Math.max(0, end - TAIL), end);
    const endsWithConjunction = CONJUNCTION_BEFORE.test(tail);
    const strong = this.#strong[low] === true;
    const safe = strong || this.#pendingWeak[low] === true;
    const coordinated = endsWithConjunction && this.#subordinatedAfterSafe[low] !== true;
    const byMeans = !strong && MEANS_BEFORE.test(tail);
    return {
      suppressed: safe && !coordinated && !byMeans,
      atLead: this.#onlyFillers[low] === true || (endsWithConjunction && this.#subordinated[low] !== true),
    };
  }
}

/** Whether a word (followed by `next`) is a strong or weak safe word, or neither. */
function safeKind(word: string, next: string | undefined): 'strong' | 'weak' | undefined {
  const isSafe = SAFE_WORDS.has(word) || (next !== undefined && SAFE_PHRASES.has(`${word} ${next}`));
  if (!isSafe) return undefined;
  if (MODIFIER_SAFE.has(word) && next !== undefined && MODIFIED_NOUNS.has(next)) return undefined;
  if (word === 'not' && next !== undefined && SQL_AFTER_NOT.has(next)) return undefined;
  return WEAK_SAFE.has(word) ? 'weak' : 'strong';
}

/** What kind of word leads a clause. */
export type ClauseLead = 'safe' | 'exec' | 'none';

/** Words that lead a clause as an action but are also (weak) safe words; they lead as `exec`. */
function leadKindOf(token: string, next: string | undefined): ClauseLead | undefined {
  if (EXEC_VERBS.has(token)) return 'exec';
  if (SAFE_WORDS.has(token) || (next !== undefined && SAFE_PHRASES.has(`${token} ${next}`))) {
    return WEAK_SAFE.has(token) ? 'none' : 'safe';
  }
  return undefined;
}

/**
 * The kind of the first verb-like word among the first few words of a clause: `safe` for an
 * authoring / review / test verb ("Write", "Review", "Unit tests for"), `exec` for an imperative
 * action ("Run", "Drop", "Deploy"), `none` otherwise.
 */
export function clauseLead(clause: string): ClauseLead {
  const tokens = words(clause.replace(LEADING_LABEL, ' ')).filter(
    (token) => !FILLER_WORDS.has(token) && !/^\d+$/.test(token),
  );
  for (let index = 0; index < Math.min(tokens.length, 5); index += 1) {
    const kind = leadKindOf(tokens[index] ?? '', tokens[index + 1]);
    if (kind !== undefined) return kind;
  }
  return 'none';
}
