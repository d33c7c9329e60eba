/**
 * T5: hostile text and ids never reach a shell or escape their place, and a hostile environment
 * cannot inject git configuration.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  assertSafeRefComponent,
  changedFiles,
  commitRun,
  createSnapshot,
  gitEnv,
  listRunRefs,
  restoreSnapshot,
  runGit,
} from '../src/git/index.js';
import { isWavefrontError } from '../src/model/errors.js';
import { type TestRepo, cleanupAll, installMarkerHooks, isolateGitHome, makeRepo, tempDir } from './git-fixtures.js';

beforeAll(isolateGitHome);
afterAll(cleanupAll);

function repoWithCommit(): TestRepo {
  const repo = makeRepo();
  repo.write('a.txt', 'a\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'init');
  return repo;
}

const UNSAFE_IDS = [
  '..',
  '/abs',
  'a/../../b',
  '-c',
  '--upload-pack=touch x',
  'x.lock',
  'X.LOCK',
  '.hidden',
  'ends.',
  'a..b',
  'a b',
  'a\nb',
  'a\0b',
  '$(touch M)',
  '`touch M`',
  'refs/heads/main',
  'x'.repeat(129),
  '',
];

describe('hostile run ids and labels', () => {
  it('are rejected with UNSAFE_PATH before any git call, for run ids and labels alike', async () => {
    const repo = repoWithCommit();
    for (const id of UNSAFE_IDS) {
      const asRunId = await createSnapshot(repo.dir, id).catch((e: unknown) => e);
      expect(isWavefrontError(asRunId, 'UNSAFE_PATH'), `runId ${JSON.stringify(id)}`).toBe(true);
      const asLabel = await createSnapshot(repo.dir, 'ok', { label: id }).catch((e: unknown) => e);
      expect(isWavefrontError(asLabel, 'UNSAFE_PATH'), `label ${JSON.stringify(id)}`).toBe(true);
      const listed = await listRunRefs(repo.dir, id).catch((e: unknown) => e);
      expect(isWavefrontError(listed, 'UNSAFE_PATH')).toBe(true);
    }
    expect(await createSnapshot(repo.dir, 7 as unknown as string).catch((e: unknown) => e)).toSatisfy((e: unknown) =>
      isWavefrontError(e, 'INVALID_ARGUMENT'),
    );
    expect(repo.git('for-each-ref', 'refs/wavefront/')).toBe('');
    expect(readdirSync(repo.dir).sort()).toEqual(['.git', 'a.txt']);
  });

  it('every id the validator accepts is a valid git ref component', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/), (id) => {
        let accepted = true;
        try {
          assertSafeRefComponent(id, 'runId');
        } catch {
          accepted = false;
        }
        fc.pre(accepted);
        execFileSync('git', ['check-ref-format', `refs/wavefront/runs/${id}/${id}`], { stdio: 'ignore' });
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('refs that are not wavefront snapshots are rejected by restore and changedFiles', async () => {
    const repo = repoWithCommit();
    for (const ref of ['--upload-pack=touch x', 'HEAD', 'HEAD~1', 'refs/heads/main', 'refs/wavefront/runs/../x/y', '-c']) {
      expect(await restoreSnapshot(repo.dir, ref).catch((e: unknown) => e)).toSatisfy((e: unknown) =>
        isWavefrontError(e, 'INVALID_ARGUMENT'),
      );
      expect(await changedFiles(repo.dir, ref).catch((e: unknown) => e)).toSatisfy((e: unknown) =>
        isWavefrontError(e, 'INVALID_ARGUMENT'),
      );
    }
    // A commit that exists but is not a snapshot is refused too.
    const head = repo.git('rev-parse', 'HEAD').trim();
    expect(await restoreSnapshot(repo.dir, head).catch((e: unknown) => e)).toSatisfy((e: unknown) =>
      isWavefrontError(e, 'INVALID_ARGUMENT'),
    );
  });
});

describe('hostile commit messages', () => {
  it('are stored verbatim and never executed', async () => {
    const repo = repoWithCommit();
    const markers = tempDir();
    const marker = join(markers, 'pwned');
    const messages = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `x; touch ${marker}; rm -rf ~`,
      `--upload-pack=touch ${marker}`,
      `-c core.sshCommand=touch ${marker}`,
      `line one\n\n$(touch ${marker})\n| touch ${marker} &&`,
      `'"; touch ${marker} #`,
      '\u202Ebidi\u200Bzero-width',
    ];
    for (const [i, message] of messages.entries()) {
      repo.write('a.txt', `change ${i}\n`);
      const result = await commitRun(repo.dir, message);
      expect(result.commit).not.toBeNull();
      expect(repo.git('log', '-1', '--format=%B').trimEnd()).toBe(message.trimEnd());
    }
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(markers)).toEqual([]);
    const nul = await commitRun(repo.dir, `a\0$(touch ${marker})`).catch((e: unknown) => e);
    expect(isWavefrontError(nul, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('hooks and a hostile environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('repository hooks (also through a husky-style core.hooksPath) never run during snapshot, restore or commit', async () => {
    const repo = repoWithCommit();
    const marker = join(tempDir(), 'hook-ran');
    installMarkerHooks(join(repo.dir, '.git', 'hooks'), marker);
    installMarkerHooks(join(repo.dir, '.husky'), marker);
    repo.git('config', 'core.hooksPath', '.husky');
    // Sanity: the hooks do fire for a plain git commit.
    const probe = makeRepo();
    const probeMarker = join(tempDir(), 'probe');
    installMarkerHooks(join(probe.dir, '.git', 'hooks'), probeMarker, ['pre-commit']);
    probe.write('p.txt', 'p');
    execFileSync('git', ['add', 'p.txt'], { cwd: probe.dir });
    execFileSync('git', ['commit', '-q', '-m', 'p'], { cwd: probe.dir });
    expect(existsSync(probeMarker)).toBe(true);

    const snapshot = await createSnapshot(repo.dir, 'hooks');
    repo.write('a.txt', 'changed\n');
    await restoreSnapshot(repo.dir, snapshot.ref);
    repo.write('a.txt', 'changed again\n');
    expect((await commitRun(repo.dir, 'commit without hooks')).commit).not.toBeNull();
    expect(existsSync(marker)).toBe(false);
  });

  it('GIT_CONFIG_* / GIT_DIR / GIT_INDEX_FILE in process.env have no effect on wavefront git calls', async () => {
    const repo = repoWithCommit();
    const elsewhere = makeRepo();
    const markerDir = tempDir();
    const marker = join(markerDir, 'injected');
    const hooks = join(tempDir(), 'hooks');
    installMarkerHooks(hooks, marker);
    Object.assign(process.env, {
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_0: 'core.hooksPath',
      GIT_CONFIG_VALUE_0: hooks,
      GIT_CONFIG_KEY_1: 'alias.wfx',
      GIT_CONFIG_VALUE_1: `!touch ${marker}`,
      GIT_CONFIG_KEY_2: 'wavefront.injected',
      GIT_CONFIG_VALUE_2: 'count',
      GIT_CONFIG_PARAMETERS: `'wavefront.params'='yes' 'core.fsmonitor'='touch ${marker}'`,
      GIT_DIR: join(elsewhere.dir, '.git'),
      GIT_WORK_TREE: elsewhere.dir,
      GIT_INDEX_FILE: join(markerDir, 'index'),
      GIT_EXEC_PATH: markerDir,
    });

    // What the git child actually sees: git itself only passes on our own -c options.
    const seen = await runGit(['-c', 'alias.showenv=!env', 'showenv'], { cwd: repo.dir });
    const lines = seen.stdout.split('\n');
    expect(lines.filter((line) => /^GIT_(CONFIG_COUNT|CONFIG_KEY|CONFIG_VALUE|DIR|WORK_TREE|INDEX_FILE)=/.test(line))).toEqual([]);
    expect(seen.stdout).not.toContain('wavefront.params');
    expect(seen.stdout).not.toContain(markerDir);
    expect(lines).toContain('LC_ALL=C');

    for (const key of ['wavefront.injected', 'wavefront.params']) {
      expect((await runGit(['config', '--get', key], { cwd: repo.dir, allowFailure: true })).code).toBe(1);
    }
    expect((await runGit(['wfx'], { cwd: repo.dir, allowFailure: true })).code).not.toBe(0);

    const snapshot = await createSnapshot(repo.dir, 'env');
    expect(execFileSync('git', ['for-each-ref', '--format=%(refname)'], { cwd: repo.dir, env: { PATH: process.env['PATH'] } }).toString()).toContain(
      'refs/wavefront/runs/env/wave-0',
    );
    repo.write('a.txt', 'changed\n');
    expect((await commitRun(repo.dir, 'with hostile env')).filesChanged).toEqual(['a.txt']);
    await restoreSnapshot(repo.dir, snapshot.ref);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(markerDir, 'index'))).toBe(false);
    expect(elsewhere.git('for-each-ref')).toBe('');
  });

  it('gitEnv scrubs every GIT_ variable, then sets the locale, prompts off and the caller extras', () => {
    const env = gitEnv(
      { GIT_INDEX_FILE: '/tmp/ours', EXTRA: 'yes', PATH: undefined },
      {
        readOnly: true,
        base: { PATH: '/bin', HOME: '/h', GIT_CONFIG_PARAMETERS: "'a.b'='c'", git_dir: '/x', GIT_SSH_COMMAND: 'evil', LC_ALL: 'de_DE' },
      },
    );
    expect(env).toEqual({
      HOME: '/h',
      LC_ALL: 'C',
      GIT_TERMINAL_PROMPT: '0',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_INDEX_FILE: '/tmp/ours',
      EXTRA: 'yes',
    });
    expect(gitEnv({}, { base: {} })).toEqual({ LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' });
  });
});
