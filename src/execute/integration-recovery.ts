/**
 * Recovery from work that did not integrate (a merge conflict or a red integration gate): a
 * resolver task merges it by hand, and the failed task's pending dependents wait for it. This
 * module decides what to insert; the executor applies it to its scheduler and records it.
 * @module
 */
import { instancesOfRole } from '../allocate/roles.js';
import type { ResolveInfo } from '../journal/records.js';
import type { PlannedTask } from '../model/plan.js';
import { RESOLVER_ROLE, resolverId, resolverTask } from './resolver-task.js';
import type { PoolInstance } from './run-scheduler.js';
import type { IntegrationOutcome } from './workspaces.js';

/** An integration that did not go through. */
export type FailedIntegration = Extract<IntegrationOutcome, { commit: string; conflicts: readonly string[] }>;

/** The resolver tasks of a run, and the resolver rounds used per task whose work did not integrate first. */
export class Resolvers {
  readonly #byId = new Map<string, ResolveInfo>();
  readonly #rounds = new Map<string, number>();

  /** What resolver task `taskId` must integrate; undefined when it is not a resolver. */
  get(taskId: string): ResolveInfo | undefined {
    return this.#byId.get(taskId);
  }

  /** True when `taskId` is a resolver task. */
  has(taskId: string): boolean {
    return this.#byId.has(taskId);
  }

  /** The round the next resolver for `origin`'s work would be. */
  nextRound(origin: string): number {
    return (this.#rounds.get(origin) ?? 0) + 1;
  }

  /** Resolver `info` was inserted as round `round` of its origin. */
  added(info: ResolveInfo, round: number): void {
    this.#byId.set(info.resolverId, info);
    this.#rounds.set(info.origin, round);
  }

  /** A recorded resolver was replayed on resume (rounds only grow). */
  replayed(info: ResolveInfo, round: number): void {
    this.#byId.set(info.resolverId, info);
    this.#rounds.set(info.origin, Math.max(this.#rounds.get(info.origin) ?? 0, round));
  }
}

/** What went wrong, in words, when `task`'s work did not integrate. */
export function integrationFailureText(task: PlannedTask, outcome: FailedIntegration): string {
  return outcome.status === 'conflict' ? `merging the work of ${task.id} conflicts in ${outcome.conflicts.join(', ')}` : `the integration gate failed after merging the work of ${task.id}`;
}

/** What {@link planResolver} needs. */
export interface ResolverInput {
  /** The task whose work did not integrate. */
  readonly task: PlannedTask;
  readonly outcome: FailedIntegration;
  /** The task the work came from (`task` itself, or the origin of the resolver `task` is). */
  readonly origin: string;
  readonly round: number;
  /** The instance `task` ran on: the resolver's instance when the pool has no resolver role. */
  readonly instance: string;
  readonly pool: readonly PoolInstance[];
  readonly tasks: ReadonlyMap<string, PlannedTask>;
  readonly isPending: (taskId: string) => boolean;
}

/** A resolver task to insert, and the pending tasks to make wait for it. */
export interface ResolverInsertion {
  readonly info: ResolveInfo;
  readonly resolver: PlannedTask;
  /** `task`'s pending dependents (never the final commit: it runs after the loop, so after the resolver anyway). */
  readonly dependents: string[];
  readonly rewire: { taskId: string; addDependsOn: string[] }[];
}

/** Plans the resolver task for `input.task`'s work. */
export function planResolver(input: ResolverInput): ResolverInsertion {
  const { task, outcome, origin, round, tasks } = input;
  const resolverInstance = input.pool.find((i) => i.role === RESOLVER_ROLE)?.id ?? instancesOfRole(RESOLVER_ROLE)[0] ?? input.instance;
  const id = resolverId(origin, round, (candidate) => tasks.has(candidate));
  const info: ResolveInfo = { resolverId: id, origin, commit: outcome.commit, kind: outcome.status, conflicts: [...outcome.conflicts], output: outcome.output };
  const resolver = resolverTask(task, info, resolverInstance, tasks.get(origin)?.title ?? task.title);
  const dependents = [...tasks.values()].filter((t) => t.kind !== 'commit' && t.dependsOn.includes(task.id) && input.isPending(t.id)).map((t) => t.id);
  const rewire = dependents.map((taskId) => ({ taskId, addDependsOn: [id] }));
  return { info, resolver, dependents, rewire };
}
