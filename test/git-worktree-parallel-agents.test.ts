/**
 * Eight scripted agents (real child processes) edit and commit in parallel, each in its own
 * worktree, while the test polls every worktree's status in a tight loop; then all eight branches
 * are integrated and the run is cleaned up.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupRunWorktrees,
  commitWorktree,
  createIntegrationWorktree,
  createRunWorktree,
  createSnapshot,
  integrate,
  listRunWorktrees,
  worktreeStatus,
} from '../src/git/index.js';
import { cleanupAll, isolateGitHome, makeRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const AGENTS = 8;
const ROUNDS = 5;

// Each round: a new file of its own, an append to its own tracked module file, `git add -A`, `git commit`.
// Finally one more file is left uncommitted for commitWorktree. Any git failure exits non-zero with git's stderr.
const AGENT_SCRIPT = `
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const [dir, id, rounds] = process.argv.slice(2);
const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
mkdirSync(join(dir, 'agents', id), { recursive: true });
for (let round = 0; round < Number(rounds); round += 1) {
  writeFileSync(join(dir, 'agents', id, 'file-' + round + '.txt'), id + ' round ' + round + '\\n');
  appendFileSync(join(dir, 'module-' + id + '.txt'), 'edit ' + round + '\\n');
  git('add', '-A');
  git('commit', '-q', '-m', id + ' round ' + round);
}
writeFileSync(join(dir, 'agents', id, 'final.txt'), id + ' final\\n');
`;

interface AgentRun {
  readonly code: number | null;
  readonly stderr: string;
}

function runAgent(script: string, dir: string, id: string): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, id, String(ROUNDS)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('parallel agents in their own worktrees', () => {
  it('commit concurrently under status polling without index.lock errors, and all eight branches integrate', async () => {
    const repo = makeRepo();
    const ids = Array.from({ length: AGENTS }, (_, i) => `a${i}`);
    for (const id of ids) repo.write(`module-${id}.txt`, `module ${id}\n`);
    repo.write('README.md', 'readme\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'init');
    repo.write('notes.txt', 'the user\u2019s uncommitted notes\n'); // untracked: captured by the wave-0 snapshot
    const userHead = repo.git('rev-parse', 'HEAD').trim();
    const runId = 'par-run';
    const snapshot = await createSnapshot(repo.dir, runId);

    const worktrees = await Promise.all(ids.map((instance) => createRunWorktree(repo.dir, { runId, instance, base: snapshot.commit })));
    expect(worktrees.map((w) => w.branch)).toEqual(ids.map((id) => `refs/heads/wavefront/${runId}/${id}`));
    for (const worktree of worktrees) {
      expect(worktree.path).toBe(join(repo.dir, '.wavefront', 'worktrees', runId, worktree.instance));
      expect(readFileSync(join(worktree.path, 'notes.txt'), 'utf8')).toContain('uncommitted notes');
    }

    const script = join(tempDir('wf-agent-'), 'agent.mjs');
    writeFileSync(script, AGENT_SCRIPT);
    let running = AGENTS;
    const commits: Promise<string | null>[] = [];
    const agents = worktrees.map((worktree) =>
      runAgent(script, worktree.path, worktree.instance).then((run) => {
        running -= 1;
        // committed from the test process while the other agents are still committing
        commits.push(commitWorktree(worktree.path, `${worktree.instance}: final`));
        return run;
      }),
    );

    const pollErrors: unknown[] = [];
    let polls = 0;
    while (running > 0) {
      await Promise.all(worktrees.map((w) => worktreeStatus(w.path).catch((error: unknown) => pollErrors.push(error))));
      polls += 1;
    }
    const runs = await Promise.all(agents);
    const finalCommits = await Promise.all(commits);

    const stderr = runs.map((run) => run.stderr).join('\n');
    expect(stderr).not.toMatch(/index\.lock/);
    expect(stderr).toBe(Array(AGENTS).fill('').join('\n'));
    expect(runs.map((run) => run.code)).toEqual(Array(AGENTS).fill(0));
    expect(pollErrors).toEqual([]);
    expect(polls).toBeGreaterThan(0);
    for (const commit of finalCommits) expect(commit).toMatch(/^[0-9a-f]{40}$/);

    for (const worktree of worktrees) {
      const status = await worktreeStatus(worktree.path);
      expect(status).toMatchObject({ clean: true, branch: worktree.branch });
      expect(Number(repo.git('rev-list', '--count', `${snapshot.commit}..${worktree.branch}`).trim())).toBe(ROUNDS + 1);
    }

    const integration = await createIntegrationWorktree(repo.dir, { runId, base: snapshot.commit });
    const result = await integrate(repo.dir, { integrationPath: integration.path, branches: worktrees.map((w) => w.branch) });
    expect(result.remaining).toEqual([]);
    expect(result.results.map((r) => [r.branch, r.status])).toEqual(worktrees.map((w) => [w.branch, 'merged']));
    expect(repo.git('rev-parse', integration.branch).trim()).toBe(result.head);
    expect(repo.git('rev-list', '--merges', '--count', `${snapshot.commit}..${result.head}`).trim()).toBe(String(AGENTS));
    for (const id of ids) {
      for (let round = 0; round < ROUNDS; round += 1) {
        expect(readFileSync(join(integration.path, 'agents', id, `file-${round}.txt`), 'utf8')).toBe(`${id} round ${round}\n`);
      }
      expect(readFileSync(join(integration.path, 'agents', id, 'final.txt'), 'utf8')).toBe(`${id} final\n`);
      const edits = Array.from({ length: ROUNDS }, (_, round) => `edit ${round}\n`).join('');
      expect(readFileSync(join(integration.path, `module-${id}.txt`), 'utf8')).toBe(`module ${id}\n${edits}`);
    }
    expect((await worktreeStatus(integration.path)).clean).toBe(true);

    // the user's checkout was never touched: same HEAD, only their own untracked file, worktrees excluded
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(userHead);
    expect(repo.git('status', '--porcelain').split('\n').filter((l) => l !== '')).toEqual(['?? notes.txt']);

    const cleanup = await cleanupRunWorktrees(repo.dir, runId);
    expect(cleanup.removed).toHaveLength(AGENTS + 1);
    expect(cleanup.deletedBranches).toHaveLength(AGENTS + 1);
    expect(repo.git('worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(repo.git('for-each-ref', 'refs/heads/wavefront/')).toBe('');
    expect(await listRunWorktrees(repo.dir)).toEqual([]);
    expect(existsSync(join(repo.dir, '.wavefront', 'worktrees', runId))).toBe(false);
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(userHead);
  });
});
