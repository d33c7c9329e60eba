/**
 * Shared requests and structural checks for the pattern decomposer tests.
 */
import { expect } from 'vitest';
import type { TaskSpec } from '../src/model/task.js';
import { TASK_ID_PATTERN } from '../src/model/task.js';
import { ROLE_KEYS } from '../src/allocate/roles.js';
import type { PatternId } from '../src/model/plan.js';

export const DELETE_ACCOUNT =
  'Add a "Delete Account" button to the user settings page that requires password confirmation before proceeding.';
export const LAST_LOGIN =
  'Add a "last_login_at" timestamp column to the users table and update the login endpoint to set it on each successful login.';
export const UPLOAD_CRASH =
  'The session upload modal is crashing when users try to upload files larger than 10MB. Fix this issue and add proper error handling.';
export const AUTH_TESTS =
  'Write comprehensive integration tests for the authentication system including signup, login, logout, token refresh, and password reset.';
export const ASYNC_REFACTOR =
  'Refactor the session processing code to use async/await instead of callbacks. Update all affected files and tests.';
export const DARK_MODE = `Execute this task dynamically with 15 parallel instances:

The frontend needs a dark mode toggle. Add a theme context provider,
update all components to support dark mode, add a toggle button in the
header, persist the preference to localStorage, and test on all pages.`;
export const MIXED = 'Fix the database schema mismatch, add authentication endpoints, write comprehensive tests, and update documentation';

/** Request → expected pattern id, and whether a migration / data operation must be executed (critical). */
export const CASES: readonly { readonly text: string; readonly pattern: PatternId; readonly critical: boolean }[] = [
  { text: DELETE_ACCOUNT, pattern: 'frontend-feature', critical: false },
  { text: LAST_LOGIN, pattern: 'database-migration', critical: true },
  { text: UPLOAD_CRASH, pattern: 'bug-fix', critical: false },
  { text: AUTH_TESTS, pattern: 'testing-suite', critical: false },
  { text: ASYNC_REFACTOR, pattern: 'refactoring', critical: false },
  { text: DARK_MODE, pattern: 'frontend-feature', critical: false },
  { text: MIXED, pattern: 'full-stack-feature', critical: true },
  { text: 'Fix typo in README', pattern: 'generic', critical: false },
  { text: 'Add rate limiting to the API', pattern: 'full-stack-feature', critical: false },
  { text: 'Deploy the new version to production', pattern: 'generic', critical: true },
  { text: 'Upgrade React to v19', pattern: 'generic', critical: false },
  { text: 'Add a GraphQL endpoint for orders', pattern: 'full-stack-feature', critical: false },
  { text: 'Remove the deprecated v1 endpoints', pattern: 'refactoring', critical: false },
  { text: 'Add pagination to the orders table in the admin UI', pattern: 'frontend-feature', critical: false },
  { text: 'Add new API endpoint with tests', pattern: 'full-stack-feature', critical: false },
  { text: 'Drop the old users table', pattern: 'database-migration', critical: true },
  { text: 'Execute database migration', pattern: 'database-migration', critical: true },
  { text: 'Rename the email column to email_address in the users table', pattern: 'database-migration', critical: true },
  { text: 'Create a sessions table', pattern: 'database-migration', critical: true },
  { text: 'Add an index to the orders table', pattern: 'database-migration', critical: true },
  { text: 'Add a search bar to the orders page', pattern: 'frontend-feature', critical: false },
  { text: 'Fix the login bug where users are logged out after refresh', pattern: 'bug-fix', critical: false },
  { text: "Users can't log in after resetting their password", pattern: 'bug-fix', critical: false },
  { text: 'Investigate why the dashboard is slow', pattern: 'bug-fix', critical: false },
  { text: 'Add unit tests for the payment service', pattern: 'testing-suite', critical: false },
  { text: 'Increase test coverage of the billing module', pattern: 'testing-suite', critical: false },
  { text: 'Clean up the utils folder', pattern: 'refactoring', critical: false },
  { text: 'Rename the UserService class to AccountService', pattern: 'refactoring', critical: false },
  { text: 'Add a user profile feature', pattern: 'full-stack-feature', critical: false },
  { text: 'Add a "last_login_at" column to users and show it on the profile page', pattern: 'full-stack-feature', critical: true },
  { text: 'Add dark mode toggle to entire application', pattern: 'frontend-feature', critical: false },
  { text: 'Publish the package to npm', pattern: 'generic', critical: true },
  { text: 'Delete all user data older than 90 days', pattern: 'generic', critical: true },
  { text: 'Update the README with install instructions', pattern: 'generic', critical: false },
  { text: 'Set up CI with GitHub Actions', pattern: 'generic', critical: false },
  { text: 'Implement authentication system', pattern: 'full-stack-feature', critical: false },
];

/** Asserts the task list is a valid DAG: valid unique ids, known dependencies, no cycle (Kahn). */
export function expectDag(tasks: readonly TaskSpec[]): void {
  const ids = new Set<string>();
  for (const task of tasks) {
    expect(task.id).toMatch(TASK_ID_PATTERN);
    expect(ids.has(task.id), `duplicate id ${task.id}`).toBe(false);
    ids.add(task.id);
  }
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const task of tasks) {
    const deps = task.dependsOn ?? [];
    expect(new Set(deps).size, `duplicate dependency in ${task.id}`).toBe(deps.length);
    for (const dep of deps) {
      expect(ids.has(dep), `${task.id} depends on unknown ${dep}`).toBe(true);
      expect(dep).not.toBe(task.id);
      dependents.set(dep, [...(dependents.get(dep) ?? []), task.id]);
    }
    indegree.set(task.id, deps.length);
  }
  const ready = tasks.filter((task) => (task.dependsOn ?? []).length === 0).map((task) => task.id);
  let visited = 0;
  while (ready.length > 0) {
    const id = ready.pop() as string;
    visited += 1;
    for (const next of dependents.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  expect(visited, 'dependency cycle').toBe(tasks.length);
}

/** Asserts the per-task shape rules of the decomposer contract. */
export function expectTaskShape(tasks: readonly TaskSpec[]): void {
  expect(tasks.length).toBeGreaterThan(0);
  for (const task of tasks) {
    expect(task.title.trim()).not.toBe('');
    expect(task.title.length).toBeLessThanOrEqual(500);
    expect(task.kind).toBe('work');
    expect(ROLE_KEYS as readonly string[]).toContain(task.role);
    expect(task.estimateMinutes).toBeGreaterThan(0);
    expect(typeof task.phase).toBe('string');
    expect(task.phase).not.toBe('');
    expect(Array.isArray(task.dependsOn)).toBe(true);
  }
}

/** Titles of a task list. */
export function titles(tasks: readonly TaskSpec[]): string[] {
  return tasks.map((task) => task.title);
}

/** The task with this exact title (fails the test when absent). */
export function taskTitled(tasks: readonly TaskSpec[], title: string): TaskSpec {
  const task = tasks.find((each) => each.title === title);
  expect(task, `no task titled "${title}" in ${JSON.stringify(titles(tasks))}`).toBeDefined();
  return task as TaskSpec;
}

/** True when `ancestor` is reachable from `task` through dependencies. */
export function dependsTransitively(tasks: readonly TaskSpec[], task: TaskSpec, ancestor: TaskSpec): boolean {
  const byId = new Map(tasks.map((each) => [each.id, each]));
  const stack = [...(task.dependsOn ?? [])];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === ancestor.id) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.dependsOn ?? []));
  }
  return false;
}
