/**
 * Noun extraction: turns the object of a clause into its head noun phrase, destinations, purpose and
 * quoted names, so task titles can name the user's own nouns.
 * @module
 */
import { ACTION_NOUNS, DETERMINERS, FILLER_ADJECTIVES, PRIMARY_ELEMENTS, QUANTIFIERS, UI_ELEMENTS, VERBS } from './lexicon.js';
import { pascal, quotedIn, squash, unmask } from './words.js';

/** One prepositional phrase ("in the header" → { prep: 'in', np: 'header' }). */
export interface PrepPhrase {
  /** The preposition, lower-case. */
  readonly prep: string;
  /** The noun phrase, determiners removed, as written. */
  readonly np: string;
  /** The noun phrase masked and lower-cased, for matching. */
  readonly key: string;
}

/** The parsed object of a clause. */
export interface Phrase {
  /** The whole object, determiners removed, as written. */
  readonly text: string;
  /** The head noun phrase ("toggle button"), as written. */
  readonly head: string;
  /** The head masked and lower-cased, for matching (quoted names do not count as words). */
  readonly headKey: string;
  /** True when the head was quantified ("all components"). */
  readonly quantified: boolean;
  /** Prepositional phrases after the head, in order. */
  readonly preps: readonly PrepPhrase[];
  /** "to <verb> ..." purpose ("support dark mode"), as written. */
  readonly purpose: string | undefined;
  /** Relative clause ("requires password confirmation before proceeding"), as written. */
  readonly relative: string | undefined;
  /** Condition ("when users try to upload files larger than 10MB"), as written. */
  readonly condition: string | undefined;
  /** Quoted names in the object, without quote marks. */
  readonly quotes: readonly string[];
}

const RELATIVE = /\s+(?:that|which|who|so that|so)\s+/i;
const CONDITION = /\s+(?:when|whenever|if|while|because|after|before|once|unless|until|where)\s+/i;
const PURPOSE = /\s+(?:in order to|to)\s+([a-z]+)\b/gi;
const PREPOSITION =
  /\s+(instead of|to|into|in|on|onto|for|from|across|within|inside|with|without|at|by|under|via|between|throughout|(?<!\b(?:all|each|some|none|any|most|both|one|many|part|rest|list|number|set|lot|kind|type|sort))of)\s+/gi;
const ADVERBIAL_TAIL = /\s+(?:on|after|for|at|during|with) (?:each|every|all|any)\b.*$|\s+(?:each time|every time|whenever|always|automatically)\b.*$/i;
const TYPE_WORDS = new Set([
  'timestamp', 'boolean', 'bool', 'string', 'text', 'integer', 'int', 'bigint', 'uuid', 'json', 'jsonb', 'date',
  'datetime', 'decimal', 'numeric', 'float', 'varchar', 'nullable', 'new', 'optional', 'required', 'unique',
  'indexed', 'column', 'field',
]);

function earliestCut(text: string): { index: number; kind: 'relative' | 'condition' | 'purpose'; skip: number } | undefined {
  const candidates: { index: number; kind: 'relative' | 'condition' | 'purpose'; skip: number }[] = [];
  const relative = RELATIVE.exec(text);
  if (relative !== null) candidates.push({ index: relative.index, kind: 'relative', skip: relative[0].length });
  const condition = CONDITION.exec(text);
  if (condition !== null) candidates.push({ index: condition.index, kind: 'condition', skip: condition[0].length });
  for (const match of text.matchAll(PURPOSE)) {
    if (VERBS.has((match[1] ?? '').toLowerCase())) {
      candidates.push({ index: match.index, kind: 'purpose', skip: match[0].length - (match[1] ?? '').length });
      break;
    }
  }
  candidates.sort((a, b) => a.index - b.index);
  return candidates[0];
}

/** Removes leading determiners, quantifiers and filler adjectives (keeping one word); reports a quantifier. */
export function stripDeterminers(text: string): { text: string; quantified: boolean } {
  const list = squash(text).split(' ').filter((word) => word !== '');
  let quantified = false;
  let start = 0;
  while (start < list.length - 1) {
    const word = (list[start] ?? '').toLowerCase();
    if (QUANTIFIERS.has(word)) quantified = true;
    else if (!(word === 'of' && quantified) && !DETERMINERS.has(word) && !FILLER_ADJECTIVES.has(word)) break;
    start += 1;
  }
  return { text: list.slice(start).join(' '), quantified };
}

