/**
 * Task checkpoint files, written off the critical path: resume reads the journal, not them, so a
 * task's end does not wait for its checkpoint; the run waits for all of them before it ends.
 * @module
 */
import type { PlannedTask } from '../model/plan.js';
import type { CheckpointInfo, RunRecorder } from './recorder.js';

/** Writes task checkpoints through a recorder and tracks the writes still in flight. */
export class CheckpointWrites {
  readonly #recorder: RunRecorder;
  readonly #dependents: DependentTitles;
  readonly #pending = new Set<Promise<void>>();

  /** `tasks` is read live (replans add to it), for each checkpoint's list of what comes next. */
  constructor(recorder: RunRecorder, tasks: ReadonlyMap<string, PlannedTask>) {
    this.#recorder = recorder;
    this.#dependents = new DependentTitles(tasks);
  }

  /** Starts writing `task`'s checkpoint; `onWritten` gets the path of a file written. A failed write is ignored. */
  write(task: PlannedTask, info: Omit<CheckpointInfo, 'next'>, onWritten: (path: string) => void): void {
    const dependents = this.#dependents;
    const write = this.#recorder.checkpoint(task, {
      ...info,
      // read only by recorders that write checkpoint files
      get next(): string[] {
        return dependents.of(task.id);
      },
    });
    const tracked: Promise<void> = write
      .then(
        (path) => {
          if (path !== undefined) onWritten(path);
        },
        () => undefined,
      )
      .finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  /** Settles once every write started so far has. */
  settled(): Promise<void[]> {
    return Promise.all(this.#pending);
  }
}

/** The titles of the tasks waiting on a task, indexed once and re-indexed when tasks are added. */
class DependentTitles {
  readonly #tasks: ReadonlyMap<string, PlannedTask>;
  #index: Map<string, string[]> | undefined;
  #indexedSize = 0;

  constructor(tasks: ReadonlyMap<string, PlannedTask>) {
    this.#tasks = tasks;
  }

  /** Titles of the first 20 tasks that depend on `taskId`. */
  of(taskId: string): string[] {
    if (this.#index === undefined || this.#indexedSize !== this.#tasks.size) {
      const index = new Map<string, string[]>();
      for (const other of this.#tasks.values()) {
        for (const dep of other.dependsOn) {
          const list = index.get(dep);
          if (list) list.push(other.title);
          else index.set(dep, [other.title]);
        }
      }
      this.#index = index;
      this.#indexedSize = this.#tasks.size;
    }
    return (this.#index.get(taskId) ?? []).slice(0, 20);
  }
}
