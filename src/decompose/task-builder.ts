/**
 * Turns drafts into task specs with unique, deterministic, kebab-case ids.
 * @module
 */
import type { PatternId } from '../model/plan.js';
import { WavefrontError } from '../model/errors.js';
import type { TaskSpec } from '../model/task.js';
import { LIMITS } from '../model/task.js';
import type { EstimateTable } from './estimates.js';
import type { Draft } from './fragments/types.js';
import { capitalise, slugify, squash, truncate, unique } from './words.js';

const TITLE_MAX = 160;
const DESCRIPTION_MAX = 2000;
const SLUG_MAX = 64;
/** Above this many tasks, redundant dependencies are kept rather than tracking every ancestor set. */
const REDUCTION_LIMIT = 1000;
/** Tasks with more dependencies than this keep them all (the reduction would cost more than it saves). */
const REDUCTION_FAN_IN = 200;

/**
 * Words that may make the critical detector flag a description. The plan pipeline scans titles and
 * descriptions, so a non-critical task never carries a description with them (the request text
 * travels with the plan anyway).
 */
const RISKY_DESCRIPTION =
  /\b(?:drop\w*|truncat\w*|delet\w*|wip(?:e|es|ed|ing)|purg\w*|destroy\w*|remov\w*|alter\w*|deploy\w*|publish\w*|push\w*|forc\w*|migrat\w*|execut\w*|appl(?:y|ies|ied|ying)|restor\w*|prod|production|rm|reset\w*|overwrit\w*|rollback|rebase\w*|upgrad\w*|releas\w*)\b/i;

/** Accumulates tasks in creation order; a task may only depend on tasks created before it. */
export class TaskBuilder {
  private readonly list: TaskSpec[] = [];
  private readonly ids = new Set<string>();
  private readonly byTitle = new Map<string, string>();
  private readonly ancestors = new Map<string, ReadonlySet<string>>();
  private readonly estimates: EstimateTable;
  private readonly pattern: PatternId;

  constructor(estimates: EstimateTable, pattern: PatternId) {
    this.estimates = estimates;
    this.pattern = pattern;
  }

  /** Adds a task (or returns the id of an earlier task with the same title) and returns its id. */
  add(item: Draft, dependsOn: readonly string[]): string {
    if (this.list.length >= LIMITS.maxTasks) {
      throw new WavefrontError('LIMIT_EXCEEDED', `request: the plan would exceed ${LIMITS.maxTasks} tasks; split the request`, {
        details: { field: 'request', limit: LIMITS.maxTasks },
      });
    }
    const title = capitalise(truncate(squash(item.title), TITLE_MAX));
    const existing = this.byTitle.get(title.toLowerCase());
    if (existing !== undefined) return existing;
    const id = this.uniqueId(slugify(title, SLUG_MAX));
    const dependencies = this.reduce(unique(dependsOn), id);
    if (dependencies.length > LIMITS.maxDependencies) {
      throw new WavefrontError('LIMIT_EXCEEDED', `request: task "${title}" would depend on ${dependencies.length} tasks (at most ${LIMITS.maxDependencies}); split the request`, {
        details: { field: 'request', limit: LIMITS.maxDependencies, taskId: id },
      });
    }
    const safe = item.description !== undefined && (item.critical === true || !RISKY_DESCRIPTION.test(item.description));
    const description = safe && item.description !== undefined ? truncate(squash(item.description), DESCRIPTION_MAX) : undefined;
    const task: TaskSpec = {
      id,
      title,
      ...(description === undefined || description === title ? {} : { description }),
      dependsOn: dependencies,
      role: item.role,
      estimateMinutes: this.estimates(item.step, this.pattern),
      phase: item.phase,
      kind: 'work',
      ...(item.touches === undefined || item.touches.length === 0 ? {} : { touches: [...item.touches] }),
      ...(item.critical === true ? { critical: true } : {}),
    };
    this.list.push(task);
    this.ids.add(id);
    this.byTitle.set(title.toLowerCase(), id);
    return id;
  }

  /** The tasks, in creation (topological) order. */
  tasks(): TaskSpec[] {
    return [...this.list];
  }

  /** Drops a dependency that another dependency already implies (transitive reduction of the new edges). */
  private reduce(dependsOn: readonly string[], id: string): string[] {
    if (this.list.length >= REDUCTION_LIMIT || dependsOn.length > REDUCTION_FAN_IN) return [...dependsOn];
    // A task is never its own ancestor, so a dependency that is an ancestor of any dependency is implied by another one.
    const implied = new Set<string>();
    for (const dependency of dependsOn) for (const ancestor of this.ancestors.get(dependency) ?? []) implied.add(ancestor);
    const kept = dependsOn.filter((dependency) => !implied.has(dependency));
    const ancestors = new Set<string>();
    for (const dependency of kept) {
      ancestors.add(dependency);
      for (const ancestor of this.ancestors.get(dependency) ?? []) ancestors.add(ancestor);
    }
    this.ancestors.set(id, ancestors);
    return kept;
  }

  private uniqueId(base: string): string {
    if (!this.ids.has(base)) return base;
    let suffix = 2;
    while (this.ids.has(`${base}-${suffix}`)) suffix += 1;
    return `${base}-${suffix}`;
  }
}
