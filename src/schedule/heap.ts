/**
 * A minimal binary heap (min-heap under a comparator); internal to the scheduler.
 * @module
 */

/** Binary heap: `peek()`/`pop()` return the smallest element under `compare`. */
export class BinaryHeap<T> {
  readonly #items: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  /** @param compare negative when `a` must come out before `b`. */
  constructor(compare: (a: T, b: T) => number) {
    this.#compare = compare;
  }

  /** Number of elements. */
  get size(): number {
    return this.#items.length;
  }

  /** The smallest element, or undefined when empty. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Adds an element. */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(items[i] as T, items[parent] as T) >= 0) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the smallest element, or undefined when empty. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  /** The elements in heap (not sorted) order; a read-only view, valid until the next change. */
  items(): readonly T[] {
    return this.#items;
  }

  /** Removes every element. */
  clear(): void {
    this.#items.length = 0;
  }

  #siftDown(start: number): void {
    const items = this.#items;
    const n = items.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.#compare(items[left] as T, items[smallest] as T) < 0) smallest = left;
      if (right < n && this.#compare(items[right] as T, items[smallest] as T) < 0) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }

  #swap(a: number, b: number): void {
    const items = this.#items;
    const tmp = items[a] as T;
    items[a] = items[b] as T;
    items[b] = tmp;
  }
}
