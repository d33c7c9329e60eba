import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { TailBuffer } from '../src/adapters/tail-buffer.js';

describe('TailBuffer', () => {
  test.prop([fc.array(fc.uint8Array({ max: 127, maxLength: 50 }), { maxLength: 20 }), fc.nat(120)])(
    'keeps exactly the last limit bytes of everything written (ASCII)',
    (chunks, limit) => {
      const buffer = new TailBuffer(limit);
      for (const chunk of chunks) buffer.write(Buffer.from(chunk));
      const all = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
      const kept = all.subarray(Math.max(0, all.length - limit));
      expect(buffer.totalBytes).toBe(all.length);
      expect(buffer.truncated).toBe(all.length > limit);
      expect(buffer.toString()).toBe(kept.toString('latin1')); // ASCII only: no character can be cut
    },
  );

  it('drops a multi-byte character cut in half at the start', () => {
    const buffer = new TailBuffer(5);
    buffer.write(Buffer.from('aé€x', 'utf8')); // a(1) é(2) €(3) x(1): the tail "\xa9€x" cuts é
    expect(buffer.toString()).toBe('€x');
  });

  it('keeps nothing with a limit of 0 but still counts bytes', () => {
    const buffer = new TailBuffer(0);
    buffer.write(Buffer.from('abc'));
    expect(buffer.toString()).toBe('');
    expect(buffer.totalBytes).toBe(3);
    expect(buffer.truncated).toBe(true);
  });
});
