/**
 * The bench:worktree workload: a throw-away git repository, a plan of N tasks in a few chains, and
 * an in-process adapter that writes one small file in `request.cwd` and records when it ran.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentAdapter } from '../../src/adapters/types.js';
import type { TaskSpec } from '../../src/model/task.js';

/** Chains the tasks are spread over: task i depends on task i − CHAINS. */
export const CHAINS = 4;

/** N tasks in {@link CHAINS} chains; neutral titles, so no critical rule fires and no write set is inferred. */
export function chainedTasks(n: number): TaskSpec[] {
  const tasks: TaskSpec[] = [];
  for (let i = 0; i < n; i++) {
    tasks.push({ id: `t${i}`, title: `Implement module ${i}`, dependsOn: i >= CHAINS ? [`t${i - CHAINS}`] : [], estimateMinutes: 1 });
  }
  return tasks;
}

/** A committed repository in the temp directory, with an isolated git config; `remove()` deletes it. */
export function makeRepo(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wavefront-bench-worktree-'));
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'ignore' });
  };
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** When the adapter was called and when it returned, per task id (performance.timeOrigin-based ms, like Date.now()). */
export type AdapterTimes = Map<string, { called: number; returned: number }>;

/** Writes `out/<taskId>.txt` in `request.cwd` synchronously and succeeds; no sleep. */
export function fileWriter(times: AdapterTimes): AgentAdapter {
  return {
    name: 'bench-writer',
    run({ task, cwd }) {
      const called = Date.now();
      mkdirSync(join(cwd, 'out'), { recursive: true });
      writeFileSync(join(cwd, 'out', `${task.id}.txt`), `${task.title}\n`);
      times.set(task.id, { called, returned: Date.now() });
      return Promise.resolve({ ok: true, summary: `wrote out/${task.id}.txt`, filesChanged: [`out/${task.id}.txt`] });
    },
  };
}
