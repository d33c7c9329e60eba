import { describe, expect, it } from 'vitest';
import { ROLES } from '../src/allocate/roles.js';
import { createTestRequest } from '../src/testing/request.js';

describe('createTestRequest', () => {
  it('builds a valid request on a backend engineer (ROLES[3]) with defaults', () => {
    const request = createTestRequest();
    expect(request.role).toBe(ROLES[3]);
    expect(request).toMatchObject({ instance: 'I4', attempt: 1, dependencies: {}, prompt: 'Test task' });
    expect(request.task).toMatchObject({ id: 'T1', title: 'Test task', role: 'backend-engineer', instance: 'I4', dependsOn: [], kind: 'work', critical: false });
    expect(request.signal.aborted).toBe(false);
  });

  it('takes task fields and derives the role and prompt from them', () => {
    const request = createTestRequest({ task: { id: 'docs', title: 'Write docs', description: 'Cover every option', instance: 'I11' }, cwd: '/repo' });
    expect(request.role.key).toBe('technical-writer');
    expect(request.instance).toBe('I11');
    expect(request.prompt).toBe('Write docs\n\nCover every option');
    expect(request.cwd).toBe('/repo');
  });

  it('records progress and compensations, and forwards progress to report', () => {
    const seen: unknown[] = [];
    const request = createTestRequest({ report: (p) => seen.push(p) });
    request.report({ percent: 10 });
    request.registerCompensation?.({ description: 'undo', run: () => undefined });
    expect(request.progress).toEqual([{ percent: 10 }]);
    expect(seen).toEqual([{ percent: 10 }]);
    expect(request.compensations.map((c) => c.description)).toEqual(['undo']);
  });

  it('aborts through its controller or through an outside signal', () => {
    const own = createTestRequest();
    own.controller.abort('stop');
    expect(own.signal.reason).toBe('stop');
    const outside = new AbortController();
    const linked = createTestRequest({ signal: outside.signal });
    outside.abort('outside');
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toBe('outside');
  });

  it.each([
    [{ attempt: 0 }, 'attempt'],
    [{ cwd: '' }, 'cwd'],
    [{ signal: {} }, 'signal'],
    [{ task: 'T1' }, 'task'],
    [{ report: 'x' }, 'report'],
  ])('rejects %j with INVALID_ARGUMENT naming %s', (overrides, field) => {
    expect(() => createTestRequest(overrides as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field } }) as Error);
  });
});
