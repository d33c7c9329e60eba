import { describe, expect, it } from 'vitest';
import type { Plan } from '../src/model/plan.js';
import { plan } from '../src/plan/plan.js';

const DARK_MODE =
  'The frontend needs a dark mode toggle. Add a theme context provider, update all components to support dark mode, add a toggle button in the header, persist the preference to localStorage, and test on all pages.';
const LAST_LOGIN = 'Add a "last_login_at" timestamp column to the users table and update the login endpoint to set it on each successful login.';
const UPLOAD_BUG = 'The session upload modal is crashing when users try to upload files larger than 10MB. Fix this issue and add proper error handling.';
const AUTH_TESTS = 'Write comprehensive integration tests for the authentication system including signup, login, logout, token refresh, and password reset.';
const ASYNC_REFACTOR = 'Refactor the session processing code to use async/await instead of callbacks. Update all affected files and tests.';
const DELETE_ACCOUNT = 'Add a "Delete Account" button to the user settings page that requires password confirmation before proceeding.';
const MIXED = 'Fix the database schema mismatch, add authentication endpoints, write comprehensive tests, and update documentation';

const criticalWaves = (result: Plan) => result.waves.filter((wave) => wave.critical);
const byId = (result: Plan) => new Map(result.tasks.map((task) => [task.id, task]));

/** The critical migration wave exists, holds one task whose title names a migration, and it is guarded. */
function expectGuardedMigration(result: Plan): void {
  const waves = criticalWaves(result);
  expect(waves.length).toBeGreaterThanOrEqual(1);
  const tasks = byId(result);
  const migration = waves.map((wave) => tasks.get(wave.taskIds[0] ?? '')).find((task) => /migration/i.test(task?.title ?? ''));
  expect(migration, 'a critical task whose title includes "migration"').toBeDefined();
  if (!migration) return;
  const waveOfMigration = result.waves[migration.wave];
  expect(waveOfMigration?.taskIds).toEqual([migration.id]);
  expect(waveOfMigration?.sequential).toBe(true);
  const guards = result.tasks.filter((task) => task.guards === migration.id).map((task) => task.kind).sort();
  expect(guards).toEqual(['data-backup', 'rollback-script', 'verify']);
  for (const guard of result.tasks.filter((task) => task.guards === migration.id)) {
    if (guard.kind === 'verify') expect(guard.wave).toBeGreaterThan(migration.wave);
    else expect(guard.wave).toBeLessThan(migration.wave);
  }
}

describe('plan(text): the seed examples', () => {
  it('dark mode toggle → frontend-feature, no critical operation, backup first and commit last', async () => {
    const result = await plan(DARK_MODE);
    expect(result.pattern.id).toBe('frontend-feature');
    expect(criticalWaves(result)).toEqual([]);
    expect(result.waves[0]?.name).toBe('Safety Backup');
    expect(result.waves[result.waves.length - 1]?.name).toBe('Final Commit');
    expect(result.complexity.subtaskCount).toBeGreaterThanOrEqual(5);
    expect(result.estimate.savedPercent).toBeGreaterThan(0);
  });

  it('last_login_at column → database-migration with a guarded, sequential migration wave', async () => {
    const result = await plan(LAST_LOGIN);
    expect(result.pattern.id).toBe('database-migration');
    expectGuardedMigration(result);
  });

  it('upload modal crash → bug-fix', async () => {
    const result = await plan(UPLOAD_BUG);
    expect(result.pattern.id).toBe('bug-fix');
    expect(criticalWaves(result)).toEqual([]);
  });

  it('auth integration tests → testing-suite, with test tasks on test instances when room allows', async () => {
    const result = await plan(AUTH_TESTS);
    expect(result.pattern.id).toBe('testing-suite');
    const tests = result.tasks.filter((task) => task.role === 'test-engineer');
    expect(tests.length).toBeGreaterThanOrEqual(5);
    expect(tests.some((task) => task.instance === 'I7' || task.instance === 'I8')).toBe(true);
  });

  it('async/await refactor → refactoring', async () => {
    expect((await plan(ASYNC_REFACTOR)).pattern.id).toBe('refactoring');
  });

  it('Delete Account button → frontend-feature with NO critical wave (building a delete button deletes nothing)', async () => {
    const result = await plan(DELETE_ACCOUNT);
    expect(result.pattern.id).toBe('frontend-feature');
    expect(criticalWaves(result)).toEqual([]);
    expect(result.tasks.filter((task) => task.critical)).toEqual([]);
  });

  it('schema mismatch + auth endpoints + tests + docs → one merged plan with a critical migration wave', async () => {
    const result = await plan(MIXED);
    expectGuardedMigration(result);
    const text = result.tasks.map((task) => task.title.toLowerCase()).join('\n');
    for (const word of ['endpoint', 'test', 'doc']) expect(text).toContain(word);
    expect(result.waves.filter((wave) => wave.name === 'Safety Backup')).toHaveLength(1);
    expect(result.waves.filter((wave) => wave.name === 'Final Commit')).toHaveLength(1);
  });

  it('a tiny request ("Fix typo in README") uses one instance, I1', async () => {
    const result = await plan('Fix typo in README');
    expect(result.instances.map((instance) => instance.id)).toEqual(['I1']);
    expect(result.complexity.level).toBe('small');
  });

  it('is deterministic for text requests', async () => {
    expect(JSON.stringify(await plan(MIXED))).toBe(JSON.stringify(await plan(MIXED)));
  });
});
