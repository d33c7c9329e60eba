/**
 * Wave numbers for a bare task list (seed rules), used by `simulate()` when no plan gives waves.
 * @module
 */
import { indexGraph, type GraphNode } from './graph.js';

/** A node with the critical flag. */
export interface GenerationNode extends GraphNode {
  /** Critical tasks get their own singleton wave. */
  readonly critical: boolean;
}

/**
 * Kahn generations (longest-path depth); inside each generation every critical task gets its own
 * singleton wave, in input order, before one parallel wave with the generation's other tasks.
 * Waves are numbered 0, 1, 2, ... without gaps.
 *
 * @returns the wave index of each node, by position.
 * @throws {@link WavefrontError} `DUPLICATE_ID`, `UNKNOWN_DEPENDENCY` or `CYCLE`.
 */
export function generationWaves(nodes: readonly GenerationNode[]): number[] {
  const { deps, order } = indexGraph(nodes);
  const depth = new Array<number>(nodes.length).fill(0);
  let deepest = -1;
  for (const i of order) {
    let level = 0;
    for (const j of deps[i] as number[]) level = Math.max(level, (depth[j] as number) + 1);
    depth[i] = level;
    deepest = Math.max(deepest, level);
  }
  const critical: number[][] = Array.from({ length: deepest + 1 }, () => []);
  const parallel: number[][] = Array.from({ length: deepest + 1 }, () => []);
  nodes.forEach((node, i) => (node.critical ? critical : parallel)[depth[i] as number]?.push(i));
  const waves = new Array<number>(nodes.length).fill(0);
  let next = 0;
  for (let level = 0; level <= deepest; level++) {
    for (const i of critical[level] as number[]) waves[i] = next++;
    const group = parallel[level] as number[];
    if (group.length === 0) continue;
    for (const i of group) waves[i] = next;
    next++;
  }
  return waves;
}
