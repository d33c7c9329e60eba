// The AI SDK adapter driven through the real provider packages against loopback servers.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAgentPrompt } from '../src/adapters/agent-prompt.js';
import { ROLE_PROMPTS, createAiSdkAdapter, createProviderLimiter, type AiSdkOutput } from '../src/adapters/ai-sdk.js';
import { ROLES, type Role } from '../src/allocate/roles.js';
import { createTestRequest } from '../src/testing/request.js';
import { anthropicReply, openAiError, openAiReply, startLoopback, type Loopback, type Reply } from './llm-loopback.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const REVIEWER = ROLES.find((role) => role.id === 'I12') as Role;

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: Reply[]): Promise<Loopback> {
  server = await startLoopback((_request, index) => replies[Math.min(index, replies.length - 1)] as Reply);
  return server;
}

const modelAt = (url: string) => createOpenAICompatible({ name: 'loopback-agent', baseURL: url })('reviewer-model');

describe('ai-sdk adapter', () => {
  it('sends the role prompt and the task prompt, and returns the answer with usage and cost', async () => {
    const loopback = await serve([openAiReply('No blocking issues found.\n\n1. Consider validating the email field.', { prompt_tokens: 1500, completion_tokens: 300 })]);
    const adapter = createAiSdkAdapter({ model: modelAt(loopback.url), limiter: false, pricing: { inputUsdPerMTok: 3, outputUsdPerMTok: 15 } });
    const request = createTestRequest({
      task: { id: 'review', title: 'Review the signup endpoint', instance: 'I12' },
      role: REVIEWER,
      dependencies: { signup: { ok: true, summary: 'added POST /signup', filesChanged: ['src/signup.ts'] } },
    });
    const result = await adapter.run(request);

    expect(result).toEqual({
      ok: true,
      summary: 'No blocking issues found.',
      output: { text: 'No blocking issues found.\n\n1. Consider validating the email field.', model: 'loopback-agent.chat:reviewer-model', finishReason: 'stop' },
      usage: { inputTokens: 1500, outputTokens: 300, costUsd: (1500 * 3 + 300 * 15) / 1e6 },
    });
    expect(result.filesChanged).toBeUndefined();
    const messages = loopback.requests[0]?.body['messages'] as { role: string; content: string }[];
    expect(messages[0]?.role).toBe('system');
    expect(messages[0]?.content.startsWith(ROLE_PROMPTS['code-reviewer'])).toBe(true);
    expect(messages[0]?.content).toContain('You work without tools');
    expect(messages[1]).toEqual({ role: 'user', content: buildAgentPrompt(request) });
    expect(messages[1]?.content).toContain('- signup (succeeded): added POST /signup');
    expect(request.progress).toEqual([{ message: 'asking loopback-agent.chat:reviewer-model' }]);
  });

  it('fails the task when the model says FAILED: or answers nothing', async () => {
    const loopback = await serve([openAiReply('FAILED: the diff was not included in the task'), openAiReply('   ')]);
    const adapter = createAiSdkAdapter({ model: modelAt(loopback.url), limiter: false });
    await expect(adapter.run(createTestRequest())).resolves.toMatchObject({ ok: false, summary: 'failed: the diff was not included in the task', usage: { inputTokens: 120, outputTokens: 45 } });
    await expect(adapter.run(createTestRequest())).resolves.toMatchObject({ ok: false, summary: 'loopback-agent.chat:reviewer-model gave an empty answer' });
  });

  it('retries a 429 through the provider limiter, which halves its concurrency', async () => {
    const loopback = await serve([openAiError(429, 'slow down', { 'retry-after': '0' }), openAiReply('Done.')]);
    const limiter = createProviderLimiter({ maxConcurrency: 4 });
    const result = await createAiSdkAdapter({ model: modelAt(loopback.url), limiter }).run(createTestRequest());
    expect(result).toMatchObject({ ok: true, summary: 'Done.' });
    expect(loopback.requests).toHaveLength(2);
    expect(limiter.state()).toMatchObject({ concurrency: 2, rateLimited: 1, active: 0 });
  });

  it('resolves ok: false with the HTTP error when the model cannot be called', async () => {
    const loopback = await serve([openAiError(400, 'context length exceeded')]);
    const result = await createAiSdkAdapter({ model: modelAt(loopback.url), limiter: false }).run(createTestRequest());
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/failed with HTTP 400: context length exceeded/);
    expect((result.output as AiSdkOutput).error).toBe('MODEL_FAILED');
    expect(loopback.requests).toHaveLength(1);
  });

  it('works with Anthropic models and provider:model strings', async () => {
    server = await startLoopback((request) => anthropicReply(request, 'Docs drafted: README section "Signup".'));
    const claude = createAiSdkAdapter({ model: createAnthropic({ baseURL: server.url, apiKey: 'sk-ant-x' })('claude-sonnet-4-5'), limiter: false });
    await expect(claude.run(createTestRequest())).resolves.toMatchObject({ ok: true, summary: 'Docs drafted: README section "Signup".', usage: { inputTokens: 200, outputTokens: 80 } });
    expect(server.requests[0]?.body['system']).toBeDefined();
    await server.close();

    const loopback = await serve([openAiReply('Analysis complete.')]);
    const bySpec = createAiSdkAdapter({ model: 'openai-compatible:local-model', baseUrl: loopback.url, limiter: false });
    await expect(bySpec.run(createTestRequest())).resolves.toMatchObject({ ok: true, output: { model: 'openai-compatible.chat:local-model' } });
  });

  it('validates its options', () => {
    expect(() => createAiSdkAdapter(undefined as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => createAiSdkAdapter({ model: 'mystery:x' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => createAiSdkAdapter({ model: 42 as never })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field: 'model' } }));
    expect(() => createAiSdkAdapter({ model: 'anthropic:claude-sonnet-4-5', temperature: 5 })).toThrow(/temperature/);
    expect(() => createAiSdkAdapter({ model: 'anthropic:claude-sonnet-4-5', failurePrefix: '' })).toThrow(/failurePrefix/);
    expect(createAiSdkAdapter({ model: 'anthropic:claude-sonnet-4-5', name: 'reviewer-llm' }).name).toBe('reviewer-llm');
  });
});
