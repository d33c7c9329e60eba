/**
 * The CLI and a crashed run's worktrees: `wavefront status` finds them, `wavefront cleanup <runId>`
 * removes them (and the run's branches and work refs) without touching the checkout, and refuses
 * a live run; `wavefront run --isolation` reaches the orchestrator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { createIntegrationWorktree, createRunWorktree } from '../src/git/worktree.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { makeRunRepo } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function io(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd,
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    interactive: false,
    ask: () => Promise.resolve('no'),
    env: {},
  };
}

describe('wavefront status / cleanup with leftover worktrees', () => {
  it('lists a dead run’s worktrees, then removes them, its branches and work refs, and nothing else', async () => {
    const repo = makeRunRepo();
    repo.write('notes.txt', 'mine\n');
    const head = repo.git('rev-parse', 'HEAD').trim();
    await createIntegrationWorktree(repo.dir, { runId: 'crashed', base: head });
    await createRunWorktree(repo.dir, { runId: 'crashed', instance: 'I4', base: head });
    repo.git('update-ref', 'refs/wavefront/work/crashed/base', head);

    const status = io(repo.dir);
    expect(await main(['status'], status)).toBe(0);
    expect(status.out.join('')).toContain('Run crashed left 2 worktree(s): resume it, or remove them with wavefront cleanup crashed');

    const cleanup = io(repo.dir);
    expect(await main(['cleanup', 'crashed'], cleanup)).toBe(0);
    expect(cleanup.out.join('')).toBe('Removed 2 worktree(s), 2 branch(es) and 1 work ref(s) of run crashed\n');
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git('for-each-ref', 'refs/heads/wavefront/', 'refs/wavefront/work/')).toBe('');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.read('notes.txt').toString()).toBe('mine\n');

    const again = io(repo.dir);
    expect(await main(['status'], again)).toBe(0);
    expect(again.out.join('')).not.toContain('left');
  });

  it('rejects a malformed run id with one typed error line', async () => {
    const repo = makeRunRepo();
    const bad = io(repo.dir);
    expect(await main(['cleanup', '../x'], bad)).toBe(1);
    expect(bad.err.join('')).toMatch(/^wavefront: error UNSAFE_PATH: /);
    const usage = io(repo.dir);
    expect(await main(['cleanup'], usage)).toBe(1);
    expect(usage.err.join('')).toMatch(/INVALID_ARGUMENT: usage: wavefront cleanup <runId>/);
  });

  it('run --isolation with a bad value fails before anything runs', async () => {
    const repo = makeRunRepo();
    repo.write('tasks.json', JSON.stringify([{ id: 'a', title: 'Write docs', command: ['true'] }]));
    const head = repo.git('rev-parse', 'HEAD').trim();
    const run = io(repo.dir);
    expect(await main(['run', '--tasks', 'tasks.json', '--isolation', 'sideways', '--yes'], run)).toBe(1);
    expect(run.err.join('')).toMatch(/^wavefront: error INVALID_CONFIG: Orchestrator options\.isolation: expected one of auto \| worktree \| shared/m);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.git('for-each-ref', 'refs/wavefront/')).toBe('');
  });
});
