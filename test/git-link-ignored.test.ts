/**
 * linkIgnored: ignored paths of the checkout (node_modules, .env) symlinked or copied into run
 * worktrees, never committed and never shown as untracked there; paths that are missing, tracked or
 * not ignored are skipped; bad paths are refused up front. Ends with a whole Orchestrator run whose
 * agents and integration gate use node_modules through the links. Real git in temp repositories.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdapter } from '../src/adapters/types.js';
import { Orchestrator } from '../src/execute/orchestrator.js';
import { commitWork } from '../src/git/workspace.js';
import { cleanupRunWorktrees, createRunWorktree } from '../src/git/worktree.js';
import { linkIgnored } from '../src/git/link-ignored.js';
import { isWavefrontError } from '../src/model/errors.js';
import { plan } from '../src/plan/plan.js';
import { runLeftovers, worktreePaths } from './fixtures/worktree-checks.js';
import { type TestRepo, cleanupAll, isolateGitHome, makeRepo, openRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

const PKG = 'node_modules/pkg/index.js';
const PKG_CONTENT = 'module.exports = 42;\n';
const USER_EXCLUDE = '# the user\'s own exclude lines\n*.user-local\n';

/** A repository with a tracked file, an ignored `node_modules/pkg/index.js` and `.env`, and a user line in info/exclude. */
function dependencyRepo(): TestRepo {
  const repo = makeRepo();
  repo.write('.gitignore', 'node_modules/\n.env\nbuild/\n');
  repo.write('src/app.txt', 'app\n');
  repo.write('build/keep.txt', 'tracked although build/ is ignored\n');
  repo.git('add', '-A');
  repo.git('add', '-f', 'build/keep.txt');
  repo.git('commit', '-q', '-m', 'initial');
  repo.write(PKG, PKG_CONTENT);
  repo.write('.env', 'SECRET=1\n');
  repo.write('notes.txt', 'untracked, not ignored\n');
  repo.write('.git/info/exclude', USER_EXCLUDE);
  return repo;
}

async function worktree(repo: TestRepo, runId: string, instance = 'I1'): Promise<TestRepo> {
  const created = await createRunWorktree(repo.dir, { runId, instance, base: repo.git('rev-parse', 'HEAD').trim() });
  return openRepo(created.path);
}

function info(repo: TestRepo, runId: string, instance = 'I1') {
  return { repo: repo.dir, runId, instance };
}

function excludeLines(repo: TestRepo): string[] {
  return readFileSync(join(repo.dir, '.git', 'info', 'exclude'), 'utf8').split('\n');
}

/** The lines linkIgnored added to info/exclude (those below its comment). */
function linkedPatterns(repo: TestRepo): string[] {
  const lines = excludeLines(repo);
  return lines.flatMap((line, i) => (i > 0 && lines[i - 1] === '# wavefront linkIgnored' ? [line] : []));
}

