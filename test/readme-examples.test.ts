import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const readme = await readFile(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n(\/\/ (examples\/[\w.-]+)\n[\s\S]*?)```/g)].map((m) => ({ body: m[1] as string, path: m[2] as string }));

describe('README examples', () => {
  it('has runnable examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });
  for (const { body, path } of blocks) {
    it(`${path} is the README block verbatim and runs`, async () => {
      expect(await readFile(join(root, path), 'utf8')).toBe(body);
      // 'wavefront' resolves to the built package through the package's self-reference.
      const { stdout } = await run(process.execPath, ['--import', 'tsx', path], { cwd: root, timeout: 60_000 });
      expect(stdout.length).toBeGreaterThan(0);
      if (path.endsWith('quick-start.ts')) expect(stdout).toMatch(/^database-migration$/m);
      if (path.endsWith('run-with-adapter.ts')) expect(stdout).toMatch(/^succeeded [0-9a-f]{7}$/m);
      if (path.endsWith('worktrees.ts')) expect(stdout).toMatch(/^integration (\w+): conflict in CHANGELOG\.md -> resolve-\1-1\n[\s\S]*^succeeded\n# Changelog\n\n- Add CSV \w+\n- Add CSV \w+\n/m);
    }, 60_000);
  }
});
