import { describe, expect, it } from 'vitest';
import { buildAgentPrompt } from '../src/adapters/agent-prompt.js';
import { ROLES, type Role } from '../src/allocate/roles.js';
import { buildPrompt } from '../src/execute/prompt.js';
import { createTestRequest } from '../src/testing/request.js';

describe('buildAgentPrompt', () => {
  const dependencies = {
    schema: { ok: true, summary: 'added users.greeting', filesChanged: ['db/schema.sql'], output: { text: 'ALTER TABLE users ADD greeting text' } },
    lint: { ok: false, summary: 'lint failed' },
  };

  it('adds the task id, files and dependency details without repeating the orchestrator prompt', () => {
    const request = createTestRequest({ task: { id: 'greet', title: 'Add greeting', touches: ['src/greet.ts'] }, dependencies });
    const prompt = buildAgentPrompt({ ...request, prompt: buildPrompt(request.task, ROLES[3] as Role, dependencies) });
    expect(prompt.match(/added users\.greeting/g)).toHaveLength(1);
    expect(prompt.match(/src\/greet\.ts/g)).toHaveLength(1);
    expect(prompt).toContain('Task id: greet');
    expect(prompt).toContain('- schema (succeeded)\n  files changed: db/schema.sql\n  output: ALTER TABLE users ADD greeting text');
    expect(prompt).toContain('- lint (failed)');
  });

  it('includes summaries the prompt lacks, and shortens long outputs', () => {
    const request = createTestRequest({ task: { id: 't' }, prompt: 'Do it', dependencies: { big: { ok: true, summary: 'made data', output: 'x'.repeat(10_000) } } });
    const prompt = buildAgentPrompt(request);
    expect(prompt).toContain('- big (succeeded): made data');
    expect(prompt).toContain(`${'x'.repeat(4000)}... (truncated)`);
    expect(prompt.length).toBeLessThan(4300);
  });
});
