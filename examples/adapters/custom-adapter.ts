// examples/adapters/custom-adapter.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Orchestrator, abortError, plan, type AgentAdapter, type AgentRequest, type AgentResult } from 'wavefront';

/** Options of the notes adapter. */
export interface NotesAdapterOptions {
  /** Milliseconds of (simulated) work per estimated minute. */
  readonly msPerMinute?: number;
}

/**
 * A small agent that writes one markdown note per task. It does what every adapter must do: work
 * in request.cwd, stop promptly when request.signal aborts, report progress, and return a
 * JSON-serialisable result with the files it changed and its usage.
 */
export function createNotesAdapter(options: NotesAdapterOptions = {}): AgentAdapter {
  const msPerMinute = options.msPerMinute ?? 5;
  return {
    name: 'notes',
    async run(request: AgentRequest): Promise<AgentResult> {
      const { task, cwd, signal } = request;
      // 1. Never start on an aborted signal: reject with the signal's reason.
      if (signal.aborted) throw abortError(signal, task.id);

      // 2. Stay inside the work tree. A task the agent cannot do is a result, not an exception.
      const file = task.touches?.[0] ?? `notes/${task.id}.md`;
      const target = resolve(cwd, file);
      const inside = relative(cwd, target);
      if (inside.startsWith('..') || isAbsolute(inside)) {
        return { ok: false, summary: `refusing to write outside the work tree: ${file}` };
      }

      // 3. Work in steps, reporting progress, and stop as soon as the signal aborts.
      const steps = 4;
      for (let step = 1; step <= steps; step += 1) {
        try {
          await sleep((task.estimateMinutes * msPerMinute) / steps, undefined, { signal });
        } catch {
          throw abortError(signal, task.id);
        }
        request.report({ percent: (step / steps) * 100, message: `drafting ${inside} (${step}/${steps})` });
      }
      const body = `# ${task.title}\n\n${request.prompt}\n`;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, body);

      // 4. Files relative to cwd; usage feeds budgets (here a 4-characters-per-token estimate).
      return {
        ok: true,
        summary: `wrote ${inside}`,
        output: { file: inside, bytes: Buffer.byteLength(body) },
        filesChanged: [inside],
        usage: { inputTokens: Math.ceil(request.prompt.length / 4), outputTokens: Math.ceil(body.length / 4), costUsd: 0 },
      };
    },
  };
}

// `node --import tsx examples/adapters/custom-adapter.ts` runs three tasks in a fresh repository.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = mkdtempSync(join(tmpdir(), 'wavefront-notes-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  const tasks = [
    { id: 'api', title: 'Describe the orders API', estimateMinutes: 10 },
    { id: 'ui', title: 'Describe the orders page', estimateMinutes: 8 },
    { id: 'overview', title: 'Summarise the orders feature', dependsOn: ['api', 'ui'], touches: ['docs/orders.md'] },
  ];
  const orchestrator = new Orchestrator({ cwd: repo, adapter: createNotesAdapter() });
  orchestrator.on('task:end', (event) => console.log(`${event.taskId}: ${event.status} (${event.result?.summary ?? 'no result'})`));
  const result = await orchestrator.run(await plan({ tasks }));
  console.log(result.status);
}
