/**
 * `wavefront run "<request>"` / `wavefront run --plan plan.json`.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createShellAdapter } from '../adapters/shell.js';
import type { AgentAdapter } from '../adapters/types.js';
import { Orchestrator } from '../execute/orchestrator.js';
import { validatePlan } from '../execute/validate-plan.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { createDashboardReporter } from '../report/dashboard-reporter.js';
import { createNdjsonReporter } from '../report/ndjson-reporter.js';
import { intOption, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';
import { PLAN_FLAGS, planFromArgs } from './plan-command.js';
import { renderPlanText } from './render-plan.js';

const AGENTS: Readonly<Record<string, () => AgentAdapter>> = {
  shell: () => createShellAdapter(undefined),
};

/** Runs `wavefront run`. Returns the exit code (0 when the run succeeded). */
export async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...PLAN_FLAGS,
    plan: { type: 'string' },
    resume: { type: 'string' },
    confirm: { type: 'string', multiple: true },
    agent: { type: 'string' },
    'dry-run': { type: 'boolean' },
    yes: { type: 'boolean' },
    'on-failure': { type: 'string' },
    json: { type: 'boolean' },
    'task-timeout': { type: 'string' },
    retries: { type: 'string' },
    'no-git': { type: 'boolean' },
    isolation: { type: 'string' },
    gate: { type: 'string' },
    'keep-worktrees': { type: 'boolean' },
  });
  const agentName = values.agent ?? 'shell';
  const makeAgent = AGENTS[agentName];
  if (!makeAgent) throw new WavefrontError('INVALID_ARGUMENT', `--agent: unknown agent ${JSON.stringify(agentName)} (available: ${Object.keys(AGENTS).join(', ')})`);
  const resume = values.resume;
  const plan = resume !== undefined ? undefined : values.plan !== undefined ? await readPlan(io.cwd, values.plan) : await planFromArgs(positionals, values, io);
  const out = values.json ? io.stderr : io.stdout;
  if (plan) out(renderPlanText(plan));
  else out(`Resuming run ${resume}\n`);
  const yes = values.yes === true;
  if (plan && !yes && io.interactive && !values['dry-run']) {
    const answer = (await io.ask('\nReady to execute? (yes/no) ')).trim().toLowerCase();
    if (answer !== 'yes' && answer !== 'y') {
      out('Not executed.\n');
      return 1;
    }
  }
  const timeout = intOption(values['task-timeout'], '--task-timeout');
  const retries = intOption(values.retries, '--retries');
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort(new WavefrontError('ABORTED', 'interrupted (SIGINT)'));
  process.once('SIGINT', onSigint);
  const orchestrator = new Orchestrator({
    cwd: io.cwd,
    signal: interrupt.signal,
    resume,
    confirmInDoubt: values.confirm,
    adapter: makeAgent(),
    dryRun: values['dry-run'] === true ? true : undefined,
    mode: values.mode as 'dynamic' | 'waves' | undefined,
    onFailure: values['on-failure'] as 'rollback' | 'pause' | 'continue' | undefined,
    maxInstances: intOption(values['max-instances'], '--max-instances'),
    taskTimeoutMs: timeout,
    retries,
    git: values['no-git'] === true ? false : undefined,
    isolation: values.isolation as 'auto' | 'worktree' | 'shared' | undefined,
    // split on whitespace, never through a shell
    integrationGate: values.gate === undefined ? undefined : values.gate.trim().split(/\s+/).filter((arg) => arg !== ''),
    keepWorktrees: values['keep-worktrees'] === true ? true : undefined,
    approve: async (request) => {
      if (yes) return true;
      if (!io.interactive) return false;
      const answer = await io.ask(`\n⚠ Critical operation: ${request.task.title} (${request.reasons.join(', ')}). Run it? (yes/no) `);
      return ['yes', 'y'].includes(answer.trim().toLowerCase());
    },
  });
  const reporter = values.json
    ? createNdjsonReporter({ stream: writerStream(io.stdout, false) })
    : createDashboardReporter({ stream: writerStream(io.stderr, io.interactive) });
  const detach = reporter.attach(orchestrator);
  try {
    const result = await orchestrator.run(plan);
    if (result.status !== 'succeeded') out(`Run ${result.runId} ended ${result.status}${result.error ? `: ${result.error.message}` : ''}\n`);
    const usage = result.usage;
    if (usage?.estimated) out(`Estimated cost: ~${Math.round(usage.inputTokens + usage.outputTokens).toLocaleString('en-US')} tokens, ~$${usage.costUsd.toFixed(2)} (3000 tokens per estimated minute at $6 per million tokens)\n`);
    else if (usage && usage.inputTokens + usage.outputTokens > 0) out(`Usage: ${usage.inputTokens + usage.outputTokens} tokens, $${usage.costUsd.toFixed(4)}\n`);
    return result.status === 'succeeded' ? 0 : 1;
  } finally {
    detach();
    process.off('SIGINT', onSigint);
  }
}

/** A writable stream that forwards to a CLI writer. */
export function writerStream(write: (text: string) => void, isTTY: boolean): Writable & { isTTY: boolean } {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      write(String(chunk));
      callback();
    },
  }) as Writable & { isTTY: boolean };
  stream.isTTY = isTTY;
  return stream;
}

async function readPlan(cwd: string, file: string): Promise<Plan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new WavefrontError('INVALID_PLAN', `--plan ${file}: ${(error as Error).message}`, { cause: error });
  }
  return validatePlan(parsed);
}
