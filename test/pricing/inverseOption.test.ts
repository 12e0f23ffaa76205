import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { black76Greeks, black76Price, inverseOptionGreeks, type OptionRight } from '../../src/pricing/index.js';
import { agrees, fd } from './finiteDifference.js';

const SEED = 2016;
const EPS = Number.EPSILON;

// Value in coin of an inverse option: the Black-76 value in USD divided by the forward (Deribit).
const coinValue = (right: OptionRight, f: number, k: number, t: number, v: number, r: number) => black76Price(right, f, k, t, v, r) / f;

const arbSmooth = fc.record({
  right: fc.constantFrom<OptionRight>('call', 'put'),
  forward: fc.double({ min: 100, max: 200000, noNaN: true }),
  zscore: fc.double({ min: -4, max: 4, noNaN: true }),
  years: fc.double({ min: 1 / 365, max: 3, noNaN: true }),
  vol: fc.double({ min: 0.1, max: 2, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
});

describe('inverseOptionGreeks: every field is a derivative of U = V/F (fast-check, fixed seed)', () => {
  it('price = V/F; delta = dU/dF; gamma = d2U/dF2; vega, theta (-dU/dT), rho of U', () => {
    fc.assert(
      fc.property(arbSmooth, ({ right, forward: f, zscore, years: t, vol: v, rate: r }) => {
        const sd = v * Math.sqrt(t);
        const k = f * Math.exp(zscore * sd);
        const g = inverseOptionGreeks(right, f, k, t, v, r);
        const hF = 1e-3 * f * sd;
        return (
          Math.abs(g.price - coinValue(right, f, k, t, v, r)) <= 4 * EPS * g.price + 1e-300 &&
          agrees(g.delta, fd((x) => coinValue(right, x, k, t, v, r), f, hF)) &&
          agrees(g.gamma, fd((x) => inverseOptionGreeks(right, x, k, t, v, r).delta, f, hF)) &&
          agrees(g.vega, fd((x) => coinValue(right, f, k, t, x, r), v, 1e-4 * v)) &&
          agrees(g.theta, fd((x) => -coinValue(right, f, k, x, v, r), t, 1e-4 * t)) &&
          agrees(g.rho, fd((x) => coinValue(right, f, k, t, v, x), r, 1e-3))
        );
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("F * delta is Deribit's coin delta, the Black-76 delta minus the coin price", () => {
    fc.assert(
      fc.property(arbSmooth, ({ right, forward: f, zscore, years: t, vol: v, rate: r }) => {
        const k = f * Math.exp(zscore * v * Math.sqrt(t));
        const inv = inverseOptionGreeks(right, f, k, t, v, r);
        const lin = black76Greeks(right, f, k, t, v, r);
        return Math.abs(f * inv.delta - (lin.delta - inv.price)) <= 1e-13 * (Math.abs(lin.delta) + inv.price);
      }),
      { seed: SEED + 1, numRuns: 2000 },
    );
  });

  it('vega, theta, rho are the linear ones divided by F', () => {
    const inv = inverseOptionGreeks('call', 60000, 65000, 30 / 365, 0.55, 0.01);
    const lin = black76Greeks('call', 60000, 65000, 30 / 365, 0.55, 0.01);
    expect(inv.vega).toBeCloseTo(lin.vega / 60000, 15);
    expect(inv.theta).toBeCloseTo(lin.theta / 60000, 15);
    expect(inv.rho).toBeCloseTo(lin.rho / 60000, 15);
  });
});

describe('inverseOptionGreeks edge cases (hand derivations of U = max(F - K, 0) / F)', () => {
  it('expired call in the money: U = 1 - K/F, delta = K/F^2, gamma = -2K/F^3', () => {
    const g = inverseOptionGreeks('call', 50000, 40000, 0, 0.6, 0);
    expect(g.price).toBeCloseTo(0.2, 15);
    expect(g.delta).toBeCloseTo(40000 / 50000 ** 2, 20);
    expect(g.gamma).toBeCloseTo((-2 * 40000) / 50000 ** 3, 24);
    expect([g.vega, g.theta, g.rho]).toEqual([0, 0, 0]);
  });

  it('expired put in the money: U = K/F - 1, delta = -K/F^2, gamma = 2K/F^3; out of the money all 0', () => {
    const g = inverseOptionGreeks('put', 40000, 50000, -0.1, 0.6, 0.05);
    expect(g.price).toBeCloseTo(0.25, 15);
    expect(g.delta).toBeCloseTo(-50000 / 40000 ** 2, 20);
    expect(g.gamma).toBeCloseTo((2 * 50000) / 40000 ** 3, 24);
    expect(inverseOptionGreeks('put', 50000, 40000, 0, 0.6, 0)).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 });
  });

  it('stays finite for zero strike, zero vol and extreme variance', () => {
    for (const right of ['call', 'put'] as const) {
      for (const [k, t, v] of [[0, 1, 0.5], [40000, 1, 0], [40000, 10, 50], [50000, 1e-12, 1e-12]] as const) {
        const g = inverseOptionGreeks(right, 50000, k, t, v, 0.03);
        expect(Object.values(g).every(Number.isFinite)).toBe(true);
      }
    }
    // Strike 0: the call pays F in USD, exactly 1 coin (discounted).
    expect(inverseOptionGreeks('call', 50000, 0, 1, 0.5, 0.03).price).toBeCloseTo(Math.exp(-0.03), 15);
  });
});
