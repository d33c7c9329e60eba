// llmDecomposer driven through the real @ai-sdk/openai-compatible provider against a loopback
// server speaking the OpenAI chat-completions wire format.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterEach, describe, expect, it } from 'vitest';
import { llmDecomposer, type LlmAttempt } from '../src/decompose/llm-decomposer.js';
import { patternDecomposer } from '../src/decompose/pattern-decomposer.js';
import { buildDag } from '../src/graph/build-dag.js';
import { WavefrontError } from '../src/model/errors.js';
import { plan } from '../src/plan/plan.js';
import type { RateLimitRetryInfo } from '../src/adapters/rate-limit.js';
import { openAiError, openAiReply, requestText, startLoopback, type Loopback, type Reply } from './llm-loopback.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const REQUEST = 'Drop the old users table and document the change';
const VALID_PLAN = {
  pattern: 'database-migration',
  tasks: [
    { id: 'analyse-old-users', title: 'Analyse usage of the old users table', role: 'database-analyst', estimateMinutes: 8 },
    { id: 'write-drop-migration', title: 'Write migration dropping the old users table', role: 'migration-engineer', dependsOn: ['analyse-old-users'], touches: ['migrations/**'], estimateMinutes: 10 },
    // The model wrongly says this is not critical: the rules must win.
    { id: 'drop-old-users', title: 'Drop old users table', role: 'migration-engineer', dependsOn: ['write-drop-migration'], critical: false, estimateMinutes: 5 },
    // The model adds a critical flag the rules would not: it must be kept.
    { id: 'document-removal', title: 'Document the removal of the old users table', role: 'technical-writer', dependsOn: ['drop-old-users'], touches: ['docs/**'], critical: true },
  ],
};
const CYCLIC_PLAN = {
  tasks: [
    { id: 'a', title: 'Write migration', dependsOn: ['b'] },
    { id: 'b', title: 'Review migration', dependsOn: ['a'] },
  ],
};

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: (Reply | ((index: number) => Reply))[]): Promise<Loopback> {
  server = await startLoopback((_request, index) => {
    const reply = replies[Math.min(index, replies.length - 1)] as Reply | ((index: number) => Reply);
    return typeof reply === 'function' ? reply(index) : reply;
  });
  return server;
}

