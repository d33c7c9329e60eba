// The shipped AI SDK adapter against a loopback OpenAI-compatible server: the failing conformance
// task gets a "FAILED:" answer, the hanging one never gets an answer (the abort must cancel the call).
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterAll } from 'vitest';
import { createAiSdkAdapter } from '../src/adapters/ai-sdk.js';
import { testAdapter } from '../src/testing/conformance.js';
import { openAiReply, requestText, startLoopback } from './llm-loopback.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const server = await startLoopback((request) => {
  const text = requestText(request);
  if (text.includes('Conformance: run until aborted')) return { hang: true };
  if (text.includes('Conformance: fail')) return openAiReply('FAILED: nothing to work with');
  return openAiReply('Done: the task is complete.');
});
afterAll(() => server.close());

testAdapter({
  adapter: () => createAiSdkAdapter({ model: createOpenAICompatible({ name: 'conformance', baseURL: server.url })('m'), limiter: false }),
  name: 'ai-sdk (loopback OpenAI-compatible)',
  timeoutMs: 5000,
});
