/** Shared builders for the journal tests (not a test file itself): temp state dirs and a small valid plan. */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan, PlannedTask } from '../src/model/plan.js';
import { ensureRunDir, ensureStateDir } from '../src/journal/index.js';

const dirs: string[] = [];

/** A fresh temp directory (realpath'd), removed by {@link cleanupTempDirs}. */
export function tempDir(prefix = 'wf-journal-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

/** Removes every directory made by {@link tempDir}. */
export function cleanupTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A planned task with defaults. */
export function plannedTask(id: string, wave: number, dependsOn: readonly string[] = [], extra: Partial<PlannedTask> = {}): PlannedTask {
  return {
    id,
    title: `Task ${id}`,
    dependsOn,
    role: 'backend-engineer',
    instance: 'I4',
    critical: false,
    criticalReasons: [],
    kind: 'work',
    estimateMinutes: 5,
    wave,
    ...extra,
  };
}

/** backup -> a, b -> commit: a small plan that passes the journal's header schema. */
export function samplePlan(): Plan {
  const tasks = [
    plannedTask('backup', 0, [], { kind: 'backup', instance: 'I1', role: 'coordinator' }),
    plannedTask('a', 1, ['backup']),
    plannedTask('b', 1, ['backup'], { instance: 'I5' }),
    plannedTask('commit', 2, ['a', 'b'], { kind: 'commit', instance: 'I1', role: 'coordinator' }),
  ];
  return {
    version: 1,
    request: { text: 'add a feature' },
    pattern: { id: 'generic', label: 'Generic', matched: [] },
    complexity: { level: 'small', subtaskCount: 2, criticalCount: 0, maxParallelism: 2, depth: 1, recommendedInstances: 3 },
    tasks,
    waves: [
      { index: 0, name: 'Safety Backup', taskIds: ['backup'], sequential: true, critical: false, estimateMinutes: 1 },
      { index: 1, name: 'Work', taskIds: ['a', 'b'], sequential: false, critical: false, estimateMinutes: 5 },
      { index: 2, name: 'Final Commit', taskIds: ['commit'], sequential: true, critical: false, estimateMinutes: 1 },
    ],
    instances: [
      { id: 'I1', role: 'coordinator', roles: ['coordinator'], taskIds: ['backup', 'commit'] },
      { id: 'I4', role: 'backend-engineer', roles: ['backend-engineer'], taskIds: ['a'] },
      { id: 'I5', role: 'backend-engineer', roles: ['backend-engineer'], taskIds: ['b'] },
    ],
    estimate: { sequentialMinutes: 12, parallelMinutes: 7, wavesMinutes: 7, savedPercent: 41.7, criticalPathMinutes: 7, criticalPath: ['backup', 'a', 'commit'] },
    settings: {
      priority: 'balanced',
      requireApproval: false,
      maxInstances: 3,
      dryRun: false,
      onFailure: 'rollback',
      mode: 'dynamic',
      checkpointRetention: 'keep',
      checkpointVerbosity: 'detailed',
      progressDisplay: 'quiet',
    },
    warnings: [],
  };
}

/** A repository-like temp dir with `.wavefront/runs/<runId>` created. */
export async function makeRun(runId = 'run-1'): Promise<{ cwd: string; stateDir: string; runDir: string }> {
  const cwd = tempDir();
  const stateDir = await ensureStateDir(cwd);
  const runDir = await ensureRunDir(stateDir, runId);
  return { cwd, stateDir, runDir };
}

/** Every regular file below `dir` with its text, recursively. */
export function readTree(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stats = statSync(path);
    if (stats.isDirectory()) out.push(...readTree(path));
    else out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}
