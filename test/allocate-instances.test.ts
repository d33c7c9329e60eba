import { describe, expect, it } from 'vitest';
import { allocateInstances } from '../src/allocate/allocate-instances.js';
import { matchRole } from '../src/allocate/match-role.js';
import type { Wave } from '../src/model/plan.js';
import type { TaskSpec } from '../src/model/task.js';
import { generateWaves } from '../src/waves/generate-waves.js';
import { thrown } from './error-fixtures.js';

const task = (id: string, title: string, extra: Partial<TaskSpec> = {}): TaskSpec => ({ id, title, ...extra });

/** Waves from the seed rules with nothing critical. */
const wavesOf = (tasks: readonly TaskSpec[]): Wave[] => generateWaves(tasks, { isCritical: () => false });

describe('matchRole', () => {
  it.each([
    ['Write Alembic migration for last_login_at', 'migration-engineer'],
    ['Write unit tests for the login endpoint', 'test-engineer'],
    ['Update the README and API docs', 'technical-writer'],
    ['Analyse the users table schema', 'database-analyst'],
    ['Run e2e tests across services', 'integration-validator'],
    ['Curl test the signup API', 'api-tester'],
    ['Configure the CI pipeline', 'devops-engineer'],
    ['Security audit of the auth module', 'code-reviewer'],
    ['Write ETL data script for exports', 'data-engineer'],
    ['Clean up temporary files', 'cleanup-specialist'],
    ['Create signup endpoint', 'backend-engineer'],
  ])('%s → %s', (title, role) => {
    expect(matchRole(task('x', title)).role).toBe(role);
  });

  it('uses the kind before the text, and an explicit role before both', () => {
    expect(matchRole(task('b', 'Write tests', { kind: 'backup' })).role).toBe('coordinator');
    expect(matchRole(task('d', 'Anything', { kind: 'data-backup' })).role).toBe('data-engineer');
    expect(matchRole(task('v', 'Anything', { kind: 'verify' })).role).toBe('database-analyst');
    expect(matchRole(task('r', 'Write tests', { role: 'I9' }))).toEqual({ role: 'api-tester', instance: 'I9' });
    expect(matchRole(task('s', 'Write tests', { role: 'backend' })).role).toBe('backend-engineer');
    expect(matchRole(task('k', 'Write tests', { role: 'technical_writer' })).role).toBe('technical-writer');
  });

  it('INVALID_TASK naming the role field for an unknown role', () => {
    const error = thrown(() => matchRole(task('w', 'Cast spells', { role: 'wizard' })));
    expect(error.code).toBe('INVALID_TASK');
    expect(error.details).toMatchObject({ taskId: 'w', field: 'role' });
  });
});

