// Run by test/testing-conformance-catches.test.ts in a nested vitest: each adapter here breaks the
// contract in a known way, and the suite must report exactly those checks as failed.
import type { AgentAdapter } from '../src/adapters/types.js';
import { testAdapter } from '../src/testing/conformance.js';

const hangsForever: AgentAdapter = { name: 'hangs-forever', run: () => new Promise(() => {}) };
testAdapter({ adapter: hangsForever, timeoutMs: 200 });

const alwaysOk: AgentAdapter = { name: 'always-ok', run: async () => ({ ok: true, output: { big: 1n } }) };
testAdapter({ adapter: alwaysOk, timeoutMs: 200, abortAfterMs: 10 });

const badShape = { name: '', run: async () => ({ ok: 'yes' }), dispose: 42 } as unknown as AgentAdapter;
testAdapter({ adapter: badShape, name: 'bad-shape', timeoutMs: 200, abortAfterMs: 10 });
