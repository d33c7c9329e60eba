import { describe, expect, it } from 'vitest';
import { parseModelSpec, splitModelSpec } from '../src/llm/model-spec.js';

describe('splitModelSpec', () => {
  it('splits at the first colon, so model ids may contain colons', () => {
    expect(splitModelSpec('openai-compatible:llama3.1:8b')).toEqual({ provider: 'openai-compatible', modelId: 'llama3.1:8b' });
    expect(splitModelSpec('anthropic:claude-sonnet-4-5')).toEqual({ provider: 'anthropic', modelId: 'claude-sonnet-4-5' });
  });

  it('rejects unknown providers and missing models with INVALID_CONFIG', () => {
    expect(() => splitModelSpec('gemini:pro')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringMatching(/unknown provider "gemini"/) }));
    expect(() => splitModelSpec('anthropic:')).toThrow(/names no model/);
    expect(() => splitModelSpec('anthropic')).toThrow(/names no model/);
    expect(() => splitModelSpec(42 as never)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('parseModelSpec', () => {
  it('builds an openai-compatible chat model at the base URL, with or without a key', async () => {
    const model = await parseModelSpec('openai-compatible:qwen2.5-coder', { baseUrl: 'http://127.0.0.1:9/v1', env: {} });
    expect(model).toMatchObject({ specificationVersion: 'v3', provider: 'openai-compatible.chat', modelId: 'qwen2.5-coder' });
  });

  it('requires a base URL for openai-compatible', async () => {
    await expect(parseModelSpec('openai-compatible:m', { env: {} })).rejects.toMatchObject({ code: 'INVALID_CONFIG', details: { field: 'baseUrl' } });
    await expect(parseModelSpec('openai-compatible:m', { baseUrl: 'ftp://x', env: {} })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('takes anthropic and openai keys from their environment variables or the apiKey option', async () => {
    const claude = await parseModelSpec('anthropic:claude-sonnet-4-5', { env: { ANTHROPIC_API_KEY: 'sk-ant-test' } });
    expect(claude).toMatchObject({ provider: 'anthropic.messages', modelId: 'claude-sonnet-4-5' });
    const gpt = await parseModelSpec('openai:gpt-5', { env: { OPENAI_API_KEY: 'sk-test' } });
    expect(gpt).toMatchObject({ modelId: 'gpt-5' });
    expect(gpt.provider.startsWith('openai.')).toBe(true);
    await expect(parseModelSpec('openai:gpt-5', { apiKey: 'sk-explicit', env: {} })).resolves.toMatchObject({ modelId: 'gpt-5' });
  });

  it('fails early, naming the variable, when a key is missing', async () => {
    await expect(parseModelSpec('anthropic:claude-sonnet-4-5', { env: {} })).rejects.toThrow(/ANTHROPIC_API_KEY/);
    await expect(parseModelSpec('openai:gpt-5', { env: { OPENAI_API_KEY: '  ' } })).rejects.toThrow(/OPENAI_API_KEY/);
  });
});
