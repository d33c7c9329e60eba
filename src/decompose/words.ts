/**
 * Small string helpers of the pattern decomposer: masking quoted spans, casing, slugs, lists.
 * @module
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
/** Private-use code points stand in for digits so a placeholder never looks like a word or number. */
const DIGIT_BASE = 0xe010;

/** Quoted strings ("..", “..”, `..`, '..' between spaces) and parenthesised groups, kept whole. */
const PROTECTED =
  /"[^"\n]{0,300}"|\u201c[^\u201d\n]{0,300}\u201d|`[^`\n]{0,300}`|(?<=^|[\s(])'[^'\n]{1,300}'(?=$|[\s.,;:!?)])|\([^()\n]{0,400}\)/g;

const PLACEHOLDER = /\uE000([\uE010-\uE019]+)\uE001/g;

/** Text whose quoted and parenthesised spans are replaced by placeholders. */
export interface Masked {
  /** The text with placeholders. */
  readonly text: string;
  /** The original spans, by placeholder index. */
  readonly spans: readonly string[];
}

function encodeIndex(index: number): string {
  return [...String(index)].map((digit) => String.fromCharCode(DIGIT_BASE + Number(digit))).join('');
}

function decodeIndex(encoded: string): number {
  return Number([...encoded].map((char) => String(char.charCodeAt(0) - DIGIT_BASE)).join(''));
}

/** Replaces quoted and parenthesised spans by placeholders so commas and keywords inside them are ignored. */
export function mask(text: string): Masked {
  const spans: string[] = [];
  const masked = text.replace(PROTECTED, (span) => {
    spans.push(span);
    return `${OPEN}${encodeIndex(spans.length - 1)}${CLOSE}`;
  });
  return { text: masked, spans };
}

/** Puts the original spans back. */
export function unmask(text: string, spans: readonly string[]): string {
  return text.replace(PLACEHOLDER, (whole, encoded: string) => spans[decodeIndex(encoded)] ?? whole);
}

/** The contents of the quoted spans referenced in `text` (quote marks removed), in order. */
export function quotedIn(text: string, spans: readonly string[]): string[] {
  const quotes: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const span = spans[decodeIndex(match[1] ?? '')];
    if (span !== undefined && !span.startsWith('(')) quotes.push(span.slice(1, -1).trim());
  }
  return quotes;
}

/** True when `text` contains a placeholder. */
export function hasPlaceholder(text: string): boolean {
  return text.includes(OPEN);
}

/** Collapses runs of whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Upper-cases the first character. */
export function capitalise(text: string): string {
  return text.length === 0 ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-cases the first character unless the first word looks like a name (all caps, inner capitals). */
export function uncapitalise(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  if (/[A-Z].*[A-Z]/.test(first) || /\d/.test(first)) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** PascalCase of the words of `text`, keeping inner capitals ("dark mode" → "DarkMode", "GraphQL" stays). */
export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** Kebab-case slug for ids: ASCII letters and digits, at most `max` characters, never empty. */
export function slugify(text: string, max = 60): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length <= max) return base === '' ? 'task' : base;
  const cut = base.slice(0, max);
  const boundary = cut.lastIndexOf('-');
  const trimmed = (boundary > max / 2 ? cut.slice(0, boundary) : cut).replace(/-+$/, '');
  return trimmed === '' ? 'task' : trimmed;
}

/** Shortens `text` to at most `max` characters at a word boundary, marking the cut with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const boundary = cut.lastIndexOf(' ');
  return `${(boundary > max / 2 ? cut.slice(0, boundary) : cut).trimEnd()}…`;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

const GERUNDS: Readonly<Record<string, string>> = {
  add: 'adding', drop: 'dropping', set: 'setting', split: 'splitting', stop: 'stopping', ship: 'shipping',
  run: 'running', plan: 'planning', strip: 'stripping', swap: 'swapping', purge: 'purging', put: 'putting',
};

/** "add" → "adding", "create" → "creating", "fix" → "fixing". */
export function gerund(verb: string): string {
  const known = GERUNDS[verb];
  if (known !== undefined) return known;
  if (verb.endsWith('ie')) return `${verb.slice(0, -2)}ying`;
  if (verb.endsWith('e') && !verb.endsWith('ee')) return `${verb.slice(0, -1)}ing`;
  return `${verb}ing`;
}

/** Removes duplicates, keeping the first occurrence. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
