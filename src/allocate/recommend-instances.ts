/**
 * The seed's instance-count formula.
 * @module
 */
import { WavefrontError, describeValue } from '../model/errors.js';

/**
 * The seed's formula, implemented as written: `min(15, max(3, ceil(n / 3)))`, plus 2 (capped at 15)
 * when `maxParallelDepth > 5`.
 *
 * The seed contradicts itself: its own examples say (5, 2) → 5 and (15, 4) → 7, while the formula
 * gives 3 and 5; and its "small task: 1 instance" case can never come out of a formula with a floor
 * of 3. We keep the formula (its other examples (30, 6) → 12 and (50, 8) → 15 agree) and use it as
 * a recommendation only: `allocateInstances` never uses more instances than can run at once.
 *
 * @throws {@link WavefrontError} `INVALID_ARGUMENT` for negative or non-integer input.
 * @example recommendInstances(30, 6) // 12
 */
export function recommendInstances(subtaskCount: number, maxParallelDepth: number): number {
  for (const [name, value] of [['subtaskCount', subtaskCount], ['maxParallelDepth', maxParallelDepth]] as const) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new WavefrontError('INVALID_ARGUMENT', `recommendInstances: expected ${name} to be a non-negative integer, got ${describeValue(value)}`, {
        details: { field: name },
      });
    }
  }
  const base = Math.min(15, Math.max(3, Math.ceil(subtaskCount / 3)));
  return maxParallelDepth > 5 ? Math.min(15, base + 2) : base;
}
