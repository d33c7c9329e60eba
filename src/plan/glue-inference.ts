/**
 * Reads the glue files a task's title and description clearly edit: package-manager commands,
 * dependency phrases, registry phrases and glue files written out. Conservative, pure and
 * deterministic; see docs/glue-files.md.
 * @module
 */
import { describeValue } from '../model/errors.js';
import { writeSetsOverlap } from '../schedule/write-sets.js';
import { DEFAULT_GLUE_FILES, LOCKFILES, checkGlobArgument, glueArgumentError, glueCategory, isGlueFile } from './glue-catalogue.js';
import { WILD, addUniquePath, normalisePath } from './glue-paths.js';

/** What {@link inferGlueFiles} read from a task's text. */
export interface GlueInference {
  /** Glue files (paths or globs) the text clearly edits, in order of appearance. */
  readonly files: readonly string[];
  /** True when the title asks for glue edits and nothing else ("Install zod"). */
  readonly only: boolean;
  /** Each phrase that named glue files, as written, with the files it named. */
  readonly matches: readonly { readonly phrase: string; readonly files: readonly string[] }[];
}

/** A fresh inference that names no glue files. */
export function emptyGlueInference(): GlueInference {
  return { files: [], only: false, matches: [] };
}

/** An optional quote around a package name or path. */
const QUOTE = String.raw`[\x60'"]?`;
/** A package name, whole (no backtracking into it), optionally quoted. */
const PKG = String.raw`${QUOTE}(@?[A-Za-z0-9][\w.@/-]*[\w])(?![\w@/-]|\.\w)${QUOTE}`;
/** `dev `, `runtime-`, ... before a dependency word. */
const DEP_KIND = String.raw`(?:(?:dev|runtime|peer)\s*-?\s*)?`;
const KIND_WORD = String.raw`${DEP_KIND}(?:dependency|dependencies|crate|gem)`;
const MANAGER = String.raw`(npm\s+(?:install|i|add)|pnpm\s+(?:add|install|i)|yarn\s+add|pip3?\s+install|poetry\s+add|pipenv\s+install|cargo\s+add|go\s+get|bundle\s+add|composer\s+require)`;
/** `npm install zod`, `cargo add serde`, `go get example.com/x`. */
const MANAGER_COMMAND = new RegExp(String.raw`\b${MANAGER}(?:\s+-{1,2}[\w-]+)*\s+${PKG}`, 'gi');
const MANAGER_IN_TEXT = new RegExp(MANAGER_COMMAND.source, 'i');
const MANIFEST = String.raw`(?:[\w.@-]+/)*(?:package\.json|pyproject\.toml|Pipfile|requirements[\w.-]*\.txt|go\.mod|Cargo\.toml|Gemfile|composer\.json)\b`;
const MANIFEST_TOKEN = new RegExp(String.raw`^${MANIFEST}$`, 'i');
const MANIFEST_PATH = String.raw`${QUOTE}(${MANIFEST})${QUOTE}`;
/** ` to package.json` after a dependency phrase: part of the phrase. */
const TO_MANIFEST = String.raw`(?:\s+(?:to|in|into)\s+(?:the\s+)?${QUOTE}${MANIFEST}${QUOTE})?`;
/** `add zod to package.json` (the manifest decides the ecosystem). */
const ADD_TO_MANIFEST = new RegExp(String.raw`\b(?:add|install)\s+${PKG}\s+(?:to|in|into)\s+(?:the\s+)?${MANIFEST_PATH}`, 'gi');
/** `add the zod dependency`, `add zod as a dev dependency`, `add a dependency on zod`. */
const ADD_DEPENDENCY = [
  new RegExp(String.raw`\badd\s+(?:the\s+|an?\s+)?${PKG}\s+${KIND_WORD}\b${TO_MANIFEST}`, 'gi'),
  new RegExp(String.raw`\badd\s+${PKG}\s+as\s+an?\s+${KIND_WORD}\b${TO_MANIFEST}`, 'gi'),
  new RegExp(String.raw`\badd\s+(?:the\s+|an?\s+)?${DEP_KIND}dependency\s+on\s+${PKG}${TO_MANIFEST}`, 'gi'),
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
const EDIT_VERBS = new RegExp(EDIT_VERB.source, 'gi');
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

/** Package-manager command word → its ecosystem. */
const MANAGER_ECOSYSTEM: Readonly<Record<string, Ecosystem>> = {
  npm: 'npm-only', pnpm: 'pnpm', yarn: 'yarn', pip: 'pip', pip3: 'pip', poetry: 'poetry', pipenv: 'pipenv', cargo: 'cargo', go: 'go', bundle: 'bundler', composer: 'composer',
};

function managerEcosystem(command: string): Ecosystem {
  return MANAGER_ECOSYSTEM[command.toLowerCase().split(/\s+/)[0] ?? ''] ?? 'npm';
}

/** The manifest a dependency edit goes to, with its lockfiles, in the manifest's directory. */
function manifestFiles(manifest: string): string[] {
  const path = normalisePath(manifest);
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash + 1);
  const base = path.slice(slash + 1).toLowerCase();
  const locks = LOCKFILES.filter(([lock, owner]) => owner.toLowerCase() === base && lock !== 'npm-shrinkwrap.json');
  return [path, ...locks.map(([lock]) => `${dir}${lock}`)];
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
  const addMatch = (m: RegExpExecArray, files: string[]): void => add(files, m.index, m.index + m[0].length);
  const words = tokens(sentence);
  for (const m of sentence.matchAll(MANAGER_COMMAND)) {
    if (isPackageName(m[2] as string, true)) addMatch(m, [...ECOSYSTEM_FILES[managerEcosystem(m[1] as string)]]);
  }
  for (const m of sentence.matchAll(ADD_TO_MANIFEST)) {
    if (isPackageName(m[1] as string, true)) addMatch(m, manifestFiles(m[2] as string));
  }
  const manifest = words.find((t) => MANIFEST_TOKEN.test(t.text));
  const dependencyFiles = (): string[] => (manifest === undefined ? [...ECOSYSTEM_FILES.npm] : manifestFiles(manifest.text));
  for (const re of ADD_DEPENDENCY) {
    for (const m of sentence.matchAll(re)) if (isPackageName(m[1] as string, true)) addMatch(m, dependencyFiles());
  }
  for (const m of sentence.matchAll(INSTALL)) {
    if (isPackageName(m[1] as string, m[2] !== undefined)) addMatch(m, dependencyFiles());
  }
  for (const [re, glob] of REGISTRY_PHRASES) for (const m of sentence.matchAll(re)) addMatch(m, [glob]);
  if (EDIT_VERB.test(sentence)) {
    for (const token of words) {
      if (WILD.test(token.text) || token.text.includes('://') || !/[./]|^(?:gemfile|pipfile)$/i.test(token.text) || !isGlue(token.text)) continue;
      const path = normalisePath(token.text);
      const file = !path.includes('/') && glueCategory(path) === 'barrel' ? `**/${path}` : path;
      // Remove the instruction with it ("update package.json") when nothing else sits between.
      const before = sentence.slice(0, token.start);
      let start = token.start;
      for (const verb of before.matchAll(EDIT_VERBS)) start = verb.index;
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
    throw glueArgumentError('task', `task: expected { title, description? } strings, got ${describeValue(task)}`);
  }
  checkGlobArgument(globs);
  const title = task.title.trim();
  // Cheap pre-test: most tasks name none of the words or file names any rule below needs.
  if (!TRIGGER.test(title) && (task.description === undefined || !TRIGGER.test(task.description))) return emptyGlueInference();
  if (globs.length === 0 || (NON_EDITING_TITLE.test(title) && !MANAGER_IN_TEXT.test(title))) return emptyGlueInference();
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
        for (const file of f.files) addUniquePath(files, seen, file);
      }
    }
  };
  read(task.title, true);
  if (task.description !== undefined) read(task.description, false);
  return { files, only: only && titleHasGlue, matches };
}

