/**
 * `wavefront demo` / `npm run demo`: the seed's dark-mode story, offline, in a scratch git repo.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Orchestrator } from '../execute/orchestrator.js';
import type { RunResult } from '../execute/options.js';
import type { Plan } from '../model/plan.js';
import { plan } from '../plan/plan.js';
import type { Reporter } from '../report/reporter.js';
import { createDemoAgent, THEME_TEST } from './demo-agent.js';

const git = promisify(execFile);

/** The seed's complete workflow example. */
export const DARK_MODE_REQUEST =
  'The frontend needs a dark mode toggle. Add a theme context provider, update all components to support dark mode, add a toggle button in the header, persist the preference to localStorage, and test on all pages.';

/** What the demo did. */
export interface DemoResult {
  /** The scratch repository. */
  readonly repo: string;
  /** The plan it ran. */
  readonly plan: Plan;
  /** The run's outcome. */
  readonly result: RunResult;
  /** `git log --oneline` of the scratch repository after the run. */
  readonly log: string;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Where to create the scratch repository. @defaultValue a new temp dir */
  readonly dir?: string | undefined;
  /** Attached to the orchestrator (e.g. the dashboard). */
  readonly reporter?: Reporter | undefined;
  /** Milliseconds of simulated agent work per estimated minute. @defaultValue 40 */
  readonly msPerMinute?: number | undefined;
}

/** Plans the dark-mode request and runs it with the demo agent in a fresh git repository. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const repo = options.dir ?? (await mkdtemp(join(tmpdir(), 'wavefront-demo-')));
  await mkdir(join(repo, 'test'), { recursive: true });
  await writeFile(join(repo, 'README.md'), '# Demo app\n\nA scratch repository for the wavefront demo.\n');
  await writeFile(join(repo, 'test', 'theme.test.mjs'), THEME_TEST);
  await writeFile(join(repo, '.gitignore'), 'node_modules/\n.wavefront/\n');
  const env = { ...process.env, GIT_AUTHOR_NAME: 'wavefront demo', GIT_AUTHOR_EMAIL: 'demo@wavefront.invalid', GIT_COMMITTER_NAME: 'wavefront demo', GIT_COMMITTER_EMAIL: 'demo@wavefront.invalid' };
  await git('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
  await git('git', ['add', '-A'], { cwd: repo, env });
  await git('git', ['commit', '-q', '-m', 'Initial commit'], { cwd: repo, env });

  const demoPlan = await plan(DARK_MODE_REQUEST);
  const orchestrator = new Orchestrator({ cwd: repo, adapter: createDemoAgent({ msPerMinute: options.msPerMinute }), retries: 0 });
  const detach = options.reporter?.attach(orchestrator);
  try {
    const result = await orchestrator.run(demoPlan);
    const { stdout } = await git('git', ['log', '--oneline', '-5'], { cwd: repo, env });
    return { repo, plan: demoPlan, result, log: stdout };
  } finally {
    detach?.();
  }
}
