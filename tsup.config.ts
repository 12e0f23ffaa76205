import { mkdirSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

// Public entry points: the root and the subpaths that are useful alone (package.json `exports` lists
// the same names; keep them in step).
const entry = { index: 'src/index.ts', pricing: 'src/pricing/index.ts', presets: 'src/presets/index.ts' };

export default defineConfig([
  // CommonJS for `require`: one bundle per entry, with shared code split into chunks so that
  // `require('portfolio-margin')` and `require('portfolio-margin/pricing')` load one copy of each class.
  { entry, format: ['cjs'], outDir: 'dist', splitting: true, sourcemap: true, target: 'es2022', treeshake: true },
  // ESM for `import` and bundlers: not bundled, one file per source module, so that a bundler drops
  // whole modules a consumer does not use (`"sideEffects": false`); a single-file bundle would keep
  // every top-level schema and preset. The folder is marked `"type": "module"` so that its `.js`
  // files are ES modules and their relative imports resolve as written.
  {
    entry: ['src/**/*.ts'],
    format: ['esm'],
    outDir: 'dist/esm',
    bundle: false,
    sourcemap: true,
    target: 'es2022',
    outExtension: () => ({ js: '.js' }),
    onSuccess: async () => {
      mkdirSync('dist/esm', { recursive: true });
      writeFileSync('dist/esm/package.json', '{ "type": "module", "sideEffects": false }\n');
    },
  },
  // Declarations, bundled per entry: `.d.ts` for require, `.d.mts` for import.
  { entry, format: ['cjs', 'esm'], outDir: 'dist', dts: { only: true } },
]);
