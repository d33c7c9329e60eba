/**
 * bench:schedule — schedule quality on the Kasahara STG set (../shared/bench-data/stg, read in
 * place) and on generated agent-like plans with critical tasks: `waves`, plain FIFO, plain
 * critical-path list scheduling (HLFET) and our `dynamic` (`simulate()` with the plan-time search).
 * Every dynamic schedule is re-checked by an independent feasibility checker. Writes the
 * "Schedule quality (bench:schedule)" section of docs/benchmarks.md.
 */
import { cpus } from 'node:os';
import type { TaskSpec } from '../../src/model/task.js';
import { searchPolicy, simulate } from '../../src/schedule/index.js';
import { fromTaskSpecs } from '../../src/schedule/simulate-input.js';
import { replaceSection } from '../shared/benchmarks-doc.js';
import { agentPlan } from './agent-plans.js';
import { benchTasks, fifoSchedule, hlfetSchedule, lowerBound, makespanOf, scheduleProblems, type BenchTask } from './baselines.js';
import { loadOptima, loadStg, STG_DIR, STG_GRAPHS, STG_SIZES, stgName } from './stg.js';

const MS = [2, 4, 8, 16] as const;
const AGENT_PLANS = Number(process.env['BENCH_AGENT_PLANS'] ?? 300);
const GRAPHS = Number(process.env['BENCH_STG_GRAPHS'] ?? STG_GRAPHS);

/** Mean and max of ratios. */
class Ratio {
  sum = 0;
  max = 0;
  count = 0;
  add(value: number): void {
    this.sum += value;
    this.max = Math.max(this.max, value);
    this.count++;
  }
  get mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }
  cell(): string {
    return `${this.mean.toFixed(4)} (${this.max.toFixed(3)})`;
  }
}

interface Row {
  waves: Ratio;
  fifo: Ratio;
  hlfet: Ratio;
  dynamic: Ratio;
  /** 300-task graphs: dynamic against the search's stronger (heads-and-tails) bound. */
  dynamicStrong: Ratio;
  hlfetHits: number;
  dynamicHits: number;
  proven: number;
  searchMs: number[];
  candidates: number;
  dynamicBeatsWaves: number;
  dynamicWorseThanWaves: number;
  dynamicAtMostHlfet: number;
  instances: number;
}

function newRow(): Row {
  return {
    waves: new Ratio(),
    fifo: new Ratio(),
    hlfet: new Ratio(),
    dynamic: new Ratio(),
    dynamicStrong: new Ratio(),
    hlfetHits: 0,
    dynamicHits: 0,
    proven: 0,
    searchMs: [],
    candidates: 0,
    dynamicBeatsWaves: 0,
    dynamicWorseThanWaves: 0,
    dynamicAtMostHlfet: 0,
    instances: 0,
  };
}

let problems = 0;
let mismatches = 0;

