// examples/adapters/codex.ts
// Runs a plan with OpenAI's Codex CLI agents; cost is computed from token usage and prices.
//   CODEX_BIN       the codex executable (default "codex"; the tests point it at a fake)
//   WAVEFRONT_CWD   the repository to work in (default: the current directory)
import { Orchestrator, plan } from 'wavefront';
import { createCodexAdapter } from 'wavefront/adapters/codex';

const adapter = createCodexAdapter({
  executable: process.env['CODEX_BIN'] ?? 'codex',
  model: 'gpt-5-codex',
  config: { model_reasoning_effort: '"medium"' },
  pricing: { inputUsdPerMTok: 1.25, cachedInputUsdPerMTok: 0.125, outputUsdPerMTok: 10 },
});

const orchestrator = new Orchestrator({ cwd: process.env['WAVEFRONT_CWD'] ?? process.cwd(), adapter });
let costUsd = 0;
orchestrator.on('task:end', (event) => {
  const usage = event.result?.usage;
  costUsd += usage?.costUsd ?? 0;
  console.log(`${event.taskId}: ${event.status} (${usage?.inputTokens ?? 0} in / ${usage?.outputTokens ?? 0} out)`);
});
const run = await orchestrator.run(await plan('Fix the bug where the session cookie expires too early'));
console.log(`${run.status}, $${costUsd.toFixed(4)}`);
