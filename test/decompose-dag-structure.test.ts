import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createPatternDecomposer, patternDecomposer } from '../src/decompose/index.js';
import { isWavefrontError } from '../src/model/errors.js';
import { CASES, expectDag, expectTaskShape } from './decompose-fixtures.js';

const WORDS = [
  'add', 'fix', 'update', 'write', 'refactor', 'remove', 'deploy', 'the', 'a', 'users', 'table', 'column', 'endpoint', 'api',
  'button', 'page', 'header', 'tests', 'integration', 'docs', 'README', 'crash', 'is', 'crashing', 'and', ',', '.', 'to', 'in',
  'for', 'including', '"Delete Account"', 'it', 'schema', 'migration', 'dark mode', 'toggle', 'production', 'all', 'components',
  'execute', 'drop', 'localStorage', 'context provider', 'that', 'requires', 'when', 'with', 'then', ';', '\n', '- ', 'TASK:', 'OPTIONS:',
];

describe('pattern decomposer output structure', () => {
  it.each(CASES)('"$text" is a valid DAG of work tasks', ({ text }) => {
    const { tasks } = patternDecomposer(text);
    expectDag(tasks);
    expectTaskShape(tasks);
  });

  it.each(CASES)('"$text" leaves backup, guards and commit to the pipeline', ({ text }) => {
    for (const task of patternDecomposer(text).tasks) {
      expect(task.title).not.toMatch(/\b(?:backup|rollback|commit)\b/i);
      expect(task.title).not.toMatch(/^Verify\b/);
    }
  });

  it.each(CASES)('"$text" decomposes to identical JSON every time and through every entry point', ({ text }) => {
    const first = JSON.stringify(patternDecomposer(text));
    expect(JSON.stringify(patternDecomposer(text))).toBe(first);
    expect(JSON.stringify(patternDecomposer.decompose(text))).toBe(first);
    expect(JSON.stringify(createPatternDecomposer().decompose(text))).toBe(first);
    expect(JSON.stringify(patternDecomposer()(text))).toBe(first);
  });

  it.each(CASES)('"$text" puts no destructive wording in the descriptions of non-critical tasks', ({ text }) => {
    for (const task of patternDecomposer(text).tasks) {
      if (task.critical !== true) expect(task.description ?? '').not.toMatch(/\b(?:drop|delet|deploy|execut|migrat|publish|truncat)/i);
    }
  });

  it('derives ids from titles in kebab case', () => {
    for (const { text } of CASES) {
      for (const task of patternDecomposer(text).tasks) {
        expect(task.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(task.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')).toContain(task.id.split('-')[0] ?? '');
      }
    }
  });

  it('has no redundant dependency edges in the seed plans', () => {
    for (const { text } of CASES) {
      const { tasks } = patternDecomposer(text);
      const byId = new Map(tasks.map((task) => [task.id, task]));
      const reaches = (from: string, to: string): boolean => {
        const stack = [...(byId.get(from)?.dependsOn ?? [])];
        while (stack.length > 0) {
          const id = stack.pop() as string;
          if (id === to) return true;
          stack.push(...(byId.get(id)?.dependsOn ?? []));
        }
        return false;
      };
      for (const task of tasks) {
        for (const dep of task.dependsOn ?? []) {
          const others = (task.dependsOn ?? []).filter((other) => other !== dep);
          expect(others.some((other) => reaches(other, dep)), `${task.id} → ${dep} is implied`).toBe(false);
        }
      }
    }
  });

  it('plans a request of the maximum length', () => {
    let text = '';
    for (let index = 0; text.length < 100_000; index += 1) {
      const base = CASES[index % CASES.length]?.text.replace(/\.$/, '') ?? '';
      text += `${base.replace(/(\w+)$/, `$1${index}`)}. `;
    }
    const { tasks } = patternDecomposer(text.slice(0, 100_000));
    expect(tasks.length).toBeGreaterThan(100);
    expectDag(tasks);
  });

  test.prop([fc.array(fc.constantFrom(...WORDS), { maxLength: 40 })], { numRuns: 300 })(
    'any word salad gives a valid deterministic DAG or INVALID_REQUEST',
    (words) => {
      const text = words.join(' ');
      let first;
      try {
        first = patternDecomposer(text);
      } catch (error) {
        expect(isWavefrontError(error, 'INVALID_REQUEST')).toBe(true);
        // Only a text without words, or whose words all sit in a block header line, has nothing to plan.
        if (!/TASK:|OPTIONS:/.test(text)) expect(text).not.toMatch(/[a-z]/i);
        return;
      }
      expectDag(first.tasks);
      expectTaskShape(first.tasks);
      expect(JSON.stringify(patternDecomposer(text))).toBe(JSON.stringify(first));
    },
  );

  test.prop([fc.string({ maxLength: 200 })], { numRuns: 300 })('arbitrary text never throws anything but INVALID_REQUEST', (text) => {
    try {
      const { tasks } = patternDecomposer(text);
      expectDag(tasks);
      expectTaskShape(tasks);
    } catch (error) {
      expect(isWavefrontError(error, 'INVALID_REQUEST')).toBe(true);
    }
  });
});
