import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAiReply, startLoopback, type Loopback } from './llm-loopback.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'src/cli/bin.ts');
let server: Loopback | undefined;
afterEach(async () => server?.close());

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', bin, ...args], { cwd: root, env: { ...process.env, OPENAI_API_KEY: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const answer = JSON.stringify({
  tasks: [
    { id: 'schema', title: 'Write migration adding last_login_at to users', dependsOn: [], role: 'migration-engineer', estimateMinutes: 10, touches: ['migrations/**'] },
    { id: 'migrate', title: 'Execute migration adding last_login_at to users', dependsOn: ['schema'], role: 'migration-engineer', estimateMinutes: 5, critical: false },
    { id: 'login', title: 'Update login endpoint to set last_login_at', dependsOn: ['migrate'], role: 'backend-engineer', estimateMinutes: 10 },
  ],
});

describe('wavefront plan --planner llm (real CLI process, loopback OpenAI-compatible server)', () => {
  it('plans through the model, keeps the rules critical verdict, prints the plan JSON', async () => {
    server = await startLoopback(() => openAiReply(answer));
    const result = await cli(['plan', '--planner', 'llm', '--model', 'openai-compatible:test-model', '--base-url', server.url, '--json', 'Add last_login_at to users']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { tasks: { id: string; critical: boolean }[]; waves: { critical: boolean; taskIds: string[] }[] };
    expect(plan.tasks.find((task) => task.id === 'migrate')?.critical).toBe(true);
    expect(plan.waves.some((wave) => wave.critical && wave.taskIds.includes('migrate'))).toBe(true);
    expect(server.requests.length).toBeGreaterThanOrEqual(1);
    expect(server.requests[0]?.path).toMatch(/chat\/completions$/);
  });

  it('fails with one line when --model is missing', async () => {
    const result = await cli(['plan', '--planner', 'llm', 'Add a column']);
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^wavefront: error INVALID_ARGUMENT: --planner llm needs --model/);
  });
});
