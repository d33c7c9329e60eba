/**
 * `npm run bench:plan`: planning speed on random DAGs of 1k / 10k / 100k tasks.
 *
 * Times, best of N runs: `plan({ tasks })` (the whole pipeline: validation, critical detection,
 * guards, waves, allocation, estimates), `buildDag` and `generateWaves` alone, a literal port of
 * the seed's `generate_waves`, and graphology-dag's `topologicalGenerations` on a prebuilt
 * graphology graph. Prints a markdown table and writes it to docs/benchmarks.md.
 *
 * Environment: BENCH_PLAN_SIZES=1000,10000 to pick sizes; BENCH_PLAN_SEED_BUDGET_S (default 120)
 * caps one run of the seed port (beyond it the time is extrapolated from the rounds done).
 * @module
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DirectedGraph } from 'graphology';
import { topologicalGenerations } from 'graphology-dag';
import { buildDag } from '../../src/graph/build-dag.js';
import type { TaskSpec } from '../../src/model/task.js';
import { plan } from '../../src/plan/plan.js';
import { generateWaves } from '../../src/waves/generate-waves.js';
import { randomDag } from './random-dag.js';
import { writeSection } from './report.js';
import { SeedBudgetExceeded, seedGenerateWaves } from './seed-generate-waves.js';
import { planStages, type Stage } from './stages.js';
import { bestOf, formatMs, formatRatio } from './timing.js';

const SIZES = (process.env['BENCH_PLAN_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
const RUNS: Readonly<Record<number, number>> = { 1000: 7, 10000: 5, 100000: 3 };
const SEED_BUDGET_MS = Number(process.env['BENCH_PLAN_SEED_BUDGET_S'] ?? 120) * 1000;
const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'benchmarks.md');

interface Row {
  readonly size: number;
  readonly edges: number;
  readonly generations: number;
  readonly waves: number;
  readonly runs: number;
  readonly plan: number;
  readonly buildDag: number;
  readonly generateWaves: number;
  readonly dagAndWaves: number;
  readonly seed: number;
  readonly seedEstimated: boolean;
  readonly graphologyBuild: number;
  readonly graphologyGenerations: number;
}

const isFlagged = (task: TaskSpec): boolean => task.critical === true;

function graphologyGraph(tasks: readonly TaskSpec[]): DirectedGraph {
  const graph = new DirectedGraph();
  for (const task of tasks) graph.addNode(task.id);
  for (const task of tasks) for (const dep of task.dependsOn ?? []) graph.addDirectedEdge(dep, task.id);
  return graph;
}

/** Runs the seed port once within the budget; extrapolates from the rounds done when it stops. */
function timeSeed(tasks: readonly TaskSpec[], generations: number): { ms: number; estimated: boolean; waves: string[][] | undefined } {
  const ids = tasks.map((task) => task.id);
  const dependencies = new Map(tasks.map((task) => [task.id, task.dependsOn ?? []]));
  const critical = new Set(tasks.filter(isFlagged).map((task) => task.id));
  const start = performance.now();
  try {
    const waves = seedGenerateWaves(ids, dependencies, (id) => critical.has(id), { deadline: start + SEED_BUDGET_MS });
    return { ms: performance.now() - start, estimated: false, waves: waves.map((wave) => [...wave.tasks]) };
  } catch (error) {
    if (!(error instanceof SeedBudgetExceeded) || error.rounds === 0) throw error;
    const elapsed = performance.now() - start;
    return { ms: (elapsed / error.rounds) * generations, estimated: true, waves: undefined };
  }
}

async function measure(size: number): Promise<Row> {
  const runs = RUNS[size] ?? (size >= 100_000 ? 3 : 5);
  const tasks = randomDag({ size });
  const edges = tasks.reduce((sum, task) => sum + (task.dependsOn ?? []).length, 0);
  const graph = buildDag(tasks);
  const generations = graph.generations().length;

  const planned = await bestOf(runs, () => plan({ tasks }));
  const dag = await bestOf(runs, () => buildDag(tasks));
  const waves = await bestOf(runs, () => generateWaves(graph, { isCritical: isFlagged }));
  const both = await bestOf(runs, () => generateWaves(buildDag(tasks), { isCritical: isFlagged }));
  const gBuild = await bestOf(Math.min(runs, 3), () => graphologyGraph(tasks));
  const gGenerations = await bestOf(runs, () => topologicalGenerations(gBuild.result));
  if (gGenerations.result.length !== generations) throw new Error(`graphology found ${gGenerations.result.length} generations, buildDag ${generations}`);

  const seedRuns = size <= 10_000 ? 3 : 1;
  let seed = timeSeed(tasks, generations);
  for (let i = 1; i < seedRuns && !seed.estimated; i++) {
    const again = timeSeed(tasks, generations);
    if (again.ms < seed.ms) seed = again;
  }
  if (seed.waves && JSON.stringify(seed.waves) !== JSON.stringify(waves.result.map((wave) => wave.taskIds))) {
    throw new Error(`the seed port and generateWaves disagree at ${size} tasks`);
  }
  if (planned.result.tasks.length < size) throw new Error('plan() lost tasks');

  return {
    size,
    edges,
    generations,
    waves: waves.result.length,
    runs,
    plan: planned.ms,
    buildDag: dag.ms,
    generateWaves: waves.ms,
    dagAndWaves: both.ms,
    seed: seed.ms,
    seedEstimated: seed.estimated,
    graphologyBuild: gBuild.ms,
    graphologyGenerations: gGenerations.ms,
  };
}

