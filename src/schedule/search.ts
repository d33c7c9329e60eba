/**
 * The plan-time policy search: tries several priority rules and then a seeded local search over
 * priority keys on the virtual clock (the list-scheduling kernel), and keeps the best. The chosen
 * priorities then drive the real dispatch (Scheduler `priority` option), so the executor, dry runs
 * and `simulate()` follow the schedule that was found. Deterministic: no clock, no Math.random.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';
import { bottomLevels, makespanLowerBound, topLevels } from './bounds.js';
import { compileGraph, KernelWorkspace, orderByKey, reorder, reverseGraph, type CompiledGraph } from './kernel.js';
import { mulberry32 } from './prng.js';
import { PRIORITY_RULES, type RuleContext } from './rules.js';
import { runSimulation } from './run-simulation.js';
import { interchangeableInstances, MAX_SIMULATED_INSTANCES } from './simulate-input.js';
import type { ScheduleTask, SearchOptions, SearchResult } from './types.js';
import { validateScheduleTasks } from './validate.js';

/** Most candidates of the default budget. */
const MAX_DEFAULT_CANDIDATES = 1200;
/** Default budget in "task + edge visits": the full 1,200 candidates up to ~1,300 tasks + edges. */
const DEFAULT_WORK = 1_600_000;
/** Forward–backward improvement rounds after the rules. */
const JUSTIFY_ROUNDS = 3;
/** Local search: non-improving moves before a restart from the best keys. */
const PATIENCE = 300;
/** Local search: a move changes up to this many keys... */
const MOVE_SIZE = 3;
/** ...by up to this many mean estimates. */
const MOVE_STEP = 1;
/** A restart perturbs every key of the best by up to this many mean estimates. */
const KICK_STEP = 0.3;
const SEED = 0x5eed_2024;

const POLICY_ID = /^([a-z][a-z-]*)#(0|[1-9]\d*)$/;

function argument(field: string, expected: string, value: unknown): WavefrontError {
  return new WavefrontError('INVALID_ARGUMENT', `${field}: expected ${expected}, got ${describeValue(value)}`, { details: { field } });
}

function checkOptions(options: unknown): Required<Pick<SearchOptions, 'instances'>> & SearchOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw argument('options', 'an options object', options);
  const record = options as Record<string, unknown>;
  const instances = record['instances'];
  if (typeof instances !== 'number' || !Number.isSafeInteger(instances) || instances < 1 || instances > MAX_SIMULATED_INSTANCES) {
    throw argument('options.instances', `an integer from 1 to ${MAX_SIMULATED_INSTANCES}`, instances);
  }
  const mode = record['mode'];
  if (mode !== undefined && mode !== 'dynamic' && mode !== 'waves') throw argument('options.mode', "'dynamic' or 'waves'", mode);
  const max = record['maxCandidates'];
  if (max !== undefined && (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1)) {
    throw argument('options.maxCandidates', 'an integer >= 1', max);
  }
  return options as SearchOptions;
}

/** One evaluated candidate. */
interface Candidate {
  readonly name: string;
  readonly index: number;
  readonly key: Float64Array;
  /** Positions in dispatch order under `key`. */
  readonly order: Int32Array;
  readonly makespan: number;
  /** Tie-breaker between equal makespans: how far the tasks' remaining paths overrun the bound. */
  readonly overrun: number;
}

/** The search state: the candidates evaluated so far, up to `limit`, or until one reaches the bound. */
class Trajectory {
  readonly g: CompiledGraph;
  readonly #m: number;
  readonly #ws: KernelWorkspace;
  readonly #b: Float64Array;
  readonly bound: number;
  readonly #limit: number;
  readonly #reversed: CompiledGraph;
  readonly #backward: KernelWorkspace;
  count = 0;
  best: Candidate | undefined;
  first: Candidate | undefined;

