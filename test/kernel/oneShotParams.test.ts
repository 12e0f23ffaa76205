import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessAccount } from '../../src/health/index.js';
import { createMarginEngine, parseMarginParameters, parseMarket, PRESETS } from '../../src/index.js';
import { D } from '../../src/numeric/decimal.js';
import { accountFigures } from '../../src/kernel/index.js';
import { assessedFigures, outcome } from './checkPopulation.js';

// One-shot calls keep what they convert from a parsed parameter set (factors, health band, borrow
// tiers, haircuts, roll-shock add-ons) per set object, for the next call with the same set
// (src/kernel/kernelTick.ts perParams and its add-on entries). What is kept must be redone when it
// depends on the call and not on the set alone. Each call below is held to every field of
// assessAccount on the same inputs (the Decimal path, which keeps nothing between calls).

const market = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'data', 'market.json'), 'utf8'));
const day = 86_400_000;

/** `snapshot` as figures: the one-shot call's, an engine's on that snapshot and assessAccount's, each as the fields assess gives. */
function threeWays(book: object, snapshot: object, params: object): { oneShot: string; engine: string; assess: string } {
  const fields = (f: () => object) =>
    outcome(() => {
      const { exact: _exact, ...rest } = f() as { exact?: string };
      return rest;
    });
  return {
    oneShot: fields(() => accountFigures(book as never, snapshot as never, params as never)),
    engine: fields(() => createMarginEngine(snapshot as never, params as never).figures(book as never)),
    assess: outcome(() => JSON.parse(assessedFigures(assessAccount(book as never, snapshot as never, params as never)))),
  };
}

describe('one-shot calls in a row on one parsed parameter set', () => {
  it('haircuts follow the snapshot settlement currency (USDC, then USDT, then USDC again)', () => {
    // A default haircut on every asset but the settlement currency (which has none): a USDC-settled
    // call's haircut for USDC (none) is wrong once USDT settles, and USDT's (10%) is wrong back in USDC.
    const params = parseMarginParameters({ ...(PRESETS['deribit-pm'] as object), health: { id: 'h', version: '1', collateral: { defaultHaircut: { initial: '0.1' } } } } as never);
    const inUsdt = { ...market, settlementCurrency: 'USDT', assets: { ...market.assets, USDC: { price: '1.0005' } } };
    delete inUsdt.assets.USDT;
    const book = (sc: string) => ({ accountId: 'a', settlementCurrency: sc, positions: [{ symbol: 'BTC-PERP', quantity: '1' }], collateral: [{ asset: 'USDC', balance: '50000' }, { asset: 'USDT', balance: '50000' }] });
    const equities: string[] = [];
    for (const [snapshot, sc] of [[market, 'USDC'], [inUsdt, 'USDT'], [market, 'USDC'], [inUsdt, 'USDT']] as const) {
      const got = threeWays(book(sc), snapshot, params);
      expect(got.assess.startsWith('error'), got.assess).toBe(false);
      expect(got.oneShot, sc).toBe(got.assess);
      expect(got.engine, sc).toBe(got.assess);
      equities.push(JSON.parse(got.assess).initialEquity);
    }
    // (The haircut lands on a different asset in each currency, so the test sees a stale map:
    // 100000 less 10% of 50000 USDT at 1, against 10% of 50000 USDC at 1.0005.)
    expect(equities[0]).not.toBe(equities[1]);
  });

  it('roll-shock add-ons follow the call asOf (moved by weeks, an expiry beyond the rate floor)', () => {
    // BTC-26MAR27 is about 117 days out at the sample asOf: past the ~48.7 days below which deribit-pm's
    // roll-shock rate sits at its floor, so its rate changes with every step below (a one-day step on
    // a near expiry would leave it unchanged and hide a rate kept from another asOf).
    const params = parseMarginParameters(PRESETS['deribit-pm']);
    const book = { accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-26MAR27', quantity: '-3' }, { symbol: 'BTC-26MAR27-100000-C', quantity: '-2' }, { symbol: 'BTC-PERP', quantity: '1' }], collateral: [{ asset: 'USDC', balance: '500000' }] };
    const ims = new Set<string>();
    for (const weeks of [0, 3, 6, 9, 0, 9, 3]) {
      const snapshot = { ...market, asOf: new Date(Date.parse(market.asOf) + weeks * 7 * day).toISOString() };
      const got = threeWays(book, snapshot, params);
      expect(got.assess.startsWith('error'), got.assess).toBe(false);
      expect(got.oneShot, `+${weeks} weeks`).toBe(got.assess);
      expect(got.engine, `+${weeks} weeks`).toBe(got.assess);
      ims.add(JSON.parse(got.assess).initialMargin);
    }
    expect(ims.size).toBe(4);
  });
});

describe('one-shot scenario-set reuse across snapshot objects', () => {
  it('a hand-made snapshot whose plain Map changed between calls gets the set of its new tables', () => {
    // An absolute price range for BTC (16,000 USD / index): moving BTC's index from 100,000 to 80,000 in the
    // shared plain Map widens the range from 16% to 20%, which the second call must see although both
    // snapshot objects hold the same Map objects (a parsed snapshot's sealed Maps cannot change; these can).
    const preset = PRESETS['deribit-pm-2023'] as { scenarios: object };
    const params = parseMarginParameters({ ...preset, scenarios: { ...preset.scenarios, rangeByUnderlying: { BTC: { kind: 'absolute', amount: '16000' } } } } as never);
    const parsed = parseMarket(market);
    const underlyings = new Map(parsed.underlyings);
    const tables = { underlyings, assets: new Map(parsed.assets), instruments: new Map(parsed.instruments), marks: new Map(parsed.marks) };
    const handMade = () => Object.defineProperty({ ...parsed, ...tables }, Symbol.for('portfolio-margin/parsed'), { value: 'market' });
    const book = { accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '1' }], collateral: [{ asset: 'USDC', balance: '100000' }] };
    const ims: string[] = [];
    for (const index of ['100000', '80000']) {
      underlyings.set('BTC', { ...parsed.underlyings.get('BTC')!, index: new D(index) });
      const got = threeWays(book, handMade(), params);
      expect(got.assess.startsWith('error'), got.assess).toBe(false);
      expect(got.oneShot, index).toBe(got.assess);
      ims.push(JSON.parse(got.assess).initialMargin);
    }
    // the perpetual's worst move is the range: 16% then 20% of its mark
    expect(ims[0]).not.toBe(ims[1]);
  });
});
