/**
 * Write sets: whether two tasks' `touches` globs may name the same file, and which tasks of a
 * graph may conflict. Pure and deterministic.
 *
 * The check is conservative: it may report an overlap where none exists, never misses one.
 * - Paths are compared case-insensitively (case-insensitive file systems), `\` is not a separator,
 *   `./`, `.` segments, a leading `/` and repeated or trailing `/` are ignored.
 * - An entry that looks like a directory — ends in `/`, or its last segment is literal with no
 *   extension (`src/api`, `Makefile`) — also covers everything below it (`src/api` overlaps
 *   `src/api/user.ts`). Other entries name files (`src/a.ts` does not cover `src/a.ts/x`).
 * - `*` matches within one segment (dot files included), `?` one character, `**` any number of
 *   segments. Two globs overlap exactly when some path matches both (decided on the patterns, not
 *   by enumerating paths).
 * - Any other glob syntax (`[...]`, `{a,b}`, `!`, `(`, `\`, `..`) is not interpreted: the glob is
 *   cut at that segment and the rest read as `**` (`src/{a,b}/x.ts` is treated as `src/**`).
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { indexGraph } from './graph.js';

/** A task as {@link conflictPairs} needs it (TaskSpec, PlannedTask and ScheduleTask all fit). */
export interface WriteSetTask {
  /** Unique id. */
  readonly id: string;
  /** Ids of its dependencies. */
  readonly dependsOn?: readonly string[] | undefined;
  /** File globs the task writes; absent or empty = conflicts with nothing. */
  readonly touches?: readonly string[] | undefined;
}

/** Two tasks that must not run at the same time. */
export interface WriteConflict {
  /** Id of the task earlier in input order. */
  readonly a: string;
  /** Id of the other task. */
  readonly b: string;
  /** The globs of either task involved in an overlap, as written, sorted and distinct. */
  readonly paths: readonly string[];
}

/** A glob compiled to segments (a directory entry ends in `**`). */
interface CompiledGlob {
  readonly source: string;
  readonly segments: readonly string[];
  /** The first segment when it is literal (the grouping key), else undefined. */
  readonly head: string | undefined;
}

const GLOBSTAR = '**';
const UNSUPPORTED = /[[\]{}()!\\]/;

function isWild(segment: string): boolean {
  return segment.includes('*') || segment.includes('?');
}

/** Normalises and compiles one glob (see the module comment). */
function compileGlob(source: string): CompiledGlob {
  const segments: string[] = [];
  let below = source.endsWith('/');
  for (const raw of source.toLowerCase().split('/')) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..' || UNSUPPORTED.test(raw)) {
      below = true;
      break;
    }
    const segment = raw === GLOBSTAR ? GLOBSTAR : raw.replace(/\*+/g, '*');
    if (segment === GLOBSTAR && segments[segments.length - 1] === GLOBSTAR) continue;
    segments.push(segment);
  }
  const last = segments[segments.length - 1];
  if (last === undefined || (!isWild(last) && !last.slice(1).includes('.'))) below = true;
  if (below && last !== GLOBSTAR) segments.push(GLOBSTAR);
  const first = segments[0] as string;
  return { source, segments, head: isWild(first) ? undefined : first };
}

/**
 * Whether some sequence is matched by both patterns, where `isStar` items match any run of items
 * (zero or more) and `step` says whether two non-star items can match the same item: a search over
 * pairs of positions, O(|p| * |q|). Used for characters within a segment (`*`) and for segments
 * within a path (`**`).
 */
function sequencesIntersect<T>(p: ArrayLike<T>, q: ArrayLike<T>, isStar: (item: T) => boolean, step: (a: T, b: T) => boolean): boolean {
  const seen = new Set<number>();
  const width = q.length + 1;
  const stack: number[] = [0];
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    if (seen.has(state)) continue;
    seen.add(state);
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === p.length && j === q.length) return true;
    const pStar = i < p.length && isStar(p[i] as T);
    const qStar = j < q.length && isStar(q[j] as T);
    if (pStar) stack.push(state + width);
    if (qStar) stack.push(state + 1);
    if (i === p.length || j === q.length || (pStar && qStar)) continue;
    if (pStar) stack.push(state + 1);
    else if (qStar) stack.push(state + width);
    else if (step(p[i] as T, q[j] as T)) stack.push(state + width + 1);
  }
  return false;
}

