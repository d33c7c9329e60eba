/**
 * bench:overhead — orchestration overhead side by side on one 1,000-task no-op DAG: the wavefront
 * executor (built, from dist/), LangGraph.js (a StateGraph with the same nodes and edges; a node
 * with several dependencies waits for all of them) and p-graph, with the same concurrency. Tasks
 * do nothing, so the wall time of a run is the overhead. The executor runs twice: with its state
 * directory on the temp disk (as a user gets it: the run journal is fsync'd per record) and on
 * tmpfs (/dev/shm, where fsync is nearly free); plus its scheduling loop alone (the scheduler core
 * driving no-op promises exactly like the executor loop, no journal, no events). Writes the
 * "Overhead (bench:overhead)" section of docs/benchmarks.md. Run `npm run build` first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { PGraph, type DependencyList, type PGraphNodeRecord } from 'p-graph';
import { Orchestrator, plan, Scheduler, type TaskSpec } from '../../dist/index.js';
import { replaceSection } from '../shared/benchmarks-doc.js';

const N = Number(process.env['BENCH_TASKS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const CONCURRENCY = 8;

/** A seeded DAG: task i depends on 1–3 of the 40 tasks before it (the first task on none). */
function noopDag(n: number): TaskSpec[] {
  let state = 12345;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < n; i++) {
    const deps = new Set<string>();
    const count = i === 0 ? 0 : 1 + Math.floor(random() * 3);
    for (let k = 0; k < count; k++) deps.add(`t${Math.max(0, i - 1 - Math.floor(random() * Math.min(i, 40)))}`);
    tasks.push({ id: `t${i}`, title: `Task ${i}`, dependsOn: [...deps], estimateMinutes: 1 });
  }
  return tasks;
}

interface Timing {
  best: number;
  median: number;
}

async function time(run: () => Promise<void>): Promise<Timing> {
  await run();
  await run();
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0] as number, median: samples[Math.floor(samples.length / 2)] as number };
}

const tasks = noopDag(N);
const edges = tasks.reduce((sum, task) => sum + (task.dependsOn?.length ?? 0), 0);
const depth = (() => {
  const level = new Map<string, number>();
  for (const task of tasks) level.set(task.id, Math.max(0, ...(task.dependsOn ?? []).map((d) => (level.get(d) ?? 0) + 1)));
  return Math.max(...level.values()) + 1;
})();

