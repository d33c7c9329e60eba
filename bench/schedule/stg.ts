/**
 * Loading the Kasahara Standard Task Graph set, read in place from ../shared/bench-data/stg/
 * (outside the repository; never copied into it).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskSpec } from '../../src/model/task.js';

/** Where the STG set lives: `$STG_DIR`, else `../shared/bench-data/stg` next to the repository. */
export const STG_DIR = process.env['STG_DIR'] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'bench-data', 'stg');

/** Graph sizes of the set. */
export const STG_SIZES = [50, 100, 300] as const;
/** Graphs per size. */
export const STG_GRAPHS = 180;

/** `rand0000.stg` ... */
export function stgName(k: number): string {
  return `rand${String(k).padStart(4, '0')}.stg`;
}

/**
 * Parses an STG file: line 1 = n, then `id time #preds preds...`; the dummy entry (0) and exit
 * (n + 1) nodes are dropped, ids become `t<id>`, in file order.
 */
export function loadStg(size: number, name: string): TaskSpec[] {
  const lines = readFileSync(join(STG_DIR, String(size), name), 'utf8')
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

/** One row of optimal.csv. */
export interface StgOptimum {
  readonly lower: number;
  readonly best: number;
  readonly proven: boolean;
}

/** optimal.csv keyed by `size/graph/m` (50- and 100-task graphs only). */
export function loadOptima(): Map<string, StgOptimum> {
  const out = new Map<string, StgOptimum>();
  for (const line of readFileSync(join(STG_DIR, 'optimal.csv'), 'utf8').split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const [size, graph, m, lower, best, proven] = line.split(',');
    out.set(`${size}/${graph}/${m}`, { lower: Number(lower), best: Number(best), proven: proven?.trim() === '1' });
  }
  return out;
}