/** Whether some string matches both segment patterns (`*`, `?`, literal characters). */
function segmentsIntersect(p: string, q: string): boolean {
  if (!isWild(p) && !isWild(q)) return p === q;
  return sequencesIntersect(p, q, (c) => c === '*', (a, b) => a === '?' || b === '?' || a === b);
}

/** Whether some path matches both compiled globs (`**` = any run of segments). */
function globsIntersect(a: CompiledGlob, b: CompiledGlob): boolean {
  if (a.head !== undefined && b.head !== undefined && a.head !== b.head) return false;
  return sequencesIntersect(a.segments, b.segments, (s) => s === GLOBSTAR, segmentsIntersect);
}

function invalid(field: string, expected: string, value: unknown, extra: Record<string, unknown> = {}): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `${field}: expected ${expected}, got ${describeValue(value)}`, { details: { field, ...extra } });
}

function checkGlobs(value: unknown, field: string, extra: Record<string, unknown> = {}): readonly string[] {
  if (!Array.isArray(value) || !value.every((glob) => typeof glob === 'string' && glob.length > 0)) {
    throw invalid(field, 'an array of non-empty path globs', value, extra);
  }
  return value as readonly string[];
}

/** The pairs of globs (one of each list) that overlap; `a` and `b` already compiled. */
function overlapping(a: readonly CompiledGlob[], b: readonly CompiledGlob[]): string[] {
  const paths = new Set<string>();
  for (const x of a) for (const y of b) if (globsIntersect(x, y)) paths.add(x.source).add(y.source);
  return [...paths].sort();
}

/**
 * True when some file could be written through both write sets (see the module comment for the
 * glob syntax; conservative: may say true where no file matches both, never false where one does).
 * @example
 * ```ts
 * writeSetsOverlap(['src/api/*.ts'], ['src/api/user.ts']) // true
 * writeSetsOverlap(['src/**'], ['docs/readme.md'])         // false
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when either is not an array of non-empty strings.
 */
export function writeSetsOverlap(a: readonly string[], b: readonly string[]): boolean {
  const left = checkGlobs(a, 'a').map(compileGlob);
  const right = checkGlobs(b, 'b').map(compileGlob);
  return left.some((x) => right.some((y) => globsIntersect(x, y)));
}

/** Most candidate pairs {@link writeSetCandidates} collects before it refuses (about 16 M: a JS Set's limit). */
export const MAX_WRITE_SET_CANDIDATES = 16_000_000;

/** A node of the literal-prefix trie: the tasks whose globs' literal prefix ends here. */
interface PrefixNode {
  readonly children: Map<string, PrefixNode>;
  readonly tasks: number[];
}

/**
 * Candidate pairs of tasks (by position) whose write sets may overlap, each with the globs
 * involved; pairs come out with `a < b`, sorted. Two globs can only match a common path when the
 * literal segments before their first wildcard agree (one such prefix is a prefix of the other),
 * so globs are placed in a trie by that literal prefix and only globs on one root-to-leaf path are
 * compared: `src/a/x.ts` never meets `src/b/**`, while `**` (empty prefix) meets everyone. The cost
 * follows the number of candidate pairs, not the square of the task count. Dependency order is not
 * considered.
 * @throws {@link WavefrontError} `LIMIT_EXCEEDED` when more than {@link MAX_WRITE_SET_CANDIDATES}
 *   pairs may overlap (write sets so broad that nearly every task conflicts with every other).
 */
