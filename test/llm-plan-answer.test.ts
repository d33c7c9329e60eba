import { describe, expect, it } from 'vitest';
import { ROLE_KEYS } from '../src/allocate/roles.js';
import { PLAN_ANSWER_JSON_SCHEMA, checkPlanAnswer, parseJsonAnswer } from '../src/llm/plan-answer.js';
import { patternGuidance, plannerRepairMessage, plannerSystemPrompt } from '../src/llm/planner-prompt.js';

const answer = (value: unknown): { text: string } => ({ text: JSON.stringify(value) });

describe('checkPlanAnswer', () => {
  it('accepts a valid plan and keeps the spec fields', () => {
    const check = checkPlanAnswer(
      answer({
        pattern: 'database-migration',
        tasks: [
          { id: 'analyse', title: 'Analyse users schema', role: 'database-analyst', estimateMinutes: 8 },
          { id: 'migrate', title: 'Write migration', dependsOn: ['analyse'], touches: ['migrations/**'], phase: 'Database' },
        ],
      }),
      10,
    );
    expect(check).toEqual({
      ok: true,
      pattern: 'database-migration',
      tasks: [
        { id: 'analyse', title: 'Analyse users schema', role: 'database-analyst', estimateMinutes: 8 },
        { id: 'migrate', title: 'Write migration', dependsOn: ['analyse'], touches: ['migrations/**'], phase: 'Database' },
      ],
    });
  });

  it('drops critical: false and keeps critical: true (a model may only add the flag)', () => {
    const check = checkPlanAnswer(answer({ tasks: [{ id: 'a', title: 'Drop old table', critical: false }, { id: 'b', title: 'Docs', critical: true }] }), 10);
    expect(check.ok && check.tasks).toEqual([{ id: 'a', title: 'Drop old table' }, { id: 'b', title: 'Docs', critical: true }]);
  });

  it('never takes a command or a planner task kind from the model', () => {
    const check = checkPlanAnswer(answer({ tasks: [{ id: 'a', title: 'Clean', command: ['rm', '-rf', '/'], kind: 'commit' }] }), 10);
    expect(check.ok && check.tasks).toEqual([{ id: 'a', title: 'Clean' }]);
  });

  it('accepts a bare array of tasks', () => {
    expect(checkPlanAnswer(answer([{ id: 'a', title: 'A' }]), 10)).toMatchObject({ ok: true, pattern: undefined });
  });

  it.each([
    ['bad JSON', { text: '{"tasks": [' }, 'INVALID_JSON', /^the answer is not valid JSON: /],
    ['an empty answer', { text: '  ' }, 'INVALID_JSON', /empty/],
    ['a missing title', answer({ tasks: [{ id: 'a' }] }), 'INVALID_TASK', /tasks\.0\.title/],
    ['a bad id', answer({ tasks: [{ id: 'has space', title: 'x' }] }), 'INVALID_TASK', /tasks\.0\.id: must match/],
    ['an unknown role', answer({ tasks: [{ id: 'a', title: 'x', role: 'wizard' }] }), 'INVALID_TASK', /tasks\.0\.role/],
    ['no tasks', answer({ tasks: [] }), 'INVALID_TASK', /at least one task/],
    ['duplicate ids', answer({ tasks: [{ id: 'a', title: 'x' }, { id: 'a', title: 'y' }] }), 'DUPLICATE_ID', /^duplicate task id "a"$/],
    ['an unknown dependency', answer({ tasks: [{ id: 'a', title: 'x', dependsOn: ['ghost'] }] }), 'UNKNOWN_DEPENDENCY', /^task "a" depends on unknown task "ghost"$/],
    [
      'a cycle',
      answer({ tasks: [{ id: 'a', title: 'x', dependsOn: ['b'] }, { id: 'b', title: 'y', dependsOn: ['a'] }] }),
      'CYCLE',
      /^dependency cycle: (a -> b -> a|b -> a -> b)$/,
    ],
    ['too many tasks', answer({ tasks: [{ id: 'a', title: 'x' }, { id: 'b', title: 'y' }, { id: 'c', title: 'z' }] }), 'LIMIT_EXCEEDED', /at most 2/],
  ])('rejects %s with the exact error', (_, input, code, message) => {
    const check = checkPlanAnswer(input, 2);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.code).toBe(code);
    expect(check.error).toMatch(message);
  });

  it('uses the SDK-parsed value when there is one', () => {
    expect(checkPlanAnswer({ text: 'ignored', value: { tasks: [{ id: 'a', title: 'A' }] } }, 5)).toMatchObject({ ok: true });
  });
});

describe('parseJsonAnswer', () => {
  it('reads fenced JSON and JSON wrapped in prose', () => {
    expect(parseJsonAnswer('Here:\n```json\n{"tasks": []}\n```')).toEqual({ ok: true, value: { tasks: [] } });
    expect(parseJsonAnswer('Sure! {"tasks": [1]} Hope it helps.')).toEqual({ ok: true, value: { tasks: [1] } });
  });
});

describe('the planner prompt', () => {
  const prompt = plannerSystemPrompt({ maxTasks: 25, instructions: 'Put tests next to sources.' });

  it('carries every role key, the rules, the limit and the extra instructions', () => {
    for (const key of ROLE_KEYS) expect(prompt).toContain(`- ${key} (`);
    expect(prompt).toMatch(/Atomic tasks/);
    expect(prompt).toMatch(/dependsOn/);
    expect(prompt).toMatch(/touches: list the files/);
    expect(prompt).toMatch(/estimateMinutes/);
    expect(prompt).toContain('At most 25 tasks.');
    expect(prompt).toContain('Put tests next to sources.');
  });

  it('shows the pattern templates rendered from the pattern decomposer', () => {
    const guidance = patternGuidance();
    expect(prompt).toContain(guidance);
    for (const label of ['Full-Stack Feature', 'Bug Fix', 'Database Migration', 'Testing Suite', 'Refactoring', 'Frontend Feature']) {
      expect(guidance).toContain(label);
    }
    expect(guidance).toMatch(/Execute migration adding last_login_at to users \[migration-engineer, 5 min, after \d+, CRITICAL\]/);
  });

  it('sends errors back verbatim', () => {
    expect(plannerRepairMessage('dependency cycle: a -> b -> a')).toContain('Your answer was rejected: dependency cycle: a -> b -> a');
  });

  it('describes the answer as a JSON schema with the task fields', () => {
    const tasks = (PLAN_ANSWER_JSON_SCHEMA['properties'] as Record<string, { items: { properties: Record<string, unknown>; required: string[] } }>)['tasks'];
    expect(Object.keys(tasks?.items.properties ?? {}).sort()).toEqual(
      ['critical', 'dependsOn', 'description', 'estimateMinutes', 'id', 'phase', 'role', 'title', 'touches'].sort(),
    );
    expect(tasks?.items.required.sort()).toEqual(['id', 'title']);
  });
});
