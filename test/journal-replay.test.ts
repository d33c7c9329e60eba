import { describe, expect, it } from 'vitest';
import { replayJournal, type JournalRecord } from '../src/journal/index.js';
import type { RunHeaderRecord } from '../src/journal/records.js';
import { plannedTask, samplePlan } from './journal-fixtures.js';

type Body = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'seq' | 'at'> : never) : never;

function records(...bodies: Body[]): JournalRecord[] {
  const header: RunHeaderRecord = { seq: 1, at: 1000, type: 'run', v: 1, runId: 'r1', plan: samplePlan(), cwd: '/repo', createdAt: 1000 };
  return [header, ...bodies.map((body, i) => ({ ...body, seq: i + 2, at: 1000 + (i + 1) * 10 }) as JournalRecord)];
}

describe('replayJournal', () => {
  it('reports succeeded results, in-doubt tasks, attempts and the backup', () => {
    const state = replayJournal(
      records(
        { type: 'task-start', taskId: 'backup', attempt: 1, instance: 'I1' },
        { type: 'backup', ref: 'refs/wavefront/runs/r1/wave-0', commit: 'abc' },
        { type: 'task-end', taskId: 'backup', status: 'succeeded', attempts: 1 },
        { type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' },
        { type: 'task-start', taskId: 'b', attempt: 1, instance: 'I5' },
        { type: 'task-end', taskId: 'a', status: 'failed', attempts: 1, error: { message: 'boom' } },
        { type: 'task-start', taskId: 'a', attempt: 2, instance: 'I4' },
        { type: 'task-end', taskId: 'a', status: 'succeeded', attempts: 2, result: { ok: true, summary: 'done' } },
      ),
    );
    expect(state.runId).toBe('r1');
    expect(state.backupRef).toBe('refs/wavefront/runs/r1/wave-0');
    expect([...state.succeeded]).toEqual([
      ['backup', { ok: true }],
      ['a', { ok: true, summary: 'done' }],
    ]);
    expect(state.inDoubt).toEqual(['b']);
    expect(state.attempts.get('a')).toBe(2);
    expect(state.attempts.get('b')).toBe(1);
    expect(state.finished.get('a')).toEqual({ status: 'succeeded', attempts: 2, result: { ok: true, summary: 'done' } });
    expect(state.updatedAt).toBe(1080);
    expect(state.lastSeq).toBe(9);
    expect(state.ended).toBeUndefined();
  });

  it('lets the last record win: failed, replanned, started again is in doubt again', () => {
    const fix = plannedTask('a-fix', 1, ['backup']);
    const state = replayJournal(
      records(
        { type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' },
        { type: 'task-end', taskId: 'a', status: 'failed', attempts: 1, error: { message: 'x' } },
        { type: 'replan', failedTaskId: 'a', round: 1, inserted: [fix], rerun: true },
        { type: 'task-start', taskId: 'a-fix', attempt: 1, instance: 'I4' },
        { type: 'task-end', taskId: 'a-fix', status: 'succeeded', attempts: 1, result: { ok: true } },
        { type: 'task-start', taskId: 'a', attempt: 2, instance: 'I4' },
      ),
    );
    expect(state.finished.has('a')).toBe(false);
    expect(state.inDoubt).toEqual(['a']);
    expect(state.replans).toEqual([{ failedTaskId: 'a', round: 1, inserted: [fix], rerun: true }]);
    expect(state.succeeded.has('a-fix')).toBe(true);
  });

  it('a later failure removes an earlier success', () => {
    const state = replayJournal(
      records(
        { type: 'task-start', taskId: 'a', attempt: 1, instance: 'I4' },
        { type: 'task-end', taskId: 'a', status: 'succeeded', attempts: 1, result: { ok: true } },
        { type: 'task-start', taskId: 'a', attempt: 2, instance: 'I4' },
        { type: 'task-end', taskId: 'a', status: 'cancelled', attempts: 2, reason: 'run aborted' },
      ),
    );
    expect(state.succeeded.has('a')).toBe(false);
    expect(state.finished.get('a')).toEqual({ status: 'cancelled', attempts: 2, reason: 'run aborted' });
  });

  it('tracks approvals, pause, rollback and commit phases', () => {
    const base: Body[] = [
      { type: 'approval', taskId: 'a', approved: false },
      { type: 'approval', taskId: 'a', approved: true },
      { type: 'pause', reason: 'on_failure: pause' },
    ];
    const paused = replayJournal(records(...base));
    expect(paused.approvals.get('a')).toBe(true);
    expect(paused.paused).toBe(true);
    expect(paused.rollback).toBe('none');
    expect(paused.commit).toBe('none');

    const resumed = replayJournal(records(...base, { type: 'run-end', status: 'paused' }, { type: 'task-start', taskId: 'b', attempt: 1, instance: 'I5' }));
    expect(resumed.paused).toBe(false);
    expect(resumed.ended).toBeUndefined();

    expect(replayJournal(records({ type: 'rollback-start', reason: 'a failed' })).rollback).toBe('started');
    const failedRollback = replayJournal(records({ type: 'rollback-start', reason: 'a failed' }, { type: 'rollback-end', ok: false, error: 'restore failed' }));
    expect(failedRollback.rollback).toBe('started');
    expect(failedRollback.rollbackError).toBe('restore failed');
    expect(replayJournal(records({ type: 'rollback-start', reason: 'a failed' }, { type: 'rollback-end', ok: true })).rollback).toBe('done');

    expect(replayJournal(records({ type: 'commit-start' })).commit).toBe('started');
    expect(replayJournal(records({ type: 'commit-start' }, { type: 'commit', commit: null, filesChanged: [] })).commit).toEqual({ commit: null, filesChanged: [] });
    const ended = replayJournal(records({ type: 'commit-start' }, { type: 'commit', commit: 'def', filesChanged: ['x.ts'] }, { type: 'run-end', status: 'succeeded' }));
    expect(ended.commit).toEqual({ commit: 'def', filesChanged: ['x.ts'] });
    expect(ended.ended).toEqual({ status: 'succeeded' });
  });

  it('refuses records without a run header', () => {
    expect(() => replayJournal([])).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT' }));
    expect(() => replayJournal(records({ type: 'pause' }).slice(1))).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT' }));
  });
});
