export { plan, resolvePlanOptions } from './plan.js';
export type { PlanOptions, PlanRequest } from './plan.js';
export { buildPlan, resolveSettings } from './build-plan.js';
export type { BuildPlanInput } from './build-plan.js';
export { insertGuards } from './guards.js';
export type { GuardOptions } from './guards.js';
export { toMermaid } from './mermaid.js';
