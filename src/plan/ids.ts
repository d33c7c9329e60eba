import { createHash } from 'node:crypto';

const MAX_ID = 128;

/**
 * A valid task id derived from `wanted`, not yet in `taken`; records it in `taken`.
 * Long ids are shortened with a short content hash so they stay unique and deterministic.
 */
export function uniqueId(wanted: string, taken: Set<string>): string {
  let base = wanted;
  if (base.length > MAX_ID - 4) {
    const hash = createHash('sha256').update(wanted).digest('hex').slice(0, 8);
    base = `${wanted.slice(0, MAX_ID - 14)}-${hash}`;
  }
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
