export { buildDag } from './build-dag.js';
export { TaskGraph } from './task-graph.js';
export type { TaskNodeAttributes } from './task-graph.js';
export { criticalPath, bottomLevels } from './critical-path.js';
export type { CriticalPath } from './critical-path.js';
