/**
 * The resolver task inserted when a finished task's work does not integrate: a textual conflict or
 * a red integration gate, handed to the Code Reviewer with the conflict as its input.
 * @module
 */
import type { PlannedTask } from '../model/plan.js';
import type { ResolveInfo } from '../journal/records.js';

/** The role that resolves integration conflicts. */
export const RESOLVER_ROLE = 'code-reviewer';

const MAX_OUTPUT_IN_PROMPT = 8000;

/** A task id for the resolver of `origin`'s round `round`, not yet in `taken`. */
export function resolverId(origin: string, round: number, taken: (id: string) => boolean): string {
  const stem = `resolve-${origin}`.slice(0, 110);
  for (let n = 0; ; n += 1) {
    const id = `${stem}-${round}${n === 0 ? '' : `-${n}`}`;
    if (!taken(id)) return id;
  }
}

/** The resolver task for `failed` (whose work did not integrate), on `instance`. */
export function resolverTask(failed: PlannedTask, info: ResolveInfo, instance: string, originTitle: string): PlannedTask {
  const output = info.output.length > MAX_OUTPUT_IN_PROMPT ? `[... truncated]\n${info.output.slice(-MAX_OUTPUT_IN_PROMPT)}` : info.output;
  const description =
    info.kind === 'conflict'
      ? [
          `Merging the work of task ${info.origin} ("${originTitle}") into the integrated result of the run conflicts in: ${info.conflicts.join(', ')}.`,
          'This worktree has that merge in progress: the conflicted files contain conflict markers (<<<<<<<, =======, >>>>>>>).',
          'Edit them so that the intent of both sides is kept, remove every marker, and leave everything else as it is.',
          'Do not commit and do not abort the merge: wavefront commits it when you are done.',
          output === '' ? '' : `\ngit reported:\n${output}`,
        ].join('\n')
      : [
          `The integration gate failed after merging the work of task ${info.origin} ("${originTitle}").`,
          'This worktree has that merge in progress (it merged without textual conflicts).',
          'Change the code so that the gate passes, keeping the intent of the merged work. Do not commit: wavefront commits the merge.',
          output === '' ? '' : `\nGate output:\n${output}`,
        ].join('\n');
  return {
    id: info.resolverId,
    title: `Resolve the integration of ${info.origin}`,
    description: description.trimEnd(),
    dependsOn: [],
    role: RESOLVER_ROLE,
    instance,
    critical: false,
    criticalReasons: [],
    kind: 'work',
    estimateMinutes: Math.max(1, Math.min(30, Math.round(failed.estimateMinutes / 2))),
    wave: failed.wave,
    phase: 'Integration',
    ...(info.conflicts.length > 0 ? { touches: [...info.conflicts] } : {}),
  };
}
