/**
 * The glue pass: shared registries every feature appends to (package manifests and lockfiles,
 * barrel modules, migration and route indexes) are edited by dedicated tasks that never run at the
 * same time, instead of by every feature task in parallel. Pure and deterministic; see
 * docs/glue-files.md.
 *
 * - A task's glue files are its `touches` entries that name glue files (see {@link isGlueFile}) plus
 *   those its title or description clearly names (see {@link inferGlueFiles}).
 * - A task that writes only glue is a glue task itself. A task that writes glue and other files is
 *   split: it keeps its other files and is told not to edit the glue; one glue task per glue file
 *   (a manifest and its lockfiles count as one) depends on every task that asked for it.
 * - Every glue task also writes {@link GLUE_LOCK_PATH}, so the scheduler's write-set rule runs
 *   them one at a time (executor, `simulate()` and the policy search alike).
 * @module
 */
import { matchRole } from '../allocate/match-role.js';
import type { RoleKey } from '../allocate/roles.js';
import type { WavefrontOptions } from '../model/config.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import type { TaskSpec } from '../model/task.js';
import { writeSetsOverlap } from '../schedule/write-sets.js';
import { uniqueId } from './ids.js';

/** What kind of shared registry a glue file is. */
export type GlueCategory = 'manifest' | 'lockfile' | 'barrel' | 'migration-index' | 'route-registry' | 'custom';

/** One glob of the glue catalogue. */
export interface GlueCatalogueEntry {
  /** Path glob (`*`, `?`, `**`), matched case-insensitively. */
  readonly glob: string;
  /** What the files it names are. */
  readonly category: GlueCategory;
}

/** The value of the `glueFiles` option (`glue_files` in a config file). */
export type GlueFilesOption = NonNullable<WavefrontOptions['glueFiles']>;

/** The write-set entry every glue task carries: overlapping on it keeps the glue pass sequential. Never a real file. */
export const GLUE_LOCK_PATH = '.wavefront/glue.lock';

/** Phase label of the glue tasks the pass adds. */
export const GLUE_PHASE = 'Glue';

const entry = (category: GlueCategory) => (glob: string): GlueCatalogueEntry => Object.freeze({ glob, category });

/**
 * The default catalogue, in match order (the first entry a file matches gives its category):
 * migration and route indexes, lockfiles, manifests, then barrel modules.
 */
export const DEFAULT_GLUE_CATALOGUE: readonly GlueCatalogueEntry[] = Object.freeze([
  ...['**/migrations/index.*', '**/migrations/meta/_journal.json', '**/db/schema.rb', '**/db/structure.sql'].map(entry('migration-index')),
  ...['**/routes/index.*'].map(entry('route-registry')),
  ...[
    '**/package-lock.json', '**/npm-shrinkwrap.json', '**/pnpm-lock.yaml', '**/yarn.lock', '**/poetry.lock', '**/Pipfile.lock',
    '**/go.sum', '**/Cargo.lock', '**/Gemfile.lock', '**/composer.lock',
  ].map(entry('lockfile')),
  ...['**/package.json', '**/requirements*.txt', '**/pyproject.toml', '**/Pipfile', '**/go.mod', '**/Cargo.toml', '**/Gemfile', '**/composer.json'].map(
    entry('manifest'),
  ),
  ...['**/index.ts', '**/index.tsx', '**/index.js', '**/index.mjs', '**/__init__.py', '**/mod.rs', '**/lib.rs'].map(entry('barrel')),
]);

/** The globs of {@link DEFAULT_GLUE_CATALOGUE}. */
export const DEFAULT_GLUE_FILES: readonly string[] = Object.freeze(DEFAULT_GLUE_CATALOGUE.map((e) => e.glob));

/** Lockfile basename (lower case) → the manifest it belongs to, in the same directory. */
const LOCKFILE_MANIFEST: Readonly<Record<string, string>> = {
  'package-lock.json': 'package.json',
  'npm-shrinkwrap.json': 'package.json',
  'pnpm-lock.yaml': 'package.json',
  'yarn.lock': 'package.json',
  'poetry.lock': 'pyproject.toml',
  'pipfile.lock': 'Pipfile',
  'go.sum': 'go.mod',
  'cargo.lock': 'Cargo.toml',
  'gemfile.lock': 'Gemfile',
  'composer.lock': 'composer.json',
};

// ---------------------------------------------------------------------------------------------
// Options

/**
 * The glue globs the `glueFiles` option selects: the default catalogue (`undefined` or `true`), a
 * replacement (an array), the default plus more (`{ add }`), or `undefined` when `false` disables
 * the pass.
 * @throws {@link WavefrontError} `INVALID_CONFIG` naming the bad field.
 */
