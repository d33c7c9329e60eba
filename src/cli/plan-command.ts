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
import { intOption, parseCommandArgs, type ParsedFlags } from './args.js';
import { llmDecomposer } from '../decompose/llm-decomposer.js';
import type { Decomposer } from '../model/plan.js';
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
  planner: { type: 'string' },
  model: { type: 'string' },
  'base-url': { type: 'string' },
  'planner-fallback': { type: 'boolean' },
} as const;

/** Reads the request (text positionals or --tasks file) and plans it with config + flags. */
export async function planFromArgs(
  positionals: readonly string[],
  values: ParsedFlags<typeof PLAN_FLAGS>,
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
  const decomposer = plannerFromFlags(values);
  if (decomposer) options['decomposer'] = decomposer;
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

/** `--planner pattern|llm --model provider:model [--base-url URL] [--planner-fallback]`. */
function plannerFromFlags(values: ParsedFlags<typeof PLAN_FLAGS>): Decomposer | undefined {
  const planner = values.planner ?? (values.model !== undefined ? 'llm' : 'pattern');
  if (planner === 'pattern') {
    if (values.model !== undefined) throw new WavefrontError('INVALID_ARGUMENT', '--model needs --planner llm');
    return undefined;
  }
  if (planner !== 'llm') throw new WavefrontError('INVALID_ARGUMENT', `--planner: expected pattern or llm, got ${JSON.stringify(planner)}`);
  if (values.model === undefined) {
    throw new WavefrontError('INVALID_ARGUMENT', '--planner llm needs --model provider:model (openai-compatible:<model> with --base-url, anthropic:<model>, openai:<model>)');
  }
  return llmDecomposer({ model: values.model, baseUrl: values['base-url'], fallback: values['planner-fallback'] === true ? 'pattern' : false });
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
