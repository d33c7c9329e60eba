import { describe, expect, it } from 'vitest';
import { patternDecomposer, recognisePattern } from '../src/decompose/index.js';
import {
  ASYNC_REFACTOR, AUTH_TESTS, DARK_MODE, DELETE_ACCOUNT, dependsTransitively, LAST_LOGIN, MIXED, taskTitled, titles, UPLOAD_CRASH,
} from './decompose-fixtures.js';

describe('patternDecomposer on the seed examples', () => {
  it('plans the "Delete Account" button as a frontend feature without any data deletion or migration', () => {
    const { pattern, tasks } = patternDecomposer(DELETE_ACCOUNT);
    expect(pattern.id).toBe('frontend-feature');
    expect(titles(tasks)).toEqual(expect.arrayContaining([
      'Create DeleteAccountButton component',
      'Add "Delete Account" button to user settings page',
      'Add password confirmation to DeleteAccountButton',
    ]));
    expect(tasks.some((task) => task.critical === true)).toBe(false);
    expect(tasks.some((task) => /migration|^execute|^delete/i.test(task.title))).toBe(false);
    const mount = taskTitled(tasks, 'Add "Delete Account" button to user settings page');
    expect(dependsTransitively(tasks, mount, taskTitled(tasks, 'Create DeleteAccountButton component'))).toBe(true);
    expect(mount.touches).toEqual(['**/settings*']);
  });

  it('plans the last_login_at column as a database migration with one executed, critical migration', () => {
    const { pattern, tasks } = patternDecomposer(LAST_LOGIN);
    expect(pattern.id).toBe('database-migration');
    const analyse = taskTitled(tasks, 'Analyse users table schema');
    const write = taskTitled(tasks, 'Write migration adding last_login_at to users');
    const execute = taskTitled(tasks, 'Execute migration adding last_login_at to users');
    const endpoint = taskTitled(tasks, 'Update login endpoint to set last_login_at');
    expect(execute.critical).toBe(true);
    expect(write.critical).toBeUndefined();
    expect(tasks.filter((task) => task.critical === true)).toEqual([execute]);
    expect(tasks.filter((task) => /migration/i.test(task.title) && task.critical !== true).every((task) => !/^execute/i.test(task.title))).toBe(true);
    expect(write.touches).toEqual(['**/migrations/**']);
    expect(dependsTransitively(tasks, write, analyse)).toBe(true);
    expect(dependsTransitively(tasks, execute, write)).toBe(true);
    expect(dependsTransitively(tasks, endpoint, write)).toBe(true);
    expect(execute.role).toBe('migration-engineer');
    const run = tasks.find((task) => /^Run tests/.test(task.title));
    expect(run).toBeDefined();
    expect(dependsTransitively(tasks, run ?? execute, execute)).toBe(true);
  });

  it('plans the upload crash as a bug fix: reproduce, analyse, fix, then the asked-for error handling', () => {
    const { pattern, tasks } = patternDecomposer(UPLOAD_CRASH);
    expect(pattern.id).toBe('bug-fix');
    const reproduce = taskTitled(tasks, 'Reproduce session upload modal crash with failing test');
    const fix = taskTitled(tasks, 'Fix session upload modal crash');
    const handling = taskTitled(tasks, 'Add error handling to session upload modal');
    expect(reproduce.role).toBe('test-engineer');
    expect(dependsTransitively(tasks, fix, reproduce)).toBe(true);
    expect(dependsTransitively(tasks, handling, fix)).toBe(true);
    expect(tasks.some((task) => task.critical === true)).toBe(false);
    expect(tasks.filter((task) => /^Fix /.test(task.title))).toHaveLength(1);
    expect(fix.description).toContain('10MB');
  });

  it('plans the authentication test request as a testing suite with one test-writing task per listed flow', () => {
    const { pattern, tasks } = patternDecomposer(AUTH_TESTS);
    expect(pattern.id).toBe('testing-suite');
    for (const flow of ['signup', 'login', 'logout', 'token refresh', 'password reset']) {
      expect(tasks.filter((task) => task.title === `Write integration tests for ${flow}`)).toHaveLength(1);
    }
    expect(tasks.filter((task) => /^Write .*tests/.test(task.title))).toHaveLength(5);
    expect(tasks.filter((task) => /^Run tests/.test(task.title))).toHaveLength(1);
    expect(titles(tasks)).toContain('Create test fixtures for authentication system');
  });

  it('plans the async/await refactor as refactoring that updates the affected files and tests', () => {
    const { pattern, tasks } = patternDecomposer(ASYNC_REFACTOR);
    expect(pattern.id).toBe('refactoring');
    const refactor = taskTitled(tasks, 'Refactor session processing code to use async/await instead of callbacks');
    const files = taskTitled(tasks, 'Update files affected by session processing code refactor');
    const affectedTests = taskTitled(tasks, 'Update tests affected by session processing code refactor');
    expect(files.dependsOn).toEqual([refactor.id]);
    expect(affectedTests.dependsOn).toEqual([refactor.id]);
    expect(affectedTests.role).toBe('test-engineer');
    expect(tasks.some((task) => task.critical === true || /migration/i.test(task.title))).toBe(false);
    expect(recognisePattern(ASYNC_REFACTOR).id).toBe('refactoring');
  });

  it('plans the dark mode workflow close to the seed breakdown, with no critical operations', () => {
    const { pattern, tasks, clauses } = patternDecomposer(DARK_MODE);
    expect(pattern.id).toBe('frontend-feature');
    expect(clauses?.[0]).toBe('The frontend needs a dark mode toggle');
    expect(tasks.length).toBeGreaterThanOrEqual(11);
    expect(tasks.length).toBeLessThanOrEqual(15);
    const context = taskTitled(tasks, 'Create ThemeContext provider');
    const hook = taskTitled(tasks, 'Create useTheme hook');
    const toggle = taskTitled(tasks, 'Create DarkModeToggle component');
    const header = taskTitled(tasks, 'Add toggle button to header');
    const persist = taskTitled(tasks, 'Persist theme preference to localStorage');
    taskTitled(tasks, 'Test dark mode on all pages');
    taskTitled(tasks, 'Define dark mode CSS variables');
    expect(context.touches).toEqual(['src/**/ThemeContext*']);
    expect(header.touches).toEqual(['**/header*']);
    expect(dependsTransitively(tasks, hook, context)).toBe(true);
    expect(dependsTransitively(tasks, header, toggle)).toBe(true);
    expect(dependsTransitively(tasks, persist, context)).toBe(true);
    expect(tasks.filter((task) => /^Update .* components/.test(task.title))).toHaveLength(3);
    expect(tasks.some((task) => task.critical === true || /migration|implement feature/i.test(task.title))).toBe(false);
    const docs = tasks.filter((task) => task.role === 'technical-writer');
    expect(docs).toHaveLength(1);
    for (const task of tasks) if (task !== docs[0]) expect(dependsTransitively(tasks, docs[0] ?? task, task)).toBe(true);
  });

  it('merges the mixed request into one plan: shared analysis, per-clause work, one test stage, one docs stage', () => {
    const { pattern, tasks } = patternDecomposer(MIXED);
    expect(pattern.id).toBe('full-stack-feature');
    expect(pattern.matched).toEqual(['bug-fix', 'database-migration', 'full-stack-feature', 'testing-suite']);
    const execute = taskTitled(tasks, 'Execute migration fixing database schema mismatch');
    expect(execute.critical).toBe(true);
    taskTitled(tasks, 'Create authentication endpoints');
    const runs = tasks.filter((task) => /^run tests/i.test(task.title));
    const docs = tasks.filter((task) => /documentation|^document/i.test(task.title));
    expect(runs).toHaveLength(1);
    expect(docs).toHaveLength(1);
    const [run] = runs;
    const [doc] = docs;
    if (run === undefined || doc === undefined) throw new Error('unreachable');
    expect(dependsTransitively(tasks, run, execute)).toBe(true);
    const writes = tasks.filter((task) => /^Write .*tests/.test(task.title));
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const write of writes) expect(dependsTransitively(tasks, run, write)).toBe(true);
    const roots = tasks.filter((task) => (task.dependsOn ?? []).length === 0);
    expect(roots.every((task) => task.phase === 'Analysis')).toBe(true);
    expect(roots.map((task) => task.title)).toContain('Analyse database schema mismatch');
    for (const task of tasks) if (task !== doc) expect(dependsTransitively(tasks, doc, task)).toBe(true);
  });
});
