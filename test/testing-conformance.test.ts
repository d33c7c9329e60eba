import { describe, expect, it } from 'vitest';
import { createScriptedAdapter } from '../src/testing/scripted-adapter.js';
import { CONFORMANCE_TASK_IDS, testAdapter } from '../src/testing/conformance.js';

const script = {
  [CONFORMANCE_TASK_IDS.ok]: { durationMs: 5, progress: [50], writeFiles: { 'out/result.txt': 'done' } },
  [CONFORMANCE_TASK_IDS.fail]: [{ fail: 'scripted failure' }],
  [CONFORMANCE_TASK_IDS.hang]: { hang: true },
};

testAdapter({ adapter: createScriptedAdapter(script), timeoutMs: 2000, abortAfterMs: 20 });

testAdapter({
  adapter: () => createScriptedAdapter((request) => ({ 'custom-fail': { fail: true }, 'custom-hang': { hang: true } })[request.task.id] ?? {}, { name: 'scripted-by-function' }),
  name: 'scripted by a function, custom task ids',
  task: { id: 'custom-ok' },
  failingTask: { id: 'custom-fail' },
  hangingTask: { id: 'custom-hang' },
  timeoutMs: 2000,
  abortAfterMs: 20,
});

// A rejecting failure is as conformant as an ok: false one.
testAdapter({
  adapter: () => createScriptedAdapter({ [CONFORMANCE_TASK_IDS.fail]: { throw: 'crashed' }, [CONFORMANCE_TASK_IDS.hang]: { durationMs: 60_000 } }),
  name: 'scripted, throwing failure and a long wait',
  timeoutMs: 2000,
  abortAfterMs: 20,
});

describe('testAdapter options', () => {
  it.each([
    [null, 'options'],
    [{ adapter: 5 }, 'adapter'],
    [{ adapter: createScriptedAdapter({}), timeoutMs: 0 }, 'timeoutMs'],
    [{ adapter: createScriptedAdapter({}), makeRequest: 'x' }, 'makeRequest'],
  ])('rejects %j with INVALID_ARGUMENT naming %s', (options, field) => {
    expect(() => testAdapter(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field } }) as Error);
  });
});
