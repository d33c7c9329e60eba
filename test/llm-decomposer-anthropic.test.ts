// llmDecomposer driven through the real @ai-sdk/anthropic provider against a loopback server
// speaking the Anthropic messages wire format.
import { createAnthropic } from '@ai-sdk/anthropic';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimitRetryInfo } from '../src/adapters/rate-limit.js';
import { llmDecomposer } from '../src/decompose/llm-decomposer.js';
import { buildDag } from '../src/graph/build-dag.js';
import { plan } from '../src/plan/plan.js';
import { anthropicError, anthropicReply, requestText, startLoopback, type Loopback, type RecordedRequest, type Reply } from './llm-loopback.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const REQUEST = 'Add a last_login_at column to the users table and set it on login';
const VALID_PLAN = {
  tasks: [
    { id: 'analyse-users', title: 'Analyse users table schema', role: 'database-analyst', estimateMinutes: 8 },
    { id: 'write-migration', title: 'Write migration adding last_login_at to users', role: 'migration-engineer', dependsOn: ['analyse-users'], touches: ['migrations/**'] },
    { id: 'apply-migration', title: 'Execute migration adding last_login_at to users', role: 'migration-engineer', dependsOn: ['write-migration'] },
    { id: 'set-on-login', title: 'Set last_login_at in the login handler', role: 'backend-engineer', dependsOn: ['apply-migration'], touches: ['src/auth/login.ts'] },
  ],
};
const CYCLIC_PLAN = {
  tasks: [
    { id: 'write-migration', title: 'Write migration', dependsOn: ['set-on-login'] },
    { id: 'set-on-login', title: 'Set it on login', dependsOn: ['write-migration'] },
  ],
};

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: ((request: RecordedRequest) => Reply)[]): Promise<Loopback> {
  server = await startLoopback((request, index) => (replies[Math.min(index, replies.length - 1)] as (r: RecordedRequest) => Reply)(request));
  return server;
}

const claude = (url: string, modelId: string) => createAnthropic({ baseURL: url, apiKey: 'sk-ant-loopback' })(modelId);

describe('llmDecomposer over the Anthropic messages API', () => {
  it('uses native structured output with the answer schema on models that support it', async () => {
    const loopback = await serve([(request) => anthropicReply(request, JSON.stringify(VALID_PLAN))]);
    const decomposition = await llmDecomposer({ model: claude(loopback.url, 'claude-sonnet-4-5'), limiter: false }).decompose(REQUEST);

    expect(decomposition.tasks.map((task) => task.id)).toEqual(['analyse-users', 'write-migration', 'apply-migration', 'set-on-login']);
    // The model named no pattern: the deterministic recogniser's verdict is used.
    expect(decomposition.pattern.id).toBe('database-migration');
    const [sent] = loopback.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers['x-api-key']).toBe('sk-ant-loopback');
    const format = (sent?.body['output_config'] as { format?: { type: string; schema: { required: string[] } } } | undefined)?.format;
    expect(format?.type).toBe('json_schema');
    expect(format?.schema.required).toEqual(['tasks']);
    expect(requestText(sent as RecordedRequest)).toContain('ROLES (use the key)');
  });

  it('uses the forced JSON tool on older models, and repairs a cycle sent back as a tool call', async () => {
    const loopback = await serve([
      (request) => anthropicReply(request, JSON.stringify(CYCLIC_PLAN)),
      (request) => anthropicReply(request, JSON.stringify(VALID_PLAN)),
    ]);
    const decomposition = await llmDecomposer({ model: claude(loopback.url, 'claude-sonnet-4-20250514'), limiter: false }).decompose(REQUEST);

    expect(decomposition.tasks).toHaveLength(4);
    const [first, second] = loopback.requests;
    expect((first?.body['tools'] as { name: string }[]).map((tool) => tool.name)).toEqual(['json']);
    expect(first?.body['tool_choice']).toMatchObject({ type: 'any' });
    let cycleError = '';
    try {
      buildDag(CYCLIC_PLAN.tasks);
    } catch (error) {
      cycleError = (error as Error).message;
    }
    expect(cycleError).toMatch(/^dependency cycle: /);
    expect(requestText(second as RecordedRequest)).toContain(`Your answer was rejected: ${cycleError}`);
  });

  it('repairs a malformed text answer', async () => {
    const loopback = await serve([
      (request) => anthropicReply(request, 'Sure! Here is the plan: {"tasks": [{"id": "a",'),
      (request) => anthropicReply(request, JSON.stringify(VALID_PLAN)),
    ]);
    const decomposition = await llmDecomposer({ model: claude(loopback.url, 'claude-sonnet-4-5'), limiter: false }).decompose(REQUEST);
    expect(decomposition.tasks).toHaveLength(4);
    expect(requestText(loopback.requests[1] as RecordedRequest)).toMatch(/Your answer was rejected: the answer is not valid JSON: /);
  });

  it('waits out a 429 Retry-After given as an HTTP date', async () => {
    const loopback = await serve([
      () => anthropicError(429, 'Number of request tokens has exceeded your per-minute rate limit', { 'retry-after': new Date(Date.now() - 1000).toUTCString() }),
      (request) => anthropicReply(request, JSON.stringify(VALID_PLAN)),
    ]);
    const retries: RateLimitRetryInfo[] = [];
    const decomposition = await llmDecomposer({
      model: claude(loopback.url, 'claude-sonnet-4-5'),
      limiter: false,
      rateLimit: { onRetry: (info) => retries.push(info) },
    }).decompose(REQUEST);
    expect(decomposition.tasks).toHaveLength(4);
    expect(loopback.requests).toHaveLength(2);
    expect(retries).toEqual([expect.objectContaining({ status: 429, retryAfterMs: 0 })]);
  });

  it('keeps the executed migration critical through plan() although the model did not flag it', async () => {
    const loopback = await serve([(request) => anthropicReply(request, JSON.stringify(VALID_PLAN))]);
    const result = await plan(REQUEST, { decomposer: llmDecomposer({ model: claude(loopback.url, 'claude-sonnet-4-5'), limiter: false }) });
    const apply = result.tasks.find((task) => task.id === 'apply-migration');
    expect(apply?.critical).toBe(true);
    expect(result.tasks.find((task) => task.id === 'write-migration')?.critical).toBe(false);
    expect(result.waves.some((wave) => wave.critical && wave.taskIds.includes('apply-migration'))).toBe(true);
  });
});
