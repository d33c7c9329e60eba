import { afterAll, describe, expect, it } from 'vitest';
import { Journal, REDACTED, redactSecrets, redactString, secretValuesFromEnv, writeCheckpoint } from '../src/journal/index.js';
import { cleanupTempDirs, makeRun, readTree, samplePlan } from './journal-fixtures.js';

afterAll(cleanupTempDirs);

const FAKE_KEY = 'sk-test-4f9a1c2e8b7d6a5f3e2d1c0b9a8f7e6d';
const env = { OPENAI_API_KEY: FAKE_KEY, MY_DB_PASSWORD: 'hunter2-correct-horse', SHORT_TOKEN: 'abc', PATH: '/usr/bin:/bin', HOME: '/root' };

describe('secrets never reach the state dir (T11)', () => {
  it('redacts a secret env value printed in a result, an error and a checkpoint', async () => {
    const { cwd, stateDir, runDir } = await makeRun();
    const journal = await Journal.create(runDir, { runId: 'run-1', plan: samplePlan(), cwd, createdAt: Date.now() }, { env });
    await journal.append({ type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' });
    await journal.append({
      type: 'task-end',
      taskId: 'a',
      status: 'succeeded',
      attempts: 1,
      result: {
        ok: true,
        summary: `printed env: OPENAI_API_KEY=${FAKE_KEY}`,
        output: { stdout: `key is ${FAKE_KEY}\n`, nested: [{ deep: `x${FAKE_KEY}y` }], [FAKE_KEY]: 'as a key' },
        filesChanged: ['src/a.ts'],
      },
    });
    await journal.append({ type: 'task-end', taskId: 'b', status: 'failed', attempts: 1, error: { message: `auth failed with hunter2-correct-horse and ${FAKE_KEY}` } });
    await journal.append({ type: 'run-end', status: 'failed', error: { message: `Authorization: Bearer ${FAKE_KEY}` } });
    await journal.close();
    await writeCheckpoint(
      runDir,
      { task: 'Task a', instance: 'I4', wave: 1, status: 'succeeded', startedAt: 0, endedAt: 60_000, verbosity: 'detailed', summary: `used ${FAKE_KEY}`, filesModified: [`leak-${FAKE_KEY}.txt`] },
      { env },
    );
    const files = readTree(stateDir);
    expect(files.map((file) => file.path.slice(stateDir.length))).toEqual(['/runs/run-1/WAVE_1_I4_CHECKPOINT.txt', '/runs/run-1/journal.jsonl']);
    for (const file of files) {
      expect(file.text).not.toContain(FAKE_KEY);
      expect(file.text).not.toContain('sk-test-');
      expect(file.text).not.toContain('hunter2-correct-horse');
      expect(file.text).toContain(REDACTED);
    }
  });

  it('redacts well-known token shapes without any env', () => {
    const cases: [string, string][] = [
      ['sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', REDACTED],
      ['key sk-proj-1234567890abcdefghijKLMNOP end', `key ${REDACTED} end`],
      ['ghp_0123456789abcdefghijABCDEFGHIJ', REDACTED],
      ['github_pat_11ABCDEFG0123456789_abcdefghij', REDACTED],
      ['gho_0123456789abcdefghijABCD', REDACTED],
      ['xoxb-1234567890-abcdefghij', REDACTED],
      ['AKIAIOSFODNN7EXAMPLE', REDACTED],
      ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload', `Authorization: Bearer ${REDACTED}`],
      ['postgres://admin:s3cr3tpass@db.example.com/app', `postgres://admin:${REDACTED}@db.example.com/app`],
      ['https://x.test/cb?user=a&password=p4ssw0rd&next=1', `https://x.test/cb?user=a&password=${REDACTED}&next=1`],
      ['STRIPE_SECRET_KEY="rk_live_abcdefgh12345"', `STRIPE_SECRET_KEY="${REDACTED}"`],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nafter', `${REDACTED}\nafter`],
      ['-----BEGIN OPENSSH PRIVATE KEY-----\ntruncated output', REDACTED],
    ];
    for (const [input, expected] of cases) expect(redactString(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    for (const text of ['risk-assessment-for-the-database-2024', 'task-1234567890-abcdefghijk', 'Bearer tokens are short', 'MAX_TOKENS=100', 'see https://example.com/a/b', 'I4: Creating ThemeContext.tsx']) {
      expect(redactString(text)).toBe(text);
    }
  });

  it('takes env values only from secret-named variables of at least 8 characters', () => {
    expect(secretValuesFromEnv({ ...env, SSH_AUTH_SOCK: '/tmp/ssh-agent.sock', GITHUB_TOKEN_FILE: '/run/secrets/token' })).toEqual([FAKE_KEY, 'hunter2-correct-horse']);
  });

  it('deep-copies any value and never throws', () => {
    const cyclic: Record<string, unknown> = { name: FAKE_KEY };
    cyclic['self'] = cyclic;
    const hostile = {
      get boom(): string {
        throw new Error('getter');
      },
    };
    const input = { cyclic, hostile, big: 10n, fn: () => 1, date: new Date(0), error: new Error(`bad ${FAKE_KEY}`), list: [undefined, Symbol('s')], map: new Map([['k', FAKE_KEY]]) };
    const out = redactSecrets(input, env);
    expect(out).toEqual({
      cyclic: { name: REDACTED, self: '[Circular]' },
      hostile: { boom: '[Unreadable]' },
      big: '10',
      date: '1970-01-01T00:00:00.000Z',
      error: { name: 'Error', message: `bad ${REDACTED}` },
      list: [null, null],
      map: { k: REDACTED },
    });
    expect(input.cyclic['name']).toBe(FAKE_KEY);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 200; i += 1) deep = (deep['next'] = {}) as Record<string, unknown>;
    expect(() => JSON.stringify(redactSecrets(root, env))).not.toThrow();
    expect(JSON.stringify(redactSecrets(root, env))).toContain('[Truncated]');
  });
});