export function resolveGlueFiles(option: unknown, field = 'glueFiles'): readonly string[] | undefined {
  if (option === undefined || option === true) return DEFAULT_GLUE_FILES;
  if (option === false) return undefined;
  if (Array.isArray(option)) return checkGlobList(option, field);
  if (typeof option === 'object' && option !== null) {
    const keys = Object.keys(option);
    const extra = keys.find((key) => key !== 'add');
    if (extra !== undefined || !keys.includes('add')) {
      throw configError(`${field}: expected { add: [path globs] }${extra === undefined ? '' : `, got unknown key ${JSON.stringify(extra)}`}`, extra === undefined ? `${field}.add` : `${field}.${extra}`);
    }
    const add = (option as { add: unknown }).add;
    if (!Array.isArray(add)) throw configError(`${field}.add: expected an array of path globs, got ${describeValue(add)}`, `${field}.add`);
    return [...new Set([...DEFAULT_GLUE_FILES, ...checkGlobList(add, `${field}.add`)])];
  }
  throw configError(`${field}: expected false, true, an array of path globs, or { add: [path globs] }, got ${describeValue(option)}`, field);
}

function checkGlobList(list: readonly unknown[], field: string): string[] {
  if (list.length > 1000) throw configError(`${field}: at most 1000 globs, got ${list.length}`, field);
  return list.map((glob, i) => {
    if (typeof glob !== 'string' || glob.trim() === '' || glob.length > 1024) {
      throw configError(`${field}.${i}: expected a non-empty path glob (at most 1024 characters), got ${describeValue(glob)}`, `${field}.${i}`);
    }
    return glob.trim();
  });
}

function configError(message: string, field: string): WavefrontError {
  return new WavefrontError('INVALID_CONFIG', message, { details: { field } });
}

// ---------------------------------------------------------------------------------------------
// Matching

const WILD = /[*?[\]{}()!\\]/;

/** Path segments, lower case, without `.` and empty segments. */
function segmentsOf(path: string): string[] {
  return path.toLowerCase().split('/').filter((s) => s !== '' && s !== '.');
}

/** `./src//a.ts` → `src/a.ts` (case kept): the form glue files are written in. */
function normalisePath(path: string): string {
  return path.split('/').filter((s) => s !== '' && s !== '.').join('/');
}

const segmentMatchers = new Map<string, (text: string) => boolean>();

/** Whether one segment pattern (`*`, `?`) matches a literal segment (matchers are cached). */
function segmentMatches(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  let matcher = segmentMatchers.get(pattern);
  if (matcher === undefined) {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
    matcher = (value) => re.test(value);
    if (segmentMatchers.size < 10_000) segmentMatchers.set(pattern, matcher);
  }
  return matcher(text);
}

