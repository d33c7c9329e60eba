import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/graph/build-dag.js';
import type { TaskSpec } from '../src/model/task.js';
import { generateWaves } from '../src/waves/generate-waves.js';
import { thrown } from './error-fixtures.js';

const t = (id: string, title: string, dependsOn: string[] = [], extra: Partial<TaskSpec> = {}): TaskSpec => ({ id, title, dependsOn, ...extra });

describe('generateWaves: seed rules', () => {
  it('wraps the generations in the git_backup wave 0 and the git_commit last wave', () => {
    const waves = generateWaves([t('a', 'Create ThemeContext'), t('b', 'Create theme types'), t('c', 'Create useTheme hook', ['a', 'b'])]);
    expect(waves.map((wave) => wave.taskIds)).toEqual([['git_backup'], ['a', 'b'], ['c'], ['git_commit']]);
    expect(waves.map((wave) => wave.index)).toEqual([0, 1, 2, 3]);
    expect(waves[0]).toMatchObject({ name: 'Safety Backup', sequential: true, critical: false, estimateMinutes: 2 });
    expect(waves[3]).toMatchObject({ name: 'Final Commit', sequential: true, critical: false, estimateMinutes: 5 });
    expect(waves[1]).toMatchObject({ name: 'Wave 1', sequential: false, critical: false });
  });

  it('gives each ready critical task its own sequential wave, before the parallel wave of its generation', () => {
    const waves = generateWaves([
      t('write', 'Write unit tests'),
      t('exec', 'Execute Alembic migration'),
      t('drop', 'Drop old users table'),
      t('endpoint', 'Create signup endpoint'),
      t('after', 'Update docs', ['exec']),
    ]);
    expect(waves.map((wave) => wave.taskIds)).toEqual([['git_backup'], ['exec'], ['drop'], ['write', 'endpoint'], ['after'], ['git_commit']]);
    expect(waves[1]).toMatchObject({ name: 'Execute Alembic migration (CRITICAL)', sequential: true, critical: true });
    expect(waves[2]?.critical).toBe(true);
    expect(waves[3]).toMatchObject({ sequential: false, critical: false });
  });

  it('spec.critical forces a task critical; isCritical replaces the rules', () => {
    const tasks = [t('a', 'Rename a variable', [], { critical: true }), t('b', 'Drop old users table')];
    expect(generateWaves(tasks).map((wave) => wave.critical)).toEqual([false, true, true, false]);
    const custom = generateWaves(tasks, { isCritical: (task) => task.id === 'b' });
    expect(custom.map((wave) => wave.taskIds)).toEqual([['git_backup'], ['b'], ['a'], ['git_commit']]);
  });

  it('critical keywords (seed critical_keywords) make a matching task critical', () => {
    const tasks = [t('s', 'Delete all sessions'), t('o', 'Other work')];
    expect(generateWaves(tasks, { isCritical: () => false }).some((wave) => wave.critical)).toBe(false);
    const waves = generateWaves(tasks, { critical: { keywords: ['delete all'] } });
    expect(waves.find((wave) => wave.critical)?.taskIds).toEqual(['s']);
  });

  it('names a parallel wave after its most common phase and takes its longest estimate', () => {
    const waves = generateWaves([
      t('a', 'A', [], { phase: 'Backend API', estimateMinutes: 4 }),
      t('b', 'B', [], { phase: 'Backend API', estimateMinutes: 15 }),
      t('c', 'C', [], { phase: 'Frontend UI' }),
    ]);
    expect(waves[1]).toMatchObject({ name: 'Backend API', estimateMinutes: 15 });
  });

  it('uses tasks of kind backup / commit as wave 0 and the last wave, wherever they are in the graph', () => {
    const waves = generateWaves([
      t('work', 'Do it', ['snap']),
      t('snap', 'Snapshot', [], { kind: 'backup', estimateMinutes: 1 }),
      t('done', 'Commit', ['work'], { kind: 'commit' }),
    ]);
    expect(waves.map((wave) => wave.taskIds)).toEqual([['snap'], ['work'], ['done']]);
    expect(waves[0]?.estimateMinutes).toBe(1);
  });

  it('picks a free id when a task is already called git_backup', () => {
    const waves = generateWaves([t('git_backup', 'Back up the wiki'), t('git_commit', 'Commit notes')]);
    expect(waves[0]?.taskIds).toEqual(['git_backup_2']);
    expect(waves[waves.length - 1]?.taskIds).toEqual(['git_commit_2']);
  });

  it('accepts a prebuilt TaskGraph', () => {
    const graph = buildDag([t('a', 'A'), t('b', 'B', ['a'])]);
    expect(generateWaves(graph).map((wave) => wave.taskIds)).toEqual([['git_backup'], ['a'], ['b'], ['git_commit']]);
  });

  it('handles a wave wider than a function call has argument slots', () => {
    const tasks = Array.from({ length: 130_000 }, (_, i): TaskSpec => ({ id: `t${i}`, title: `t${i}`, estimateMinutes: i === 77 ? 9 : 1 }));
    const waves = generateWaves(tasks, { isCritical: () => false });
    expect(waves).toHaveLength(3);
    expect(waves[1]?.taskIds).toHaveLength(130_000);
    expect(waves[1]?.estimateMinutes).toBe(9);
  });
});

describe('generateWaves: errors', () => {
  it('MAX_WAVES_EXCEEDED with the counts when the plan needs more waves', () => {
    const tasks = [t('a', 'A'), t('b', 'B', ['a']), t('c', 'C', ['b'])];
    const error = thrown(() => generateWaves(tasks, { maxWaves: 4 }));
    expect(error.code).toBe('MAX_WAVES_EXCEEDED');
    expect(error.details).toEqual({ waves: 5, maxWaves: 4 });
    expect(error.message).toBe('the plan needs 5 waves but max_waves is 4');
    expect(generateWaves(tasks, { maxWaves: 5 })).toHaveLength(5);
  });

  it.each([1, 2.5, Number.NaN])('INVALID_CONFIG for max_waves %s', (maxWaves) => {
    const error = thrown(() => generateWaves([t('a', 'A')], { maxWaves }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details['field']).toBe('max_waves');
  });

  it('INVALID_ARGUMENT when given neither an array nor a TaskGraph', () => {
    expect(thrown(() => generateWaves(null as unknown as TaskSpec[])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => generateWaves({ tasks: [] } as unknown as TaskSpec[])).code).toBe('INVALID_ARGUMENT');
  });

  it('graph errors come from buildDag', () => {
    expect(thrown(() => generateWaves([t('a', 'A', ['a'])])).code).toBe('CYCLE');
    expect(thrown(() => generateWaves([t('a', 'A', ['nope'])])).code).toBe('UNKNOWN_DEPENDENCY');
  });

  it('rejects two backups, a backup with dependencies and a commit with dependents (INVALID_TASK)', () => {
    const two = thrown(() => generateWaves([t('a', 'A', [], { kind: 'backup' }), t('b', 'B', [], { kind: 'backup' })]));
    expect(two).toMatchObject({ code: 'INVALID_TASK' });
    expect(two.details['field']).toBe('kind');
    const late = thrown(() => generateWaves([t('a', 'A'), t('b', 'B', ['a'], { kind: 'backup' })]));
    expect(late.details).toMatchObject({ taskId: 'b', field: 'dependsOn' });
    const early = thrown(() => generateWaves([t('c', 'C', [], { kind: 'commit' }), t('d', 'D', ['c'])]));
    expect(early.details).toMatchObject({ taskId: 'c', field: 'dependsOn' });
  });
});
