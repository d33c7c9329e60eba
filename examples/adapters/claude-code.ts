// examples/adapters/claude-code.ts
// Runs a plan with one Claude Code agent per task, in the repository of the current directory.
//   CLAUDE_BIN      the claude executable (default "claude"; the tests point it at a fake)
//   WAVEFRONT_CWD   the repository to work in (default: the current directory)
import { Orchestrator, plan } from 'wavefront';
import { createClaudeCodeAdapter } from 'wavefront/adapters/claude-code';

const adapter = createClaudeCodeAdapter({
  executable: process.env['CLAUDE_BIN'] ?? 'claude',
  model: 'sonnet',
  maxTurns: 40,
  // Reviewers may also run the linter; every other role keeps its default tools.
  allowedTools: { 'code-reviewer': ['Read', 'Glob', 'Grep', 'Bash(npm run lint:*)'] },
  rolePrompts: { 'technical-writer': 'You are a Technical Writer. Write in British English, in short sentences.' },
});

const result = await plan('Add a /health endpoint that reports the database status, with tests and docs');
const orchestrator = new Orchestrator({ cwd: process.env['WAVEFRONT_CWD'] ?? process.cwd(), adapter, maxInstances: 4 });
orchestrator.on('task:progress', (event) => console.log(`${event.taskId}: ${event.message ?? ''}`));
orchestrator.on('task:end', (event) => console.log(`${event.taskId}: ${event.status}`));
const run = await orchestrator.run(result);
console.log(run.status);
