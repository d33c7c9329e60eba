/**
 * What every agent CLI adapter entry point (`wavefront/adapters/claude-code`,
 * `wavefront/adapters/codex`) re-exports besides its own API.
 * @module
 */
export { ROLE_PROMPTS, rolePromptFor } from './role-prompts.js';
export type { RolePromptOverrides } from './role-prompts.js';
export { ROLE_ACCESS } from './role-access.js';
export type { AccessLevel } from './role-access.js';
export type { PerRole } from './agent-options.js';
export type { AgentProcessOutput } from './agent-cli.js';
export type { ProcessAdapterOptions } from './process-options.js';
