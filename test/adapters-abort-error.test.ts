import { describe, expect, it } from 'vitest';
import { abortError } from '../src/adapters/abort.js';
import { WavefrontError } from '../src/model/errors.js';

describe('abortError', () => {
  it('returns a WavefrontError reason unchanged, keeping its code', () => {
    const reason = new WavefrontError('TASK_TIMEOUT', 'task T1 timed out after 60000 ms');
    expect(abortError(AbortSignal.abort(reason), 'T1')).toBe(reason);
  });

  it('maps a TimeoutError reason to TASK_TIMEOUT', () => {
    const reason = new DOMException('The operation timed out.', 'TimeoutError');
    const error = abortError(AbortSignal.abort(reason), 'T1');
    expect(error).toMatchObject({ code: 'TASK_TIMEOUT', message: 'task "T1" timed out', details: { taskId: 'T1' } });
    expect(error.cause).toBe(reason);
  });

  it('maps any other reason to ABORTED, keeping it as cause', () => {
    const controller = new AbortController();
    controller.abort();
    const error = abortError(controller.signal);
    expect(error).toMatchObject({ code: 'ABORTED', message: 'task was aborted', details: {} });
    expect((error.cause as Error).name).toBe('AbortError');
  });
});
