/**
 * The integration wave: merge the agents' branches one at a time into the run's integration
 * worktree, behind an optional test gate.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WavefrontError, describeValue } from '../model/errors.js';
import { NO_AUTO_GC, fallbackIdentityEnv } from './identity.js';
import { assertSafeState, inspectRepository } from './preflight.js';
import { withRepoLock } from './repo-lock.js';
import { runGit, splitNul } from './run-git.js';
import { listWorktreeEntries, runWorktreesOf, sameDirectory } from './worktree-list.js';
import { INTEGRATION_INSTANCE, RUN_BRANCH_PREFIX, assertRunBranch, shortBranchName } from './worktree-names.js';
import { worktreeStatus } from './worktree-status.js';

/** The verdict of a gate (e.g. the test suite) run in the integration worktree after a merge. */
export interface GateResult {
  readonly ok: boolean;
  /** Shown to the user / a resolver task (truncated to 64 KiB). */
  readonly output?: string | undefined;
}

/** Checks the integration worktree (its absolute path is passed) after each merge. */
export type IntegrationGate = (cwd: string) => Promise<GateResult> | GateResult;

/** Options of {@link integrate}. */
export interface IntegrateOptions {
  /** The run's integration worktree (on `refs/heads/wavefront/<runId>/integration`, see `createIntegrationWorktree`). */
  readonly integrationPath: string;
  /** Run branches to merge, in dependency order (full `refs/heads/wavefront/<runId>/<instance>` or short form). */
  readonly branches: readonly string[];
  /** Run after every merge that changed something; a red gate undoes that merge. */
  readonly gate?: IntegrationGate | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The outcome of one branch. */
export interface IntegratedBranch {
  /** Full ref of the branch. */
  readonly branch: string;
  /**
   * `merged`: merged (or already contained); `conflict`: textual conflict, merge aborted, nothing
   * changed; `gate-failed`: merged cleanly but the gate was red, so the merge was undone.
   */
  readonly status: 'merged' | 'conflict' | 'gate-failed';
  /** The merge commit (status `merged`), or null when the branch was already contained. */
  readonly commit: string | null;
  /** Conflicted paths (status `conflict`), relative to the repository root, sorted. */
  readonly conflicts?: string[];
  /** Gate output, or git's message for a conflict. */
  readonly output?: string;
}

/** What {@link integrate} did. */
export interface IntegrateResult {
  /** One entry per branch attempted, in order; the last one is the first non-`merged` branch, if any. */
  readonly results: IntegratedBranch[];
  /** Full refs of the branches not attempted because integration stopped (empty when all merged). */
  readonly remaining: string[];
  /** The integration branch's commit afterwards. */
  readonly head: string;
}

const MAX_OUTPUT = 65_536;
const MAX_BRANCHES = 10_000;

function clip(text: string): string {
  return text.length > MAX_OUTPUT ? `${text.slice(0, MAX_OUTPUT)}\n[... truncated]` : text;
}

function validate(options: IntegrateOptions): { refs: string[] } {
  if (typeof options !== 'object' || options === null) {
    throw new WavefrontError('INVALID_ARGUMENT', `integrate: options must be an object, got ${describeValue(options)}`);
  }
  if (typeof options.integrationPath !== 'string' || options.integrationPath === '' || options.integrationPath.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `integrationPath must be a non-empty path, got ${describeValue(options.integrationPath)}`, {
      details: { field: 'integrationPath' },
    });
  }
  if (!Array.isArray(options.branches) || options.branches.length > MAX_BRANCHES) {
    throw new WavefrontError('INVALID_ARGUMENT', `branches must be an array of at most ${MAX_BRANCHES} run branches`, { details: { field: 'branches' } });
  }
  if (options.gate !== undefined && typeof options.gate !== 'function') {
    throw new WavefrontError('INVALID_ARGUMENT', 'gate must be a function', { details: { field: 'gate' } });
  }
  const refs = (options.branches as readonly unknown[]).map((branch, i) => assertRunBranch(branch, `branches[${i}]`));
  const seen = new Set<string>();
  for (const { ref } of refs) {
    if (seen.has(ref)) throw new WavefrontError('INVALID_ARGUMENT', `branch ${ref} is listed twice`, { details: { field: 'branches', branch: ref } });
    seen.add(ref);
  }
  for (const parsed of refs) {
    if (parsed.instance === INTEGRATION_INSTANCE) {
      throw new WavefrontError('INVALID_ARGUMENT', `cannot merge the integration branch ${parsed.ref} into itself`, { details: { field: 'branches' } });
    }
  }
  return { refs: refs.map((parsed) => parsed.ref) };
}

