import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { simulate } from '../src/schedule/simulate.js';

// Kasahara STG set, shared read-only outside the repo (see /work/shared/bench-data/stg/README.md).
const STG = '/work/shared/bench-data/stg';

/** Parses an STG file: line 1 = n, then `id time #preds preds...`; dummy entry 0 and exit n+1 dropped. */
function loadStg(path: string): TaskSpec[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const n = Number(lines[0]);
  const tasks: TaskSpec[] = [];
  for (const line of lines.slice(1, n + 3)) {
    const [id = 0, time = 0, count = 0, ...preds] = line.trim().split(/\s+/).map(Number);
    if (id === 0 || id === n + 1) continue;
    const dependsOn = preds.slice(0, count).filter((p) => p !== 0).map((p) => `t${p}`);
    tasks.push({ id: `t${id}`, title: `task ${id}`, estimateMinutes: time, dependsOn });
  }
  return tasks;
}

function optimum(size: number, graph: string, m: number): number {
  const row = readFileSync(`${STG}/optimal.csv`, 'utf8')
    .split('\n')
    .map((line) => line.split(','))
    .find(([s, g, mm]) => s === String(size) && g === graph && mm === String(m));
  if (row === undefined) throw new Error(`no optimum for ${size}/${graph}/m=${m}`);
  return Number(row[4]);
}

describe('HLFET sanity on the STG benchmark (50/rand0000)', () => {
  const tasks = loadStg(`${STG}/50/rand0000.stg`);

  it('parses 50 tasks', () => {
    expect(tasks).toHaveLength(50);
  });

  it.each([2, 4])('dynamic makespan is within 10%% of the proven optimum at m=%i', (m) => {
    const { makespanMinutes } = simulate(tasks, { instances: m });
    const best = optimum(50, 'rand0000.stg', m);
    expect(makespanMinutes).toBeGreaterThanOrEqual(best);
    expect(makespanMinutes / best).toBeLessThanOrEqual(1.1);
  });
});