/** Parses the masked object of a clause; `spans` restores quoted text. */
export function parsePhrase(maskedObject: string, spans: readonly string[]): Phrase {
  const text = squash(maskedObject);
  const cut = earliestCut(` ${text}`);
  const core = cut === undefined ? text : ` ${text}`.slice(0, cut.index).trim();
  const rest = cut === undefined ? '' : ` ${text}`.slice(cut.index + cut.skip).trim();
  const segments = ` ${core}`.split(PREPOSITION);
  const headRaw = (segments[0] ?? '').trim();
  const head = stripDeterminers(headRaw);
  const preps: PrepPhrase[] = [];
  for (let index = 1; index + 1 < segments.length; index += 2) {
    const np = stripDeterminers(segments[index + 1] ?? '').text;
    if (np === '') continue;
    preps.push({ prep: (segments[index] ?? '').toLowerCase(), np: unmask(np, spans), key: np.toLowerCase() });
  }
  const restored = (value: string): string | undefined => (value === '' ? undefined : unmask(value, spans));
  return {
    text: unmask(stripDeterminers(text).text, spans),
    head: unmask(head.text, spans),
    headKey: head.text.toLowerCase(),
    quantified: head.quantified,
    preps,
    purpose: cut?.kind === 'purpose' ? restored(rest) : undefined,
    relative: cut?.kind === 'relative' ? restored(rest) : undefined,
    condition: cut?.kind === 'condition' ? restored(` ${text}`.slice(cut.index).trim()) : undefined,
    quotes: quotedIn(text, spans),
  };
}

/** The first "to / into / in / on" destination with the phrases after it ("orders table in admin UI"). */
export function destination(phrase: Phrase): { np: string; full: string } | undefined {
  const index = phrase.preps.findIndex((prep) => ['to', 'into', 'in', 'on', 'onto', 'inside', 'within', 'throughout'].includes(prep.prep));
  const first = phrase.preps[index];
  if (first === undefined) return undefined;
  const tail = phrase.preps.slice(index + 1).map((prep) => `${prep.prep} ${prep.np}`);
  return { np: first.np, full: [first.np, ...tail].join(' ') };
}

/** The noun phrase after `prep` ("for orders" → "orders"). */
export function prepObject(phrase: Phrase, ...preps: string[]): string | undefined {
  return phrase.preps.find((prep) => preps.includes(prep.prep))?.np;
}

/** Drops an adverbial tail ("to set it on each successful login" → "to set it"). */
export function withoutAdverbialTail(text: string): string {
  const cut = text.replace(ADVERBIAL_TAIL, '').trim();
  return cut === '' ? text : cut;
}

/** Replaces the pronouns "it" / "them" by `entity`. */
export function resolvePronouns(text: string, entity: string | undefined): string {
  return entity === undefined ? text : text.replace(/\b(?:it|them)\b/g, entity);
}

