import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildRiskArrays, buildScenarioSet, shockVol } from '../../src/scenarios/index.js';
import { black76Price } from '../../src/pricing/index.js';
import { yearFraction } from '../../src/pricing/yearFraction.js';
import { DERIBIT_PORTFOLIO_MARGIN_2023, SPAN_CLASSIC_16 } from '../../src/presets/index.js';
import type { MarketSnapshotInput } from '../../src/schema/marketSchema.js';
import { ASOF, option } from '../margin/fixtures.js';

// An option's risk array, scenario by scenario, against black76Price of that scenario's own inputs
// (a whole price per call: its own discount factor, root, log-moneyness and normal probabilities),
// bit for bit. The array is built in passes over a scratch row (arguments, probabilities in place,
// prices); this is the check that the passes compose to the same price, degenerate cases included.
// One contract of a USDC-settled option on a quoted forward: P&L = price(scenario) - price(base).
const EXPIRIES = ['2026-11-29T08:00:01Z', '2026-11-29T09:00:00Z', '2026-12-04T08:00:00Z', '2027-03-26T08:00:00Z', '2031-06-27T08:00:00Z'];
const arbOption = fc.record({
  right: fc.constantFrom<'call' | 'put'>('call', 'put'),
  forward: fc.constantFrom('0.37', '1000', '98765.4321', '3.5'),
  moneyness: fc.oneof(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.constantFrom(1, 0.001, 1000)),
  expiry: fc.constantFrom(...EXPIRIES),
  iv: fc.oneof(fc.constantFrom('0', '0.000001', '0.5', '9'), fc.double({ min: 0.01, max: 3, noNaN: true }).map((x) => x.toFixed(4))),
  rate: fc.constantFrom('0', '0.05', '-0.02'),
});

describe("an option's risk array is black76Price per scenario", () => {
  it('bit for bit, on grids with and without time steps, expiring, deep in and out of the money, zero vol', () => {
    fc.assert(
      fc.property(arbOption, ({ right, forward, moneyness, expiry, iv, rate }) => {
        const strike = Number((Number(forward) * moneyness).toPrecision(6)).toFixed(8).replace(/\.?0+$/, '');
        if (!(Number(strike) > 0)) return;
        const market: MarketSnapshotInput = {
          asOf: ASOF,
          settlementCurrency: 'USDC',
          instruments: [option('X-OPT', 'X', right, strike, expiry)],
          underlyings: { X: { index: forward, rate, forwards: { [expiry]: forward } } },
          marks: { 'X-OPT': { iv } },
          assets: {},
        };
        const F = Number(forward);
        const K = Number(strike);
        const r = Number(rate);
        const T = yearFraction(Date.parse(ASOF), Date.parse(expiry));
        const v = Number(iv);
        const base = black76Price(right, F, K, T, v, r);
        for (const params of [SPAN_CLASSIC_16, DERIBIT_PORTFOLIO_MARGIN_2023]) {
          const set = buildScenarioSet(params, market);
          const a = buildRiskArrays(market, set).instruments.get('X-OPT')!;
          expect(Object.is(a.value, base)).toBe(true);
          set.scenarios.forEach((sc, s) => {
            const m = Number(sc.moves.X ?? '0');
            const Ts = sc.timeStepDays > 0 ? Math.max(0, T - sc.timeStepDays / 365) : T;
            const vol = shockVol(v, T * 365, sc.volShock, { strike: K, forward: F, years: T });
            const want = black76Price(right, F * (1 + m), K, Ts, vol, r) - base;
            if (!Object.is(a.pnl[s], want)) expect([s, a.pnl[s]]).toEqual([s, want]);
          });
        }
      }),
      { seed: 20261202, numRuns: 150 },
    );
  });
});
