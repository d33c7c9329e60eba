/**
 * The `wavefront` command.
 * @module
 */
import { createInterface } from 'node:readline/promises';
import { WavefrontError } from '../model/errors.js';
import type { CliIo } from './io.js';
import { demoCommand } from './demo-command.js';
import { planCommand } from './plan-command.js';
import { rollbackCommand } from './rollback-command.js';
import { cleanupCommand } from './cleanup-command.js';
import { runCommand } from './run-command.js';
import { statusCommand } from './status-command.js';

const USAGE = `Usage: wavefront <command> [options]

Commands:
  plan "<request>"        Plan a request and print the analysis
      --json              Print the Plan JSON exactly as plan() returns it
      --mermaid           Print the DAG with waves as a Mermaid flowchart
      --tasks <file>      Plan an explicit task list (JSON array of TaskSpec or { "tasks": [...] })
      --config <file>     Config file (default: wavefront.config.json or .claude/wave_config.json)
      --max-instances <n> At most n instances (1-15)
      --max-waves <n>     Fail when more waves are needed
      --priority <p>      speed | balanced | safety
      --planner <p>       pattern (default, offline) | llm
      --model <spec>      openai-compatible:<model> (with --base-url), anthropic:<model>, openai:<model>;
                          keys from OPENAI_API_KEY / ANTHROPIC_API_KEY
      --base-url <url>    OpenAI-compatible server (Ollama, vLLM, LM Studio, ...)
      --planner-fallback  Fall back to the pattern planner when the model fails
  run "<request>"         Plan and execute (or --plan plan.json)
      --plan <file>       Run a plan written by 'wavefront plan --json'
      --resume <runId>    Continue an interrupted or paused run from its journal
      --confirm <taskId>  With --resume after needs-human: a critical task you checked is done
      --agent shell       Agent adapter (shell runs each task's command argv)
      --dry-run           Simulate on the estimates: no agent calls, no git
      --yes               Do not ask; approve critical operations
      --on-failure <p>    rollback | pause | continue
      --mode <m>          dynamic | waves
      --task-timeout <ms> Abort a task attempt after this long
      --retries <n>       Extra attempts for a failing task
      --no-git            Run without the git snapshot, rollback and commit
      --isolation <m>     auto (default) | worktree | shared: a git worktree per instance, merged
                          one task at a time into an integration worktree, or all in the checkout
      --gate "<argv>"     Integration gate run after every merge (e.g. "npm test"; split on
                          spaces, no shell); a red gate inserts a resolver task
      --keep-worktrees    Keep the run's worktrees and branches when it fails, for inspection
      --json              NDJSON events on stdout
  status [runId]          A run's state from its journal (or list the runs)
      --json              As JSON
  rollback <runId>        Restore the working tree to the run's wave-0 snapshot and remove
                          the run's worktrees and branches
  cleanup <runId>         Remove a finished or crashed run's worktrees and branches only
  demo                    Offline demo: the seed's dark-mode request in a scratch repo
  help                    Show this help
`;

/** Runs the CLI with `argv` (without node and script). Returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'plan':
        return await planCommand(rest, io);
      case 'run':
        return await runCommand(rest, io);
      case 'rollback':
        return await rollbackCommand(rest, io);
      case 'cleanup':
        return await cleanupCommand(rest, io);
      case 'status':
        return await statusCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        io.stderr(`wavefront: unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof WavefrontError) {
      io.stderr(`wavefront: error ${error.code}: ${error.message.split('\n')[0]}\n`);
      return 1;
    }
    io.stderr(`wavefront: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env['WAVEFRONT_DEBUG']) io.stderr(`${error instanceof Error ? error.stack : ''}\n`);
    return 70;
  }
}

/** IO bound to the real process. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    env: process.env,
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
