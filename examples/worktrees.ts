// examples/worktrees.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Orchestrator, plan, type AgentAdapter } from 'wavefront';

const repo = mkdtempSync(join(tmpdir(), 'wavefront-worktrees-'));
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
writeFileSync(join(repo, 'CHANGELOG.md'), '# Changelog\n');

// Both agents edit CHANGELOG.md; each waits for the other to start, so the edits really overlap.
let started = 0;
let bothStarted = (): void => {};
const together = new Promise<void>((resolve) => (bothStarted = resolve));
const agent: AgentAdapter = {
  name: 'changelog',
  async run({ task, cwd }) {
    if (++started === 2) bothStarted();
    await together;
    writeFileSync(join(cwd, 'CHANGELOG.md'), `# Changelog\n\n- ${task.title}\n`); // cwd: this agent's worktree
    return { ok: true, summary: `added "${task.title}" to CHANGELOG.md` };
  },
};

// The resolver gets the merge with git's conflict markers left in place: keep both sides.
const resolver: AgentAdapter = {
  name: 'keep-both',
  async run({ cwd }) {
    const file = join(cwd, 'CHANGELOG.md');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, lines.filter((line) => !/^(<{7}|\|{7}|={7}|>{7})/.test(line)).join('\n'));
    return { ok: true, summary: 'kept both entries' };
  },
};

const orchestrator = new Orchestrator({
  cwd: repo,
  isolation: 'worktree',
  maxInstances: 2,
  adapter: agent,
  adapters: { 'code-reviewer': resolver }, // resolver tasks have the Code Reviewer role
  // runs in the integration worktree after every merge (e.g. ['npm', 'test']); red also goes to the resolver
  integrationGate: async (cwd) => ({ ok: readFileSync(join(cwd, 'CHANGELOG.md'), 'utf8').startsWith('# Changelog\n') }),
});
orchestrator.on('integration', (e) => {
  console.log(`integration ${e.taskId}: ${e.status}${e.conflicts ? ` in ${e.conflicts.join(', ')}` : ''}${e.resolverTaskId ? ` -> ${e.resolverTaskId}` : ''}`);
});
const tasks = [
  { id: 'export', title: 'Add CSV export' },
  { id: 'import', title: 'Add CSV import' },
];
const result = await orchestrator.run(await plan({ tasks }));
console.log(result.status);
console.log(readFileSync(join(repo, 'CHANGELOG.md'), 'utf8'));