function table(rows: readonly Row[]): string {
  const header =
    '| tasks | deps | generations | waves | runs | `plan({ tasks })` | `buildDag` | `generateWaves` | `buildDag` + `generateWaves` | seed `generate_waves` | seed ÷ (`buildDag` + `generateWaves`) | graphology build | `topologicalGenerations` |';
  const rule = `|${header.split('|').slice(1, -1).map(() => '---').join('|')}|`;
  const lines = rows.map((row) =>
    [
      row.size.toLocaleString('en-US'),
      row.edges.toLocaleString('en-US'),
      row.generations.toLocaleString('en-US'),
      row.waves.toLocaleString('en-US'),
      String(row.runs),
      formatMs(row.plan),
      formatMs(row.buildDag),
      formatMs(row.generateWaves),
      formatMs(row.dagAndWaves),
      `${row.seedEstimated ? '≈ ' : ''}${formatMs(row.seed)}${row.seedEstimated ? ' (est.)' : ''}`,
      formatRatio(row.seed / row.dagAndWaves),
      formatMs(row.graphologyBuild),
      formatMs(row.graphologyGenerations),
    ].join(' | '),
  );
  return [header, rule, ...lines.map((line) => `| ${line} |`)].join('\n');
}

function stageTable(size: number, breakdown: { total: number; stages: readonly Stage[] }): string {
  const lines = breakdown.stages.map((stage) => `| ${stage.name} | ${formatMs(stage.ms)} | ${((stage.ms / breakdown.total) * 100).toFixed(0)} % |`);
  return [
    `Where \`plan({ tasks })\` spends its time at ${size.toLocaleString('en-US')} tasks (total ${formatMs(breakdown.total)}; each stage re-run alone on the same input, best of the same runs; the rest is guard insertion, the backup/commit tasks, the planned-task records and garbage collection):`,
    '',
    '| stage | time | share of `plan()` |',
    '|---|---|---|',
    ...lines,
  ].join('\n');
}

function verdicts(rows: readonly Row[]): string[] {
  const at = (size: number): Row | undefined => rows.find((row) => row.size === size);
  const out: string[] = [];
  const big = at(100_000);
  const mid = at(10_000);
  if (big) out.push(`- 100k tasks planned by \`plan({ tasks })\` in ${formatMs(big.plan)}: target < 2 s ${big.plan < 2000 ? 'met' : 'MISSED'}.`);
  if (big && mid) {
    const ratio = big.plan / mid.plan;
    out.push(`- \`plan()\` 100k ÷ 10k = ${formatRatio(ratio)}: target ≤ 15× ${ratio <= 15 ? 'met' : 'MISSED'}.`);
  }
  const from10k = rows.filter((row) => row.size >= 10_000);
  if (from10k.length > 0) {
    const wavesFaster = from10k.every((row) => row.dagAndWaves < row.seed);
    const planFaster = from10k.every((row) => row.plan < row.seed);
    const detail = from10k.map((row) => `${row.size.toLocaleString('en-US')}: ${formatRatio(row.seed / row.dagAndWaves)} and ${formatRatio(row.seed / row.plan)}`).join('; ');
    out.push(
      `- Faster than the seed algorithm from 10k up: \`buildDag\` + \`generateWaves\` ${wavesFaster ? 'yes' : 'NO'}; the whole \`plan()\` pipeline ${planFaster ? 'yes' : 'NO'} (seed time ÷ ours, grouping alone and whole pipeline, ${detail}).`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `Node ${process.version}, ${cpu} (${cpus().length} logical CPUs), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`;
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
  console.error(`bench:plan on ${machine}; load average ${load}`);
  const rows: Row[] = [];
  for (const size of SIZES) {
    console.error(`  ${size} tasks...`);
    rows.push(await measure(size));
  }
  const largest = Math.max(...SIZES);
  console.error(`  stages of plan() at ${largest} tasks...`);
  const breakdown = await planStages(randomDag({ size: largest }), RUNS[largest] ?? 3);
  const body = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; 1/5/15-minute load average at start ${load} (a shared machine: other processes may have been running).`,
    '',
    'Input: random DAGs (deterministic seed 42) where each task depends on 5 earlier tasks (fewer for the first five), 60 % among the previous 20 tasks and 40 % anywhere earlier, so the depth grows with the size; 0.1 % of the tasks are flagged `critical`; titles are neutral ("Implement module 42"), so the critical rules run on every task but fire on none.',
    '',
    table(rows),
    '',
    ...verdicts(rows),
    '',
    stageTable(largest, breakdown),
    '',
    'Columns: best wall time of *runs* runs (the seed port and the graphology build run fewer times). `plan({ tasks })` is the whole pure pipeline: validation, critical detection on every task, guard insertion, wave-0 backup and final commit, waves, instance allocation, critical path and the makespan simulation. `generateWaves` runs on a prebuilt `TaskGraph` with the `critical` flag as the rule (like the seed port\'s `is_critical`); `buildDag` + `generateWaves` starts from the `TaskSpec[]`. The seed column is a literal port of the seed\'s python `generate_waves` (bench/plan/seed-generate-waves.ts), which rescans every task once per generation; "≈ … (est.)" means it was stopped after a time budget and the full time extrapolated from the rounds it finished. The seed port\'s waves are checked to equal `generateWaves`\'s wherever it ran to the end. graphology-dag\'s `topologicalGenerations` runs on a graphology `DirectedGraph` built beforehand (build time in its own column).',
  ].join('\n');
  console.log(body);
  await writeSection(DOCS, '## Planning (bench:plan)', body);
  console.error(`\nwrote ${DOCS}`);
}

await main();
