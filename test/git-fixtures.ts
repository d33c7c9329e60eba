/**
 * Test fixtures for the git tests: throw-away repositories under os.tmpdir(), driven by the real
 * `git` binary (not by the code under test), with an isolated HOME so the developer's global git
 * config cannot influence results.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const cleanups: (() => void)[] = [];

/** Removes every temp dir created by this module (call in afterAll). */
export function cleanupAll(): void {
  for (const cleanup of cleanups.splice(0)) cleanup();
}

/** A fresh directory under os.tmpdir(), removed by {@link cleanupAll}. */
export function tempDir(prefix = 'wf-git-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Points HOME and XDG_CONFIG_HOME at an empty directory for this test file (vitest runs each file in
 * its own forked process), so no global user.name / aliases / hooksPath leak into the tests.
 */
export function isolateGitHome(): void {
  const home = tempDir('wf-git-home-');
  process.env['HOME'] = home;
  process.env['XDG_CONFIG_HOME'] = join(home, '.config');
  delete process.env['EMAIL'];
  for (const key of Object.keys(process.env)) if (key.startsWith('GIT_')) delete process.env[key];
}

function helperEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  return { ...env, LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: '1' };
}

/** A test repository. */
export interface TestRepo {
  readonly dir: string;
  /** Runs real git in the repo; returns stdout (throws on failure). */
  git(...args: string[]): string;
  /** Runs real git and returns its exit code and output, never throwing. */
  gitStatus(...args: string[]): { code: number; stdout: string; stderr: string };
  write(path: string, content: string | Buffer, mode?: number): void;
  read(path: string): Buffer;
  exists(path: string): boolean;
}

/** Runs real git in `cwd` with the isolated environment. */
export function git(cwd: string, ...args: string[]): string {
  // Hooks are off for fixture commands, so a marker written by a hook can only come from the code under test.
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd, env: helperEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs real git with the repository's hooks enabled (to prove a test hook really fires). */
export function gitWithHooks(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: helperEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Installs executable hooks (`pre-commit`, `post-checkout`, ...) that each append their name to `marker`. */
export function installMarkerHooks(hooksDir: string, marker: string, names: readonly string[] = HOOK_NAMES): void {
  mkdirSync(hooksDir, { recursive: true });
  for (const name of names) {
    writeFileSync(join(hooksDir, name), `#!/bin/sh\necho ${name} >> '${marker}'\n`);
    chmodSync(join(hooksDir, name), 0o755);
  }
}

/** Hooks that git could run during snapshot, rollback or commit. */
export const HOOK_NAMES: readonly string[] = [
  'pre-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'post-checkout',
  'post-index-change',
  'reference-transaction',
  'pre-auto-gc',
];

/** Creates a repository on branch `main`; with `identity` a local user.name/email is configured. */
export function makeRepo(options: { identity?: boolean; dir?: string } = {}): TestRepo {
  const dir = options.dir ?? tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  if (options.identity !== false) {
    git(dir, 'config', 'user.name', 'Test User');
    git(dir, 'config', 'user.email', 'test@example.com');
  }
  git(dir, 'config', 'commit.gpgsign', 'false');
  return openRepo(dir);
}

/** A repository on `main` with one commit ("base") holding `f.txt` = "base\n". */
export function baseRepo(): TestRepo {
  const repo = makeRepo();
  repo.write('f.txt', 'base\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'base');
  return repo;
}

/** Writes `${text}\n` to `f.txt` and commits it (message `text`) on the current branch. */
export function commitF(repo: TestRepo, text: string): void {
  repo.write('f.txt', `${text}\n`);
  repo.git('commit', '-q', '-am', text);
}

/**
 * Commits a different `f.txt` on the existing branch `other` and on `main`, ending on `main`, so
 * merging, rebasing or cherry-picking one onto the other conflicts.
 */
export function divergeFromOther(repo: TestRepo): void {
  repo.git('checkout', '-q', 'other');
  commitF(repo, 'other');
  repo.git('checkout', '-q', 'main');
  commitF(repo, 'main');
}

/** A {@link TestRepo} for an existing work tree (e.g. a linked worktree). */
export function openRepo(dir: string): TestRepo {
  return {
    dir,
    git: (...args) => git(dir, ...args),
    gitStatus: (...args) => {
      try {
        return { code: 0, stdout: git(dir, ...args), stderr: '' };
      } catch (error) {
        const e = error as { status?: number; stdout?: string; stderr?: string };
        return { code: e.status ?? -1, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? '') };
      }
    },
    write: (path, content, mode) => {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      if (mode !== undefined) chmodSync(full, mode);
    },
    read: (path) => readFileSync(join(dir, path)),
    exists: (path) => {
      try {
        lstatSync(join(dir, path));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The untracked, non-ignored files of the repo with the blob hash of each (`path -> hash`). */
export function untrackedWithHashes(repo: TestRepo): Map<string, string> {
  const listed = repo.git('ls-files', '-o', '--exclude-standard', '-z').split('\0').filter((p) => p !== '');
  listed.sort();
  const result = new Map<string, string>();
  if (listed.length === 0) return result;
  const hashes = repo.git('hash-object', '--', ...listed).trim().split('\n');
  listed.forEach((path, i) => result.set(path, hashes[i] ?? ''));
  return result;
}

/** sha256 of every file below `root` (relative path -> hash), skipping `.git`. Symlinks by target. */
export function treeHashes(root: string, sub = ''): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (path === '.git' || path === '.wavefront') continue; // .wavefront: the run's own journal
      if (entry.isDirectory()) walk(path);
      else {
        const stats = lstatSync(join(root, path));
        const content = stats.isSymbolicLink() ? `link` : readFileSync(join(root, path));
        result.set(path, `${(stats.mode & 0o111) !== 0 ? 'x' : '-'}${createHash('sha256').update(content).digest('hex')}`);
      }
    }
  };
  walk(sub);
  return result;
}
