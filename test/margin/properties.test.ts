import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { computeMargin, parseMarginParameters } from '../../src/margin/index.js';
import { parseMarket } from '../../src/schema/parse.js';
import { DERIBIT_PORTFOLIO_MARGIN, DERIBIT_STANDARD_MARGIN, SPAN_CME_16 } from '../../src/presets/index.js';

const rawMarket = JSON.parse(readFileSync('examples/data/market.json', 'utf8'));
const market = parseMarket(rawMarket);
const symbols: string[] = rawMarket.instruments.map((i: { symbol: string }) => i.symbol);
const presets = [DERIBIT_PORTFOLIO_MARGIN, DERIBIT_STANDARD_MARGIN, SPAN_CME_16].map(parseMarginParameters);
const noAddOns = parseMarginParameters({ ...DERIBIT_PORTFOLIO_MARGIN, id: 'pm-no-addons', addOns: {} });
const FC = { seed: 20261129, numRuns: 60 };

const qty = fc.integer({ min: -40, max: 40 }).filter((x) => x !== 0).map((x) => (x / 4).toString());
const positions = fc.array(fc.record({ symbol: fc.constantFrom(...symbols), quantity: qty }), { minLength: 1, maxLength: 6 });
const collateral = fc.subarray([
  { asset: 'USDC', balance: '10000' },
  { asset: 'BTC', balance: '0.5' },
  { asset: 'ETH', balance: '-3' },
]);
const acct = (ps: { symbol: string; quantity: string }[], cs: { asset: string; balance: string }[] = []) => ({ accountId: 'p', settlementCurrency: 'USDC', positions: ps, collateral: cs });

describe('margin properties', () => {
  it('an empty book needs nothing', () => {
    for (const p of presets) {
      const r = computeMargin(acct([]), market, p);
      expect([r.initialMargin, r.maintenanceMargin]).toEqual(['0', '0']);
    }
  });

  it('long plus an equal short needs nothing', () => {
    fc.assert(
      fc.property(positions, (ps) => {
        const both = ps.flatMap((x) => [x, { symbol: x.symbol, quantity: D(x.quantity).neg().toString() }]);
        for (const p of presets) {
          const r = computeMargin(acct(both), market, p);
          expect([r.initialMargin, r.maintenanceMargin]).toEqual(['0', '0']);
        }
      }),
      FC,
    );
  });

  it('IM >= MM >= 0 under every preset', () => {
    fc.assert(
      fc.property(positions, collateral, (ps, cs) => {
        for (const p of presets) {
          const r = computeMargin(acct(ps, cs), market, p);
          expect(D(r.maintenanceMargin).gte(0)).toBe(true);
          expect(D(r.initialMargin).gte(r.maintenanceMargin)).toBe(true);
        }
      }),
      FC,
    );
  });

  it('permuting positions, collateral and instruments gives byte-identical JSON', () => {
    fc.assert(
      fc.property(positions, collateral, fc.nat(), (ps, cs, seed) => {
        const rot = <T>(a: T[], k: number) => (a.length ? [...a.slice(k % a.length), ...a.slice(0, k % a.length)].reverse() : a);
        const shuffledMarket = { ...rawMarket, instruments: rot(rawMarket.instruments, seed) };
        for (const p of presets) {
          const a = JSON.stringify(computeMargin(acct(ps, cs), market, p));
          const b = JSON.stringify(computeMargin(acct(rot(ps, seed), rot(cs, seed + 1)), shuffledMarket, p));
          expect(b).toBe(a);
        }
      }),
      { ...FC, numRuns: 40 },
    );
  });

  // Exact up to the 40 significant digits of our Decimal: a damped tail divides by |move|
  // (e.g. 0.16 / 0.66), which does not terminate, so the last digit may differ.
  it('scaling every quantity by k scales each unit scan risk by k', () => {
    fc.assert(
      fc.property(positions, fc.integer({ min: 2, max: 7 }), (ps, k) => {
        const r1 = computeMargin(acct(ps), market, noAddOns);
        const rk = computeMargin(acct(ps.map((x) => ({ symbol: x.symbol, quantity: D(x.quantity).mul(k).toString() }))), market, noAddOns);
        expect(rk.units.map((u) => u.unit)).toEqual(r1.units.map((u) => u.unit));
        rk.units.forEach((u, i) => {
          const want = D(r1.units[i]!.scanRisk!.amount).mul(k);
          expect(D(u.scanRisk!.amount).minus(want).abs().lte(want.abs().mul('1e-30'))).toBe(true);
        });
      }),
      FC,
    );
  });
});
