import { describe, expect, it } from 'vitest';
import { createCriticalDetector, detectCritical, isCritical } from '../src/critical/index.js';
import { thrown } from './error-fixtures.js';

describe('invalid text', () => {
  it.each([undefined, null, 42, {}, ['Drop table x'], Symbol('x')])('%s → INVALID_ARGUMENT', (text) => {
    expect(thrown(() => detectCritical(text as unknown as string)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => isCritical(text as unknown as string)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => createCriticalDetector()(text as unknown as string)).code).toBe('INVALID_ARGUMENT');
  });

  it('an over-long text is LIMIT_EXCEEDED', () => {
    expect(thrown(() => detectCritical('a'.repeat(100_001))).code).toBe('LIMIT_EXCEEDED');
  });

  it('the empty string is simply not critical', () => {
    expect(detectCritical('')).toEqual({ critical: false, matches: [] });
  });
});

describe('invalid options', () => {
  it.each([null, 'keywords', 7, ['a']])('options %j → INVALID_ARGUMENT', (options) => {
    expect(thrown(() => detectCritical('x', options as never)).code).toBe('INVALID_ARGUMENT');
  });

  it.each([
    [{ keywords: 'delete all' }, 'keywords'],
    [{ keywords: [''] }, 'keywords[0]'],
    [{ keywords: ['ok', '   '] }, 'keywords[1]'],
    [{ keywords: ['ok', 3] }, 'keywords[1]'],
    [{ keywords: ['x'.repeat(201)] }, 'keywords[0]'],
    [{ keywords: ['`--`'] }, 'keywords[0]'],
    [{ useBuiltinRules: 'no' }, 'useBuiltinRules'],
    [{ rules: {} }, 'rules'],
    [{ rules: [null] }, 'rules[0]'],
    [{ rules: [{ id: '', category: 'keyword', pattern: /x/ }] }, 'rules[0].id'],
    [{ rules: [{ id: 'a', category: 'nope', pattern: /x/ }] }, 'rules[0].category'],
    [{ rules: [{ id: 'a', category: 'keyword', pattern: 'x' }] }, 'rules[0].pattern'],
    [{ rules: [{ id: 'a', category: 'keyword', pattern: /x*/ }] }, 'rules[0].pattern'],
    [{ rules: [{ id: 'a', category: 'keyword', pattern: /x/, context: 'sometimes' }] }, 'rules[0].context'],
    [{ rules: [{ id: 'a', category: 'keyword', pattern: /x/, unless: 'y' }] }, 'rules[0].unless'],
    [{ rules: [{ id: 'a', category: 'keyword', pattern: /x/, lead: 1 }] }, 'rules[0].lead'],
    [{ rules: [{ id: 'a', category: 'keyword', pattern: /x/, colour: 'red' }] }, 'rules[0].colour'],
    [{ keyword: ['typo'] }, 'keyword'],
  ])('%j → INVALID_CONFIG naming %s', (options, field) => {
    const error = thrown(() => detectCritical('Delete all sessions', options as never));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.details['field']).toBe(field);
    expect(thrown(() => createCriticalDetector(options as never)).code).toBe('INVALID_CONFIG');
  });
});
