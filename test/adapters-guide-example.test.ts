// The "Writing an adapter" guide: its example is examples/adapters/custom-adapter.ts verbatim, the
// file runs, and the adapter it defines passes the conformance suite exactly as the guide shows.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createNotesAdapter } from '../examples/adapters/custom-adapter.js';
import { testAdapter } from '../src/testing/conformance.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const EXAMPLE = 'examples/adapters/custom-adapter.ts';
const guide = await readFile(join(root, 'docs', 'writing-an-adapter.md'), 'utf8');
const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);

describe('docs/writing-an-adapter.md', () => {
  it(`shows ${EXAMPLE} verbatim`, async () => {
    const example = blocks.filter((block) => block.startsWith(`// ${EXAMPLE}\n`));
    expect(example).toHaveLength(1);
    expect(example[0]).toBe(await readFile(join(root, EXAMPLE), 'utf8'));
  });

  it('shows the conformance call this file makes', () => {
    const testing = blocks.find((block) => block.includes('testAdapter({'));
    expect(testing).toContain("adapter: () => createNotesAdapter({ msPerMinute: 1 }),");
    expect(testing).toContain("failingTask: { touches: ['../outside.md'] },");
    expect(testing).toContain('hangingTask: { estimateMinutes: 1_000_000 },');
  });

  it('runs the example: three notes written and committed in a fresh repository', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', EXAMPLE], { cwd: root, timeout: 60_000 });
    expect(stdout).toMatch(/^api: succeeded \(wrote notes\/api\.md\)$/m);
    expect(stdout).toMatch(/^ui: succeeded \(wrote notes\/ui\.md\)$/m);
    expect(stdout).toMatch(/^overview: succeeded \(wrote docs\/orders\.md\)$/m);
    expect(stdout.trim().split('\n').at(-1)).toBe('succeeded');
  }, 60_000);
});

testAdapter({
  adapter: () => createNotesAdapter({ msPerMinute: 1 }),
  failingTask: { touches: ['../outside.md'] },
  hangingTask: { estimateMinutes: 1_000_000 },
});
