// The shipped Claude Code adapter against the fake `claude` (test/fixtures/agents/claude.cjs):
// the succeeding, failing and hanging conformance tasks play the success, error and hang transcripts.
import { createClaudeCodeAdapter } from '../src/adapters/claude-code.js';
import { testAdapter } from '../src/testing/conformance.js';
import { FAKE_CLAUDE } from './fixtures/agents/fake-agents.js';

testAdapter({
  adapter: () => createClaudeCodeAdapter({ executable: FAKE_CLAUDE, killGraceMs: 200 }),
  name: 'claude-code (fake claude)',
  timeoutMs: 5000,
});

testAdapter({
  adapter: () => createClaudeCodeAdapter({ executable: FAKE_CLAUDE, killGraceMs: 200, env: { FAKE_AGENT_IGNORE_TERM: '1' } }),
  name: 'claude-code (fake claude ignoring SIGTERM)',
  timeoutMs: 5000,
});
