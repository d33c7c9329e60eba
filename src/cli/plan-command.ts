/**
 * `wavefront plan "<request>"`.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { WavefrontError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { plan, type PlanOptions } from '../plan/plan.js';
import { toMermaid } from '../plan/mermaid.js';
import { intOption, parseCommandArgs } from './args.js';
import { renderPlanText } from './render-plan.js';
import type { CliIo } from './io.js';

/** Flags shared by `plan` and `run`. */
export const PLAN_FLAGS = {
  tasks: { type: 'string' },
  config: { type: 'string' },
  'max-instances': { type: 'string' },
  'max-waves': { type: 'string' },
  priority: { type: 'string' },
  mode: { type: 'string' },
  'require-approval': { type: 'boolean' },
} as const;

/** Reads the request (text positionals or --tasks file) and plans it with config + flags. */
export async function planFromArgs(
  positionals: readonly string[],
  values: { tasks?: string | undefined; config?: string | undefined; 'max-instances'?: string | undefined; 'max-waves'?: string | undefined; priority?: string | undefined; mode?: string | undefined; 'require-approval'?: boolean | undefined },
  io: CliIo,
  extra: Partial<PlanOptions> = {},
): Promise<Plan> {
  const loaded = await loadConfig(io.cwd, values.config);
  const options: Record<string, unknown> = { ...extra };
  if (loaded) options['config'] = loaded.value;
  const maxInstances = intOption(values['max-instances'], '--max-instances');
  if (maxInstances !== undefined) options['maxInstances'] = maxInstances;
  const maxWaves = intOption(values['max-waves'], '--max-waves');
  if (maxWaves !== undefined) options['maxWaves'] = maxWaves;
  if (values.priority !== undefined) options['priority'] = values.priority;
  if (values.mode !== undefined) options['mode'] = values.mode;
  if (values['require-approval'] !== undefined) options['requireApproval'] = values['require-approval'];
  const text = positionals.join(' ');
  if (values.tasks !== undefined) {
    const path = resolve(io.cwd, values.tasks);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new WavefrontError('INVALID_REQUEST', `--tasks ${values.tasks}: ${(error as Error).message}`, { cause: error });
    }
    const tasks = Array.isArray(parsed) ? parsed : (parsed as { tasks?: unknown } | null)?.tasks;
    if (!Array.isArray(tasks)) throw new WavefrontError('INVALID_REQUEST', `--tasks ${values.tasks}: expected a JSON array of tasks or { "tasks": [...] }`);
    return plan({ text, tasks }, options as PlanOptions);
  }
  return plan(text, options as PlanOptions);
}

/** Runs `wavefront plan`. Returns the exit code. */
export async function planCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    ...PLAN_FLAGS,
    json: { type: 'boolean' },
    mermaid: { type: 'boolean' },
  });
  const result = await planFromArgs(positionals, values, io);
  if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (values.mermaid) io.stdout(toMermaid(result));
  else io.stdout(renderPlanText(result));
  return 0;
}