/** Whether a glob (segments, `**` = any run of segments) matches a literal path. */
function globMatches(glob: readonly string[], path: readonly string[]): boolean {
  const last = glob[glob.length - 1];
  // Most paths fail on their file name: check it before the search.
  if (last !== undefined && last !== '**' && (path.length === 0 || !segmentMatches(last, path[path.length - 1] as string))) return false;
  const memo = new Map<number, boolean>();
  const go = (g: number, p: number): boolean => {
    const key = g * (path.length + 1) + p;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (g === glob.length) result = p === path.length;
    else if (glob[g] === '**') result = go(g + 1, p) || (p < path.length && go(g, p + 1));
    else result = p < path.length && segmentMatches(glob[g] as string, path[p] as string) && go(g + 1, p + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

const compiledGlobs = new Map<string, readonly string[]>();

/** A glob's segments (cached: the catalogue is matched against every touches entry). */
function globSegments(glob: string): readonly string[] {
  let segments = compiledGlobs.get(glob);
  if (segments === undefined) {
    segments = segmentsOf(glob);
    if (compiledGlobs.size < 10_000) compiledGlobs.set(glob, segments);
  }
  return segments;
}

/**
 * Whether every path a touches entry (segments `e`) can name is matched by the glob `g`. Decided for
 * literal entries exactly; for an entry with wildcards only when `g` is `**` followed by segments
 * without `**` that the entry's last segments (all literal) match, or when both are the same glob.
 */
function segmentsWithin(e: readonly string[], g: readonly string[], literal = e.every((s) => !WILD.test(s))): boolean {
  if (e.length === 0 || g.length === 0 || e.includes('..')) return false;
  if (e.length === g.length && e.every((s, i) => s === g[i])) return true;
  if (literal) return globMatches(g, e);
  if (g[0] !== '**' || g.lastIndexOf('**') !== 0 || g.length === 1 || e.length < g.length - 1) return false;
  const offset = e.length - (g.length - 1);
  for (let i = 1; i < g.length; i++) {
    const s = e[offset + i - 1] as string;
    if (WILD.test(s) || !segmentMatches(g[i] as string, s)) return false;
  }
  return true;
}

/**
 * True when the touches entry `entry` names glue files only: a path or glob every match of which is
 * matched by one of `globs` (an entry ending in `/` names a directory and is never glue).
 * @example
 * ```ts
 * isGlueFile('package.json')          // true
 * isGlueFile('apps/web/src/index.ts') // true
 * isGlueFile('src/**')                // false: it names more than glue
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `entry` is not a string or `globs` not an array of strings.
 */
export function isGlueFile(entry: string, globs: readonly string[] = DEFAULT_GLUE_FILES): boolean {
  if (typeof entry !== 'string') throw new WavefrontError('INVALID_ARGUMENT', `entry: expected a path, got ${describeValue(entry)}`, { details: { field: 'entry' } });
  checkGlobArgument(globs);
  if (entry.endsWith('/') || entry === GLUE_LOCK_PATH) return false;
  const segments = segmentsOf(entry);
  const literal = segments.every((s) => !WILD.test(s));
  return globs.some((glob) => segmentsWithin(segments, globSegments(glob), literal));
}

function checkGlobArgument(globs: unknown): void {
  if (!Array.isArray(globs) || !globs.every((glob) => typeof glob === 'string' && glob !== '')) {
    throw new WavefrontError('INVALID_ARGUMENT', `globs: expected an array of non-empty path globs, got ${describeValue(globs)}`, { details: { field: 'globs' } });
  }
}

/** The category of a glue file by the default catalogue (`custom` when only a user glob names it). */
export function glueCategory(file: string): GlueCategory {
  const segments = segmentsOf(file);
  const literal = segments.every((s) => !WILD.test(s));
  const found = DEFAULT_GLUE_CATALOGUE.find((e) => segmentsWithin(segments, globSegments(e.glob), literal))?.category;
  if (found !== undefined) return found;
  // The glob inferred from "export it from the barrel".
  return /(?:^|\/)index\.\*$/.test(file) ? 'barrel' : 'custom';
}

// ---------------------------------------------------------------------------------------------
// Inference from text

/** What {@link inferGlueFiles} read from a task's text. */
export interface GlueInference {
  /** Glue files (paths or globs) the text clearly edits, in order of appearance. */
  readonly files: readonly string[];
  /** True when the title asks for glue edits and nothing else ("Install zod"). */
  readonly only: boolean;
  /** Each phrase that named glue files, as written, with the files it named. */
  readonly matches: readonly { readonly phrase: string; readonly files: readonly string[] }[];
}

/** A package name, whole (no backtracking into it), optionally quoted. */
const PKG = String.raw`[\x60'"]?(@?[A-Za-z0-9][\w.@/-]*[\w])(?![\w@/-]|\.\w)[\x60'"]?`;
const KIND_WORD = String.raw`(?:(?:dev|runtime|peer)\s*-?\s*)?(?:dependency|dependencies|crate|gem)`;
const MANAGER = String.raw`(npm\s+(?:install|i|add)|pnpm\s+(?:add|install|i)|yarn\s+add|pip3?\s+install|poetry\s+add|pipenv\s+install|cargo\s+add|go\s+get|bundle\s+add|composer\s+require)`;
/** `npm install zod`, `cargo add serde`, `go get example.com/x`. */
const MANAGER_COMMAND = new RegExp(String.raw`\b${MANAGER}(?:\s+-{1,2}[\w-]+)*\s+${PKG}`, 'gi');
const MANAGER_IN_TEXT = new RegExp(MANAGER_COMMAND.source, 'i');
const MANIFEST = String.raw`(?:[\w.@-]+/)*(?:package\.json|pyproject\.toml|Pipfile|requirements[\w.-]*\.txt|go\.mod|Cargo\.toml|Gemfile|composer\.json)\b`;
const MANIFEST_TOKEN = new RegExp(String.raw`^${MANIFEST}$`, 'i');
const MANIFEST_PATH = String.raw`[\x60'"]?(${MANIFEST})[\x60'"]?`;
/** ` to package.json` after a dependency phrase: part of the phrase. */
const TO_MANIFEST = String.raw`(?:\s+(?:to|in|into)\s+(?:the\s+)?[\x60'"]?${MANIFEST}[\x60'"]?)?`;
/** `add zod to package.json` (the manifest decides the ecosystem). */
const ADD_TO_MANIFEST = new RegExp(String.raw`\b(?:add|install)\s+${PKG}\s+(?:to|in|into)\s+(?:the\s+)?${MANIFEST_PATH}`, 'gi');
/** `add the zod dependency`, `add zod as a dev dependency`, `add a dependency on zod`. */
const ADD_DEPENDENCY = [
  new RegExp(String.raw`\badd\s+(?:the\s+|an?\s+)?${PKG}\s+${KIND_WORD}\b${TO_MANIFEST}`, 'gi'),
  new RegExp(String.raw`\badd\s+${PKG}\s+as\s+an?\s+${KIND_WORD}\b${TO_MANIFEST}`, 'gi'),
  new RegExp(String.raw`\badd\s+(?:the\s+|an?\s+)?(?:(?:dev|runtime|peer)\s*-?\s*)?dependency\s+on\s+${PKG}${TO_MANIFEST}`, 'gi'),
];
/**
 * `install zod` (a lower-case package name) or `install the Zod package`, with `install` used as a
 * verb (sentence start, or after `and`, `then`, `to`, ...); not `install test dependencies`.
 */
const INSTALL = new RegExp(
  String.raw`(?<=^|[,;:(]\s*|\b(?:and|then|also|to|please|first|must|should|will|we|you)\s+)install\s+(?:the\s+)?${PKG}` +
    String.raw`(?!(?:\s+[\w-]+){0,3}\s+(?:dependencies|deps|packages|requirements|tools|libraries|modules|plugins)\b)(\s+(?:package|library|dependency|module))?`,
  'gi',
);
const NOT_A_PACKAGE = new Set([
  'a', 'an', 'the', 'it', 'them', 'this', 'that', 'these', 'those', 'all', 'any', 'new', 'some', 'our', 'its', 'for', 'to', 'on', 'in', 'and',
  'dependency', 'dependencies', 'deps', 'package', 'packages', 'library', 'libraries', 'module', 'modules', 'requirements', 'everything',
  'tool', 'tools', 'app', 'application', 'project', 'server', 'service', 'cli', 'node', 'nodejs', 'python', 'ruby', 'rust', 'go', 'java',
  'docker', 'git', 'locally', 'globally', 'support', 'instructions', 'steps', 'script', 'scripts', 'guide', 'command', 'commands',
]);

/** Registry phrases that name a glue file without its path. */
/** Words between a verb and its registry, within one clause (no `and`, no comma). */
const GAP = String.raw`(?:(?!\band\b|,)[^.;])*?`;
/** Registry phrases that name a glue file without its path. */
const REGISTRY_PHRASES: readonly (readonly [RegExp, string])[] = [
  [new RegExp(String.raw`\b(?:re-?)?export(?:s|ed|ing)?\b${GAP}\b(?:from|in|via|through)\s+(?:the\s+|its\s+)?(?:(?:package|module|root|main|public|top-level|folder|directory)\s+)?(?:barrel|index)(?:\s+(?:file|module))?\b(?!\s+(?:page|html|route|view|table|screen))`, 'gi'), '**/index.*'],
  [new RegExp(String.raw`\b(?:add|register|append|include|list)\b${GAP}\b(?:to|in|into|with)\s+(?:the\s+|its\s+)?barrel(?:\s+(?:file|module))?\b`, 'gi'), '**/index.*'],
  [new RegExp(String.raw`\b(?:register|add|append|record|list|include|update)\b${GAP}\bmigrations?\s+(?:index|registry)\b`, 'gi'), '**/migrations/index.*'],
  [new RegExp(String.raw`\b(?:register|add|append|record|update)\b${GAP}\bmigrations?\s+journal\b`, 'gi'), '**/migrations/meta/_journal.json'],
  [new RegExp(String.raw`\b(?:register|add|append|mount|wire|include|update)\b${GAP}\b(?:route|routes|router)\s+(?:registry|index)\b`, 'gi'), '**/routes/index.*'],
];

/** Something every rule below needs: an install or dependency word, a registry word, a manager, a file name. */
const TRIGGER = /install|depend|crate|\bgem\b|barrel|index|registry|journal|\b(?:npm|pnpm|yarn|pip3?|poetry|pipenv|cargo|go|bundle|composer)\s|\w\.[a-z]|gemfile|pipfile/i;
const EDIT_VERB = /\b(?:add|adds|adding|update|edit|modify|change|bump|upgrade|register|export|re-export|append|insert|write|include|declare|list|pin|remove|delete|wire|mount|extend|put|regenerate|refresh|sync)\b/i;
const NEGATED = /\b(?:do not|don't|dont|never|without|must not|should not|shouldn't|no need to|avoid)\b/i;
/** Tasks that read, test, run or describe rather than edit (their text names glue only as context). */
const NON_EDITING_TITLE =
  /^(?:review|analy[sz]e|check|audit|verify|validate|test|run|execute|dry-run|deploy|document|inspect|investigate|plan|design|benchmark|measure|profile|reproduce|back\s+up|backup|prepare|monitor|research|evaluate|assess|explore|identify|find|summari[sz]e|write\s+(?:\w+\s+){0,3}tests?)\b/i;
const FILLER = /\b(?:and|also|then|run|the|its|their|file|files|as\s+well)\b|[,&+/]/gi;

type Ecosystem = 'npm' | 'npm-only' | 'pnpm' | 'yarn' | 'pip' | 'poetry' | 'pipenv' | 'cargo' | 'go' | 'bundler' | 'composer';
const ECOSYSTEM_FILES: Readonly<Record<Ecosystem, readonly string[]>> = {
  npm: ['package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock'],
  'npm-only': ['package.json', 'package-lock.json'],
  pnpm: ['package.json', 'pnpm-lock.yaml'],
  yarn: ['package.json', 'yarn.lock'],
  pip: ['requirements.txt'],
  poetry: ['pyproject.toml', 'poetry.lock'],
  pipenv: ['Pipfile', 'Pipfile.lock'],
  cargo: ['Cargo.toml', 'Cargo.lock'],
  go: ['go.mod', 'go.sum'],
  bundler: ['Gemfile', 'Gemfile.lock'],
  composer: ['composer.json', 'composer.lock'],
};

function managerEcosystem(command: string): Ecosystem {
  const word = command.toLowerCase().split(/\s+/)[0] ?? '';
  const map: Record<string, Ecosystem> = {
    npm: 'npm-only', pnpm: 'pnpm', yarn: 'yarn', pip: 'pip', pip3: 'pip', poetry: 'poetry', pipenv: 'pipenv', cargo: 'cargo', go: 'go', bundle: 'bundler', composer: 'composer',
  };
  return map[word] ?? 'npm';
}

/** The manifest a dependency edit goes to, with its lockfiles, in the manifest's directory. */
function manifestFiles(manifest: string): string[] {
  const path = normalisePath(manifest);
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash + 1);
  const base = path.slice(slash + 1).toLowerCase();
  const companions = Object.entries(LOCKFILE_MANIFEST).filter(([, m]) => m.toLowerCase() === base).map(([lock]) => lock);
  const proper: Record<string, string> = { 'pipfile.lock': 'Pipfile.lock', 'cargo.lock': 'Cargo.lock', 'gemfile.lock': 'Gemfile.lock' };
  if (base === 'pyproject.toml') return [path, `${dir}poetry.lock`];
  return [path, ...companions.filter((lock) => lock !== 'npm-shrinkwrap.json').map((lock) => `${dir}${proper[lock] ?? lock}`)];
}

interface Found {
  readonly files: string[];
  readonly evidence: string;
  readonly start: number;
  readonly end: number;
}

/** Sentences of a text, split after `.`, `!`, `?` or `;` followed by space, and at line breaks. */
function sentences(text: string): string[] {
  return text.split(/(?<=[.!?;])\s+|\n+/).map((s) => s.trim()).filter((s) => s !== '');
}

/** Path-like tokens of a sentence with their spans, surrounding quotes and punctuation removed. */
function tokens(sentence: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  for (const match of sentence.matchAll(/\S+/g)) {
    const raw = match[0];
    const lead = /^[`'"(]*/.exec(raw)?.[0].length ?? 0;
    const text = raw.slice(lead).replace(/[`'"),:;!?]+$/, '').replace(/\.+$/, '');
    if (text !== '') out.push({ text, start: match.index + lead, end: match.index + lead + text.length });
  }
  return out;
}

function isPackageName(name: string, explicit: boolean): boolean {
  if (NOT_A_PACKAGE.has(name.toLowerCase())) return false;
  return explicit || name === name.toLowerCase();
}

/** Finds the glue edits one (non-negated) sentence asks for. */
function scanSentence(sentence: string, isGlue: (file: string) => boolean): Found[] {
  const found: Found[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number): boolean => taken.every(([s, e]) => end <= s || start >= e);
  const add = (files: string[], start: number, end: number): void => {
    if (!free(start, end)) return;
    taken.push([start, end]);
    found.push({ files, evidence: sentence.slice(start, end), start, end });
  };
  for (const m of sentence.matchAll(MANAGER_COMMAND)) {
    if (isPackageName(m[2] as string, true)) add([...ECOSYSTEM_FILES[managerEcosystem(m[1] as string)]], m.index, m.index + m[0].length);
  }
  for (const m of sentence.matchAll(ADD_TO_MANIFEST)) {
    if (isPackageName(m[1] as string, true)) add(manifestFiles(m[2] as string), m.index, m.index + m[0].length);
  }
  const manifest = tokens(sentence).find((t) => MANIFEST_TOKEN.test(t.text));
  const dependencyFiles = (): string[] => (manifest === undefined ? [...ECOSYSTEM_FILES.npm] : manifestFiles(manifest.text));
  for (const re of ADD_DEPENDENCY) {
    for (const m of sentence.matchAll(re)) if (isPackageName(m[1] as string, true)) add(dependencyFiles(), m.index, m.index + m[0].length);
  }
  for (const m of sentence.matchAll(INSTALL)) {
    if (isPackageName(m[1] as string, m[2] !== undefined)) add(dependencyFiles(), m.index, m.index + m[0].length);
  }
  for (const [re, glob] of REGISTRY_PHRASES) for (const m of sentence.matchAll(re)) add([glob], m.index, m.index + m[0].length);
  if (EDIT_VERB.test(sentence)) {
    for (const token of tokens(sentence)) {
      if (WILD.test(token.text) || token.text.includes('://') || !/[./]|^(?:gemfile|pipfile)$/i.test(token.text) || !isGlue(token.text)) continue;
      const path = normalisePath(token.text);
      const file = !path.includes('/') && glueCategory(path) === 'barrel' ? `**/${path}` : path;
      // Remove the instruction with it ("update package.json") when nothing else sits between.
      const before = sentence.slice(0, token.start);
      let start = token.start;
      for (const verb of before.matchAll(new RegExp(EDIT_VERB.source, 'gi'))) start = verb.index;
      if (/,|\band\b/i.test(sentence.slice(start, token.start))) start = token.start;
      add([file], start, token.end);
    }
  }
  return found;
}

/**
 * The glue files a task's text clearly edits (conservative; documented in docs/glue-files.md):
 * - package-manager commands (`npm install zod`, `cargo add serde`, `go get ...`) and dependency
 *   phrases (`add the zod dependency`, `add zod as a dependency`, `install zod`, `add zod to
 *   package.json`) name the manifest and its lockfiles (npm's when no other ecosystem is named);
 * - registry phrases (`export it from the barrel`, `register the migration in the migration
 *   index`, `register the route in the route registry`) name the catalogue glob;
 * - a glue file written out (`package.json`, `src/index.ts`) in a sentence with an editing verb.
 * Sentences with a negation (`do not edit package.json`) are skipped; tasks whose title reviews,
 * checks, tests, runs or documents read nothing. Only files matching `globs` are returned.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` on a task without a string title, or bad `globs`.
 */
export function inferGlueFiles(task: { readonly title: string; readonly description?: string | undefined }, globs: readonly string[] = DEFAULT_GLUE_FILES): GlueInference {
  if (typeof task !== 'object' || task === null || typeof task.title !== 'string' || (task.description !== undefined && typeof task.description !== 'string')) {
    throw new WavefrontError('INVALID_ARGUMENT', `task: expected { title, description? } strings, got ${describeValue(task)}`, { details: { field: 'task' } });
  }
  checkGlobArgument(globs);
  const none: GlueInference = { files: [], only: false, matches: [] };
  const title = task.title.trim();
  // Cheap pre-test: most tasks name none of the words or file names any rule below needs.
  if (!TRIGGER.test(title) && (task.description === undefined || !TRIGGER.test(task.description))) return none;
  if (globs.length === 0 || (NON_EDITING_TITLE.test(title) && !MANAGER_IN_TEXT.test(title))) return none;
  const isGlue = (file: string): boolean => (WILD.test(file) ? writeSetsOverlap([file], globs) : isGlueFile(file, globs));
  const files: string[] = [];
  const matches: { phrase: string; files: string[] }[] = [];
  const seen = new Set<string>();
  let only = true;
  let titleHasGlue = false;
  const read = (text: string, isTitle: boolean): void => {
    for (const sentence of sentences(text)) {
      if (NEGATED.test(sentence)) continue;
      const kept = scanSentence(sentence, isGlue)
        .map((f) => ({ ...f, files: f.files.filter(isGlue) }))
        .filter((f) => f.files.length > 0);
      let residual = sentence;
      for (const f of [...kept].sort((a, b) => b.start - a.start)) residual = `${residual.slice(0, f.start)} ${residual.slice(f.end)}`;
      if (isTitle) {
        if (kept.length > 0) titleHasGlue = true;
        if (kept.length === 0 || residual.replace(FILLER, ' ').replace(/[.!?;:]/g, ' ').trim() !== '') only = false;
      }
      for (const f of kept) {
        matches.push({ phrase: f.evidence, files: f.files });
        for (const file of f.files) {
          const key = segmentsOf(file).join('/');
          if (!seen.has(key)) files.push(file);
          seen.add(key);
        }
      }
    }
  };
  read(task.title, true);
  if (task.description !== undefined) read(task.description, false);
  return { files, only: only && titleHasGlue, matches };
}

// ---------------------------------------------------------------------------------------------
// The pass

/** Result of {@link applyGluePass}. */
export interface GluePassResult {
  /** The tasks: split tasks in place, glue tasks added at the end. Same objects where nothing changed. */
  readonly tasks: TaskSpec[];
  /** Glue task id → the glue files it edits, in task order. Empty when the plan has no glue. */
  readonly glue: ReadonlyMap<string, readonly string[]>;
  /** Glue task id → the ids of the tasks it records changes for. */
  readonly requestedBy: ReadonlyMap<string, readonly string[]>;
  /** Remarks for the plan's warnings (the pass hit {@link GLUE_PASS_LIMIT}). */
  readonly warnings: readonly string[];
}

interface Request {
  readonly task: TaskSpec;
  readonly files: string[];
  readonly evidence: readonly string[];
}

interface Unit {
  readonly key: string;
  readonly files: string[];
  readonly fileKeys: Set<string>;
  readonly requests: Request[];
}

/** A glue file's unit: a lockfile joins its manifest in the same directory. */
function unitKey(file: string): string {
  const segments = segmentsOf(file);
  const base = segments[segments.length - 1] ?? '';
  const manifest = LOCKFILE_MANIFEST[base];
  if (manifest !== undefined) segments[segments.length - 1] = manifest.toLowerCase();
  return segments.join('/');
}

const ESTIMATE: Readonly<Record<GlueCategory, number>> = { manifest: 5, lockfile: 5, barrel: 3, 'migration-index': 3, 'route-registry': 3, custom: 3 };

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function filesLabel(files: readonly string[]): string {
  const [first, second] = files;
  if (files.length === 1) return first as string;
  if (files.length === 2) return `${first as string} and ${second as string}`;
  return `${first as string} and ${files.length - 1} lockfiles`;
}

/** "Update package.json for: A; B … (+3 more)": titles clipped, at most ~200 characters in all. */
function glueTitle(files: readonly string[], requests: readonly Request[]): string {
  const head = `Update ${clip(filesLabel(files), 120)} for: `;
  const titles = requests.map((r) => clip(r.task.title.trim(), 60));
  let shown = 0;
  let body = '';
  while (shown < titles.length) {
    const next = `${body}${shown === 0 ? '' : '; '}${titles[shown] as string}`;
    if (shown > 0 && head.length + next.length > 200) break;
    body = next;
    shown++;
  }
  return `${head}${body}${shown < titles.length ? ` (+${titles.length - shown} more)` : ''}`;
}

/** Requesters listed by name in a glue task's description; the rest are counted. */
const DESCRIBED_REQUESTS = 40;

function glueDescription(files: readonly string[], requests: readonly Request[]): string {
  const lines = [
    `Glue pass: make every edit below to ${files.join(', ')} in one go. These tasks were told not to edit ${files.length === 1 ? 'this file' : 'these files'}; their work is done.`,
    '',
    'Requested by:',
  ];
  for (const r of requests.slice(0, DESCRIBED_REQUESTS)) {
    const asked = r.files.join(', ');
    const said = r.evidence.length === 0 ? '' : ` (its text: ${r.evidence.map((e) => JSON.stringify(clip(e, 120))).join(', ')})`;
    lines.push(`- ${clip(r.task.title.trim(), 200)} [${r.task.id}]: ${asked}${said}`);
  }
  if (requests.length > DESCRIBED_REQUESTS) lines.push(`- and ${requests.length - DESCRIBED_REQUESTS} more tasks (this task depends on each of them)`);
  lines.push('', `${GLUE_LOCK_PATH} in this task's write set only keeps the glue pass one task at a time; do not create it.`);
  return lines.join('\n');
}

function glueRole(category: GlueCategory, requests: readonly Request[]): string {
  if (category === 'manifest' || category === 'lockfile') return 'devops-engineer' satisfies RoleKey;
  if (category === 'migration-index') return 'migration-engineer' satisfies RoleKey;
  if (category === 'route-registry') return 'backend-engineer' satisfies RoleKey;
  const first = requests[0];
  return first === undefined ? ('backend-engineer' satisfies RoleKey) : matchRole(first.task).role;
}

function idFor(file: string): string {
  const slug = file.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `glue-${slug === '' ? 'file' : slug}`;
}

function withLock(touches: readonly string[]): string[] {
  return [...touches.filter((t) => t !== GLUE_LOCK_PATH), GLUE_LOCK_PATH];
}

/**
 * Most glue tasks in one plan. Every glue task conflicts with every other one, so the scheduler
 * and `plan.conflicts` hold up to n·(n−1)/2 pairs; past this many, further glue writes stay with
 * their tasks (ordinary write-set rules) and the plan gets a warning.
 */
export const GLUE_PASS_LIMIT = 128;

/**
 * Applies the glue pass to validated task specs (see the module comment). Only `work` tasks take
 * part; a task with a `command` cannot be split, so one that writes glue joins the pass whole.
 * Glue tasks depend on the tasks they were split from; nothing new depends on them (the final
 * commit waits for every sink), so the graph stays acyclic. At most {@link GLUE_PASS_LIMIT} glue
 * tasks, in input order. Pure and deterministic.
 *
 * @param tasks - task specs, already validated (`parseTaskSpecs` / `buildDag`).
 * @param globs - the glue globs ({@link resolveGlueFiles}); empty disables the pass.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when `tasks` or `globs` is not an array.
 */
export function applyGluePass(tasks: readonly TaskSpec[], globs: readonly string[] = DEFAULT_GLUE_FILES): GluePassResult {
  const glue = new Map<string, readonly string[]>();
  const requestedBy = new Map<string, readonly string[]>();
  const warnings: string[] = [];
  if (!Array.isArray(tasks as unknown)) throw new WavefrontError('INVALID_ARGUMENT', `tasks: expected an array of task specs, got ${describeValue(tasks)}`, { details: { field: 'tasks' } });
  checkGlobArgument(globs);
  if (globs.length === 0) return { tasks: [...tasks], glue, requestedBy, warnings };
  const units = new Map<string, Unit>();
  const out: TaskSpec[] = [];
  const full = (): boolean => glue.size + units.size >= GLUE_PASS_LIMIT;
  let leftOut = 0;
  for (const task of tasks) {
    if ((task.kind ?? 'work') !== 'work') {
      out.push(task);
      continue;
    }
    const touches = task.touches ?? [];
    const glueTouches = touches.filter((t) => isGlueFile(t, globs));
    const other = touches.filter((t) => t !== GLUE_LOCK_PATH && !glueTouches.includes(t));
    const inference: GlueInference = task.command === undefined ? inferGlueFiles(task, globs) : { files: [], only: false, matches: [] };
    const files: string[] = [];
    const keys = new Set<string>();
    for (const file of [...glueTouches.map(normalisePath), ...inference.files]) {
      const key = segmentsOf(file).join('/');
      if (!keys.has(key)) files.push(file);
      keys.add(key);
    }
    if (files.length === 0) {
      out.push(task);
      continue;
    }
    const whole = task.command !== undefined || (other.length === 0 && (glueTouches.length > 0 || inference.only));
    if (whole) {
      if (full()) {
        leftOut++;
        out.push(task);
        continue;
      }
      const kept = touches.filter((t) => t !== GLUE_LOCK_PATH);
      const keptKeys = new Set(kept.map((t) => segmentsOf(t).join('/')));
      out.push({ ...task, touches: withLock([...kept, ...files.filter((f) => !keptKeys.has(segmentsOf(f).join('/')))]) });
      glue.set(task.id, files);
      requestedBy.set(task.id, [task.id]);
      continue;
    }
    const perUnit = new Map<string, string[]>();
    for (const file of files) {
      const key = unitKey(file);
      if (!units.has(key) && !perUnit.has(key) && glue.size + units.size + perUnit.size >= GLUE_PASS_LIMIT) continue;
      perUnit.set(key, [...(perUnit.get(key) ?? []), file]);
    }
    const moved = [...perUnit.values()].flat();
    if (moved.length < files.length) leftOut++;
    if (moved.length === 0) {
      out.push(task);
      continue;
    }
    const movedKeys = new Set(moved.map((f) => segmentsOf(f).join('/')));
    const note = `Do not edit ${moved.join(', ')}: the glue pass updates them after this task.`;
    out.push({
      ...task,
      // The note names glue files; keep the role the task's own text gives it.
      role: task.role ?? matchRole(task).role,
      ...(task.touches === undefined ? {} : { touches: touches.filter((t) => t !== GLUE_LOCK_PATH && !movedKeys.has(segmentsOf(normalisePath(t)).join('/'))) }),
      description: task.description === undefined || task.description.trim() === '' ? note : `${task.description}\n\n${note}`,
    });
    for (const [key, list] of perUnit) {
      const unit = units.get(key) ?? { key, files: [], fileKeys: new Set<string>(), requests: [] };
      units.set(key, unit);
      for (const file of list) {
        const fileKey = segmentsOf(file).join('/');
        if (!unit.fileKeys.has(fileKey)) unit.files.push(file);
        unit.fileKeys.add(fileKey);
      }
      const said = inference.matches.filter((m) => m.files.some((f) => unitKey(f) === key)).map((m) => m.phrase);
      unit.requests.push({ task, files: list, evidence: [...new Set(said)] });
    }
  }
  if (leftOut > 0) {
    warnings.push(`glue pass: more than ${GLUE_PASS_LIMIT} glue tasks would be needed; ${leftOut} task(s) keep some glue files and share them under the usual write-set rules`);
  }
  const taken = new Set(tasks.map((task) => task.id));
  for (const unit of units.values()) {
    // The manifest first, then the files in the order they were asked for.
    const files = [...unit.files].sort((a, b) => Number(segmentsOf(b).join('/') === unit.key) - Number(segmentsOf(a).join('/') === unit.key));
    const category = files.map(glueCategory).find((c) => c === 'manifest' || c === 'lockfile') ?? glueCategory(files[0] as string);
    const id = uniqueId(idFor(files[0] as string), taken);
    out.push({
      id,
      title: glueTitle(files, unit.requests),
      description: glueDescription(files, unit.requests),
      dependsOn: unit.requests.map((r) => r.task.id),
      role: glueRole(category, unit.requests),
      estimateMinutes: ESTIMATE[category],
      touches: withLock(files),
      kind: 'work',
      phase: GLUE_PHASE,
    });
    glue.set(id, files);
    requestedBy.set(id, unit.requests.map((r) => r.task.id));
  }
  return { tasks: out, glue, requestedBy, warnings };
}
