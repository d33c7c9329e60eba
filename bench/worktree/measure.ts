/**
 * One timed bench:worktree run: a fresh repository, the Orchestrator on the plan, the wall time and
 * the per-task phases read from the events and the adapter's timestamps.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { Orchestrator } from '../../src/execute/orchestrator.js';
import { toIntegrationGate } from '../../src/execute/integration-gate.js';
import type { IntegrationGate } from '../../src/git/integrate.js';
import type { Plan } from '../../src/model/plan.js';
import { fileWriter, makeRepo, type AdapterTimes } from './fixture.js';

/** One column of the comparison. */
export interface Variant {
  readonly label: string;
  readonly isolation: 'shared' | 'worktree';
  readonly journal: boolean;
  /** An argv gate; the bench passes the function the orchestrator builds from it, timed. */
  readonly gate?: readonly string[] | undefined;
}

/** Means over the run's work tasks, in ms (worktree runs; zero for shared ones). */
export interface Phases {
  /** task:start → adapter called: the instance worktree created or reset to the integration head. */
  readonly prepare: number;
  /** adapter returned → `integration` event: commit on the instance branch, wait for the merge lane, merge, gate. */
  readonly integrate: number;
  /**
   * The merge lane's time for the task: its `integration` event minus the later of its adapter's
   * return and the previous `integration` event (merges are serialised). Merge, gate and the
   * `integrated` journal record, plus the task's commit where the lane was idle meanwhile.
   */
  readonly lane: number;
  /** `integration` event → task:end: journal records and bookkeeping. */
  readonly finish: number;
  /** task:start → task:end. */
  readonly span: number;
}

/** What one run measured. */
export interface Sample {
  readonly wallMs: number;
  /** run:start → first task:start plus last task:end → run:end: snapshot, base commit, final commit, cleanup. */
  readonly fixedMs: number;
  readonly merges: number;
  /** Mean time of one gate call (the argv process), ms; 0 without a gate. */
  readonly gateMs: number;
  /** Sum of the tasks' merge-lane times over the time from the first task:start to the last task:end. */
  readonly laneShare: number;
  readonly phases: Phases;
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** Runs `plan` once with `variant` in a fresh repository and checks that every task's file was committed. */
export async function measure(plan: Plan, variant: Variant, instances: number): Promise<Sample> {
  const repo = makeRepo();
  try {
    const times: AdapterTimes = new Map();
    const gateMs: number[] = [];
    const orchestrator = new Orchestrator({
      cwd: repo.dir,
      adapter: fileWriter(times),
      maxInstances: instances,
      isolation: variant.isolation,
      journal: variant.journal,
      integrationGate: timedGate(variant.gate, gateMs),
      requireApproval: false,
      replan: false,
      retries: 0,
    });
    const started = new Map<string, number>();
    const ended = new Map<string, number>();
    const integrated = new Map<string, number>();
    let runStart = 0;
    let runEnd = 0;
    orchestrator.on('run:start', (e) => (runStart = e.at));
    orchestrator.on('run:end', (e) => (runEnd = e.at));
    orchestrator.on('task:start', (e) => started.set(e.taskId, e.at));
    orchestrator.on('task:end', (e) => ended.set(e.taskId, e.at));
    const notMerged: string[] = [];
    orchestrator.on('integration', (e) => {
      if (e.status === 'merged') integrated.set(e.taskId, e.at);
      else notMerged.push(`${e.taskId}: ${e.status}`); // a throw here would only be reported as a listener error
    });

    const t0 = performance.now();
    const result = await orchestrator.run(plan);
    const wallMs = performance.now() - t0;

    if (notMerged.length > 0) throw new Error(`bench: ${variant.label}: not every task merged cleanly (${notMerged.join(', ')})`);
    if (result.status !== 'succeeded') throw new Error(`bench: ${variant.label} run ${result.status}: ${result.error?.message ?? ''}`);
    const work = plan.tasks.filter((task) => task.kind === 'work').map((task) => task.id);
    const committed = execFileSync('git', ['ls-tree', '--name-only', 'HEAD', 'out/'], { cwd: repo.dir, encoding: 'utf8' }).split('\n').filter(Boolean);
    if (committed.length !== work.length) throw new Error(`bench: ${variant.label} committed ${committed.length} of ${work.length} files`);
    const worktrees = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: repo.dir, encoding: 'utf8' }).split('\n').filter((l) => l.startsWith('worktree '));
    if (worktrees.length !== 1) throw new Error(`bench: ${variant.label} left ${worktrees.length - 1} worktrees behind`);

    const at = (map: Map<string, number>, id: string): number => map.get(id) ?? Number.NaN;
    const worktree = variant.isolation === 'worktree';
    const phase = (f: (id: string) => number): number => (worktree ? mean(work.map(f)) : 0);
    const starts = work.map((id) => at(started, id));
    const ends = work.map((id) => at(ended, id));
    const lane = new Map<string, number>();
    let previous = -Infinity;
    for (const [id, mergedAt] of integrated) {
      // Map order is emission order, which is merge order
      lane.set(id, mergedAt - Math.max(times.get(id)?.returned ?? Number.NaN, previous));
      previous = mergedAt;
    }
    const laneTotal = [...lane.values()].reduce((a, b) => a + b, 0);
    return {
      wallMs,
      fixedMs: Math.min(...starts) - runStart + (runEnd - Math.max(...ends)),
      merges: integrated.size,
      gateMs: mean(gateMs),
      laneShare: worktree ? laneTotal / (Math.max(...ends) - Math.min(...starts)) : 0,
      phases: {
        prepare: phase((id) => (times.get(id)?.called ?? Number.NaN) - at(started, id)),
        integrate: phase((id) => at(integrated, id) - (times.get(id)?.returned ?? Number.NaN)),
        lane: phase((id) => lane.get(id) ?? Number.NaN),
        finish: phase((id) => at(ended, id) - at(integrated, id)),
        span: mean(work.map((id) => at(ended, id) - at(started, id))),
      },
    };
  } finally {
    repo.remove();
  }
}

/**
 * The gate the orchestrator itself builds from an argv option (`toIntegrationGate`), wrapped to
 * record how long each call takes; the run behaves exactly as with `integrationGate: argv`.
 */
function timedGate(argv: readonly string[] | undefined, into: number[]): IntegrationGate | undefined {
  const gate = toIntegrationGate(argv, new AbortController().signal);
  if (gate === undefined) return undefined;
  return async (cwd) => {
    const started = performance.now();
    try {
      return await gate(cwd);
    } finally {
      into.push(performance.now() - started);
    }
  };
}
