/**
 * Timing helpers for the planning benchmark.
 * @module
 */

/** Best (lowest) wall time of `runs` calls, in milliseconds, and the last result. */
export async function bestOf<T>(runs: number, fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result: result as T };
}

/** Milliseconds as a short human figure: `0.84 ms`, `12.3 ms`, `1.42 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 100_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A ratio as `12.3×`. */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1)}×` : 'n/a';
}
