/**
 * A byte buffer that keeps only the last `limit` bytes written to it.
 * @module
 */

/** Collects a stream's output, keeping the tail when it grows past `limit` bytes. */
export class TailBuffer {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #total = 0;

  /** @param limit - Most bytes kept; older bytes are dropped first. */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Bytes written in all, including dropped ones. */
  get totalBytes(): number {
    return this.#total;
  }

  /** True when bytes were dropped. */
  get truncated(): boolean {
    return this.#total > this.#size;
  }

  /** Appends a chunk, dropping the oldest bytes beyond the limit. */
  write(chunk: Buffer): void {
    this.#total += chunk.length;
    if (this.#limit === 0) return;
    if (chunk.length >= this.#limit) {
      this.#chunks = [chunk.subarray(chunk.length - this.#limit)];
      this.#size = this.#limit;
      return;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#size > this.#limit) {
      const first = this.#chunks[0];
      if (first === undefined) break;
      const excess = this.#size - this.#limit;
      if (first.length <= excess) {
        this.#chunks.shift();
        this.#size -= first.length;
      } else {
        this.#chunks[0] = first.subarray(excess);
        this.#size -= excess;
      }
    }
  }

  /** The kept bytes as UTF-8, without a multi-byte character cut in half at the start. */
  toString(): string {
    let bytes = Buffer.concat(this.#chunks, this.#size);
    if (this.truncated) {
      let start = 0;
      // Skip UTF-8 continuation bytes (10xxxxxx) left over from a character whose start was dropped.
      while (start < bytes.length && start < 4 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
      bytes = bytes.subarray(start);
    }
    return bytes.toString('utf8');
  }
}
