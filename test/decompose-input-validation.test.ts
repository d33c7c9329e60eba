import { describe, expect, expectTypeOf, it } from 'vitest';
import { createPatternDecomposer, patternDecomposer, recognisePattern } from '../src/decompose/index.js';
import type { PatternDecomposer } from '../src/decompose/index.js';
import type { Decomposer, Decomposition } from '../src/model/plan.js';
import { LIMITS } from '../src/model/task.js';
import { DARK_MODE, LAST_LOGIN } from './decompose-fixtures.js';
import { codeOf } from './error-fixtures.js';

describe('pattern decomposer input validation', () => {
  it.each([42, null, {}, [], true, undefined])('rejects %j as request text with INVALID_REQUEST', (value) => {
    expect(codeOf(() => patternDecomposer.decompose(value as never))).toBe('INVALID_REQUEST');
    expect(codeOf(() => recognisePattern(value as never))).toBe('INVALID_REQUEST');
  });

  it.each(['', '   ', '\n\t \n', '...', 'Execute this task dynamically with 15 parallel instances:\n\n'])(
    'rejects blank or word-less text %j with INVALID_REQUEST',
    (text) => {
      expect(codeOf(() => patternDecomposer(text))).toBe('INVALID_REQUEST');
      expect(codeOf(() => recognisePattern(text))).toBe('INVALID_REQUEST');
    },
  );

  it('rejects text longer than LIMITS.maxRequestLength with LIMIT_EXCEEDED and accepts the limit itself', () => {
    const tooLong = 'a'.repeat(LIMITS.maxRequestLength + 1);
    expect(codeOf(() => patternDecomposer(tooLong))).toBe('LIMIT_EXCEEDED');
    expect(codeOf(() => recognisePattern(tooLong))).toBe('LIMIT_EXCEEDED');
    expect(patternDecomposer('a'.repeat(LIMITS.maxRequestLength)).tasks.length).toBeGreaterThan(0);
  });

  it('stays linear on long whitespace runs', () => {
    const { tasks } = patternDecomposer(`fix ${' '.repeat(99_000)}the header`);
    expect(tasks.length).toBeGreaterThan(0);
  });

  it('strips the seed prompt prefix', () => {
    const { clauses, tasks } = patternDecomposer(DARK_MODE);
    expect(clauses?.some((clause) => /parallel instances|execute this task/i.test(clause))).toBe(false);
    expect(tasks.some((task) => /parallel instances/i.test(task.title))).toBe(false);
  });

  it('takes the TASK block and ignores OPTIONS and PREFERENCES', () => {
    const wrapped = `Execute this task dynamically with 15 parallel instances:

TASK: ${LAST_LOGIN}

OPTIONS:
- dry_run: yes (show plan, don't execute)
- require_approval: yes (ask before critical operations)

PREFERENCES:
- on_failure: rollback (alternatives: rollback, pause, continue)`;
    expect(JSON.stringify(patternDecomposer(wrapped).tasks)).toBe(JSON.stringify(patternDecomposer(LAST_LOGIN).tasks));
    expect(patternDecomposer(wrapped).clauses).toEqual(patternDecomposer(LAST_LOGIN).clauses);
  });

  it('drops OPTIONS blocks from a request without a TASK block', () => {
    const text = 'Fix typo in README\n\nOPTIONS:\n- dry_run: yes\n- priority: speed';
    expect(patternDecomposer(text).tasks.map((task) => task.title)).toEqual(['Fix typo in README']);
  });

  it('ignores a code fence around the seed prompt', () => {
    const text = '```\nExecute this task dynamically with 15 parallel instances:\n\nFix typo in README\n```';
    expect(patternDecomposer(text).tasks.map((task) => task.title)).toEqual(['Fix typo in README']);
  });
});

describe('pattern decomposer call forms and options', () => {
  it('is a Decomposer named "pattern" whose decompose returns synchronously', () => {
    const decomposer: Decomposer = patternDecomposer;
    expect(decomposer.name).toBe('pattern');
    const result = patternDecomposer.decompose('Fix typo in README');
    expect(result).not.toBeInstanceOf(Promise);
    expect(result.pattern.id).toBe('generic');
    expectTypeOf(patternDecomposer.decompose).returns.toEqualTypeOf<Decomposition>();
    expectTypeOf(patternDecomposer('x')).toEqualTypeOf<Decomposition>();
    expectTypeOf(patternDecomposer()).toEqualTypeOf<PatternDecomposer>();
  });

  it('returns a configured decomposer when called with options or nothing', () => {
    const plain = patternDecomposer();
    expect(plain.name).toBe('pattern');
    expect(typeof plain.decompose).toBe('function');
    const slow = patternDecomposer({ estimates: { 'write-tests': 30, 'migration-execute': 7 } });
    const tasks = slow.decompose(LAST_LOGIN).tasks;
    expect(tasks.find((task) => /^Write tests/.test(task.title))?.estimateMinutes).toBe(30);
    expect(tasks.find((task) => task.critical === true)?.estimateMinutes).toBe(7);
    expect(patternDecomposer.decompose(LAST_LOGIN).tasks.find((task) => /^Write tests/.test(task.title))?.estimateMinutes).toBe(18);
    expect(slow(LAST_LOGIN)).toEqual(slow.decompose(LAST_LOGIN));
    expect(slow().decompose(LAST_LOGIN)).toEqual(slow.decompose(LAST_LOGIN));
  });

  it('uses the seed minutes of "Run tests" per pattern', () => {
    const run = (text: string): number | undefined => patternDecomposer(text).tasks.find((task) => /^Run tests/.test(task.title))?.estimateMinutes;
    expect(run(LAST_LOGIN)).toBe(10);
    expect(run('Refactor the session processing code to use async/await')).toBe(15);
    expect(run('Fix the login bug')).toBe(8);
    expect(patternDecomposer({ estimates: { 'run-tests': 4 } })('Fix the login bug').tasks.find((task) => /^Run tests/.test(task.title))?.estimateMinutes).toBe(4);
  });

  it.each([
    [{ estimates: { 'write-tests': -1 } }],
    [{ estimates: { 'write-tests': Number.NaN } }],
    [{ estimates: { 'write-tests': '5' } }],
    [{ estimates: { 'not-a-step': 5 } }],
    [{ estimates: 5 }],
    [{ unknownOption: true }],
  ])('rejects bad options %j with INVALID_ARGUMENT', (options) => {
    expect(codeOf(() => patternDecomposer(options as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => createPatternDecomposer(options as never))).toBe('INVALID_ARGUMENT');
  });

  it('rejects a call with something that is neither text nor options', () => {
    expect(codeOf(() => patternDecomposer(42 as never))).toBe('INVALID_REQUEST');
    expect(codeOf(() => patternDecomposer(null as never))).toBe('INVALID_REQUEST');
  });

  it('honours an already aborted signal and rejects a non-object context', () => {
    const controller = new AbortController();
    controller.abort();
    expect(codeOf(() => patternDecomposer.decompose('Fix typo in README', { signal: controller.signal }))).toBe('ABORTED');
    expect(codeOf(() => patternDecomposer.decompose('Fix typo in README', 5 as never))).toBe('INVALID_ARGUMENT');
  });
});