/** A snake_case or dotted identifier in the text ("last_login_at", "orders.created_at"). */
export function identifierIn(text: string): string | undefined {
  return /\b[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+\b/.exec(text)?.[0];
}

/** The column a migration clause names: quoted, snake_case, or the word before "column". */
export function columnName(phrase: Phrase): string | undefined {
  const quoted = phrase.quotes[0];
  if (quoted !== undefined && quoted !== '') return quoted;
  const identifier = identifierIn(phrase.head);
  if (identifier !== undefined) return identifier;
  const words = phrase.head.split(' ').filter((word) => !TYPE_WORDS.has(word.toLowerCase()));
  return /\b(?:column|field)s?\b/i.test(phrase.head) && words.length > 0 ? words.join(' ') : undefined;
}

/** A table name: "users table" → "users". */
export function tableName(np: string): string {
  const name = np.replace(/\s*\b(?:database\s+)?tables?\b\s*/gi, ' ').trim();
  return name === '' ? np : name;
}

/** The main quoted or named entity of a clause, for pronoun resolution. */
export function entityOf(phrase: Phrase): string {
  return phrase.quotes[0] ?? identifierIn(phrase.head) ?? phrase.head;
}

/** Words of a noun phrase without quoted spans or punctuation. */
export function words(text: string): string[] {
  return text
    .replace(/["\u201c\u201d`]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

/** The UI element word that ends a head ("toggle button" → "button"), if any. */
export function uiElement(headKey: string): string | undefined {
  const last = headKey.split(' ').at(-1) ?? '';
  const singular = last.endsWith('s') && !last.endsWith('ss') ? last.slice(0, -1) : last;
  if (UI_ELEMENTS.has(last)) return last;
  return UI_ELEMENTS.has(singular) ? singular : undefined;
}

/**
 * PascalCase component name of a UI element: "Delete Account" button → DeleteAccountButton; a
 * "toggle button" of the dark mode topic → DarkModeToggle; "search bar" → SearchBar.
 */
export function componentName(head: string, headKey: string, label: string | undefined, topic: string | undefined): string {
  const element = uiElement(headKey) ?? headKey.split(' ').at(-1) ?? 'component';
  const modifiers = headKey
    .split(' ')
    .slice(0, -1)
    .filter((word) => word !== '' && !word.startsWith('\uE000'));
  if (label !== undefined && label !== '') return pascal(`${label} ${element}`);
  const primary = modifiers.find((word) => PRIMARY_ELEMENTS.has(word));
  if (primary !== undefined) {
    const rest = modifiers.filter((word) => word !== primary);
    const base = rest.length > 0 ? rest.join(' ') : topic ?? '';
    return pascal(`${base} ${primary}`);
  }
  if (modifiers.length > 0) return pascal(words(head).join(' '));
  return pascal(`${topic ?? ''} ${element}`);
}

/** "Delete Account" → "account deletion"; undefined when the label does not start with an action verb. */
export function actionNoun(label: string): string | undefined {
  const [verb, ...rest] = label.trim().split(/\s+/);
  const noun = verb === undefined ? undefined : ACTION_NOUNS[verb.toLowerCase()];
  if (noun === undefined) return undefined;
  const object = rest.map((word) => (/[A-Z].*[A-Z]/.test(word) ? word : word.toLowerCase()));
  return object.length > 0 ? `${object.join(' ')} ${noun}` : noun;
}

/** The requirement of a relative clause: "requires password confirmation before proceeding" → "password confirmation". */
export function requirementOf(relative: string | undefined): string | undefined {
  if (relative === undefined) return undefined;
  const match = /^(?:requires?|needs?|asks? for|prompts? for|shows?|uses?|supports?|has|have)\s+(.+?)(?:\s+(?:before|when|after|if|to|so|and)\b.*)?$/i.exec(relative.trim());
  if (match === null) return undefined;
  const noun = stripDeterminers(match[1] ?? '').text;
  return noun === '' ? undefined : noun;
}

/** The symptom statement of a bug: "The session upload modal is crashing when ..." → subject + symptom noun. */
export interface Symptom {
  /** What misbehaves ("session upload modal"). */
  readonly subject: string;
  /** The bug as a noun phrase ("session upload modal crash"). */
  readonly name: string;
  /** The condition, when stated ("when users try to upload files larger than 10MB"). */
  readonly condition: string | undefined;
}

const SYMPTOM_STATEMENT =
  /^(.+?)\s+(?:(?:is|are|was|were|keeps?|kept|has been|have been|seems to be|seem to be|appears to be|started|starts|(?:does not|doesn't|do not|don't|isn't|is not|won't|will not|can't|cannot))\s+)?(?:currently\s+|constantly\s+|randomly\s+|sometimes\s+|always\s+|still\s+)?(crash\w*|broken|break(?:s|ing)?|not working|work|load|save|render|fail\w*|throw\w*|errors?|hang\w*|freez\w*|stuck|leak\w*|slow|timing out|times out|returns? (?:a )?(?:500|404|wrong|an? error)\w*)\b(.*)$/i;

const SYMPTOM_NOUNS: readonly [RegExp, string][] = [
  [/^crash/i, 'crash'],
  [/^fail/i, 'failure'],
  [/^(?:hang|stuck|freez)/i, 'hang'],
  [/^(?:throw|error|returns?)/i, 'error'],
  [/^leak/i, 'leak'],
  [/^slow/i, 'slowness'],
  [/^tim/i, 'timeout'],
];

const NEGATED_ABILITY =
  /^(.+?)\s+(?:can't|cannot|can not|couldn't|could not|are unable to|is unable to|unable to|fails? to|failed to)\s+((?:log|sign|check|opt)\s+(?:in|out|up)|\w+)\b(.*)$/i;
const PEOPLE = /^(?:users?|customers?|people|we|i|admins?|visitors?|members?|clients?)$/i;

function negatedAbility(statement: string): Symptom | undefined {
  const match = NEGATED_ABILITY.exec(statement.trim());
  if (match === null) return undefined;
  const who = stripDeterminers(match[1] ?? '').text;
  const action = (match[2] ?? '').toLowerCase().replace(/\s+/g, '');
  if (who === '' || who.split(' ').length > 6) return undefined;
  const tail = (match[3] ?? '').trim();
  const name = PEOPLE.test(who) ? `${action} failure` : `${who} ${action} failure`;
  return { subject: action, name, condition: tail === '' ? undefined : tail };
}

/** Parses a symptom statement; undefined when the statement does not have the "X is crashing" shape. */
export function parseSymptom(statement: string): Symptom | undefined {
  const match = SYMPTOM_STATEMENT.exec(statement.trim());
  if (match === null) return negatedAbility(statement);
  const subject = stripDeterminers(match[1] ?? '').text;
  if (subject === '' || subject.split(' ').length > 6) return undefined;
  const verb = match[2] ?? '';
  const noun = SYMPTOM_NOUNS.find(([pattern]) => pattern.test(verb))?.[1] ?? 'bug';
  const tail = (match[3] ?? '').trim();
  return { subject, name: `${subject} ${noun}`, condition: tail === '' ? undefined : tail };
}
