/**
 * The demo's scripted agent: real file edits and a real test command, no model.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AgentAdapter, AgentRequest, AgentResult } from '../adapters/types.js';

/** The theme module as the first agent writes it: the toggle has a bug the tests catch. */
export const BUGGY_TOGGLE = `// Written by the demo agent.
export const THEMES = ['light', 'dark'];
export function toggleTheme(theme) {
  return theme; // bug: never switches
}
`;

/** The theme module after the inserted fix task. */
export const FIXED_TOGGLE = `// Written by the demo agent, fixed after the failing test run.
export const THEMES = ['light', 'dark'];
export function toggleTheme(theme) {
  return theme === 'dark' ? 'light' : 'dark';
}
`;

/** The test the scratch repository ships with. */
export const THEME_TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toggleTheme } from '../src/theme/toggle.js';

test('toggleTheme switches between light and dark', () => {
  assert.equal(toggleTheme('light'), 'dark');
  assert.equal(toggleTheme('dark'), 'light');
});
`;

/** Options of {@link createDemoAgent}. */
export interface DemoAgentOptions {
  /** Milliseconds of simulated work per estimated minute. @defaultValue 40 */
  readonly msPerMinute?: number | undefined;
}

/**
 * An agent that edits files in the scratch repository: work tasks write a module named after the
 * task, the first writes the (buggy) theme toggle, test tasks run `node --test`, and the inserted
 * "Fix failure of" task repairs the toggle.
 */
export function createDemoAgent(options: DemoAgentOptions = {}): AgentAdapter {
  const msPerMinute = options.msPerMinute ?? 40;
  return {
    name: 'demo',
    async run(request: AgentRequest): Promise<AgentResult> {
      const { task } = request;
      await work(request, task.estimateMinutes * msPerMinute);
      if (task.title.startsWith('Fix failure of')) {
        await put(request.cwd, 'src/theme/toggle.js', FIXED_TOGGLE);
        return { ok: true, summary: 'fixed toggleTheme: it now switches themes', filesChanged: ['src/theme/toggle.js'] };
      }
      if (task.title.startsWith('Analyse failure of')) {
        return { ok: true, summary: 'root cause: toggleTheme returns its input unchanged' };
      }
      if (/\btest/i.test(task.title) && !/\b(write|create|add)\b/i.test(task.title)) return runTests(request);
      const files: string[] = [];
      const toggle = 'src/theme/toggle.js';
      if (!(await exists(join(request.cwd, toggle)))) {
        await put(request.cwd, toggle, BUGGY_TOGGLE);
        files.push(toggle);
      }
      const file = `src/features/${task.id.replace(/[^A-Za-z0-9_-]/g, '-')}.js`;
      await put(request.cwd, file, `// ${task.title}\n// by ${request.role.name} (${request.instance})\nexport const done = true;\n`);
      files.push(file);
      return { ok: true, summary: `${task.title}: wrote ${files.join(', ')}`, filesChanged: files };
    },
  };
}

async function runTests(request: AgentRequest): Promise<AgentResult> {
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, ['--test', 'test/'], { cwd: request.cwd, stdio: ['ignore', 'pipe', 'pipe'], signal: request.signal });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', () => resolve({ code: null, text }));
    child.on('close', (code) => resolve({ code, text }));
  });
  const failed = /# fail (\d+)/.exec(output.text)?.[1] ?? '?';
  if (output.code === 0) return { ok: true, summary: 'node --test: all tests passed', output: { exitCode: 0 } };
  return { ok: false, summary: `node --test: ${failed} test(s) failed (toggleTheme switches between light and dark)`, output: { exitCode: output.code } };
}

async function work(request: AgentRequest, ms: number): Promise<void> {
  const steps = 4;
  for (let i = 1; i <= steps; i++) {
    await new Promise((resolve) => setTimeout(resolve, ms / steps));
    if (request.signal.aborted) throw request.signal.reason;
    request.report({ percent: (i / steps) * 100, message: `${request.task.title} (${i}/${steps})` });
  }
}

async function put(root: string, file: string, content: string): Promise<void> {
  const path = join(root, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

async function exists(path: string): Promise<boolean> {
  const { access } = await import('node:fs/promises');
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
