// examples/run-with-adapter.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orchestrator, plan, type AgentAdapter } from 'wavefront';

const repo = mkdtempSync(join(tmpdir(), 'wavefront-example-'));
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });

const agent: AgentAdapter = {
  name: 'notes',
  async run({ task, cwd }) {
    writeFileSync(join(cwd, `${task.id}.md`), `# ${task.title}\n`);
    return { ok: true, summary: `wrote ${task.id}.md`, filesChanged: [`${task.id}.md`] };
  },
};

const tasks = [
  { id: 'api', title: 'Add orders endpoint' },
  { id: 'ui', title: 'Add orders page' },
  { id: 'docs', title: 'Document the orders feature', dependsOn: ['api', 'ui'] },
];
const orchestrator = new Orchestrator({ cwd: repo, adapter: agent });
orchestrator.on('task:end', (event) => console.log(`${event.taskId}: ${event.status}`));
const result = await orchestrator.run(await plan({ tasks }));
console.log(result.status, result.commit?.slice(0, 7));