// wavefront: the executor with a no-op adapter, git off, no approvals.
const thePlan = await plan({ tasks }, { maxInstances: CONCURRENCY });
let wavefrontTasks = 0;
async function executor(base: string, journal = true): Promise<Timing> {
  const cwd = mkdtempSync(join(base, 'wavefront-bench-overhead-'));
  try {
    return await time(async () => {
      const orchestrator = new Orchestrator({
        cwd,
        git: false,
        adapter: { name: 'noop', run: () => Promise.resolve({ ok: true }) },
        requireApproval: false,
        maxInstances: CONCURRENCY,
        journal,
      });
      let ended = 0;
      orchestrator.on('task:end', () => ended++);
      const result = await orchestrator.run(thePlan);
      if (result.status !== 'succeeded') throw new Error(`wavefront run ${result.status}`);
      wavefrontTasks = ended;
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
const wavefront = await executor(tmpdir());
const onTmpfs = existsSync('/dev/shm') ? await executor('/dev/shm') : undefined;
const noJournal = await executor(tmpdir(), false);

// The executor's scheduling loop alone: dispatch, start no-op promises, race, finish, repeat.
const scheduleTasks = thePlan.tasks.map((task) => ({ id: task.id, dependsOn: task.dependsOn, estimate: task.estimateMinutes, critical: task.critical, wave: task.wave, instance: task.instance, role: task.role }));
const pool = thePlan.instances.map((instance) => ({ id: instance.id, role: instance.role }));
const core = await time(async () => {
  const scheduler = new Scheduler(scheduleTasks, { instances: pool });
  const inflight = new Map<string, Promise<string>>();
  for (;;) {
    for (const started of scheduler.dispatch()) inflight.set(started.taskId, Promise.resolve({ ok: true }).then(() => started.taskId));
    if (inflight.size === 0) break;
    const done = await Promise.race(inflight.values());
    inflight.delete(done);
    scheduler.finish(done, 'succeeded');
  }
  if (scheduler.counts().succeeded !== scheduleTasks.length) throw new Error('scheduler loop did not finish every task');
});

// p-graph: the same nodes and edges.
const nodes: PGraphNodeRecord = {};
for (const task of tasks) nodes[task.id] = { run: () => Promise.resolve() };
const dependencies: DependencyList = tasks.flatMap((task) => (task.dependsOn ?? []).map((dep): [string, string] => [dep, task.id]));
let pgraphTasks = 0;
const pgraph = await time(async () => {
  let ran = 0;
  await new PGraph(nodes, dependencies).run({ concurrency: CONCURRENCY, run: () => (ran++, Promise.resolve()) });
  pgraphTasks = ran;
});

// LangGraph.js: a StateGraph with the same nodes and edges; several dependencies = one waiting edge.
const State = Annotation.Root({ ran: Annotation<number>({ reducer: (a: number, b: number) => a + b, default: () => 0 }) });
const dependents = new Set(tasks.flatMap((task) => task.dependsOn ?? []));
const builder = new StateGraph(State);
for (const task of tasks) builder.addNode(task.id, () => ({ ran: 1 }));
const graph = builder as unknown as {
  addEdge(from: string | string[], to: string): unknown;
  compile(): { invoke(input: object, config: object): Promise<{ ran: number }> };
};
for (const task of tasks) {
  const deps = task.dependsOn ?? [];
  if (deps.length === 0) graph.addEdge(START, task.id);
  else graph.addEdge(deps.length === 1 ? (deps[0] as string) : [...deps], task.id);
  if (!dependents.has(task.id)) graph.addEdge(task.id, END);
}
const compileStarted = performance.now();
const compiled = graph.compile();
const compileMs = performance.now() - compileStarted;
let langgraphTasks = 0;
const langgraph = await time(async () => {
  const state = await compiled.invoke({}, { recursionLimit: depth + 10, maxConcurrency: CONCURRENCY });
  langgraphTasks = state.ran;
});

if (pgraphTasks !== N || langgraphTasks !== N) throw new Error(`not every task ran: p-graph ${pgraphTasks}, LangGraph ${langgraphTasks} of ${N}`);

const perTask = (ms: number, count: number): string => `${((ms * 1000) / count).toFixed(1)} µs`;
const vsLangGraph = langgraph.best / wavefront.best;
const vsPGraph = wavefront.best / pgraph.best;
const ratios = (t: Timing): string => `LangGraph / this ${(langgraph.best / t.best).toFixed(1)}×, this / p-graph ${(t.best / pgraph.best).toFixed(2)}×`;
const lines = [
  `Machine: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} (shared, noisy). One DAG of ${N} no-op tasks, ${edges} edges, depth ${depth}; concurrency ${CONCURRENCY} everywhere; 2 warm-up runs, then best and median of ${ROUNDS}. The task bodies do nothing, so the time is the orchestration overhead.`,
  '',
  '| runner | best | median | per task (best) |',
  '|---|---|---|---|',
  `| wavefront \`Orchestrator.run\` (dist; git off; journal on the temp disk, fsync'd; ${wavefrontTasks} tasks incl. backup and commit steps) | ${wavefront.best.toFixed(1)} ms | ${wavefront.median.toFixed(1)} ms | ${perTask(wavefront.best, wavefrontTasks)} |`,
  ...(onTmpfs === undefined
    ? []
    : [`| wavefront \`Orchestrator.run\`, state directory on tmpfs (/dev/shm) | ${onTmpfs.best.toFixed(1)} ms | ${onTmpfs.median.toFixed(1)} ms | ${perTask(onTmpfs.best, wavefrontTasks)} |`]),
  `| wavefront \`Orchestrator.run\` with \`journal: false\` (no durable journal, no checkpoint files; events, retries, approvals as usual) | ${noJournal.best.toFixed(1)} ms | ${noJournal.median.toFixed(1)} ms | ${perTask(noJournal.best, wavefrontTasks)} |`,
  `| wavefront scheduling loop alone (\`Scheduler\` dispatch / finish driving no-op promises like the executor loop; no journal, no events) | ${core.best.toFixed(1)} ms | ${core.median.toFixed(1)} ms | ${perTask(core.best, scheduleTasks.length)} |`,
  `| LangGraph.js ${'`StateGraph.invoke`'} (same nodes and edges, multi-dependency nodes on waiting edges; compile ${compileMs.toFixed(0)} ms not counted) | ${langgraph.best.toFixed(1)} ms | ${langgraph.median.toFixed(1)} ms | ${perTask(langgraph.best, N)} |`,
  `| p-graph \`PGraph.run\` | ${pgraph.best.toFixed(1)} ms | ${pgraph.median.toFixed(1)} ms | ${perTask(pgraph.best, N)} |`,
  '',
  `- LangGraph.js / wavefront executor: **${vsLangGraph.toFixed(1)}×** (target ≥ 10×): ${vsLangGraph >= 10 ? 'met' : '**MISSED**'}.`,
  `- wavefront executor / p-graph: **${vsPGraph.toFixed(2)}×** (target ≤ 3×): ${vsPGraph <= 3 ? 'met' : '**MISSED**'}.`,
  ...(onTmpfs === undefined ? [] : [`- executor with its state on tmpfs: ${ratios(onTmpfs)}.`]),
  `- executor with \`journal: false\`: ${ratios(noJournal)}.`,
  `- scheduling loop alone: ${ratios(core)}.`,
  '',
  'LangGraph and p-graph are dev dependencies used by this bench only. Plan building (`plan()`) and the LangGraph compile step are outside the timed region; the wavefront run includes building its scheduler.',
  'The gap between the executor rows and the scheduling loop is the executor around the scheduler: its durable run journal (a record appended and fsync\'d before each task:start / task:end event, a checkpoint file per finished task) and event emission.',
];
console.log(lines.join('\n'));
await replaceSection('Overhead (bench:overhead)', lines.join('\n'));
