import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, JOURNAL_FILE, parseJournal, readJournal, type JournalEntry } from '../src/journal/index.js';
import { isWavefrontError } from '../src/model/errors.js';
import { cleanupTempDirs, makeRun, samplePlan } from './journal-fixtures.js';

afterAll(cleanupTempDirs);

const header = (runId: string, cwd: string) => ({ runId, plan: samplePlan(), cwd, createdAt: 1_700_000_000_000 });

const entryArb: fc.Arbitrary<JournalEntry> = fc.oneof(
  fc.record({ type: fc.constant('task-start' as const), taskId: fc.constantFrom('a', 'b'), attempt: fc.integer({ min: 1, max: 5 }), instance: fc.constantFrom('I4', 'I5') }),
  fc.record({
    type: fc.constant('task-end' as const),
    taskId: fc.constantFrom('a', 'b'),
    status: fc.constantFrom('succeeded' as const, 'failed' as const),
    attempts: fc.integer({ min: 1, max: 5 }),
    result: fc.record({ ok: fc.boolean(), summary: fc.string({ maxLength: 30 }) }),
  }),
  fc.record({ type: fc.constant('approval' as const), taskId: fc.constantFrom('a', 'b'), approved: fc.boolean() }),
  fc.record({ type: fc.constant('pause' as const), reason: fc.string({ maxLength: 20 }) }),
);

async function expectCorrupt(promise: Promise<unknown>, line: number): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isWavefrontError(error, 'JOURNAL_CORRUPT')).toBe(true);
  expect((error as { details: { line: number } }).details.line).toBe(line);
}

describe('torn tail recovery (T2)', () => {
  it('recovers the prefix at every byte offset of the last record, and the next append is not glued', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { minLength: 0, maxLength: 4 }), entryArb, async (earlier, last) => {
        run += 1;
        const { cwd, runDir } = await makeRun(`torn-${run}`);
        const journal = await Journal.create(runDir, header(`torn-${run}`, cwd));
        for (const entry of earlier) await journal.append(entry);
        await journal.append(last);
        await journal.close();
        const path = join(runDir, JOURNAL_FILE);
        const full = readFileSync(path);
        const lastStart = full.lastIndexOf(0x0a, full.length - 2) + 1;
        const prefixCount = earlier.length + 1;
        for (let cut = lastStart; cut < full.length; cut += 1) {
          writeFileSync(path, full.subarray(0, cut));
          const opened = await Journal.open(runDir);
          expect(opened.records).toHaveLength(prefixCount);
          expect(opened.recovered?.truncatedBytes ?? 0).toBe(cut - lastStart);
          expect(readFileSync(path).length).toBe(lastStart);
          await opened.journal.append({ type: 'commit-start' });
          await opened.journal.close();
          const reread = await readJournal(runDir);
          expect(reread.tornBytes).toBe(0);
          expect(reread.records.map((record) => record.type)).toEqual([...opened.records.map((record) => record.type), 'commit-start']);
          expect(reread.records.at(-1)?.seq).toBe(prefixCount + 1);
        }
      }),
      { numRuns: 6 },
    );
  });

  it('treats an unparsable last complete line as torn', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    await journal.append({ type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' });
    await journal.close();
    const path = join(runDir, JOURNAL_FILE);
    const before = readFileSync(path);
    writeFileSync(path, Buffer.concat([before, Buffer.from('\0\0\0{"seq":3\n')]));
    const opened = await Journal.open(runDir);
    expect(opened.records).toHaveLength(2);
    expect(opened.recovered).toEqual({ truncatedBytes: 12 });
    expect(readFileSync(path).equals(before)).toBe(true);
    await opened.journal.close();
  });

  it('refuses a journal cut inside its run header', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    await journal.close();
    const path = join(runDir, JOURNAL_FILE);
    writeFileSync(path, readFileSync(path).subarray(0, 40));
    await expectCorrupt(Journal.open(runDir), 1);
  });
});

