/**
 * Dependents wait for the glue: after the glue pass splits a task, the tasks that depended on it
 * also depend on the glue task that makes the edits it asked for, unless that edge would close a
 * cycle. Part of the glue pass (see glue-pass.ts and docs/glue-files.md).
 * @module
 */
import type { TaskSpec } from '../model/task.js';

/**
 * Largest plan (input tasks) whose split tasks' dependents are made to wait for the glue tasks.
 * Each glue task costs one upstream walk of the graph; past this size the rewiring is skipped with
 * one warning, so planning very large graphs stays linear.
 */
export const GLUE_REWIRE_LIMIT = 5_000;

/** A glue task the pass added for split tasks, with the ids of the tasks that asked for it. */
export interface AddedGlueTask {
  /** The glue task's id. */
  readonly id: string;
  /** Ids of the tasks that asked for it (its dependencies). */
  readonly requesters: readonly string[];
}

/** Result of {@link waitForGlue}. */
export interface GlueWaitResult {
  /** The tasks, in the same order; a task that gained dependencies is a new object. */
  readonly tasks: TaskSpec[];
  /** One remark per glue task with skipped dependents, or one for a plan past {@link GLUE_REWIRE_LIMIT}. */
  readonly warnings: string[];
}

/** Skipped dependents named in a warning; the rest are counted. */
const NAMED_SKIPS = 10;

function quoted(ids: readonly string[]): string {
  const named = ids.slice(0, NAMED_SKIPS).map((id) => JSON.stringify(id));
  return ids.length > NAMED_SKIPS ? `${named.join(', ')} and ${ids.length - NAMED_SKIPS} more` : named.join(', ');
}

function skipWarning(glueId: string, skipped: readonly string[]): string {
  const one = skipped.length === 1;
  return (
    `glue pass: ${one ? 'task' : 'tasks'} ${quoted(skipped)} ${one ? 'does' : 'do'} not wait for glue task ${JSON.stringify(glueId)}: ` +
    `${one ? 'it depends' : 'they depend'} on a task that asked for it, but the glue task already waits for ${one ? 'it' : 'them'}, ` +
    `so the ${one ? 'edge' : 'edges'} would close a cycle`
  );
}

/** Whether some task other than a glue task depends on a task that asked for a glue task it did not ask for itself. */
function anyDependent(tasks: readonly TaskSpec[], added: readonly AddedGlueTask[], glueIds: ReadonlySet<string>): boolean {
  const asked = new Map<string, Set<number>>(); // requester id → indices in `added` of the glue tasks it asked for
  added.forEach((glue, k) => {
    for (const id of glue.requesters) asked.set(id, (asked.get(id) ?? new Set<number>()).add(k));
  });
  for (const task of tasks) {
    if (glueIds.has(task.id)) continue;
    const own = asked.get(task.id);
    for (const dep of task.dependsOn ?? []) {
      const wanted = asked.get(dep);
      if (wanted !== undefined && [...wanted].some((k) => own?.has(k) !== true)) return true;
    }
  }
  return false;
}

/**
 * Makes every direct dependent D of a task that asked for an added glue task G also depend on G,
 * so D starts from a tree where the glue edit is done. D is left alone when it is a glue task
 * itself (`glueIds`: glue tasks stay unordered, the glue lock serialises them), when it asked for
 * G too (G already waits for it), and when it is upstream of a task that asked for G (the edge
 * would close a cycle; the plan gets a warning naming D and G).
 *
 * One upstream walk from G's requesters per glue task, on the graph as rewired so far, so the
 * edges added for earlier glue tasks count and the result stays acyclic. Deterministic: glue tasks
 * in `added` order, new dependencies appended in that order. Past {@link GLUE_REWIRE_LIMIT} input
 * tasks nothing is rewired and one warning says so.
 *
 * @param tasks - the pass's output: every task, the added glue tasks among them.
 * @param added - the added glue tasks, in plan order.
 * @param glueIds - ids of every glue task (added ones and tasks that joined the pass whole).
 * @param inputSize - how many tasks the pass was given (compared with {@link GLUE_REWIRE_LIMIT}).
 */
export function waitForGlue(tasks: readonly TaskSpec[], added: readonly AddedGlueTask[], glueIds: ReadonlySet<string>, inputSize: number): GlueWaitResult {
  const warnings: string[] = [];
  if (added.length === 0) return { tasks: [...tasks], warnings };
  if (inputSize > GLUE_REWIRE_LIMIT) {
    if (anyDependent(tasks, added, glueIds)) {
      warnings.push(
        `glue pass: the plan has more than ${GLUE_REWIRE_LIMIT} tasks, so the dependents of split tasks do not wait for the glue tasks; ` +
          'make a task that needs a glue edit depend on its glue task (see gluePass)',
      );
    }
    return { tasks: [...tasks], warnings };
  }
  const index = new Map<string, number>();
  tasks.forEach((task, i) => index.set(task.id, i));
  const deps: number[][] = tasks.map((task) => (task.dependsOn ?? []).map((dep) => index.get(dep)).filter((i): i is number => i !== undefined));
  // Dependents among the tasks that can wait: no glue task (added or whole) is ever rewired.
  const dependents: number[][] = tasks.map(() => []);
  deps.forEach((list, i) => {
    if (glueIds.has((tasks[i] as TaskSpec).id)) return;
    for (const dep of list) (dependents[dep] as number[]).push(i);
  });
  const candidatesOf = (glue: AddedGlueTask): number[] => {
    const requesters = new Set(glue.requesters.map((id) => index.get(id)).filter((i): i is number => i !== undefined));
    const found = new Set<number>();
    for (const r of requesters) for (const d of dependents[r] as number[]) if (!requesters.has(d)) found.add(d);
    return [...found].sort((a, b) => a - b);
  };

  const extra = new Map<number, string[]>();
  const seen = new Int32Array(tasks.length); // seen[i] === k + 1: upstream of glue task k's requesters
  added.forEach((glue, k) => {
    const g = index.get(glue.id);
    const candidates = candidatesOf(glue);
    if (g === undefined || candidates.length === 0) return;
    const stamp = k + 1;
    const stack: number[] = [];
    for (const id of glue.requesters) {
      const r = index.get(id);
      if (r !== undefined && seen[r] !== stamp) stack.push(((seen[r] = stamp), r));
    }
    for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
      for (const dep of deps[current] as number[]) if (seen[dep] !== stamp) stack.push(((seen[dep] = stamp), dep));
    }
    const skipped: string[] = [];
    for (const d of candidates) {
      if (seen[d] === stamp) {
        skipped.push((tasks[d] as TaskSpec).id);
        continue;
      }
      // Nothing upstream of the requesters gains an edge, so this walk stays valid for the rest of G's dependents.
      (deps[d] as number[]).push(g);
      extra.set(d, [...(extra.get(d) ?? []), glue.id]);
    }
    if (skipped.length > 0) warnings.push(skipWarning(glue.id, skipped));
  });
  const out = tasks.map((task, i) => {
    const more = extra.get(i);
    return more === undefined ? task : { ...task, dependsOn: [...(task.dependsOn ?? []), ...more] };
  });
  return { tasks: out, warnings };
}
