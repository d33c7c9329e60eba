/**
 * Usage accounting (per task, role and run) and budget checks.
 * @module
 */
import type { AgentUsage } from '../adapters/types.js';
import type { Plan } from '../model/plan.js';
import type { CostModel, RunBudget, RunUsage, UsageTotals } from './options.js';

type Sum = { -readonly [K in keyof UsageTotals]: UsageTotals[K] };

const zero = (): Sum => ({ inputTokens: 0, outputTokens: 0, costUsd: 0 });

function add(into: Sum, usage: AgentUsage): void {
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
  into.inputTokens += n(usage.inputTokens);
  into.outputTokens += n(usage.outputTokens);
  into.costUsd += n(usage.costUsd);
}

/** Sums adapter usage and answers budget questions. */
export class UsageMeter {
  readonly #total = zero();
  readonly #byTask = new Map<string, Sum>();
  readonly #byRole = new Map<string, Sum>();
  #results = 0;

  /** Adds one attempt's usage (ignores missing or malformed fields). */
  add(taskId: string, role: string, usage: AgentUsage | undefined): void {
    this.#results += 1;
    if (typeof usage !== 'object' || usage === null) return;
    add(this.#total, usage);
    for (const [map, key] of [[this.#byTask, taskId], [this.#byRole, role]] as const) {
      const sum = map.get(key) ?? zero();
      add(sum, usage);
      map.set(key, sum);
    }
  }

  /**
   * The first limit the next task would break: spent plus the average per result so far reaches
   * the limit (tokens, USD), or the wall clock is spent.
   */
  exceeded(budget: RunBudget | undefined, elapsedMs: number): { limit: 'tokens' | 'usd' | 'wallClockMs'; used: number; budget: number } | undefined {
    if (budget === undefined) return undefined;
    const tokens = this.#total.inputTokens + this.#total.outputTokens;
    const next = (spent: number): number => (this.#results === 0 ? spent : spent + spent / this.#results);
    if (budget.tokens !== undefined && next(tokens) > budget.tokens) return { limit: 'tokens', used: tokens, budget: budget.tokens };
    if (budget.usd !== undefined && next(this.#total.costUsd) > budget.usd) return { limit: 'usd', used: this.#total.costUsd, budget: budget.usd };
    if (budget.wallClockMs !== undefined && elapsedMs >= budget.wallClockMs) return { limit: 'wallClockMs', used: elapsedMs, budget: budget.wallClockMs };
    return undefined;
  }

  /** The totals so far. */
  get total(): AgentUsage {
    return { ...this.#total };
  }

  /** A snapshot for the RunResult. */
  toJSON(): RunUsage {
    return { ...this.#total, byTask: Object.fromEntries(this.#byTask), byRole: Object.fromEntries(this.#byRole) };
  }
}

/** Dry-run estimate: estimated minutes × tokens per minute, priced per million tokens. */
export function estimateUsage(plan: Plan, model: CostModel = {}): RunUsage {
  const perMinute = model.tokensPerMinute ?? 3000;
  const price = model.usdPerMillionTokens ?? 6;
  const byTask: Record<string, Sum> = {};
  const byRole: Record<string, Sum> = {};
  const total = zero();
  for (const task of plan.tasks) {
    if (task.kind === 'backup' || task.kind === 'commit') continue;
    const tokens = Math.round(task.estimateMinutes * perMinute);
    const usage = { inputTokens: Math.round(tokens * 0.8), outputTokens: tokens - Math.round(tokens * 0.8), costUsd: (tokens * price) / 1e6 };
    byTask[task.id] = usage;
    const role = (byRole[task.role] ??= zero());
    add(role, usage);
    add(total, usage);
  }
  return { ...total, byTask, byRole, estimated: true };
}