describe('corruption in the middle (T2)', () => {
  async function journalWithLines(): Promise<{ runDir: string; lines: string[]; path: string }> {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    await journal.append({ type: 'backup', ref: 'refs/wavefront/runs/run-1/wave-0', commit: 'abc1234' });
    await journal.append({ type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' });
    await journal.append({ type: 'task-end', taskId: 'a', status: 'succeeded', attempts: 1, result: { ok: true } });
    await journal.append({ type: 'task-start', taskId: 'b', attempt: 1, instance: 'I5' });
    await journal.close();
    const path = join(runDir, JOURNAL_FILE);
    return { runDir, path, lines: readFileSync(path, 'utf8').split('\n') };
  }

  it('refuses an unparsable line followed by valid lines, naming the line', async () => {
    const { runDir, path, lines } = await journalWithLines();
    lines[2] = (lines[2] ?? '').slice(0, 20);
    writeFileSync(path, lines.join('\n'));
    await expectCorrupt(Journal.open(runDir), 3);
    await expectCorrupt(readJournal(runDir), 3);
  });

  it('refuses a record that fails its schema, even on the last line', async () => {
    const { runDir, path, lines } = await journalWithLines();
    lines[4] = JSON.stringify({ seq: 5, at: 1, type: 'task-start', taskId: '../etc', attempt: 1, instance: 'I5' });
    writeFileSync(path, lines.join('\n'));
    await expectCorrupt(Journal.open(runDir), 5);
  });

  it('refuses a seq gap and an unknown record type', async () => {
    const { runDir, path, lines } = await journalWithLines();
    const gap = [...lines];
    gap[3] = (gap[3] ?? '').replace('"seq":4', '"seq":7');
    writeFileSync(path, gap.join('\n'));
    await expectCorrupt(Journal.open(runDir), 4);
    const unknown = [...lines];
    unknown[1] = JSON.stringify({ seq: 2, at: 1, type: 'format-disk' });
    writeFileSync(path, unknown.join('\n'));
    await expectCorrupt(Journal.open(runDir), 2);
  });

  it('leaves a corrupt journal byte-identical', async () => {
    const { runDir, path, lines } = await journalWithLines();
    lines[1] = '{oops';
    writeFileSync(path, `${lines.join('\n')}torn`);
    const before = readFileSync(path);
    await expectCorrupt(Journal.open(runDir), 2);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('parses a journal with multi-byte UTF-8 text exactly', () => {
    const text = `${JSON.stringify({ seq: 1, at: 0, type: 'run', v: 1, runId: 'r', plan: samplePlan(), cwd: '/x', createdAt: 0 })}\n${JSON.stringify({ seq: 2, at: 0, type: 'pause', reason: 'café ✅' })}\n`;
    const bytes = Buffer.from(text);
    const parsed = parseJournal(bytes.subarray(0, bytes.length - 3));
    expect(parsed.records).toHaveLength(1);
    expect(parsed.validLength + parsed.tornBytes).toBe(bytes.length - 3);
  });
});

describe('append ordering and durability', () => {
  it('serialises 200 concurrent appends into 200 whole lines with consecutive seq in call order', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    const big = 'x'.repeat(70_000); // a few large records among small ones
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => journal.append({ type: 'task-end', taskId: `t${i}`, status: 'succeeded', attempts: 1, result: { ok: true, summary: i % 50 === 0 ? big : `r${i}` } })),
    );
    await journal.close();
    expect(results.map((record) => record.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
    const { records } = await readJournal(runDir);
    expect(records).toHaveLength(201);
    records.slice(1).forEach((record, i) => {
      expect(record.seq).toBe(i + 2);
      expect(record.type === 'task-end' && record.taskId).toBe(`t${i}`);
    });
  });

  it('writes and fdatasyncs each record before the append resolves', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    const probe = await open(join(runDir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => unknown; datasync: () => Promise<void> };
    await probe.close();
    const calls: string[] = [];
    const originalWrite = proto.write;
    const originalDatasync = proto.datasync;
    proto.write = function (this: unknown, ...args: unknown[]) {
      calls.push('write');
      return originalWrite.apply(this, args);
    };
    proto.datasync = function (this: unknown) {
      calls.push('datasync');
      return originalDatasync.apply(this);
    };
    try {
      for (let i = 0; i < 3; i += 1) {
        await journal.append({ type: 'task-start', taskId: 'a', attempt: i + 1, instance: 'I4' });
        calls.push('resolved');
        const onDisk = readFileSync(join(runDir, JOURNAL_FILE), 'utf8').trimEnd().split('\n');
        expect(onDisk).toHaveLength(i + 2);
      }
    } finally {
      proto.write = originalWrite;
      proto.datasync = originalDatasync;
    }
    await journal.close();
    expect(calls).toEqual(['write', 'datasync', 'resolved', 'write', 'datasync', 'resolved', 'write', 'datasync', 'resolved']);
  });

  it('rejects an invalid record without writing anything, and keeps appending afterwards', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    await expect(journal.append({ type: 'task-start', taskId: 'a b', attempt: 1, instance: 'I4' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(journal.append({ type: 'run' } as unknown as JournalEntry)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(journal.append({ type: 'nope' } as unknown as JournalEntry)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const record = await journal.append({ type: 'pause' });
    expect(record.seq).toBe(2);
    await journal.close();
    await expect(journal.append({ type: 'pause' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await readJournal(runDir)).records).toHaveLength(2);
  });

  it('refuses appends after a failed write (a partial line may be on disk)', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    const probe = await open(join(runDir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const originalDatasync = proto.datasync;
    proto.datasync = () => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    try {
      await expect(journal.append({ type: 'pause' })).rejects.toMatchObject({ code: 'EIO' });
    } finally {
      proto.datasync = originalDatasync;
    }
    await expect(journal.append({ type: 'pause' })).rejects.toMatchObject({ code: 'JOURNAL_CORRUPT' });
    await journal.close();
  });

  it('copies the entry at call time: later mutation by the caller is not journalled', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    const files = ['a.ts'];
    const pending = journal.append({ type: 'commit', commit: 'abc', filesChanged: files });
    files.push('b.ts');
    await pending;
    await journal.close();
    const last = (await readJournal(runDir)).records.at(-1);
    expect(last).toMatchObject({ type: 'commit', filesChanged: ['a.ts'] });
  });

  it('refuses to create a second journal for the same run, and a run dir not named after the run', async () => {
    const { cwd, runDir } = await makeRun();
    const journal = await Journal.create(runDir, header('run-1', cwd));
    await journal.close();
    await expect(Journal.create(runDir, header('run-1', cwd))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(Journal.create(runDir, header('run-2', cwd))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(Journal.open(join(runDir, '..', 'missing'))).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });
});
