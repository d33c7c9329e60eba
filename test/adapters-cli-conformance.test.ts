// The shipped CLI adapter running a fake agent script (test/fixtures/agents/cli-agent.cjs), with
// the prompt on stdin and as an argument.
import { createCliAdapter } from '../src/adapters/cli.js';
import { testAdapter } from '../src/testing/conformance.js';
import { FAKE_CLI } from './fixtures/agents/fake-agents.js';

testAdapter({
  adapter: () => createCliAdapter({ command: [FAKE_CLI, '--task', '{taskId}'], killGraceMs: 200 }),
  name: 'cli (prompt on stdin)',
  timeoutMs: 5000,
});

testAdapter({
  adapter: () => createCliAdapter({ command: [process.execPath, FAKE_CLI, '{prompt}'], promptVia: 'argument', killGraceMs: 200 }),
  name: 'cli (prompt as argument)',
  timeoutMs: 5000,
});
