/**
 * The integration gate: a check (usually the test suite) run in the integration worktree after
 * every merge.
 * @module
 */
import type { IntegrationGate } from '../git/integrate.js';
import { runProcess } from '../adapters/run-process.js';

/** A gate as the orchestrator takes it: a function, or an argv run without a shell (green on exit code 0). */
export type GateOption = IntegrationGate | readonly string[];

const GATE_KILL_GRACE_MS = 2000;
const GATE_MAX_OUTPUT = 64 * 1024;

/**
 * Turns a {@link GateOption} into an {@link IntegrationGate}. An argv gate runs in the integration
 * worktree with the orchestrator's environment; its output tail is what a resolver task is shown.
 */
export function toIntegrationGate(gate: GateOption | undefined, signal: AbortSignal): IntegrationGate | undefined {
  if (gate === undefined) return undefined;
  if (typeof gate === 'function') return gate;
  const argv = [...gate];
  return async (cwd) => {
    const outcome = await runProcess({
      argv,
      cwd,
      env: process.env,
      signal,
      taskId: 'integration-gate',
      killGraceMs: GATE_KILL_GRACE_MS,
      maxOutputBytes: GATE_MAX_OUTPUT,
    });
    if (outcome.spawnError !== undefined) return { ok: false, output: outcome.spawnMessage ?? `gate could not start: ${outcome.spawnError}` };
    const output = `${outcome.stdout}${outcome.stderr}`.trim();
    return { ok: outcome.exitCode === 0, output: output === '' ? `${argv.join(' ')} exited with code ${String(outcome.exitCode)}` : output };
  };
}
