/**
 * Path and glob matching for the glue pass: case-insensitive, segment-wise globs (`*`, `?`, `**`)
 * and the path keys that tell two spellings of one glue file apart. Internal to src/plan/glue-*.
 * @module
 */

/** Characters that make a path segment a pattern rather than a literal name. */
export const WILD = /[*?[\]{}()!\\]/;

/** Path segments, lower case, without `.` and empty segments. */
export function segmentsOf(path: string): string[] {
  return path.toLowerCase().split('/').filter((s) => s !== '' && s !== '.');
}

/** `./src//a.ts` → `src/a.ts` (case kept): the form glue files are written in. */
export function normalisePath(path: string): string {
  return path.split('/').filter((s) => s !== '' && s !== '.').join('/');
}

/** The key two spellings of one file share: `./SRC//index.ts` and `src/index.ts` → `src/index.ts`. */
export function pathKey(path: string): string {
  return segmentsOf(path).join('/');
}

/**
 * Appends `file` to `files` unless a file with the same {@link pathKey} was added before; `keys`
 * holds the keys seen so far and is updated.
 */
export function addUniquePath(files: string[], keys: Set<string>, file: string): void {
  const key = pathKey(file);
  if (!keys.has(key)) files.push(file);
  keys.add(key);
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
function segmentsWithin(e: readonly string[], g: readonly string[], literal: boolean): boolean {
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
 * A test of globs against one touches entry (a path or a glob): true for a glob that matches every
 * path the entry can name. Build it once per entry and apply it to each glob.
 */
export function withinGlob(entry: string): (glob: string) => boolean {
  const segments = segmentsOf(entry);
  const literal = segments.every((s) => !WILD.test(s));
  return (glob) => segmentsWithin(segments, globSegments(glob), literal);
}
