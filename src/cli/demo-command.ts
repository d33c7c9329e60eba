/**
 * `wavefront demo`.
 * @module
 */
import { runDemo } from '../demo/run-demo.js';
import { createDashboardReporter } from '../report/dashboard-reporter.js';
import { intOption, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';
import { renderPlanText } from './render-plan.js';
import { writerStream } from './run-command.js';

/** Runs the offline demo; exit code 0 when the run succeeded and committed. */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { dir: { type: 'string' }, speed: { type: 'string' } });
  const reporter = createDashboardReporter({ stream: writerStream(io.stderr, io.interactive) });
  io.stdout('wavefront demo: the seed\'s dark-mode request, planned offline and run by a scripted agent in a scratch git repository.\n\n');
  const demo = await runDemo({ dir: values.dir, reporter, msPerMinute: intOption(values.speed, '--speed') });
  io.stdout(`\n${renderPlanText(demo.plan)}\n`);
  io.stdout(`Scratch repository: ${demo.repo}\nStatus: ${demo.result.status}\nCommit: ${demo.result.commit ?? 'none'}\n\ngit log --oneline:\n${demo.log}`);
  return demo.result.status === 'succeeded' && demo.result.commit ? 0 : 1;
}
