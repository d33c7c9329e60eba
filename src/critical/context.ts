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

/**
 * Sentence ends, line breaks, "then", command separators: each starts a new clause. A period
 * only ends a clause when followed by whitespace, so `users.email` and `v1.2.0` stay whole.
 */
const CLAUSE_BOUNDARY =
  /\n|(?<!\b(?:e\.g|i\.e|etc|vs|cf))[.;!?](?=\s|$)|\b(?:and\s+)?then\b|\bafterwards\b|\bafter\s+that\b|&&|\|\||\s\|\s|->|=>|\u2192/gi;

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

/** Judges the clause text that precedes a match. */
export function analyzePrefix(prefix: string): PrefixVerdict {
  const tokens = words(prefix);
  const endsWithConjunction = /(?:\band|&|,|\+|\/|\bplus|\bthen)\s*$/i.test(prefix);
  const liveObjectAfter: boolean[] = new Array<boolean>(tokens.length + 1).fill(false);
  for (let index = tokens.length - 1; index >= 0; index -= 1) {
    liveObjectAfter[index] = (liveObjectAfter[index + 1] ?? false) || LIVE_OBJECTS.has(tokens[index + 1] ?? '');
  }
  let firstSafe = -1;
  let strongSafe = false;
  let subordinatedAfterSafe = false;
  let subordinated = false;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    const next = tokens[index + 1];
    if (SUBORDINATORS.has(token)) {
      subordinated = true;
      if (firstSafe >= 0) subordinatedAfterSafe = true;
    }
    const isSafe = SAFE_WORDS.has(token) || (next !== undefined && SAFE_PHRASES.has(`${token} ${next}`));
    if (!isSafe) continue;
    if (MODIFIER_SAFE.has(token) && next !== undefined && MODIFIED_NOUNS.has(next)) continue;
    if (token === 'not' && next !== undefined && SQL_AFTER_NOT.has(next)) continue;
    const weak = WEAK_SAFE.has(token);
    if (weak && liveObjectAfter[index] === true) continue;
    if (!weak) strongSafe = true;
    if (firstSafe < 0) firstSafe = index;
  }
  const coordinated = endsWithConjunction && !subordinatedAfterSafe;
  const byMeans = !strongSafe && MEANS_BEFORE.test(prefix);
  const suppressed = firstSafe >= 0 && !coordinated && !byMeans;
  const stripped = words(prefix.replace(LEADING_LABEL, ' '));
  const onlyFillers = stripped.every((token) => FILLER_WORDS.has(token) || /^\d+$/.test(token));
  return { suppressed, atLead: onlyFillers || (endsWithConjunction && !subordinated) };
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
