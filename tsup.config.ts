import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'adapters/shell': 'src/adapters/shell.ts',
    'adapters/claude-code': 'src/adapters/claude-code.ts',
    'adapters/codex': 'src/adapters/codex.ts',
    'adapters/ai-sdk': 'src/adapters/ai-sdk.ts',
    'adapters/cli': 'src/adapters/cli.ts',
    'cli/bin': 'src/cli/bin.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