async function runGate(gate: IntegrationGate, cwd: string): Promise<{ ok: boolean; output?: string }> {
  try {
    const verdict: unknown = await gate(cwd);
    if (typeof verdict !== 'object' || verdict === null || typeof (verdict as GateResult).ok !== 'boolean') {
      return { ok: false, output: `gate returned ${describeValue(verdict)} instead of { ok: boolean }` };
    }
    const { ok, output } = verdict as GateResult;
    return typeof output === 'string' ? { ok, output: clip(output) } : { ok };
  } catch (error) {
    return { ok: false, output: clip(`gate threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`) };
  }
}

/**
 * Merges `branches` one at a time, in the order given, into the integration worktree with
 * `git merge --no-ff` (hooks off, no auto-gc, the repository identity or the fallback one). Stops at
 * the first branch that does not merge and returns the rest untouched in `remaining`, so a resolver
 * task can be inserted before retrying:
 * - a textual conflict: the conflicted paths are collected, the merge is aborted (`merge --abort`),
 *   the integration worktree is left exactly as before that merge; status `conflict`;
 * - a red `gate` (or one that throws): the integration branch is reset to its commit before that
 *   merge (`reset --hard`, only inside the integration worktree); status `gate-failed`.
 * After each gate, files the gate left behind (tracked edits, untracked non-ignored files) are
 * discarded inside the integration worktree so the next merge starts clean. Each merge step holds
 * the repository lock; the gate runs outside it. The user's checkout is never touched.
 *
 * @throws WavefrontError `INVALID_ARGUMENT` (bad options, a branch that is not a run branch, listed
 *   twice, missing, or the integration branch itself; `integrationPath` not the integration worktree
 *   of a run of `repo`), `GIT_STATE_UNSAFE` (integration worktree dirty, mid-merge, `index.lock`),
 *   `NOT_A_GIT_REPOSITORY`, `ABORTED`, `GIT_FAILED` (a merge failing for another reason than a conflict).
 */
export async function integrate(repo: string, options: IntegrateOptions): Promise<IntegrateResult> {
  const { refs } = validate(options);
  const session = await openIntegration(repo, options.integrationPath, options.signal);
  for (const ref of refs) {
    const exists = await runGit(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { cwd: session.cwd, signal: options.signal, readOnly: true, allowFailure: true });
    if (exists.code !== 0) throw new WavefrontError('INVALID_ARGUMENT', `branch ${ref} does not exist`, { details: { field: 'branches', branch: ref } });
  }
  const results: IntegratedBranch[] = [];
  for (let i = 0; i < refs.length; i += 1) {
    const ref = refs[i] as string;
    const result = await session.merge(ref, options.gate);
    results.push(result);
    if (result.status !== 'merged') return { results, remaining: refs.slice(i + 1), head: await session.head() };
  }
  return { results, remaining: [], head: await session.head() };
}

/** An integration worktree checked once, for merging run branches one at a time: see {@link openIntegration}. */
export interface IntegrationSession {
  /** The integration worktree's top level. */
  readonly cwd: string;
  /** The integration branch's current commit. */
  head(): Promise<string>;
  /** Merges one run branch (full ref or short name) behind `gate`, exactly as one step of {@link integrate}. */
  merge(ref: string, gate?: IntegrationGate | undefined): Promise<IntegratedBranch>;
}

/**
 * Checks the run's integration worktree once (it is the integration worktree of a run of `repo`,
 * on its branch, in a safe state, clean) and returns a session that merges branches into it one at
 * a time with the semantics of {@link integrate}, without re-checking the worktree before every
 * merge. For callers that own the integration worktree for a whole run (the executor).
 *
 * @throws WavefrontError as {@link integrate} for the worktree checks.
 */
