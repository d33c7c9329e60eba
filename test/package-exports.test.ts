import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');

// Runs against dist/ built by `npm test` (npm run build first).
describe('the built package', () => {
  for (const subpath of subpaths) {
    const specifier = subpath === '.' ? 'wavefront' : `wavefront/${subpath.slice(2)}`;
    it(`require()s and import()s ${specifier} with the same export names`, async () => {
      const script = `
        const cjs = require(${JSON.stringify(specifier)});
        import(${JSON.stringify(specifier)}).then((esm) => {
          const a = Object.keys(cjs).sort(), b = Object.keys(esm).filter((k) => k !== 'default').sort();
          process.stdout.write(JSON.stringify({ cjs: a, esm: b }));
        });`;
      const { stdout } = await run(process.execPath, ['-e', script], { cwd: root });
      const { cjs, esm } = JSON.parse(stdout) as { cjs: string[]; esm: string[] };
      expect(cjs.length).toBeGreaterThan(0);
      expect(cjs).toEqual(esm);
    });
  }

  it('keeps instanceof WavefrontError across the ESM and CJS copies', async () => {
    const require = createRequire(import.meta.url);
    const cjs = require('wavefront') as typeof import('../src/index.js');
    const esm = (await import('wavefront')) as typeof import('../src/index.js');
    expect(cjs.WavefrontError).not.toBe(esm.WavefrontError);
    const fromCjs = new cjs.WavefrontError('CYCLE', 'x');
    expect(fromCjs).toBeInstanceOf(esm.WavefrontError);
    expect(new esm.WavefrontError('CYCLE', 'x')).toBeInstanceOf(cjs.WavefrontError);
    expect(new Error('x')).not.toBeInstanceOf(esm.WavefrontError);
  });

  it('passes publint --strict', async () => {
    const { stdout } = await run(join(root, 'node_modules/.bin/publint'), ['--strict'], { cwd: root });
    expect(stdout).toMatch(/All good/);
  });

  // wavefront/testing is ESM only (vitest cannot be require()d); Node >= 20.19 require()s it as ESM.
  it('passes attw --pack with the node16 profile', async () => {
    const args = ['--pack', '.', '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm'];
    await expect(run(join(root, 'node_modules/.bin/attw'), args, { cwd: root })).resolves.toBeDefined();
  }, 120_000);
});
