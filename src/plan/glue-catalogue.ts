/**
 * The glue-file catalogue: which files are shared registries every feature appends to (package
 * manifests and lockfiles, barrel modules, migration and route indexes), the `glueFiles` option
 * that selects them, and the constants the glue pass writes into plans. See docs/glue-files.md.
 * @module
 */
import type { WavefrontOptions } from '../model/config.js';
import { WavefrontError, describeValue } from '../model/errors.js';
import { withinGlob } from './glue-paths.js';

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

/**
 * Most glue tasks in one plan. Every glue task conflicts with every other one, so the scheduler
 * and `plan.conflicts` hold up to n·(n−1)/2 pairs; past this many, further glue writes stay with
 * their tasks (ordinary write-set rules) and the plan gets a warning.
 */
export const GLUE_PASS_LIMIT = 128;

/** Lockfiles of the default catalogue, in catalogue order, with the manifest each belongs to (in the same directory). */
export const LOCKFILES: readonly (readonly [lockfile: string, manifest: string])[] = [
  ['package-lock.json', 'package.json'],
  ['npm-shrinkwrap.json', 'package.json'],
  ['pnpm-lock.yaml', 'package.json'],
  ['yarn.lock', 'package.json'],
  ['poetry.lock', 'pyproject.toml'],
  ['Pipfile.lock', 'Pipfile'],
  ['go.sum', 'go.mod'],
  ['Cargo.lock', 'Cargo.toml'],
  ['Gemfile.lock', 'Gemfile'],
  ['composer.lock', 'composer.json'],
];

/** Lockfile basename (lower case) → the manifest it belongs to, in the same directory. */
export const LOCKFILE_MANIFEST: ReadonlyMap<string, string> = new Map(LOCKFILES.map(([lock, manifest]) => [lock.toLowerCase(), manifest]));

const entry = (category: GlueCategory) => (glob: string): GlueCatalogueEntry => Object.freeze({ glob, category });

/**
 * The default catalogue, in match order (the first entry a file matches gives its category):
 * migration and route indexes, lockfiles, manifests, then barrel modules.
 */
export const DEFAULT_GLUE_CATALOGUE: readonly GlueCatalogueEntry[] = Object.freeze([
  ...['**/migrations/index.*', '**/migrations/meta/_journal.json', '**/db/schema.rb', '**/db/structure.sql'].map(entry('migration-index')),
  ...['**/routes/index.*'].map(entry('route-registry')),
  ...LOCKFILES.map(([lock]) => `**/${lock}`).map(entry('lockfile')),
  ...['**/package.json', '**/requirements*.txt', '**/pyproject.toml', '**/Pipfile', '**/go.mod', '**/Cargo.toml', '**/Gemfile', '**/composer.json'].map(
    entry('manifest'),
  ),
  ...['**/index.ts', '**/index.tsx', '**/index.js', '**/index.mjs', '**/__init__.py', '**/mod.rs', '**/lib.rs'].map(entry('barrel')),
]);

/** The globs of {@link DEFAULT_GLUE_CATALOGUE}. */
export const DEFAULT_GLUE_FILES: readonly string[] = Object.freeze(DEFAULT_GLUE_CATALOGUE.map((e) => e.glob));

// ---------------------------------------------------------------------------------------------
// Options and arguments

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

/** The `INVALID_ARGUMENT` error the glue functions throw for a bad `field`. */
export function glueArgumentError(field: string, message: string): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', message, { details: { field } });
}

/**
 * Checks the `globs` argument of the glue functions.
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` unless `globs` is an array of non-empty strings.
 */
export function checkGlobArgument(globs: unknown): void {
  if (!Array.isArray(globs) || !globs.every((glob) => typeof glob === 'string' && glob !== '')) {
    throw glueArgumentError('globs', `globs: expected an array of non-empty path globs, got ${describeValue(globs)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

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
  if (typeof entry !== 'string') throw glueArgumentError('entry', `entry: expected a path, got ${describeValue(entry)}`);
  checkGlobArgument(globs);
  if (entry.endsWith('/') || entry === GLUE_LOCK_PATH) return false;
  return globs.some(withinGlob(entry));
}

/** The category of a glue file by the default catalogue (`custom` when only a user glob names it). */
export function glueCategory(file: string): GlueCategory {
  const within = withinGlob(file);
  const found = DEFAULT_GLUE_CATALOGUE.find((e) => within(e.glob))?.category;
  if (found !== undefined) return found;
  // The glob inferred from "export it from the barrel".
  return /(?:^|\/)index\.\*$/.test(file) ? 'barrel' : 'custom';
}