export async function openIntegration(repo: string, integrationPath: string, signal?: AbortSignal): Promise<IntegrationSession> {
  if (typeof integrationPath !== 'string' || integrationPath === '' || integrationPath.includes('\0')) {
    throw new WavefrontError('INVALID_ARGUMENT', `integrationPath must be a non-empty path, got ${describeValue(integrationPath)}`, {
      details: { field: 'integrationPath' },
    });
  }
  const repoState = await inspectRepository(repo, signal);
  const lockKey = repoState.root;
  const state = await inspectRepository(integrationPath, signal);
  const cwd = state.root;
  const worktree = runWorktreesOf(await listWorktreeEntries(lockKey, signal)).find((entry) => sameDirectory(entry.path, cwd));
  if (worktree === undefined || worktree.instance !== INTEGRATION_INSTANCE || state.branchRef !== worktree.branch) {
    throw new WavefrontError(
      'INVALID_ARGUMENT',
      `${cwd} is not the integration worktree of a run of ${lockKey} (branch ${RUN_BRANCH_PREFIX}<runId>/${INTEGRATION_INSTANCE})`,
      { details: { field: 'integrationPath', path: cwd, branch: state.branchRef } },
    );
  }
  await assertSafeState(state, { allowDetached: false, signal });
  const status = await worktreeStatus(cwd, { signal });
  if (!status.clean) {
    throw new WavefrontError('GIT_STATE_UNSAFE', `the integration worktree ${cwd} has uncommitted or untracked changes`, {
      details: { state: 'integration-dirty', path: cwd, changed: status.changed.slice(0, 50), untracked: status.untracked.slice(0, 50) },
    });
  }

  const env = await fallbackIdentityEnv(cwd, signal);
  const git = (args: readonly string[], extra: { allowFailure?: boolean; readOnly?: boolean; noSignal?: boolean } = {}) =>
    runGit([...NO_AUTO_GC, ...args], {
      cwd,
      env,
      allowFailure: extra.allowFailure === true,
      readOnly: extra.readOnly === true,
      signal: extra.noSignal === true ? undefined : signal,
    });
  const headOf = async (): Promise<string> => (await git(['rev-parse', '--verify', 'HEAD^{commit}'], { readOnly: true })).stdout.trim();
  // Cleanup steps run without the signal: an abort must not leave the worktree mid-merge.
  const restore = async (commit: string): Promise<void> => {
    await git(['reset', '--hard', '--quiet', commit], { noSignal: true });
    await git(['clean', '-fd', '--quiet'], { noSignal: true });
  };
  const into = shortBranchName(worktree.branch);

  const merge = async (branch: string, gate: IntegrationGate | undefined): Promise<IntegratedBranch> => {
    const ref = assertRunBranch(branch, 'branch').ref;
    const step = await withRepoLock(lockKey, async () => {
      const before = await headOf();
      const message = `Merge branch '${shortBranchName(ref)}' into ${into}`;
      let result;
      try {
        result = await git(['merge', '--no-ff', '--no-edit', '--no-verify', '--no-autostash', '--no-squash', '-m', message, '--', ref], {
          allowFailure: true,
        });
      } catch (error) {
        if (existsSync(join(state.gitDir, 'MERGE_HEAD'))) await git(['merge', '--abort'], { noSignal: true, allowFailure: true });
        await restore(before);
        throw error;
      }
      if (result.code === 0) {
        const after = await headOf();
        return { kind: 'merged' as const, before, commit: after === before ? null : after };
      }
      const unmerged = await git(['diff', '--name-only', '--diff-filter=U', '-z'], { readOnly: true, noSignal: true });
      const conflicts = [...new Set(splitNul(unmerged.stdout))].sort();
      if (existsSync(join(state.gitDir, 'MERGE_HEAD'))) await git(['merge', '--abort'], { noSignal: true });
      if ((await headOf()) !== before || !(await worktreeStatus(cwd)).clean) await restore(before);
      const output = clip(`${result.stdout}${result.stderr}`.trim());
      if (conflicts.length > 0) return { kind: 'conflict' as const, conflicts, output };
      throw new WavefrontError('GIT_FAILED', `git merge of ${ref} failed with exit code ${result.code}: ${result.stderr.trim().split('\n')[0] ?? ''}`, {
        details: { args: ['merge', ref], code: result.code, stderr: result.stderr.slice(0, 4000) },
      });
    });
    if (step.kind === 'conflict') return { branch: ref, status: 'conflict', commit: null, conflicts: step.conflicts, output: step.output };
    if (gate === undefined || step.commit === null) return { branch: ref, status: 'merged', commit: step.commit };
    const verdict = await runGate(gate, cwd);
    const output = verdict.output === undefined ? {} : { output: verdict.output };
    await withRepoLock(lockKey, async () => {
      if (!verdict.ok) await restore(step.before);
      else if ((await headOf()) !== step.commit || !(await worktreeStatus(cwd)).clean) await restore(step.commit as string);
    });
    if (!verdict.ok) return { branch: ref, status: 'gate-failed', commit: null, ...output };
    return { branch: ref, status: 'merged', commit: step.commit, ...output };
  };

  return { cwd, head: headOf, merge };
}
