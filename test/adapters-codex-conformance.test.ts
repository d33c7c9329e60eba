// The shipped Codex adapter against the fake `codex` (test/fixtures/agents/codex.cjs): the
// succeeding, failing and hanging conformance tasks play the success, error and hang transcripts.
import { createCodexAdapter } from '../src/adapters/codex.js';
import { testAdapter } from '../src/testing/conformance.js';
import { FAKE_CODEX } from './fixtures/agents/fake-agents.js';

testAdapter({
  adapter: () => createCodexAdapter({ executable: FAKE_CODEX, killGraceMs: 200 }),
  name: 'codex (fake codex)',
  timeoutMs: 5000,
});