describe('allocateInstances', () => {
  const team: TaskSpec[] = [
    task('mig', 'Write Alembic migration'),
    task('t1', 'Write unit tests for signup'),
    task('t2', 'Write unit tests for login'),
    task('docs', 'Update API docs'),
    task('schema', 'Analyse users table schema'),
    task('e2e', 'Run e2e tests'),
    task('curl', 'Curl test the signup API'),
    task('ci', 'Configure CI pipeline'),
    task('audit', 'Security audit of auth'),
    task('etl', 'Write ETL data script'),
    task('tmp', 'Clean up temporary files'),
    task('b1', 'Create signup endpoint'),
    task('b2', 'Create login endpoint'),
    task('b3', 'Create logout endpoint'),
    task('b4', 'Create profile endpoint'),
  ];

  it('puts each task on an instance of its role when there is room (migration → I3, tests → I7/I8, docs → I11, ...)', () => {
    const { byTask, instances } = allocateInstances(team, wavesOf(team));
    const at = (id: string): string | undefined => byTask[id]?.instance;
    expect(at('mig')).toBe('I3');
    expect([at('t1'), at('t2')]).toEqual(['I7', 'I8']);
    expect(at('docs')).toBe('I11');
    expect(at('schema')).toBe('I2');
    expect(at('e2e')).toBe('I14');
    expect(at('curl')).toBe('I9');
    expect(at('ci')).toBe('I10');
    expect(at('audit')).toBe('I12');
    expect(at('etl')).toBe('I13');
    expect(at('tmp')).toBe('I15');
    expect(['b1', 'b2', 'b3', 'b4'].map(at)).toEqual(['I4', 'I5', 'I6', 'I4']);
    expect(at('git_backup')).toBe('I1');
    expect(at('git_commit')).toBe('I1');
    expect(instances.map((instance) => instance.id)).toEqual(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I8', 'I9', 'I10', 'I11', 'I12', 'I13', 'I14', 'I15']);
    expect(byTask['mig']?.role).toBe('migration-engineer');
  });

  it('spreads the backend tasks of one wave over I4–I6, round-robin', () => {
    const backend = ['a', 'b', 'c', 'd'].map((id) => task(id, `Create ${id} endpoint`));
    const { byTask } = allocateInstances(backend, wavesOf(backend));
    expect(['a', 'b', 'c', 'd'].map((id) => byTask[id]?.instance)).toEqual(['I4', 'I5', 'I6', 'I4']);
  });

  it('starts the spread again in each wave', () => {
    // Wave 1: a, b and docs (three wide, so I1 + two backend instances are kept); wave 2: c, d.
    const tasks = [task('a', 'Create a service'), task('b', 'Create b service'), task('docs', 'Update docs'), task('c', 'Create c service', { dependsOn: ['a'] }), task('d', 'Create d service', { dependsOn: ['a'] })];
    const { byTask } = allocateInstances(tasks, wavesOf(tasks));
    expect(['a', 'b', 'c', 'd'].map((id) => byTask[id]?.instance)).toEqual(['I4', 'I5', 'I4', 'I5']);
  });

  it('respects max_instances by merging: 2 instances, I1 kept, every task placed', () => {
    const { byTask, instances } = allocateInstances(team, wavesOf(team), { maxInstances: 2 });
    expect(instances).toHaveLength(2);
    expect(instances[0]?.id).toBe('I1');
    const used = new Set(instances.map((instance) => instance.id));
    for (const id of [...team.map((t) => t.id), 'git_backup', 'git_commit']) expect(used.has(byTask[id]?.instance ?? '')).toBe(true);
    expect(instances.flatMap((instance) => instance.taskIds)).toHaveLength(team.length + 2);
    const merged = instances[1];
    expect(merged?.roles.length).toBeGreaterThan(1); // it hosts tasks of several roles
  });

  it('merges onto an instance still free in the wave first, keeping the wave parallel', () => {
    // One wave of three backend tasks and a test task; cap 3 keeps I1 + the two busiest.
    const tasks = [task('a', 'Create a endpoint', { estimateMinutes: 30 }), task('b', 'Create b endpoint', { estimateMinutes: 30 }), task('c', 'Create c endpoint', { estimateMinutes: 30 }), task('t', 'Write tests', { estimateMinutes: 1 })];
    const { byTask, instances } = allocateInstances(tasks, wavesOf(tasks), { maxInstances: 3 });
    expect(instances.map((instance) => instance.id)).toEqual(['I1', 'I4', 'I5']);
    expect(byTask['c']?.instance).toBe('I1'); // I1 is idle in that wave: better than queueing behind I4 or I5
    expect(new Set(['a', 'b', 'c'].map((id) => byTask[id]?.instance)).size).toBe(3);
  });

  it('merges onto an instance of the same role when none is free in the wave', () => {
    const tasks = ['a', 'b', 'c', 'd'].map((id) => task(id, `Create ${id} endpoint`, { estimateMinutes: 30 }));
    const { byTask } = allocateInstances(tasks, wavesOf(tasks), { maxInstances: 2 });
    // kept: I1 and I4; I5/I6 tasks move: first to the free I1, then to the same-role I4
    expect(tasks.map((t) => byTask[t.id]?.instance).sort()).toEqual(['I1', 'I4', 'I4', 'I4']);
  });

  it('never uses more instances than the widest wave: "Fix typo in README" uses I1 only', () => {
    const tasks = [task('typo', 'Fix typo in README')];
    const { byTask, instances } = allocateInstances(tasks, wavesOf(tasks));
    expect(instances.map((instance) => instance.id)).toEqual(['I1']);
    expect(byTask['typo']).toEqual({ role: 'technical-writer', instance: 'I1' });
  });

  it.each([0, 16, 2.5, '3'])('INVALID_CONFIG for maxInstances %o', (maxInstances) => {
    const error = thrown(() => allocateInstances(team, wavesOf(team), { maxInstances: maxInstances as number }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details['field']).toBe('max_instances');
  });

  it('INVALID_ARGUMENT when tasks or waves are not lists', () => {
    expect(thrown(() => allocateInstances(null as unknown as TaskSpec[], [])).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => allocateInstances([], [{ index: 0 }] as unknown as Wave[])).details['field']).toBe('waves');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(allocateInstances(team, wavesOf(team), { maxInstances: 4 }))).toBe(JSON.stringify(allocateInstances(team, wavesOf(team), { maxInstances: 4 })));
  });
});
