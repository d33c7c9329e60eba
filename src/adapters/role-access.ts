/**
 * What each role may do when it runs as a coding agent: which Claude Code tools, which permission
 * mode, which Codex sandbox.
 * @module
 */
import type { RoleKey } from '../allocate/roles.js';

/**
 * How much a role may change: `read` (look only), `inspect` (look and run commands, no edits),
 * `docs` (edit documentation files only), `edit` (edit files and run commands).
 */
export type AccessLevel = 'read' | 'inspect' | 'docs' | 'edit';

/** The access level of each role. Reviewers and analysts are read-mostly; engineers edit. */
export const ROLE_ACCESS: Readonly<Record<RoleKey, AccessLevel>> = Object.freeze({
  coordinator: 'read',
  'database-analyst': 'inspect',
  'migration-engineer': 'edit',
  'backend-engineer': 'edit',
  'test-engineer': 'edit',
  'api-tester': 'inspect',
  'devops-engineer': 'edit',
  'technical-writer': 'docs',
  'code-reviewer': 'read',
  'data-engineer': 'edit',
  'integration-validator': 'inspect',
  'cleanup-specialist': 'edit',
});

const READ_TOOLS = ['Read', 'Glob', 'Grep', 'LS', 'Bash(git status:*)', 'Bash(git diff:*)', 'Bash(git log:*)', 'Bash(git show:*)'];

/** Claude Code `--allowedTools` of each access level. */
export const CLAUDE_TOOLS: Readonly<Record<AccessLevel, readonly string[]>> = Object.freeze({
  read: READ_TOOLS,
  inspect: [...READ_TOOLS, 'Bash'],
  docs: [...READ_TOOLS, 'Edit(**/*.md)', 'Edit(**/*.mdx)', 'Edit(docs/**)', 'Write(**/*.md)', 'Write(**/*.mdx)', 'Write(docs/**)'],
  edit: [...READ_TOOLS, 'Edit', 'MultiEdit', 'Write', 'NotebookEdit', 'Bash', 'TodoWrite'],
});

/** Claude Code `--permission-mode` of each access level. */
export const CLAUDE_PERMISSION_MODES: Readonly<Record<AccessLevel, string>> = Object.freeze({
  read: 'default',
  inspect: 'default',
  docs: 'acceptEdits',
  edit: 'acceptEdits',
});

/** Codex `--sandbox` of each access level. */
export const CODEX_SANDBOXES: Readonly<Record<AccessLevel, 'read-only' | 'workspace-write'>> = Object.freeze({
  read: 'read-only',
  inspect: 'read-only',
  docs: 'workspace-write',
  edit: 'workspace-write',
});

/** The access level of a role key; unknown keys get `read`. */
export function accessOf(roleKey: string): AccessLevel {
  return (ROLE_ACCESS as Readonly<Record<string, AccessLevel>>)[roleKey] ?? 'read';
}
