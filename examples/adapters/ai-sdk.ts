// examples/adapters/ai-sdk.ts
// Mixes agents by role: a coding agent for engineering tasks, a model-only agent (no tools) for
// documentation and review, and an LLM planner.
//   WAVEFRONT_MODEL     provider:model (default "anthropic:claude-sonnet-4-5"; needs ANTHROPIC_API_KEY)
//   WAVEFRONT_BASE_URL  API base URL (required for openai-compatible:<model>, e.g. a local server)
import { Orchestrator, llmDecomposer, parseModelSpec, plan } from 'wavefront';
import { createAiSdkAdapter } from 'wavefront/adapters/ai-sdk';
import { createClaudeCodeAdapter } from 'wavefront/adapters/claude-code';

const baseUrl = process.env['WAVEFRONT_BASE_URL'];
const model = await parseModelSpec(process.env['WAVEFRONT_MODEL'] ?? 'anthropic:claude-sonnet-4-5', baseUrl === undefined ? {} : { baseUrl });

const writer = createAiSdkAdapter({ model, pricing: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 }, rateLimit: { maxRetries: 6 } });
const orchestrator = new Orchestrator({
  cwd: process.cwd(),
  adapter: createClaudeCodeAdapter(),
  adapters: { 'technical-writer': writer, 'code-reviewer': writer },
});
const decomposer = llmDecomposer({ model, fallback: 'pattern', onFallback: (error) => console.warn(`planning by pattern: ${error.message}`) });
const run = await orchestrator.run(await plan('Add rate limiting to the public API and document the limits', { decomposer }));
console.log(run.status);
