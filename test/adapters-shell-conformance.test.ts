import { createShellAdapter } from '../src/adapters/shell.js';
import { testAdapter } from '../src/testing/conformance.js';

const node = process.execPath;

testAdapter({
  adapter: () => createShellAdapter({ killGraceMs: 200 }),
  name: 'shell (child exits on SIGTERM)',
  task: { command: [node, '-e', 'console.log(1)'] },
  failingTask: { command: [node, '-e', 'process.exit(3)'] },
  hangingTask: { command: [node, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'] },
  timeoutMs: 5000,
});

// The hanging child ignores SIGTERM, so the abort checks only pass through the SIGKILL escalation;
// it says "ready" after installing the trap, and the suite aborts on that first progress report.
testAdapter({
  adapter: createShellAdapter({ killGraceMs: 200 }),
  name: 'shell (child traps SIGTERM)',
  task: { command: [node, '-e', 'console.log(1)'] },
  failingTask: { command: [node, '-e', 'console.error("bad input"); process.exit(3)'] },
  hangingTask: { command: [node, '-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'] },
  timeoutMs: 5000,
});
