/**
 * Issue 11 section 2 / issue 9 item 11 (dual-package hazard). A process that loads both builds (the
 * CommonJS copy through `require`, the ES module copy through `import`, as a mixed app or a bundler
 * may) used to get `expected record` for a market parsed by the other copy, and `instanceof
 * MarginInputError` was false across the copies. Brands keyed by `Symbol.for` work across copies.
 * Needs dist: `npm test` builds it first; run alone, the file builds a stale or missing dist itself (ensureBuilt).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/built.js';
import { namedBook, namedMarket, namedPortfolioParams } from '../trust/userNames.js';

const ROOT = join(__dirname, '..', '..');
const DIST_ESM = join(ROOT, 'dist', 'esm', 'index.js');
const DIST_CJS = join(ROOT, 'dist', 'index.js');

const market = namedMarket('BTC');
const prices = { ...market };
delete prices.instruments;
const book = namedBook('BTC');
const params = namedPortfolioParams('BTC');

// Runs in one node process with both copies loaded; prints one JSON object of observations.
const script = `
import { createRequire } from 'node:module';
const esm = await import(${JSON.stringify(pathToFileURL(DIST_ESM).href)});
const cjs = createRequire(import.meta.url)(${JSON.stringify(DIST_CJS)});
const [market, prices, book, params] = ${JSON.stringify([market, prices, book, params])};
const errorOf = (f) => { try { f(); return undefined; } catch (e) { return e; } };
const out = {};
out.twoCopies = esm.parseMarket !== cjs.parseMarket && esm.MarginInputError !== cjs.MarginInputError;
const ref = JSON.stringify(esm.assessAccount(book, market, params));
for (const [name, from, to] of [['cjs->esm', cjs, esm], ['esm->cjs', esm, cjs]]) {
  const m = from.parseMarket(market), p = from.parsePortfolio(book), mp = from.parseMarginParameters(params);
  out[name + ' parsed values accepted'] = JSON.stringify(to.assessAccount(p, m, mp)) === ref;
  out[name + ' engine'] = JSON.stringify(to.createMarginEngine(m, mp).withPrices(from.parseMarketPrices(prices)).assess(p)) === ref;
  out[name + ' same parsed object back'] = to.parseMarket(m) === m && to.parsePortfolio(p) === p && to.parseMarginParameters(mp) === mp;
  const e = errorOf(() => from.parsePortfolio({ accountId: 'a' }));
  out[name + ' instanceof'] = e instanceof to.MarginInputError && e instanceof from.MarginInputError && !(new Error('x') instanceof to.MarginInputError);
  const safe = to.safeAssessAccount(book, from.parseMarketPrices(prices), params);
  out[name + ' wrong kind'] = safe.success === false && JSON.stringify(safe.error.issues.map((i) => [i.code, i.path, i.argument]));
  // An error thrown by one copy inside the other's safe* (a parsed parameter set from the other copy that fails later) is still a typed failure.
  const inner = to.safeParsePortfolio({ ...book, positions: [{ symbol: 'BTC', quantity: from.parseMarket(market) }] });
  out[name + ' safe never throws'] = inner.success === false;
  out[name + ' json unchanged'] = JSON.stringify(from.parseMarket(market)) === JSON.stringify(to.parseMarket(market)) && JSON.stringify(from.parsePortfolio(book)) === JSON.stringify(to.parsePortfolio(book));
}
process.stdout.write(JSON.stringify(out));
`;

describe('the CommonJS and ES module builds in one process (dual-package hazard)', () => {
  beforeAll(() => ensureBuilt());
  it('accept each other\'s parsed values and recognise each other\'s errors', () => {
    if (!existsSync(DIST_ESM) || !existsSync(DIST_CJS)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    const wrongKind = JSON.stringify([['invalid_type', [], 'market']]);
    expect(out).toEqual({
      twoCopies: true,
      'cjs->esm parsed values accepted': true,
      'cjs->esm engine': true,
      'cjs->esm same parsed object back': true,
      'cjs->esm instanceof': true,
      'cjs->esm wrong kind': wrongKind,
      'cjs->esm safe never throws': true,
      'cjs->esm json unchanged': true,
      'esm->cjs parsed values accepted': true,
      'esm->cjs engine': true,
      'esm->cjs same parsed object back': true,
      'esm->cjs instanceof': true,
      'esm->cjs wrong kind': wrongKind,
      'esm->cjs safe never throws': true,
      'esm->cjs json unchanged': true,
    });
  });
});
