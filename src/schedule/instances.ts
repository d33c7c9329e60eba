/**
 * The instance pool of the scheduler: which instances are free, and which one a task may use.
 * @module
 */
import { BinaryHeap } from './heap.js';
import type { ScheduleInstance, ScheduleMode } from './types.js';

/** Where a task may run, in order of preference. */
export interface Placement {
  /** Pool index of the planned instance, or -1. */
  readonly planned: number;
  /** Role whose instances are the second choice, when `useRole`. */
  readonly role: string | undefined;
  /** Whether same-role instances may be used. */
  readonly useRole: boolean;
  /** Whether any free instance may be used as a last resort. */
  readonly any: boolean;
  /** Whether using "any instance" counts as borrowing (false when the task has no affinity at all). */
  readonly anyBorrowed: boolean;
}

/** The lowest free member of a fixed set of instances; lazy deletion against a shared busy array. */
class FreeSet {
  readonly #heap = new BinaryHeap<number>((a, b) => a - b);
  readonly #inHeap: boolean[];
  readonly #busy: readonly boolean[];

  constructor(members: readonly number[], busy: readonly boolean[], poolSize: number) {
    this.#busy = busy;
    this.#inHeap = new Array<boolean>(poolSize).fill(false);
    for (const member of members) this.release(member);
  }

  first(): number {
    for (let top = this.#heap.peek(); top !== undefined; top = this.#heap.peek()) {
      if (!this.#busy[top]) return top;
      this.#heap.pop();
      this.#inHeap[top] = false;
    }
    return -1;
  }

  release(member: number): void {
    if (this.#inHeap[member]) return;
    this.#inHeap[member] = true;
    this.#heap.push(member);
  }
}

/** The pool: instance ids, roles, and which are busy. Ties between free instances go to pool order. */
export class InstancePool {
  /** Instance ids in pool order. */
  readonly ids: readonly string[];
  /** Instance roles in pool order. */
  readonly roles: readonly (string | undefined)[];
  readonly #index = new Map<string, number>();
  readonly #busy: boolean[];
  readonly #all: FreeSet;
  readonly #byRole = new Map<string, FreeSet>();
  readonly #roleMembers = new Map<string, number[]>();
  #busyCount = 0;

  constructor(instances: readonly ScheduleInstance[]) {
    this.ids = instances.map((instance) => instance.id);
    this.roles = instances.map((instance) => instance.role);
    this.#busy = new Array<boolean>(instances.length).fill(false);
    instances.forEach((instance, i) => {
      this.#index.set(instance.id, i);
      if (instance.role === undefined) return;
      const members = this.#roleMembers.get(instance.role) ?? [];
      members.push(i);
      this.#roleMembers.set(instance.role, members);
    });
    this.#all = new FreeSet(instances.map((_, i) => i), this.#busy, instances.length);
    for (const [role, members] of this.#roleMembers) this.#byRole.set(role, new FreeSet(members, this.#busy, instances.length));
  }

  /** Pool index of an instance id, or undefined. */
  indexOf(id: string): number | undefined {
    return this.#index.get(id);
  }

  /** Number of busy instances. */
  get busyCount(): number {
    return this.#busyCount;
  }

  /** Number of free instances. */
  get freeCount(): number {
    return this.ids.length - this.#busyCount;
  }

  /** Where a task with this planned instance (pool index or -1) and role may run. */
  placement(planned: number, taskRole: string | undefined, mode: ScheduleMode, strict: boolean): Placement {
    const role = taskRole ?? (planned >= 0 ? this.roles[planned] : undefined);
    if (planned < 0 && role === undefined) return { planned, role, useRole: false, any: true, anyBorrowed: false };
    if (strict) return { planned, role, useRole: planned < 0, any: false, anyBorrowed: true };
    return { planned, role, useRole: role !== undefined, any: mode === 'dynamic', anyBorrowed: true };
  }

  /** True when at least one instance of the pool can ever host the placement. */
  canHost(placement: Placement): boolean {
    if (placement.planned >= 0 || placement.any) return true;
    return placement.useRole && placement.role !== undefined && this.#roleMembers.has(placement.role);
  }

  /** The free instance a task with this placement would take now, or undefined. */
  choose(placement: Placement): { index: number; borrowed: boolean } | undefined {
    if (placement.planned >= 0 && !this.#busy[placement.planned]) return { index: placement.planned, borrowed: false };
    if (placement.useRole && placement.role !== undefined) {
      const index = this.#byRole.get(placement.role)?.first() ?? -1;
      if (index >= 0) return { index, borrowed: false };
    }
    if (placement.any) {
      const index = this.#all.first();
      if (index >= 0) return { index, borrowed: placement.anyBorrowed };
    }
    return undefined;
  }

  /** Marks an instance busy. */
  occupy(index: number): void {
    if (this.#busy[index]) return;
    this.#busy[index] = true;
    this.#busyCount++;
  }

  /** Marks an instance free again. */
  release(index: number): void {
    if (!this.#busy[index]) return;
    this.#busy[index] = false;
    this.#busyCount--;
    this.#all.release(index);
    const role = this.roles[index];
    if (role !== undefined) this.#byRole.get(role)?.release(index);
  }
}
