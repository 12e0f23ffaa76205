import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildRiskArrays, buildScenarioSet, shockVol } from '../../src/scenarios/index.js';
import { black76Price } from '../../src/pricing/index.js';
import { yearFraction } from '../../src/pricing/yearFraction.js';
import { DERIBIT_PORTFOLIO_MARGIN, DERIBIT_PORTFOLIO_MARGIN_2023, SPAN_CLASSIC_16 } from '../../src/presets/index.js';
import { D } from '../../src/numeric/decimal.js';
import type { MarketSnapshotInput } from '../../src/schema/marketSchema.js';
import { ASOF, option } from '../margin/fixtures.js';

// An option's risk array, scenario by scenario, against black76Price of that scenario's own inputs
// (a whole price per call: its own discount factor, root, log-moneyness and normal probabilities),
// bit for bit. The array is built in passes over a scratch row (arguments, probabilities in place,
// prices); this is the check that the passes compose to the same price, degenerate cases included.
// One contract, settled three ways: a USDC-settled linear option in a USDC account (P&L = price' -
// price), an inverse option in an account settled in its coin (price' / F' - price / F, coin per
// contract), and an inverse option in a USDC account, its coin priced C and tied to the underlying
// (C(1 + m) x price' / F' - C x price / F). The 2024 Deribit grid scales its tails' P&L (pnlScale, a
// ratio of decimals), which multiplies the difference. maxAbs is the largest |P&L|.
const EXPIRIES = ['2026-11-29T08:00:01Z', '2026-11-29T09:00:00Z', '2026-12-04T08:00:00Z', '2027-03-26T08:00:00Z', '2031-06-27T08:00:00Z'];
const arbOption = fc.record({
  right: fc.constantFrom<'call' | 'put'>('call', 'put'),
  forward: fc.constantFrom('0.37', '1000', '98765.4321', '3.5'),
  moneyness: fc.oneof(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.constantFrom(1, 0.001, 1000)),
  expiry: fc.constantFrom(...EXPIRIES),
  iv: fc.oneof(fc.constantFrom('0', '0.000001', '0.5', '9'), fc.double({ min: 0.01, max: 3, noNaN: true }).map((x) => x.toFixed(4))),
  rate: fc.constantFrom('0', '0.05', '-0.02'),
  settled: fc.constantFrom<'linear' | 'inverse' | 'tied'>('linear', 'inverse', 'tied'),
  coinPrice: fc.constantFrom('1', '2.5', '98000.5'),
});

describe("an option's risk array is black76Price per scenario", () => {
  it('bit for bit, on grids with and without time steps, expiring, deep in and out of the money, zero vol, three settlements, scaled tails', () => {
    // What the scenarios met, from their inputs: each must be reached.
    const met = new Set<string>();
    fc.assert(
      fc.property(arbOption, ({ right, forward, moneyness, expiry, iv, rate, settled, coinPrice }) => {
        const strike = Number((Number(forward) * moneyness).toPrecision(6)).toFixed(8).replace(/\.?0+$/, '');
        if (!(Number(strike) > 0)) return;
        const inverse = settled !== 'linear';
        const inst = { ...option('X-OPT', 'X', right, strike, expiry), ...(inverse ? { quoteCurrency: 'USD', settlementCurrency: 'X', settlement: 'inverse' as const } : {}) };
        const market: MarketSnapshotInput = {
          asOf: ASOF,
          settlementCurrency: settled === 'inverse' ? 'X' : 'USDC',
          instruments: [inst],
          underlyings: { X: { index: forward, rate, forwards: { [expiry]: forward } } },
          marks: { 'X-OPT': { iv } },
          assets: settled === 'tied' ? { X: { price: coinPrice, underlying: 'X' } } : {},
        };
        const F = Number(forward);
        const K = Number(strike);
        const r = Number(rate);
        const T = yearFraction(Date.parse(ASOF), Date.parse(expiry));
        const v = Number(iv);
        const C = settled === 'tied' ? Number(coinPrice) : 1;
        const base = black76Price(right, F, K, T, v, r);
        const baseValue = inverse ? C * (base / F) : base;
        for (const params of [SPAN_CLASSIC_16, DERIBIT_PORTFOLIO_MARGIN_2023, DERIBIT_PORTFOLIO_MARGIN]) {
          const set = buildScenarioSet(params, market);
          const a = buildRiskArrays(market, set).instruments.get('X-OPT')!;
          expect(Object.is(a.value, baseValue)).toBe(true);
          let top = 0;
          set.scenarios.forEach((sc, s) => {
            const m = Number(sc.moves.X ?? '0');
            const Ts = sc.timeStepDays > 0 ? Math.max(0, T - sc.timeStepDays / 365) : T;
            const vol = shockVol(v, T * 365, sc.volShock, { strike: K, forward: F, years: T });
            const Fs = F * (1 + m);
            const price = black76Price(right, Fs, K, Ts, vol, r);
            const value = settled === 'linear' ? price : settled === 'inverse' ? price / Fs : C * (1 + m) * (price / Fs);
            const q = sc.pnlScale?.X;
            const want = q === undefined ? value - baseValue : (value - baseValue) * new D(q[0]).div(q[1]).toNumber();
            if (!Object.is(a.pnl[s], want)) expect([s, a.pnl[s]]).toEqual([s, want]);
            top = Math.max(top, Math.abs(want));
            met.add(Ts !== T ? (Ts === 0 ? 'stepped to expiry' : 'stepped') : m === 0 && vol === v ? 'base point' : vol * Math.sqrt(T) === 0 ? 'certain' : 'regular');
            met.add(settled);
            if (q !== undefined) met.add('scaled');
          });
          expect(Object.is(a.maxAbs, top)).toBe(true);
        }
      }),
      { seed: 20261202, numRuns: 120 },
    );
    expect([...met].sort()).toEqual(['base point', 'certain', 'inverse', 'linear', 'regular', 'scaled', 'stepped', 'stepped to expiry', 'tied']);
  });
});