function modelAt(url: string) {
  return createOpenAICompatible({ name: 'loopback', baseURL: url, apiKey: 'sk-loopback' })('planner-model');
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('llmDecomposer over the OpenAI-compatible chat-completions API', () => {
  it('asks in JSON mode with the planner prompt and returns the validated tasks', async () => {
    const loopback = await serve([openAiReply(JSON.stringify(VALID_PLAN))]);
    const attempts: LlmAttempt[] = [];
    const decomposition = await llmDecomposer({ model: modelAt(loopback.url), limiter: false, onAttempt: (a) => attempts.push(a) }).decompose(REQUEST);

    expect(decomposition.pattern).toMatchObject({ id: 'database-migration', label: 'Database Migration' });
    expect(decomposition.tasks.map((task) => task.id)).toEqual(['analyse-old-users', 'write-drop-migration', 'drop-old-users', 'document-removal']);
    expect(decomposition.tasks[2]).not.toHaveProperty('critical');
    expect(decomposition.tasks[3]).toMatchObject({ critical: true, touches: ['docs/**'] });
    expect(attempts).toEqual([{ attempt: 1, ok: true, inputTokens: 120, outputTokens: 45 }]);

    const [sent] = loopback.requests;
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-loopback');
    expect(sent?.body).toMatchObject({ model: 'planner-model', temperature: 0, response_format: { type: 'json_object' } });
    const messages = sent?.body['messages'] as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toContain('- migration-engineer (Migration Engineer)');
    expect(messages[0]?.content).toContain('PATTERN TEMPLATES');
    expect(messages[1]?.content).toContain(REQUEST);
  });

  it('sends a malformed answer back with the exact parse error, then accepts the repair', async () => {
    const broken = '{"tasks": [{"id": "a", "title": "Write migration"';
    const loopback = await serve([openAiReply(broken), openAiReply(JSON.stringify(VALID_PLAN))]);
    const attempts: LlmAttempt[] = [];
    const decomposition = await llmDecomposer({ model: modelAt(loopback.url), limiter: false, onAttempt: (a) => attempts.push(a) }).decompose(REQUEST);

    expect(decomposition.tasks).toHaveLength(4);
    expect(loopback.requests).toHaveLength(2);
    const parseError = errorOf(() => JSON.parse(broken));
    const retry = loopback.requests[1]?.body['messages'] as { role: string; content: string }[];
    expect(retry.slice(-2)).toEqual([
      { role: 'assistant', content: broken },
      { role: 'user', content: expect.stringContaining(`Your answer was rejected: the answer is not valid JSON: ${parseError}`) },
    ]);
    expect(attempts.map((a) => a.code ?? 'ok')).toEqual(['INVALID_JSON', 'ok']);
  });

  it('sends a plan with a cycle back with the cycle named, then accepts the repair', async () => {
    const loopback = await serve([openAiReply(JSON.stringify(CYCLIC_PLAN)), openAiReply(JSON.stringify(VALID_PLAN))]);
    const decomposition = await llmDecomposer({ model: modelAt(loopback.url), limiter: false }).decompose(REQUEST);

    expect(decomposition.tasks).toHaveLength(4);
    const cycleError = errorOf(() => buildDag(CYCLIC_PLAN.tasks));
    expect(cycleError).toMatch(/^dependency cycle: /);
    expect(requestText(loopback.requests[1] as never)).toContain(`Your answer was rejected: ${cycleError}`);
  });

  it('honours a 429 with Retry-After, with the AI SDK retries off', async () => {
    const loopback = await serve([openAiError(429, 'Rate limit reached', { 'retry-after': '1' }), openAiReply(JSON.stringify(VALID_PLAN))]);
    const retries: RateLimitRetryInfo[] = [];
    const decomposition = await llmDecomposer({
      model: modelAt(loopback.url),
      limiter: false,
      rateLimit: { onRetry: (info) => retries.push(info) },
    }).decompose(REQUEST);

    expect(decomposition.tasks).toHaveLength(4);
    // One refused call and one retry: the SDK did not retry on its own.
    expect(loopback.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, status: 429, retryAfterMs: 1000 });
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
  });

  it('fails with INVALID_PLAN listing every rejection after maxRetries repairs', async () => {
    const loopback = await serve([openAiReply(JSON.stringify(CYCLIC_PLAN))]);
    const failure = await llmDecomposer({ model: modelAt(loopback.url), limiter: false, maxRetries: 1 })
      .decompose(REQUEST)
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WavefrontError);
    expect(failure).toMatchObject({
      code: 'INVALID_PLAN',
      message: expect.stringMatching(/gave no valid plan in 2 answers; last error: dependency cycle: /),
      details: { attempts: 2, errors: [expect.objectContaining({ attempt: 1, code: 'CYCLE' }), expect.objectContaining({ attempt: 2, code: 'CYCLE' })] },
    });
    expect(loopback.requests).toHaveLength(2);
  });

  it("falls back to the pattern decomposer when asked to, and says why", async () => {
    const loopback = await serve([openAiReply('I am not sure what you mean.')]);
    const reasons: WavefrontError[] = [];
    const decomposition = await llmDecomposer({ model: modelAt(loopback.url), limiter: false, maxRetries: 0, fallback: 'pattern', onFallback: (e) => reasons.push(e) }).decompose(REQUEST);

    expect(decomposition).toEqual(patternDecomposer(REQUEST));
    expect(reasons.map((reason) => reason.code)).toEqual(['INVALID_PLAN']);
  });

  it('falls back when the provider keeps failing after retries', async () => {
    const loopback = await serve([openAiError(500, 'upstream exploded')]);
    const reasons: WavefrontError[] = [];
    const decomposition = await llmDecomposer({
      model: modelAt(loopback.url),
      limiter: false,
      fallback: 'pattern',
      rateLimit: { maxRetries: 1, baseDelayMs: 1 },
      onFallback: (e) => reasons.push(e),
    }).decompose(REQUEST);
    expect(decomposition.tasks.length).toBeGreaterThan(0);
    expect(reasons[0]).toMatchObject({ code: 'MODEL_FAILED', details: { status: 500 } });
    expect(loopback.requests).toHaveLength(2);
  });

  it('reports a rejected key as INVALID_CONFIG without retrying', async () => {
    const loopback = await serve([openAiError(401, 'Incorrect API key provided')]);
    await expect(llmDecomposer({ model: modelAt(loopback.url), limiter: false }).decompose(REQUEST)).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/HTTP 401 \(check the API key\)/),
    });
    expect(loopback.requests).toHaveLength(1);
  });

  it('aborts a hanging call through the context signal, even with a fallback', async () => {
    const controller = new AbortController();
    const reason = new WavefrontError('ABORTED', 'planning cancelled');
    await serve([
      (index) => {
        if (index === 0) setTimeout(() => controller.abort(reason), 10);
        return { hang: true };
      },
    ]);
    const decomposer = llmDecomposer({ model: modelAt((server as Loopback).url), limiter: false, fallback: 'pattern' });
    await expect(decomposer.decompose(REQUEST, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("plans through plan(): the model can add a critical flag but never remove one", async () => {
    const loopback = await serve([openAiReply(JSON.stringify(VALID_PLAN))]);
    const result = await plan(REQUEST, { decomposer: llmDecomposer({ model: modelAt(loopback.url), limiter: false }) });
    const byId = new Map(result.tasks.map((task) => [task.id, task]));

    const drop = byId.get('drop-old-users');
    expect(drop?.critical).toBe(true);
    expect(drop?.criticalReasons.length).toBeGreaterThan(0);
    expect(drop?.criticalReasons).not.toContain('user');
    expect(result.warnings.some((w) => w.includes('drop-old-users'))).toBe(false);
    expect(byId.get('document-removal')).toMatchObject({ critical: true, criticalReasons: ['user'] });
    expect(byId.get('analyse-old-users')?.critical).toBe(false);
    // The critical task is guarded: something runs between its dependency and it.
    expect(drop?.dependsOn).not.toEqual(['write-drop-migration']);
    expect(result.waves[0]?.name).toMatch(/backup/i);
  });

  it('accepts a provider:model string and asks for plain text in text mode', async () => {
    const loopback = await serve([openAiReply(`Here is the plan:\n\`\`\`json\n${JSON.stringify(VALID_PLAN)}\n\`\`\``)]);
    const decomposition = await llmDecomposer({ model: 'openai-compatible:planner-model', baseUrl: loopback.url, mode: 'text', limiter: false }).decompose(REQUEST);
    expect(decomposition.tasks).toHaveLength(4);
    expect(loopback.requests[0]?.body).not.toHaveProperty('response_format');
  });

  it('validates options and request text', async () => {
    expect(() => llmDecomposer({ model: 'nope:model' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => llmDecomposer({ model: {} as never })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', details: { field: 'model' } }));
    expect(() => llmDecomposer({ model: 'anthropic:x', maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => llmDecomposer({ model: 'anthropic:x', fallback: 'llm' as never })).toThrow(/fallback/);
    expect(() => llmDecomposer({ model: modelAt('http://127.0.0.1:9/v1'), baseUrl: 'http://x' })).toThrow(/baseUrl/);
    const decomposer = llmDecomposer({ model: modelAt('http://127.0.0.1:9/v1') });
    await expect(decomposer.decompose('   ')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(decomposer.decompose(42 as never)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
