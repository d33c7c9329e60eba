/**
 * writeSetCandidates: the literal-prefix trie finds every pair of tasks whose write sets overlap
 * (checked against a brute-force comparison), scales with the pairs rather than the task count,
 * and refuses write sets so broad that the pairs cannot be held, with a typed error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeSetCandidates, writeSetsOverlap } from '../src/schedule/write-sets.js';

const SEGMENTS = ['src', 'SRC', 'api', 'lib', 'a.ts', 'A.ts', 'b.md', '*', '**', '*.ts', 'x?.md', 'docs', '{a,b}', '[id].tsx'];
const glob = fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const writeSets = fc.array(fc.option(fc.array(glob, { minLength: 1, maxLength: 3 }), { nil: undefined }), { minLength: 0, maxLength: 25 });

describe('writeSetCandidates', () => {
  it('returns exactly the pairs whose write sets overlap (brute force agrees)', () => {
    fc.assert(
      fc.property(writeSets, (touches) => {
        const expected: string[] = [];
        for (let a = 0; a < touches.length; a++) {
          for (let b = a + 1; b < touches.length; b++) {
            if (writeSetsOverlap(touches[a] ?? [], touches[b] ?? [])) expected.push(`${a}-${b}`);
          }
        }
        expect(writeSetCandidates(touches).map(({ a, b }) => `${a}-${b}`)).toEqual(expected);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('handles 20,000 tasks writing distinct files under one folder without comparing them all', () => {
    const touches = Array.from({ length: 20_000 }, (_, i) => [`src/mod${i % 2000}/file${i}.ts`]);
    touches.push(['src/mod7/**']);
    const pairs = writeSetCandidates(touches);
    expect(pairs).toHaveLength(10); // the ten files of src/mod7 meet the one glob over that folder
    expect(pairs.every(({ b }) => b === 20_000)).toBe(true);
  });

  it('refuses write sets so broad that every task conflicts with every other, with LIMIT_EXCEEDED', () => {
    expect(() => writeSetCandidates(Array.from({ length: 6_000 }, () => ['src/**']))).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }) as Error);
  });
});
