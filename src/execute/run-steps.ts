/**
 * The bodies of the two steps a run performs itself rather than through an agent: the wave-0
 * backup snapshot and the final commit. Each journals what it did before it returns.
 * @module
 */
import { failpoint } from '../journal/failpoint.js';
import type { GitSteps } from './git-steps.js';
import type { ResumeState, RunRecorder } from './recorder.js';

/** What a step reports: the ref it made, if any, for its checkpoint event and the task result. */
export interface StepResult {
  readonly ref: string | undefined;
  readonly summary: string;
  readonly filesChanged?: readonly string[] | undefined;
}

/** Takes the wave-0 snapshot and journals its ref (no snapshot with git off). */
export async function backupStep(git: Pick<GitSteps, 'snapshot'>, recorder: RunRecorder): Promise<StepResult> {
  const snapshot = await git.snapshot();
  failpoint('after-snapshot'); // the ref exists, the journal does not know it yet
  if (snapshot) await recorder.record({ type: 'backup', ref: snapshot.ref, commit: snapshot.commit });
  return { ref: snapshot?.ref, summary: snapshot ? `backup ${snapshot.ref} (${snapshot.commit.slice(0, 7)})` : 'git disabled: no snapshot' };
}

/** What {@link finalCommitStep} needs. */
export interface CommitStepInput {
  readonly runId: string;
  /** What the journal of an interrupted run says about its final commit. */
  readonly recorded: ResumeState['commit'] | undefined;
  readonly git: Pick<GitSteps, 'findRunCommit'>;
  readonly recorder: RunRecorder;
  /** Makes the commit. */
  readonly commitRun: () => ReturnType<GitSteps['commit']>;
  /** The commit changed `files`. */
  readonly committed: (files: readonly string[]) => void;
}

/**
 * Makes the run's final commit between a `commit-start` and a `commit` record. A commit already
 * recorded is reported, not made again; one started but not recorded is looked for first.
 */
export async function finalCommitStep(input: CommitStepInput): Promise<StepResult> {
  const { recorded, recorder } = input;
  if (typeof recorded === 'object') {
    return { ref: recorded.commit ?? undefined, summary: recorded.commit ? `commit ${recorded.commit.slice(0, 7)} (recorded)` : 'nothing to commit' };
  }
  await recorder.record({ type: 'commit-start' });
  failpoint('during-commit');
  const done = recorded === 'started' ? ((await input.git.findRunCommit(input.runId)) ?? (await input.commitRun())) : await input.commitRun();
  await recorder.record({ type: 'commit', commit: done?.commit ?? null, filesChanged: [...(done?.filesChanged ?? [])] });
  failpoint('after-commit');
  input.committed(done?.filesChanged ?? []);
  return {
    ref: done?.commit ?? undefined,
    summary: done === undefined ? 'git disabled: no commit' : done.commit ? `commit ${done.commit.slice(0, 7)}` : 'nothing to commit',
    filesChanged: done?.filesChanged,
  };
}
