import { describe, expect, it } from 'vitest';
import { recommendInstances } from '../src/allocate/recommend-instances.js';
import { WavefrontError } from '../src/model/errors.js';

describe('recommendInstances: the seed formula as written', () => {
  it.each([
    [5, 2, 3], // the seed's example says 5; its formula gives max(3, ceil(5/3)) = 3
    [15, 4, 5], // the seed's example says 7; the formula gives ceil(15/3) = 5
    [30, 6, 12], // ceil(30/3) = 10, +2 because the depth 6 > 5
    [50, 8, 15], // min(15, 17 + 2)
    [0, 0, 3],
    [1, 1, 3],
    [13, 5, 5], // depth 5 is not > 5
    [13, 6, 7],
    [44, 9, 15], // 15 + 2 capped at 15
    [1000, 100, 15],
  ])('(%i, %i) → %i', (subtasks, depth, expected) => {
    expect(recommendInstances(subtasks, depth)).toBe(expected);
  });

  it.each([
    [-1, 2],
    [2.5, 2],
    [5, -3],
    [5, Number.NaN],
    [Number.POSITIVE_INFINITY, 1],
    ['5', 2],
    [undefined, 2],
  ])('INVALID_ARGUMENT for (%o, %o), naming the argument', (subtasks, depth) => {
    let caught: unknown;
    try {
      recommendInstances(subtasks as number, depth as number);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WavefrontError);
    expect((caught as WavefrontError).code).toBe('INVALID_ARGUMENT');
    const bad = typeof subtasks !== 'number' || !Number.isInteger(subtasks) || subtasks < 0 ? 'subtaskCount' : 'maxParallelDepth';
    expect((caught as WavefrontError).details['field']).toBe(bad);
  });
});
