import { describe, expect, it } from 'vitest';
import { patternDecomposer, recognisePattern } from '../src/decompose/index.js';
import { CASES, dependsTransitively, taskTitled, titles } from './decompose-fixtures.js';

/** Verbs the critical detector flags as executing something (an executed migration, a production deploy, a data deletion). */
const EXECUTING_VERB = /^(?:Execute|Deploy|Publish|Delete)\b/;

describe('patternDecomposer on realistic requests', () => {
  it.each(CASES)('recognises "$text" as $pattern', ({ text, pattern }) => {
    expect(patternDecomposer(text).pattern.id).toBe(pattern);
    expect(recognisePattern(text).id).toBe(pattern);
  });

  it.each(CASES)('marks an executing task critical exactly when "$text" needs one', ({ text, critical }) => {
    const { tasks } = patternDecomposer(text);
    const flagged = tasks.filter((task) => task.critical === true);
    expect(flagged.length > 0).toBe(critical);
    for (const task of flagged) expect(task.title).toMatch(EXECUTING_VERB);
    for (const task of tasks.filter((each) => each.critical !== true)) expect(task.title).not.toMatch(/^Execute\b/);
  });

  it('keeps a UI table a UI table: pagination in the admin UI has no migration', () => {
    const { tasks } = patternDecomposer('Add pagination to the orders table in the admin UI');
    expect(titles(tasks)).toEqual(expect.arrayContaining(['Create Pagination component', 'Add pagination to orders table in admin UI']));
    expect(tasks.some((task) => /migration|schema/i.test(task.title))).toBe(false);
  });

  it('plans a trivial doc edit as one documentation task', () => {
    const { tasks } = patternDecomposer('Fix typo in README');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: 'Fix typo in README', role: 'technical-writer', dependsOn: [], touches: ['README*'] });
  });

  it('deploys to production only after the tests ran, as a critical task', () => {
    const { tasks } = patternDecomposer('Deploy the new version to production');
    const deploy = taskTitled(tasks, 'Deploy new version to production');
    expect(deploy.critical).toBe(true);
    expect(deploy.role).toBe('devops-engineer');
    expect(dependsTransitively(tasks, deploy, taskTitled(tasks, 'Run tests for new version'))).toBe(true);
  });

  it('does not mark a staging deploy critical', () => {
    const { tasks } = patternDecomposer('Deploy to staging');
    expect(tasks.some((task) => /^Deploy to staging$/.test(task.title))).toBe(true);
    expect(tasks.some((task) => task.critical === true)).toBe(false);
  });

  it('upgrades a dependency after reviewing its breaking changes, then adapts the code', () => {
    const { tasks } = patternDecomposer('Upgrade React to v19');
    const review = taskTitled(tasks, 'Review breaking changes in React v19');
    const upgrade = taskTitled(tasks, 'Upgrade React to v19');
    const adapt = taskTitled(tasks, 'Update code for React v19 breaking changes');
    expect(upgrade.dependsOn).toEqual([review.id]);
    expect(adapt.dependsOn).toEqual([upgrade.id]);
  });

  it('names the GraphQL endpoint and its domain', () => {
    const found = titles(patternDecomposer('Add a GraphQL endpoint for orders').tasks);
    expect(found).toEqual(expect.arrayContaining([
      'Create GraphQL endpoint for orders',
      'Implement business logic for orders',
      'Add input validation to GraphQL endpoint for orders',
    ]));
  });

  it('removes deprecated endpoints as a cleanup refactor without critical steps', () => {
    const { tasks } = patternDecomposer('Remove the deprecated v1 endpoints');
    const remove = taskTitled(tasks, 'Remove deprecated v1 endpoints');
    expect(remove.role).toBe('cleanup-specialist');
    expect(dependsTransitively(tasks, taskTitled(tasks, 'Update references to deprecated v1 endpoints'), remove)).toBe(true);
  });

  it('adds rate limiting as backend middleware applied to the API', () => {
    const found = titles(patternDecomposer('Add rate limiting to the API').tasks);
    expect(found).toEqual(expect.arrayContaining(['Implement rate limiting middleware for API', 'Apply rate limiting to API']));
  });

  it('turns "with tests" into the feature\'s testing stage, not a testing suite', () => {
    const { pattern, tasks } = patternDecomposer('Add a login endpoint and tests');
    expect(pattern.id).toBe('full-stack-feature');
    expect(titles(tasks)).toEqual(expect.arrayContaining(['Create login endpoint', 'Write unit tests for login endpoint']));
    expect(tasks.some((task) => /fixtures/.test(task.title))).toBe(false);
  });

  it('gives a bare dark-mode request the theme workflow', () => {
    const found = titles(patternDecomposer('Add dark mode toggle to entire application').tasks);
    expect(found).toEqual(expect.arrayContaining([
      'Create ThemeContext provider',
      'Create DarkModeToggle component',
      'Persist theme preference to localStorage',
      'Define dark mode CSS variables',
    ]));
  });

  it('names a negated-ability bug after the failing action', () => {
    const found = titles(patternDecomposer("Users can't log in after resetting their password").tasks);
    expect(found).toEqual(expect.arrayContaining(['Reproduce login failure with failing test', 'Fix login failure']));
  });

  it('resolves "it" to the column the previous clause added', () => {
    const found = titles(patternDecomposer('Add a "last_login_at" column to users and show it on the profile page').tasks);
    expect(found).toContain('Show last_login_at on profile page');
    expect(found).toContain('Execute migration adding last_login_at to users');
  });

  it('runs an existing migration without writing a new one', () => {
    const { tasks } = patternDecomposer('Execute database migration');
    expect(titles(tasks)).toEqual(['Analyse pending database migration', 'Dry-run database migration', 'Execute database migration', 'Run tests for database migration']);
  });

  it('keeps the user\'s verb as written ("Set up")', () => {
    expect(titles(patternDecomposer('Set up CI with GitHub Actions').tasks)).toEqual(['Set up CI with GitHub Actions']);
  });
});