export function writeSetCandidates(touches: readonly (readonly string[] | undefined)[]): { a: number; b: number; paths: string[] }[] {
  const compiled = touches.map((list) => (list ?? []).map(compileGlob));
  const root: PrefixNode = { children: new Map(), tasks: [] };
  compiled.forEach((globs, i) => {
    const placed = new Set<PrefixNode>();
    for (const glob of globs) {
      let node = root;
      for (const segment of glob.segments) {
        if (isWild(segment)) break;
        let child = node.children.get(segment);
        if (child === undefined) {
          child = { children: new Map(), tasks: [] };
          node.children.set(segment, child);
        }
        node = child;
      }
      if (!placed.has(node)) node.tasks.push(i);
      placed.add(node);
    }
  });
  const candidates = new Set<number>();
  const n = touches.length;
  const note = (x: number, y: number): void => {
    if (x === y) return;
    candidates.add(Math.min(x, y) * n + Math.max(x, y));
    if (candidates.size > MAX_WRITE_SET_CANDIDATES) {
      throw new WavefrontError('LIMIT_EXCEEDED', `more than ${MAX_WRITE_SET_CANDIDATES} pairs of tasks may write the same files; narrow the tasks' touches`, {
        details: { limit: MAX_WRITE_SET_CANDIDATES },
      });
    }
  };
  // Depth-first with an explicit stack: each node's tasks meet each other and every task above them.
  const above: number[][] = [];
  const stack: { node: PrefixNode; depth: number }[] = [{ node: root, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    above.length = depth;
    const here = node.tasks;
    for (let k = 0; k < here.length; k++) {
      const x = here[k] as number;
      for (let l = k + 1; l < here.length; l++) note(x, here[l] as number);
      for (const list of above) for (const y of list) note(x, y);
    }
    above.push(here);
    for (const child of node.children.values()) stack.push({ node: child, depth: depth + 1 });
  }
  const out: { a: number; b: number; paths: string[] }[] = [];
  for (const pair of [...candidates].sort((x, y) => x - y)) {
    const a = Math.floor(pair / n);
    const b = pair % n;
    const paths = overlapping(compiled[a] as CompiledGlob[], compiled[b] as CompiledGlob[]);
    if (paths.length > 0) out.push({ a, b, paths });
  }
  return out;
}

/**
 * The pairs of tasks that may write the same file and are not ordered by their dependencies (a
 * task and its ancestor never run together anyway), e.g. to report `plan.conflicts`. Tasks without
 * `touches` conflict with nothing. Conservative like {@link writeSetsOverlap}. Pairs are in input
 * order (`a` before `b`, then by `b`).
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` (shapes), `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY` or `CYCLE`.
 */
export function conflictPairs(tasks: readonly WriteSetTask[]): WriteConflict[] {
  if (!Array.isArray(tasks)) throw invalid('tasks', 'an array of tasks', tasks);
  const nodes = tasks.map((task: unknown, i) => {
    const at = `tasks[${i}]`;
    if (typeof task !== 'object' || task === null) throw invalid(at, 'a task object', task);
    const { id, dependsOn, touches } = task as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0) throw invalid(`${at}.id`, 'a non-empty string', id);
    if (dependsOn !== undefined && (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === 'string'))) {
      throw invalid(`${at}.dependsOn`, 'an array of task ids', dependsOn, { taskId: id });
    }
    const globs = touches === undefined ? undefined : checkGlobs(touches, `${at}.touches`, { taskId: id });
    return { id, dependsOn: (dependsOn ?? []) as string[], touches: globs };
  });
  const graph = indexGraph(nodes);
  const candidates = writeSetCandidates(nodes.map((node) => node.touches));
  const position = new Int32Array(nodes.length);
  graph.order.forEach((i, k) => (position[i] = k));
  // Group by the endpoint earlier in topological order: only it can be the other's ancestor.
  const bySource = new Map<number, number[]>();
  candidates.forEach((pair, k) => {
    const source = (position[pair.a] as number) < (position[pair.b] as number) ? pair.a : pair.b;
    const list = bySource.get(source) ?? [];
    list.push(k);
    bySource.set(source, list);
  });
  const ordered = new Uint8Array(candidates.length);
  const mark = new Int32Array(nodes.length).fill(-1);
  for (const [source, pairs] of bySource) {
    const stack = [source];
    for (let j = stack.pop(); j !== undefined; j = stack.pop()) {
      for (const d of graph.dependents[j] as number[]) {
        if (mark[d] === source) continue;
        mark[d] = source;
        stack.push(d);
      }
    }
    for (const k of pairs) {
      const pair = candidates[k] as { a: number; b: number };
      if (mark[pair.a === source ? pair.b : pair.a] === source) ordered[k] = 1;
    }
  }
  return candidates
    .filter((_, k) => ordered[k] === 0)
    .map((pair) => ({ a: (nodes[pair.a] as { id: string }).id, b: (nodes[pair.b] as { id: string }).id, paths: pair.paths }));
}
