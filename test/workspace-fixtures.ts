/**
 * Helpers of the run-workspace tests (not a test file): a repository with an initial commit, a run
 * worktree opened as a {@link TestRepo}, and catching a failure to assert its WavefrontError code.
 */
import { expect } from 'vitest';
import { createRunWorktree } from '../src/git/index.js';
import { isWavefrontError } from '../src/model/errors.js';
import { type TestRepo, makeRepo, openRepo } from './git-fixtures.js';

/** A repository on `main` whose first commit ("init") holds `files` (path → content), written in order. */
export function repoWithCommit(files: Readonly<Record<string, string>>): TestRepo {
  const repo = makeRepo();
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'init');
  return repo;
}

/** Creates the run worktree of `instance` at `base` and opens it. */
export async function worktreeAt(repo: TestRepo, runId: string, instance: string, base: string): Promise<TestRepo> {
  const created = await createRunWorktree(repo.dir, { runId, instance, base });
  return openRepo(created.path);
}

/** Awaits `promise` (or calls and awaits `promise()`) and returns what it throws; throws when it does not fail. */
export async function failure(promise: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** Asserts that `error` is a WavefrontError of `code` and, when given, `details.state`. */
export function expectErrorCode(error: unknown, code: string, state?: string): void {
  expect(isWavefrontError(error), String(error)).toBe(true);
  const e = error as { code: string; details: Record<string, unknown> };
  expect(e.code).toBe(code);
  if (state !== undefined) expect(e.details['state']).toBe(state);
}