/** Every path in every commit reachable from any ref (branches, run branches, work refs). */
function pathsInAllCommits(repo: TestRepo): string[] {
  const commits = repo.git('rev-list', '--all').split('\n').filter((c) => c !== '');
  const paths = new Set<string>();
  for (const commit of commits) for (const p of repo.git('ls-tree', '-r', '--name-only', commit).split('\n')) if (p !== '') paths.add(p);
  return [...paths].sort();
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function expectCode(error: unknown, code: string, state?: string): void {
  expect(isWavefrontError(error), String(error)).toBe(true);
  expect((error as { code: string }).code, String(error)).toBe(code);
  if (state !== undefined) expect((error as { details: Record<string, unknown> }).details['state']).toBe(state);
}

describe('the premise', () => {
  it('a `node_modules/` rule does not hide a symlink named node_modules in a worktree', async () => {
    const repo = dependencyRepo();
    const wt = await worktree(repo, 'premise');
    symlinkSync(join(repo.dir, 'node_modules'), join(wt.dir, 'node_modules'));
    expect(wt.git('status', '--porcelain')).toBe('?? node_modules\n');
  });
});

describe('linkIgnored: symlinks', () => {
  it('links an ignored directory; the worktree stays clean, commitWork commits nothing and no commit holds the link', async () => {
    const repo = dependencyRepo();
    const wt = await worktree(repo, 'link');
    await linkIgnored(['node_modules'])(wt.dir, info(repo, 'link'));

    const link = join(wt.dir, 'node_modules');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(realpathSync(link)).toBe(realpathSync(join(repo.dir, 'node_modules')));
    expect(readFileSync(join(wt.dir, PKG), 'utf8')).toBe(PKG_CONTENT);
    expect(wt.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(await commitWork(wt.dir, 'x')).toBeNull();

    // the anchored pattern was appended once, after the user's lines, which are kept
    const lines = excludeLines(repo);
    expect(lines.filter((l) => l === '/node_modules')).toHaveLength(1);
    expect(linkedPatterns(repo)).toEqual(['/node_modules']);
    expect(lines.join('\n').startsWith(USER_EXCLUDE)).toBe(true);

    // real work next to the link is committed, the link is not
    wt.write('src/new.txt', 'new\n');
    const commit = await commitWork(wt.dir, 'work');
    expect(commit).not.toBeNull();
    expect(wt.git('ls-tree', '-r', '--name-only', commit as string).split('\n')).toContain('src/new.txt');
    expect(pathsInAllCommits(repo).filter((p) => p.startsWith('node_modules'))).toEqual([]);

    // the checkout is unchanged and still clean
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');
  });

  it('is idempotent across worktrees and leaves the checkout\'s directory alone when the worktrees are removed', async () => {
    const repo = dependencyRepo();
    const setup = linkIgnored(['node_modules/']); // trailing slash accepted
    const first = await worktree(repo, 'twice', 'I1');
    const second = await worktree(repo, 'twice', 'I2');
    await setup(first.dir, info(repo, 'twice', 'I1'));
    await setup(second.dir, info(repo, 'twice', 'I2'));
    expect(excludeLines(repo).filter((l) => l === '/node_modules')).toHaveLength(1);
    expect(second.git('status', '--porcelain')).toBe('');
    expect(readFileSync(join(second.dir, PKG), 'utf8')).toBe(PKG_CONTENT);

    await cleanupRunWorktrees(repo.dir, 'twice');
    expect(existsSync(first.dir)).toBe(false);
    expect(readFileSync(join(repo.dir, PKG), 'utf8')).toBe(PKG_CONTENT);
  });

  it('links an ignored file whose own rule already matches the link without touching info/exclude', async () => {
    const repo = dependencyRepo();
    const wt = await worktree(repo, 'env');
    await linkIgnored(['.env'])(wt.dir, info(repo, 'env'));
    expect(lstatSync(join(wt.dir, '.env')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(wt.dir, '.env'), 'utf8')).toBe('SECRET=1\n');
    expect(wt.git('status', '--porcelain')).toBe('');
    expect(linkedPatterns(repo)).toEqual([]);
  });

  it('links a nested path, creating its parents, with glob characters escaped in the exclude pattern', async () => {
    const repo = dependencyRepo();
    const nested = 'packages/w[e]ird*/node_modules';
    repo.write(`${nested}/dep/index.js`, 'dep\n');
    const wt = await worktree(repo, 'nested');
    await linkIgnored([nested])(wt.dir, info(repo, 'nested'));
    expect(readFileSync(join(wt.dir, nested, 'dep/index.js'), 'utf8')).toBe('dep\n');
    expect(lstatSync(join(wt.dir, nested)).isSymbolicLink()).toBe(true);
    expect(excludeLines(repo)).toContain('/packages/w\\[e]ird\\*/node_modules');
    expect(wt.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(await commitWork(wt.dir, 'x')).toBeNull();
    // the unescaped glob would also hide this symlink; the escaped pattern does not
    mkdirSync(join(wt.dir, 'packages/weird-x'));
    symlinkSync(join(repo.dir, nested), join(wt.dir, 'packages/weird-x/node_modules'));
    expect(wt.git('status', '--porcelain', '--untracked-files=all')).toBe('?? packages/weird-x/node_modules\n');
  });

  it('skips missing, tracked and not-ignored paths, and leaves an existing entry alone', async () => {
    const repo = dependencyRepo();
    const wt = await worktree(repo, 'skip');
    wt.write('.env', 'worktree own\n');
    await linkIgnored(['missing', 'notes.txt', 'src', 'build', '.env'])(wt.dir, info(repo, 'skip'));
    await linkIgnored(['src/app.txt'])(wt.dir, info(repo, 'skip'));
    expect(wt.exists('missing')).toBe(false);
    expect(wt.exists('notes.txt')).toBe(false); // untracked in the checkout but not ignored
    expect(lstatSync(join(wt.dir, 'src')).isDirectory()).toBe(true); // tracked: the worktree's own
    expect(lstatSync(join(wt.dir, 'build')).isDirectory()).toBe(true); // ignored, but holds a tracked file
    expect(readFileSync(join(wt.dir, 'build/keep.txt'), 'utf8')).toBe('tracked although build/ is ignored\n');
    expect(lstatSync(join(wt.dir, '.env')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(wt.dir, '.env'), 'utf8')).toBe('worktree own\n');
    expect(lstatSync(join(wt.dir, 'src/app.txt')).isFile()).toBe(true);
    expect(linkedPatterns(repo)).toEqual([]);
    expect(wt.git('status', '--porcelain')).toBe(''); // the worktree's own .env is ignored
  });

  it('refuses to create anything through a symlinked parent in the worktree', async () => {
    const repo = dependencyRepo();
    repo.write('pkgs/a/keep.txt', 'a\n');
    repo.git('add', 'pkgs');
    repo.git('commit', '-q', '-m', 'pkgs');
    repo.write('pkgs/a/node_modules/dep.js', 'dep\n');
    const wt = await worktree(repo, 'escape');
    const outside = tempDir('wf-link-outside-');
    wt.git('rm', '-rq', 'pkgs');
    symlinkSync(outside, join(wt.dir, 'pkgs'));
    mkdirSync(join(outside, 'a'));
    const error = await rejected(Promise.resolve(linkIgnored(['pkgs/a/node_modules'])(wt.dir, info(repo, 'escape'))));
    expectCode(error, 'UNSAFE_PATH');
    expect(existsSync(join(outside, 'a', 'node_modules'))).toBe(false);
  });

  it('removes the link and fails when a rule keeps git from ignoring it', async () => {
    const repo = dependencyRepo();
    // the directory is ignored (last rule), a symlink of the same name is re-included (.gitignore beats info/exclude)
    repo.write('.gitignore', '!node_modules\nnode_modules/\n');
    repo.git('commit', '-qam', 'negation');
    const wt = await worktree(repo, 'negated');
    const error = await rejected(Promise.resolve(linkIgnored(['node_modules'])(wt.dir, info(repo, 'negated'))));
    expectCode(error, 'GIT_STATE_UNSAFE', 'link-not-ignored');
    expect(wt.exists('node_modules')).toBe(false);
    expect(wt.git('status', '--porcelain')).toBe('');
  });

  it('refuses a worktree that is not a linked worktree of the repository', async () => {
    const repo = dependencyRepo();
    const other = makeRepo();
    const setup = linkIgnored(['node_modules']);
    expectCode(await rejected(Promise.resolve(setup(repo.dir, info(repo, 'self')))), 'INVALID_ARGUMENT');
    expectCode(await rejected(Promise.resolve(setup(other.dir, info(repo, 'other')))), 'INVALID_ARGUMENT');
    expectCode(await rejected(Promise.resolve(setup('', info(repo, 'empty')))), 'INVALID_ARGUMENT');
    expect(other.exists('node_modules')).toBe(false);
  });
});

describe('linkIgnored: copy', () => {
  it('copies instead of linking; the copy is the worktree\'s own and stays out of git', async () => {
    const repo = dependencyRepo();
    symlinkSync('index.js', join(repo.dir, 'node_modules/pkg/alias.js'));
    const wt = await worktree(repo, 'copy');
    await linkIgnored(['node_modules', '.env'], { copy: true })(wt.dir, info(repo, 'copy'));
    expect(lstatSync(join(wt.dir, 'node_modules')).isDirectory()).toBe(true);
    expect(lstatSync(join(wt.dir, 'node_modules')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(wt.dir, PKG), 'utf8')).toBe(PKG_CONTENT);
    expect(readlinkSync(join(wt.dir, 'node_modules/pkg/alias.js'))).toBe('index.js'); // verbatim
    expect(lstatSync(join(wt.dir, '.env')).isFile()).toBe(true);
    writeFileSync(join(wt.dir, PKG), 'changed in the worktree\n');
    expect(readFileSync(join(repo.dir, PKG), 'utf8')).toBe(PKG_CONTENT);
    expect(wt.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(await commitWork(wt.dir, 'x')).toBeNull();
  });
});

describe('linkIgnored: argument validation', () => {
  it.each([
    ['/abs/node_modules', 'UNSAFE_PATH'],
    ['../node_modules', 'UNSAFE_PATH'],
    ['a/../node_modules', 'UNSAFE_PATH'],
    ['./node_modules', 'UNSAFE_PATH'],
    ['.git', 'UNSAFE_PATH'],
    ['.git/hooks', 'UNSAFE_PATH'],
    ['sub/.GIT/config', 'UNSAFE_PATH'],
    ['C:/node_modules', 'UNSAFE_PATH'],
    ['a\0b', 'INVALID_ARGUMENT'],
    ['a\nb', 'INVALID_ARGUMENT'],
    ['a\\b', 'INVALID_ARGUMENT'],
    ['', 'INVALID_ARGUMENT'],
    ['.', 'INVALID_ARGUMENT'],
  ])('refuses %j with %s when linkIgnored is called', (path, code) => {
    expectCode(
      thrown(() => linkIgnored([path])),
      code,
    );
  });

  it('refuses a non-array, a non-string entry, nested paths and bad options', () => {
    expectCode(
      thrown(() => linkIgnored('node_modules' as unknown as string[])),
      'INVALID_ARGUMENT',
    );
    expectCode(
      thrown(() => linkIgnored([42 as unknown as string])),
      'INVALID_ARGUMENT',
    );
    expectCode(
      thrown(() => linkIgnored(['node_modules', 'node_modules/pkg'])),
      'INVALID_ARGUMENT',
    );
    expectCode(
      thrown(() => linkIgnored(['node_modules'], { copy: 'yes' as unknown as boolean })),
      'INVALID_ARGUMENT',
    );
    expectCode(
      thrown(() => linkIgnored(['node_modules'], null as unknown as object)),
      'INVALID_ARGUMENT',
    );
    expect(typeof linkIgnored(['node_modules', 'node_modules', '.env', 'packages/a/node_modules'])).toBe('function');
  });
});

describe('linkIgnored in an Orchestrator run', () => {
  it('agents and the integration gate find node_modules in their worktrees, and the final commit holds none of it', async () => {
    const repo = dependencyRepo();
    const head = repo.git('rev-parse', 'HEAD').trim();
    const agentCwds: string[] = [];
    const adapter: AgentAdapter = {
      name: 'reads-node-modules',
      run(request) {
        agentCwds.push(request.cwd);
        const dependency = readFileSync(join(request.cwd, PKG), 'utf8');
        const file = `src/${request.task.id}.txt`;
        mkdirSync(join(request.cwd, 'src'), { recursive: true });
        writeFileSync(join(request.cwd, file), `built with ${dependency}`);
        return Promise.resolve({ ok: true, filesChanged: [file] });
      },
    };
    const gateRuns: { cwd: string; found: boolean }[] = [];
    const orchestrator = new Orchestrator({
      cwd: repo.dir,
      adapter,
      runId: 'e2e',
      isolation: 'worktree',
      maxInstances: 2,
      retries: 0,
      replan: false,
      integrationGate: (cwd) => {
        const found = existsSync(join(cwd, PKG));
        gateRuns.push({ cwd, found });
        return { ok: found, output: found ? 'node_modules present' : 'node_modules missing' };
      },
      worktreeSetup: linkIgnored(['node_modules']),
    });
    const planned = await plan(
      {
        text: 'Two modules that need a dependency',
        tasks: [
          { id: 'alpha', title: 'Write module alpha' },
          { id: 'beta', title: 'Write module beta' },
        ],
      },
      { maxInstances: 2 },
    );
    const result = await orchestrator.run(planned);

    expect(result.status, JSON.stringify(result.error)).toBe('succeeded');
    expect(agentCwds).toHaveLength(2);
    for (const cwd of agentCwds) expect(cwd.startsWith(join(realpathSync(repo.dir), '.wavefront', 'worktrees', 'e2e'))).toBe(true);
    expect(gateRuns.length).toBeGreaterThanOrEqual(2);
    for (const run of gateRuns) {
      expect(run.found, run.cwd).toBe(true);
      expect(run.cwd.endsWith('integration')).toBe(true);
    }

    expect(repo.git('rev-parse', 'HEAD~1').trim()).toBe(head);
    const committed = repo.git('diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD~1', 'HEAD').split('\n').filter((p) => p !== '').sort();
    expect(committed).toEqual(['src/alpha.txt', 'src/beta.txt']);
    expect(repo.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter((p) => p.startsWith('node_modules'))).toEqual([]);
    expect(repo.git('show', 'HEAD:src/alpha.txt')).toBe(`built with ${PKG_CONTENT}`);
    expect(pathsInAllCommits(repo).filter((p) => p.startsWith('node_modules'))).toEqual([]);

    // the run cleaned up after itself, and the checkout's node_modules survived the worktrees' removal
    expect(worktreePaths(repo)).toHaveLength(1);
    expect(runLeftovers(repo)).toEqual([]);
    expect(readFileSync(join(repo.dir, PKG), 'utf8')).toBe(PKG_CONTENT);
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt\n');
  });
});
