/**
 * Worktree isolation and an aborted run: as in a shared checkout, the merged work of the tasks that
 * finished is left in the checkout, uncommitted; nothing is committed and no worktree is left.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../src/adapters/types.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { plan } from '../src/plan/plan.js';
import { cleanupAll, isolateGitHome } from './git-fixtures.js';
import { makeRunRepo } from './execute-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

describe('worktree isolation: abort', () => {
  it('leaves the merged work in the checkout, uncommitted, and removes the worktrees', async () => {
    const repo = makeRunRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const controller = new AbortController();
    const adapter: AgentAdapter = {
      name: 'abort-after-first',
      async run(request) {
        if (request.task.id === 'first') {
          writeFileSync(join(request.cwd, 'first.txt'), 'done\n');
          return { ok: true };
        }
        // the second task is still running when the run is aborted
        await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
        writeFileSync(join(request.cwd, 'second.txt'), 'half\n');
        return { ok: false, summary: 'aborted' };
      },
    };
    const orchestrator = new Orchestrator({ cwd: repo.dir, adapter, isolation: 'worktree', signal: controller.signal, replan: false });
    orchestrator.on('integration', (event) => {
      if (event.taskId === 'first') controller.abort();
    });
    const p = await plan({ tasks: [{ id: 'first', title: 'Create users API endpoint' }, { id: 'second', title: 'Write API documentation' }] });

    const result = await orchestrator.run(p);

    expect(result.status).toBe('aborted');
    expect(result.commit).toBeUndefined();
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
    expect(repo.read('first.txt').toString()).toBe('done\n'); // merged before the abort: kept, uncommitted
    expect(repo.exists('second.txt')).toBe(false); // never merged
    expect(repo.git('status', '--porcelain')).toBe('?? first.txt\n');
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git('for-each-ref', 'refs/heads/wavefront/', 'refs/wavefront/work/')).toBe('');
  });
});
