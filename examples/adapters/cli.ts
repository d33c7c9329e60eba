// examples/adapters/cli.ts
// Wraps any agent CLI: here aider, with the task prompt as an argument and a result parsed from
// its output. AGENT_BIN replaces the executable (the tests point it at a fake).
import { Orchestrator, plan } from 'wavefront';
import { createCliAdapter } from 'wavefront/adapters/cli';

const aider = createCliAdapter({
  name: 'aider',
  command: [process.env['AGENT_BIN'] ?? 'aider', '--yes-always', '--no-auto-commits', '--message', '{prompt}'],
  promptVia: 'argument',
  parseOutput: (stdout, _stderr, exitCode) => {
    const files = [...stdout.matchAll(/^Applied edit to (.+)$/gm)].map((match) => (match[1] ?? '').trim());
    const tokens = /Tokens: ([\d.]+)k sent, ([\d.]+)k received/.exec(stdout);
    return {
      ok: exitCode === 0,
      filesChanged: files,
      ...(tokens === null ? {} : { usage: { inputTokens: Number(tokens[1]) * 1000, outputTokens: Number(tokens[2]) * 1000 } }),
    };
  },
});

const run = await new Orchestrator({ cwd: process.cwd(), adapter: aider }).run(await plan('Rename the utils module to helpers and update the imports'));
console.log(run.status);
