/**
 * Title helpers shared by the fragment builders.
 * @module
 */
import type { ClassifiedClause } from '../classify.js';
import type { Phrase } from '../nouns.js';
import { withoutAdverbialTail } from '../nouns.js';
import { capitalise, squash, truncate } from '../words.js';

/** Longest noun phrase used inside a generated title. */
export const SUBJECT_MAX = 80;

/** A noun phrase short enough for a title. */
export function short(text: string): string {
  return truncate(squash(text), SUBJECT_MAX);
}

/** The object of a clause as written, without its adverbial tail: "login endpoint to set last_login_at". */
export function objectText(phrase: Phrase): string {
  const parts = [phrase.head, ...phrase.preps.map((prep) => `${prep.prep} ${prep.np}`)];
  if (phrase.purpose !== undefined) parts.push(`to ${withoutAdverbialTail(phrase.purpose)}`);
  else if (phrase.relative !== undefined) parts.push(`that ${phrase.relative}`);
  else if (phrase.condition !== undefined) parts.push(phrase.condition);
  return squash(parts.filter((part) => part !== '').join(' '));
}

/** Restates an instruction: verb as written + object ("Update login endpoint to set last_login_at"). */
export function restate(clause: ClassifiedClause, verb: string | undefined = clause.verbText ?? clause.verb): string {
  const text = squash(`${verb ?? ''} ${objectText(clause.phrase)}`);
  return text === '' ? capitalise(clause.clause.text) : capitalise(text);
}

/** Drops words from the head that name the artefact kind ("authentication endpoints" → "authentication"). */
export function withoutWords(text: string, pattern: RegExp): string {
  return squash(text.replace(pattern, ' '));
}