  constructor(g: CompiledGraph, m: number, limit: number) {
    this.g = g;
    this.#m = m;
    this.#ws = new KernelWorkspace(g.n);
    this.#b = bottomLevels(g);
    this.bound = makespanLowerBound(g, m, this.#b, topLevels(g));
    this.#limit = limit;
    this.#reversed = reverseGraph(g);
    this.#backward = new KernelWorkspace(g.n);
  }

  get b(): Float64Array {
    return this.#b;
  }

  /** True when no more candidates may be evaluated. */
  get done(): boolean {
    if (this.count >= this.#limit) return true;
    return this.best !== undefined && this.best.makespan <= this.bound;
  }

  /**
   * Evaluates keys (`order`: their dispatch order when already known); returns the candidate.
   * The best is replaced only by a strictly shorter makespan.
   */
  evaluate(name: string, key: Float64Array, order = orderByKey(this.g, key)): Candidate {
    const ws = this.#ws;
    ws.rankOrder(order);
    const makespan = ws.run(this.g, this.#m);
    let overrun = 0;
    for (let i = 0; i < this.g.n; i++) {
      const over = (ws.start[i] as number) + (this.#b[i] as number) - this.bound;
      if (over > 0) overrun += over;
    }
    const candidate: Candidate = { name, index: this.count++, key, order, makespan, overrun };
    this.first ??= candidate;
    if (this.best === undefined || makespan < this.best.makespan) this.best = candidate;
    return candidate;
  }

  /**
   * Forward–backward improvement of the candidate evaluated last: schedule the reversed graph with
   * "finishes last" first, then evaluate its reversed finish times (how much work follows each
   * task in that packed schedule) as keys.
   */
  justifyLast(): Candidate {
    return this.#justify(this.#ws.start);
  }

  /** Like {@link Trajectory.justifyLast} from any candidate (its schedule is replayed, not counted). */
  justify(from: Candidate): Candidate {
    const probe = this.#backward;
    probe.rankOrder(from.order);
    probe.run(this.g, this.#m);
    return this.#justify(probe.start.slice());
  }

  #justify(start: Float64Array): Candidate {
    const g = this.g;
    const finish = new Float64Array(g.n);
    for (let i = 0; i < g.n; i++) finish[i] = (start[i] as number) + (g.est[i] as number);
    const backward = this.#backward;
    backward.rankOrder(orderByKey(this.#reversed, finish));
    backward.run(this.#reversed, this.#m);
    const key = new Float64Array(g.n);
    for (let i = 0; i < g.n; i++) key[i] = (backward.start[i] as number) + (g.est[i] as number);
    return this.evaluate('justified', key);
  }
}

/** True when `a` is a better local-search state than `b`: shorter, or as short and less overrun. */
function better(a: Candidate, b: Candidate): boolean {
  return a.makespan < b.makespan || (a.makespan === b.makespan && a.overrun < b.overrun);
}

/** Rounds of forward–backward improvement from `from` (each round starts from the previous one). */
function justify(run: Trajectory, from: Candidate): void {
  if (run.done) return;
  run.justify(from);
  for (let round = 1; round < JUSTIFY_ROUNDS && !run.done; round++) run.justifyLast();
}

/**
 * Seeded local search with restarts over the keys of the best candidate: a move perturbs 1–3 keys
 * and is then justified once (forward–backward); the better of the two is the move's result.
 * Moves that are not worse (makespan, then overrun) are accepted; after {@link PATIENCE}
 * non-improving moves, restart from a perturbed copy of the best.
 */
function localSearch(run: Trajectory, unit: number): void {
  const n = run.g.n;
  if (n === 0 || run.best === undefined) return;
  const random = mulberry32(SEED);
  let current = run.best;
  let stale = 0;
  while (!run.done) {
    if (stale >= PATIENCE) {
      const key = (run.best as Candidate).key.map((value) => value + (random() * 2 - 1) * KICK_STEP * unit);
      current = run.evaluate('restart', key);
      stale = 0;
      continue;
    }
    const key = current.key.slice();
    const moves = 1 + Math.floor(random() * MOVE_SIZE);
    const moved: number[] = [];
    for (let k = 0; k < moves; k++) {
      const i = Math.floor(random() * n);
      key[i] = (key[i] as number) + (random() * 2 - 1) * MOVE_STEP * unit;
      if (!moved.includes(i)) moved.push(i);
    }
    let next = run.evaluate('perturbed', key, reorder(run.g, key, current.order, moved));
    if (!run.done) {
      const justified = run.justifyLast();
      if (better(justified, next)) next = justified;
    }
    if (!better(current, next)) {
      stale = better(next, current) ? 0 : stale + 1;
      current = next;
    } else {
      stale++;
    }
  }
}

function defaultBudget(g: CompiledGraph): number {
  return Math.max(1, Math.min(MAX_DEFAULT_CANDIDATES, Math.floor(DEFAULT_WORK / (g.n + g.edges + 1))));
}

/**
 * The whole deterministic trajectory, up to `limit` candidates. Candidate k never depends on the
 * limit, so a replay with `limit = k + 1` reproduces it (see {@link policyPriorities}).
 */
function trajectory(tasks: readonly ScheduleTask[], m: number, limit: number | undefined): Trajectory {
  const g = compileGraph(tasks);
  const run = new Trajectory(g, m, limit ?? defaultBudget(g));
  const b = run.b;
  let cp = 0;
  let total = 0;
  let anyCritical = false;
  for (let i = 0; i < g.n; i++) {
    cp = Math.max(cp, b[i] as number);
    total += g.est[i] as number;
    if (g.critical[i] === 1) anyCritical = true;
  }
  const unit = g.n > 0 && total > 0 ? total / g.n : 1;
  const ctx: RuleContext = { g, b, t: topLevels(g), cp, unit };
  for (const rule of PRIORITY_RULES) {
    if (run.done) return run;
    if (rule.needsCritical && !anyCritical) continue;
    run.evaluate(rule.name, rule.keys(ctx));
  }
  if (run.done || run.best === undefined) return run;
  justify(run, run.best);
  localSearch(run, unit);
  return run;
}

function toResult(tasks: readonly ScheduleTask[], run: Trajectory): SearchResult {
  const best = run.best as Candidate;
  const first = run.first as Candidate;
  return {
    policy: `${best.name}#${best.index}`,
    priority: new Map(tasks.map((task, i) => [task.id, best.key[i] as number])),
    makespan: best.makespan,
    baselineMakespan: first.makespan,
    lowerBound: run.bound,
    candidates: run.count,
  };
}

/**
 * Searches dispatch priorities for `dynamic` mode on `instances` interchangeable instances with
 * durations = estimates: plain b-level (HLFET), b-level with tie-breaks (most successors, longest,
 * shortest task; input order is the Scheduler's own last tie-break), successor-weighted b-level,
 * critical path with lookahead, the seed's wave order without barriers, longest path through the
 * task, critical-aware rules when there
 * are critical tasks (work leading to a critical task first, critical tasks last),
 * forward–backward improvement, then a seeded local search over the keys with restarts. Stops at
 * the lower bound. Returns the best (the first one found on ties). The kernel mirrors the
 * Scheduler exactly, so `new Scheduler(tasks, { instances: m, priority })` on a virtual clock
 * reproduces `makespan`. Placement (planned instances, roles) is not modelled: in non-strict
 * dynamic mode any free instance may run any task, so it does not change the timing.
 *
 * @example
 * ```ts
 * const { priority, makespan } = searchPolicy(tasks, { instances: 4 });
 * const scheduler = new Scheduler(tasks, { instances: pool, priority });
 * ```
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` (options or task shapes), `DUPLICATE_ID`,
 * `UNKNOWN_DEPENDENCY` or `CYCLE`.
 */
export function searchPolicy(tasks: readonly ScheduleTask[], options: SearchOptions): SearchResult {
  validateScheduleTasks(tasks);
  const checked = checkOptions(options);
  if (checked.mode === 'waves') {
    const g = compileGraph(tasks);
    const b = bottomLevels(g);
    const makespan = runSimulation({ tasks, instances: interchangeableInstances(checked.instances), mode: 'waves' }).makespanMinutes;
    return {
      policy: 'b-level#0',
      priority: new Map(tasks.map((task, i) => [task.id, b[i] as number])),
      makespan,
      baselineMakespan: makespan,
      lowerBound: makespanLowerBound(g, checked.instances, b, topLevels(g)),
      candidates: 1,
    };
  }
  return toResult(tasks, trajectory(tasks, checked.instances, checked.maxCandidates));
}

/**
 * Recomputes the priorities of a policy id returned by {@link searchPolicy} for the same tasks and
 * instance count (the search is deterministic, so it replays the trajectory up to that candidate).
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` when the id is malformed or does not name a
 * candidate of this search (other tasks or instance count), plus the errors of {@link searchPolicy}.
 */
export function policyPriorities(policy: string, tasks: readonly ScheduleTask[], options: Pick<SearchOptions, 'instances'>): ReadonlyMap<string, number> {
  if (typeof policy !== 'string') throw argument('policy', 'a policy id string', policy);
  const match = POLICY_ID.exec(policy);
  if (match === null) throw argument('policy', "a policy id like 'b-level#0'", policy);
  validateScheduleTasks(tasks);
  const checked = checkOptions(options);
  const index = Number(match[2]);
  const run = trajectory(tasks, checked.instances, index + 1);
  const best = run.best;
  if (best === undefined || best.index !== index || best.name !== match[1]) {
    throw new WavefrontError('INVALID_ARGUMENT', `policy ${JSON.stringify(policy)} is not a search result for these tasks on ${checked.instances} instance(s)`, {
      details: { field: 'policy', policy },
    });
  }
  return new Map(tasks.map((task, i) => [task.id, best.key[i] as number]));
}
