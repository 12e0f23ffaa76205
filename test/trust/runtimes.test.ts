import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as srcIndex from '../../src/index.js';
import { PRESETS } from '../golden/api.js';
import { checkOutput, DISPATCH_SOURCE, loadCases, makeDispatch, resolvePresets, type DispatchOutput } from '../golden/goldenCases.js';
import { DIST, ensureBuilt, ROOT } from '../helpers/built.js';
import { tsNodeEnv } from '../helpers/tsNode.js';

// Exactness and determinism across runtimes (README.md, "Trust": the last row): every golden case gives the same
// bytes from src (vitest), the ESM build, the CJS build, ts-node on src, and an IIFE bundle run in a
// `node:vm` context without any Node global (no process, require, Buffer, module, timers; V8's own console stub aside). Each runtime runs
// the same dispatcher source against its own copy of the package's public API (src/index.ts); every
// golden case must run (golden.test.ts fails a case whose function the index does not export).
// `npm test` builds dist before vitest runs; run alone, this file builds dist itself when it is
// missing or stale (test/helpers/built.ts).

const DIST_ESM = join(DIST, 'esm', 'index.js');
const DIST_CJS = join(DIST, 'index.js');
const cases = loadCases();
const inputs = cases.map((c) => JSON.stringify({ call: c.input.call, args: resolvePresets(c.input.args, PRESETS) }));
const reference = inputs.map((i) => makeDispatch()(srcIndex, i));

let dir = '';
let inputsFile = '';
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'pm-runtimes-'));
  inputsFile = join(dir, 'inputs.json');
  writeFileSync(inputsFile, JSON.stringify(inputs));
});

function node(args: string[], env?: NodeJS.ProcessEnv): string[] {
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, ...(env ? { env } : {}) }));
}

const runtimes: [string, () => string[]][] = [
  [
    'ESM build (dist/esm/index.js, dynamic import)',
    () =>
      node([
        '--input-type=module',
        '-e',
        `import { readFileSync } from 'node:fs'; const api = await import(${JSON.stringify(pathToFileURL(DIST_ESM).href)});
         const dispatch = (0, eval)(${JSON.stringify(DISPATCH_SOURCE)});
         process.stdout.write(JSON.stringify(JSON.parse(readFileSync(${JSON.stringify(inputsFile)}, 'utf8')).map((i) => dispatch(api, i))));`,
      ]),
  ],
  [
    'CJS build (dist/index.js, require)',
    () =>
      node([
        '-e',
        `const api = require(${JSON.stringify(DIST_CJS)}); const dispatch = (0, eval)(${JSON.stringify(DISPATCH_SOURCE)});
         process.stdout.write(JSON.stringify(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(inputsFile)}, 'utf8')).map((i) => dispatch(api, i))));`,
      ]),
  ],
  // TypeScript's transpile memoized across the suite's ts-node processes (test/helpers/tsNode.ts): the same output.
  ['ts-node on src', () => node([join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'), join(__dirname, 'runtimes', 'tsNodeRunner.ts'), inputsFile], tsNodeEnv())],
  [
    'browser-like: esbuild IIFE bundle of dist/esm/index.js in node:vm with no Node globals',
    () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const esbuild = require('esbuild') as typeof import('esbuild');
      const out = esbuild.buildSync({ entryPoints: [DIST_ESM], bundle: true, format: 'iife', globalName: 'PortfolioMargin', platform: 'browser', write: false, logLevel: 'silent' });
      const ctx = vm.createContext({});
      expect(vm.runInContext('JSON.stringify([typeof process, typeof require, typeof Buffer, typeof module, typeof window, typeof globalThis.setTimeout])', ctx)).toBe(JSON.stringify(Array(6).fill('undefined')));
      vm.runInContext(out.outputFiles[0]!.text, ctx, { filename: 'portfolio-margin.iife.js' });
      const dispatch = vm.runInContext(DISPATCH_SOURCE, ctx) as (api: unknown, input: string) => string;
      const api = vm.runInContext('PortfolioMargin', ctx);
      return inputs.map((i) => dispatch(api, i));
    },
  ],
];

describe('the same golden outputs in every runtime', () => {
  it('src (vitest) reproduces the golden figures it is compared with', () => {
    expect(reference.length).toBeGreaterThanOrEqual(25);
    reference.forEach((r, i) => {
      const out = JSON.parse(r) as DispatchOutput;
      expect(out.skipped, `${cases[i]!.name}: no public function ${out.skipped}`).toBeUndefined();
      expect(checkOutput(cases[i]!, out), cases[i]!.name).toEqual([]);
    });
  });
  for (const [name, run] of runtimes) {
    it(name, () => {
      const got = run();
      expect(got).toHaveLength(reference.length);
      got.forEach((g, i) => expect(g, cases[i]!.name).toBe(reference[i]));
    });
  }
});