/** Runs every policy on one instance; returns the makespans. */
function measure(specs: readonly TaskSpec[], tasks: readonly BenchTask[], m: number, row: Row): { waves: number; fifo: number; hlfet: number; dynamic: number; bound: number } {
  const waves = simulate(specs, { instances: m, mode: 'waves' }).makespanMinutes;
  const fifo = makespanOf(fifoSchedule(tasks, m));
  const hlfet = makespanOf(hlfetSchedule(tasks, m));
  const input = fromTaskSpecs(specs, { instances: m });
  const started = performance.now();
  const search = searchPolicy(input.tasks, { instances: m });
  row.searchMs.push(performance.now() - started);
  row.candidates += search.candidates;
  const result = simulate(specs, { instances: m });
  if (result.makespanMinutes !== search.makespan) mismatches++;
  const found = scheduleProblems(
    tasks,
    m,
    result.timeline.map((entry) => ({ id: entry.taskId, start: entry.start, end: entry.end })),
  );
  if (found.length > 0) {
    problems += found.length;
    console.error(`infeasible dynamic schedule (m=${m}): ${found.slice(0, 3).join('; ')}`);
  }
  row.instances++;
  if (result.makespanMinutes < waves) row.dynamicBeatsWaves++;
  if (result.makespanMinutes > waves) row.dynamicWorseThanWaves++;
  if (result.makespanMinutes <= hlfet) row.dynamicAtMostHlfet++;
  return { waves, fifo, hlfet, dynamic: result.makespanMinutes, bound: search.lowerBound };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

function warmUp(): void {
  for (let k = 0; k < 5; k++) searchPolicy(fromTaskSpecs(loadStg(100, stgName(k)), { instances: 4 }).tasks, { instances: 4 });
}

function stgRows(): Map<string, Row> {
  const optima = loadOptima();
  const rows = new Map<string, Row>();
  for (const size of STG_SIZES) {
    for (const m of MS) {
      const row = newRow();
      rows.set(`${size}/${m}`, row);
      for (let k = 0; k < GRAPHS; k++) {
        const name = stgName(k);
        const specs = loadStg(size, name);
        const tasks = benchTasks(specs);
        const got = measure(specs, tasks, m, row);
        const optimum = optima.get(`${size}/${name}/${m}`);
        if (size === 300) {
          const lb = Math.ceil(lowerBound(tasks, m) - 1e-9);
          for (const key of ['waves', 'fifo', 'hlfet', 'dynamic'] as const) row[key].add(got[key] / lb);
          row.dynamicStrong.add(got.dynamic / got.bound);
          continue;
        }
        if (optimum === undefined) throw new Error(`no optimum for ${size}/${name}/m=${m}`);
        if (got.dynamic < optimum.lower) throw new Error(`${size}/${name}/m=${m}: makespan ${got.dynamic} below the proven lower bound ${optimum.lower}`);
        if (!optimum.proven) continue;
        row.proven++;
        for (const key of ['waves', 'fifo', 'hlfet', 'dynamic'] as const) row[key].add(got[key] / optimum.best);
        if (got.hlfet === optimum.best) row.hlfetHits++;
        if (got.dynamic === optimum.best) row.dynamicHits++;
      }
      console.error(`stg ${size} m=${m}: dynamic ${row.dynamic.mean.toFixed(5)}, hits ${row.dynamicHits}/${row.proven}`);
    }
  }
  return rows;
}

function agentRows(): Map<number, Row> {
  const rows = new Map<number, Row>();
  for (const m of MS) {
    const row = newRow();
    rows.set(m, row);
    for (let seed = 0; seed < AGENT_PLANS; seed++) {
      const specs = agentPlan(seed);
      const tasks = benchTasks(specs);
      const got = measure(specs, tasks, m, row);
      const lb = lowerBound(tasks, m);
      for (const key of ['waves', 'fifo', 'hlfet', 'dynamic'] as const) row[key].add(got[key] / lb);
    }
    console.error(`agent m=${m}: dynamic ${row.dynamic.mean.toFixed(4)} waves ${row.waves.mean.toFixed(4)} hlfet ${row.hlfet.mean.toFixed(4)}`);
  }
  return rows;
}

function pct(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  warmUp();
  const stg = stgRows();
  const agents = agentRows();
  const seconds = (performance.now() - startedAt) / 1000;

  const lines: string[] = [];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  lines.push(
    `Machine: Node ${process.version}, ${cpu} × ${cpus().length}; whole run ${seconds.toFixed(0)} s. Simulated durations = estimates, zero overhead. ` +
      `Data: Kasahara STG set read in place from \`../shared/bench-data/stg\` (${GRAPHS} graphs per size), m = ${MS.join(', ')}.`,
    '',
    'Policies: **waves** = `simulate({ mode: \'waves\' })` (seed barriers); **FIFO** = plain dynamic dispatch in ready order; ' +
      '**HLFET** = plain critical-path list scheduling (highest b-level first); **dynamic** = `simulate()` (default: the plan-time `searchPolicy()` priorities driving the scheduler core). ' +
      'FIFO and HLFET are independent implementations in `bench/schedule/baselines.ts`. Cells: mean (max).',
    '',
    '### STG: makespan / proven optimum (50, 100 tasks) and makespan / lower bound (300 tasks)',
    '',
    '| graphs | m | reference | waves | FIFO | HLFET | dynamic | optimum hit: HLFET → dynamic | search ms mean / p99 / max | candidates (mean) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const size of STG_SIZES) {
    for (const m of MS) {
      const row = stg.get(`${size}/${m}`) as Row;
      const reference = size === 300 ? 'max(CP, ⌈Σ/m⌉)' : `optimum (${row.proven} proven)`;
      const hits = size === 300 ? '—' : `${pct(row.hlfetHits, row.proven)} → **${pct(row.dynamicHits, row.proven)}**`;
      const search = `${ms(row.searchMs.reduce((a, b) => a + b, 0) / row.searchMs.length)} / ${ms(percentile(row.searchMs, 0.99))} / ${ms(Math.max(...row.searchMs))}`;
      lines.push(
        `| ${size} | ${m} | ${reference} | ${row.waves.cell()} | ${row.fifo.cell()} | ${row.hlfet.cell()} | **${row.dynamic.cell()}** | ${hits} | ${search} | ${(row.candidates / row.instances).toFixed(0)} |`,
      );
    }
  }
  lines.push('');
  const verdicts: string[] = [];
  const check = (ok: boolean, text: string): void => {
    verdicts.push(`- ${ok ? 'met' : '**MISSED**'}: ${text}`);
  };
  for (const m of MS) {
    let sum = 0;
    let count = 0;
    let hits = 0;
    for (const size of [50, 100]) {
      const row = stg.get(`${size}/${m}`) as Row;
      sum += row.dynamic.sum;
      count += row.dynamic.count;
      hits += row.dynamicHits;
    }
    check(sum / count <= 1.001 && hits / count >= 0.95, `m = ${m}: 50 + 100 tasks mean makespan / optimum ${(sum / count).toFixed(5)} (target ≤ 1.001), optimum hit ${pct(hits, count)} of ${count} proven (target ≥ 95 %)`);
  }
  const search100 = MS.flatMap((m) => (stg.get(`100/${m}`) as Row).searchMs);
  check(Math.max(...search100) < 100, `plan-time search on the 100-task graphs: max ${ms(Math.max(...search100))} ms, p99 ${ms(percentile(search100, 0.99))} ms over ${search100.length} runs (target < 100 ms)`);
  for (const m of MS) {
    const row = stg.get(`300/${m}`) as Row;
    check(
      row.dynamic.mean <= 1.003,
      `300 tasks, m = ${m}: mean makespan / max(CP, ⌈Σ/m⌉) ${row.dynamic.mean.toFixed(5)} (target ≤ 1.003); against the stronger heads-and-tails bound of the search ${row.dynamicStrong.mean.toFixed(5)}`,
    );
  }
  lines.push('Targets:', '', ...verdicts, '');
  lines.push(
    'The 300-task bound max(CP, ⌈Σ/m⌉) is not the optimum: the search also computes the heads-and-tails bound (max over a, q of a + q + W(a, q)/m for the tasks that cannot start before a and are followed by a chain of at least q), which is itself higher than max(CP, ⌈Σ/m⌉) on several graphs at m = 4 and 8; the second ratio above is against that bound.',
    '',
    `### Agent-like plans with critical tasks: makespan / lower bound`,
    '',
    `${AGENT_PLANS} generated plans (\`bench/schedule/agent-plans.ts\`: layered fan-out / fan-in stages, cross-stage edges, log-normal estimates of median 6 min clipped to 1–240 min, 0–4 % critical tasks; 5–80 tasks). ` +
      'Lower bound = max(critical path, Σ critical estimates + Σ other estimates / m). Critical tasks run alone in every policy (FIFO and HLFET: a critical task at the head of the queue holds every start until the pool has drained).',
    '',
    '| m | waves | FIFO | HLFET (exclusive critical) | dynamic | dynamic < waves | dynamic > waves | dynamic ≤ HLFET | search ms mean / max |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const m of MS) {
    const row = agents.get(m) as Row;
    lines.push(
      `| ${m} | ${row.waves.cell()} | ${row.fifo.cell()} | ${row.hlfet.cell()} | **${row.dynamic.cell()}** | ${row.dynamicBeatsWaves} / ${row.instances} | ${row.dynamicWorseThanWaves} / ${row.instances} | ${row.dynamicAtMostHlfet} / ${row.instances} | ${ms(row.searchMs.reduce((a, b) => a + b, 0) / row.searchMs.length)} / ${ms(Math.max(...row.searchMs))} |`,
    );
  }
  lines.push('');
  const agentVerdicts: string[] = [];
  for (const m of MS) {
    const row = agents.get(m) as Row;
    agentVerdicts.push(
      `- m = ${m}: dynamic ${row.dynamic.mean.toFixed(4)} vs waves ${row.waves.mean.toFixed(4)} (${row.dynamic.mean < row.waves.mean ? 'better' : '**NOT better**'}) and vs HLFET ${row.hlfet.mean.toFixed(4)} (${row.dynamic.mean < row.hlfet.mean ? 'better' : '**NOT better**'})`,
    );
  }
  lines.push(...agentVerdicts, '');
  lines.push(
    'Where dynamic is not shorter than waves, both usually reach the critical path. A barrier schedule can occasionally be shorter: it idles instances on purpose (a long task is not started before a later critical task), which a sound policy may not do unless a critical task is already waiting.',
    '',
  );
  lines.push(
    `Checks in this run: every dynamic schedule re-checked by the independent checker (dependencies, ≤ m at a time, nothing beside a critical task): ${problems} problem(s); ` +
      `search makespan = \`simulate()\` makespan (kernel and scheduler core agree) in every instance: ${mismatches === 0 ? 'yes' : `no (${mismatches} mismatches)`}.`,
    '',
    'What dynamic does (src/schedule): non-delay list scheduling by priority; a critical task at the head of the queue waits for the pool to drain and then runs alone, while ready tasks that end (by estimate) before the last running task are backfilled. ' +
      'The priorities come from `searchPolicy()`: plain b-level, b-level with tie-breaks (most successors, longest, shortest), successor-weighted b-level, critical path with lookahead, the seed wave order without barriers, longest path through the task, and with critical tasks: work leading to a critical task first / critical tasks last; then 3 rounds of forward–backward improvement (justification) and a seeded local search over the priority keys (each move perturbs 1–3 keys and is justified once; restarts after 300 non-improving moves). Budget: at most 1,200 candidates, fewer for graphs above ~1,300 tasks + edges (1.6 M task+edge visits); it stops as soon as a schedule reaches the lower bound. Deterministic: same input, same schedule.',
  );
  await replaceSection('Schedule quality (bench:schedule)', lines.join('\n'));
  console.log(lines.join('\n'));
  if (problems > 0 || mismatches > 0) process.exitCode = 1;
}

await main();
