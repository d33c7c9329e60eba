/**
 * Wave bookkeeping of a run: which tasks each wave holds, and the `wave:start` / `wave:end`
 * events, a wave ending when its last task does.
 * @module
 */
import type { Plan, PlannedTask } from '../model/plan.js';
import type { TaskStatus } from './events.js';
import type { Emit } from './execution-types.js';

/** Counts every wave's open tasks and emits its start and end. */
export class WaveProgress {
  readonly #waves: Plan['waves'];
  readonly #emit: Emit;
  readonly #statusOf: (taskId: string) => TaskStatus | undefined;
  readonly #left = new Map<number, number>();
  readonly #tasks = new Map<number, string[]>();
  readonly #startedAt = new Map<number, number>();

  /** `statusOf` tells a task's current status, for the status of a wave that ends. */
  constructor(waves: Plan['waves'], emit: Emit, statusOf: (taskId: string) => TaskStatus | undefined) {
    this.#waves = waves;
    this.#emit = emit;
    this.#statusOf = statusOf;
  }

  /** Counts `task` in its wave. */
  add(task: PlannedTask): void {
    this.#left.set(task.wave, (this.#left.get(task.wave) ?? 0) + 1);
    const list = this.#tasks.get(task.wave);
    if (list) list.push(task.id);
    else this.#tasks.set(task.wave, [task.id]);
  }

  /** Emits `wave:start` the first time a task of `wave` starts. */
  start(wave: number): void {
    if (this.#startedAt.has(wave)) return;
    this.#startedAt.set(wave, Date.now());
    const info = this.#waves[wave];
    this.#emit('wave:start', { wave, name: info?.name ?? `Wave ${wave}`, taskIds: info?.taskIds ?? [] });
  }

  /** One task of `wave` has ended for good; its last emits `wave:end` (and `wave:start` when none was). */
  finishTask(wave: number): void {
    const left = (this.#left.get(wave) ?? 1) - 1;
    this.#left.set(wave, left);
    if (left > 0) return;
    const info = this.#waves[wave];
    const ids = (this.#tasks.get(wave) ?? []).map((id) => this.#statusOf(id));
    const status = ids.some((s) => s === 'failed' || s === 'cancelled') ? 'failed' : ids.every((s) => s === 'skipped') ? 'skipped' : 'succeeded';
    if (!this.#startedAt.has(wave)) this.start(wave);
    this.#emit('wave:end', { wave, name: info?.name ?? `Wave ${wave}`, status, durationMs: Date.now() - (this.#startedAt.get(wave) ?? Date.now()) });
  }
}
