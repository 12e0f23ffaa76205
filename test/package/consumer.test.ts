import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/built.js';

// The consumer check: the packed tarball installed into a scratch project can be required, imported,
// and used from a ts-node script (the quant-notebook case). dist comes from `npm test`'s build, or is
// built here when this file runs alone (test/helpers/built.ts). The scratch project installs the
// package's dependencies from the npm registry like any consumer, through a cache of its own (empty
// on every run), so the result never depends on the state of the machine's npm cache.
const root = ROOT;
let dir = '';

const book = { accountId: 'c1', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '2' }], collateral: [] };
const market = {
  asOf: '2026-11-29T08:00:00Z',
  settlementCurrency: 'USDC',
  instruments: [{ symbol: 'BTC-PERP', kind: 'future', underlying: 'BTC', quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
  underlyings: { BTC: { index: '100000' } },
  marks: { 'BTC-PERP': { price: '100000' } },
  assets: {},
};
// Hand calculation: 2 contracts x 1 BTC x 100,000 / 100,000 = 2 BTC of delta, notional 200,000.
const script = (req: string) => `${req}
const r = pm.netExposure(${JSON.stringify(book)}, ${JSON.stringify(market)});
console.log(JSON.stringify([r.underlyings[0].delta, r.underlyings[0].deltaNotional]));`;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'pm-consumer-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'commonjs' }));
  execFileSync('npm', ['install', '--cache', join(dir, 'npm-cache'), '--no-audit', '--no-fund', '--ignore-scripts', join(dir, tgz)], { cwd: app, stdio: 'pipe' });
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package, installed into a scratch project', () => {
  const expected = JSON.stringify(['2', '200000']);
  it('can be required (CJS)', () => {
    writeFileSync(join(dir, 'app', 'cjs.cjs'), script(`const pm = require('portfolio-margin');`));
    expect(execFileSync('node', ['cjs.cjs'], { cwd: join(dir, 'app') }).toString().trim()).toBe(expected);
  });
  it('can be imported (ESM)', () => {
    writeFileSync(join(dir, 'app', 'esm.mjs'), script(`import * as pm from 'portfolio-margin';`));
    expect(execFileSync('node', ['esm.mjs'], { cwd: join(dir, 'app') }).toString().trim()).toBe(expected);
  });
  it('can be used from a type-checked ts-node script', () => {
    const app = join(dir, 'app');
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] } }),
    );
    writeFileSync(join(app, 'notebook.ts'), `import * as pm from 'portfolio-margin';\nconst report: pm.ExposureReport = pm.netExposure(${JSON.stringify(book)}, ${JSON.stringify(market)});\nconsole.log(JSON.stringify([report.underlyings[0]!.delta, report.underlyings[0]!.deltaNotional]));\n`);
    // ts-node and typescript come from this repository's devDependencies (the scratch app has none).
    const tsNode = join(root, 'node_modules', 'ts-node', 'dist', 'bin.js');
    const out = execFileSync('node', [tsNode, '--project', join(app, 'tsconfig.json'), 'notebook.ts'], { cwd: app });
    expect(out.toString().trim()).toBe(expected);
  });
});
