import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { black76Greeks, black76Price, type OptionGreeks, type OptionRight } from '../../src/pricing/index.js';
import { agrees, fd } from './finiteDifference.js';
import { black76PriceAt, normalCdfsInto } from '../../src/pricing/black76Terms.js';
import { normalCdf } from '../../src/pricing/normalCdf.js';

const EPS = Number.EPSILON;
const SEED = 424242;
const RIGHTS: OptionRight[] = ['call', 'put'];

function allFinite(g: OptionGreeks): boolean {
  return Object.values(g).every((v) => Number.isFinite(v));
}

const arbRight = fc.constantFrom<OptionRight>('call', 'put');
const arbMarket = fc.record({
  right: arbRight,
  forward: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
  moneyness: fc.double({ min: 0.01, max: 100, noNaN: true }),
  years: fc.double({ min: 1e-4, max: 30, noNaN: true }),
  vol: fc.double({ min: 1e-3, max: 5, noNaN: true }),
  rate: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
});

describe('black76Price: properties (fast-check, fixed seed)', () => {
  it('put-call parity C - P = e^{-rT} (F - K)', () => {
    fc.assert(
      fc.property(arbMarket, ({ forward, moneyness, years, vol, rate }) => {
        const k = forward * moneyness;
        const c = black76Price('call', forward, k, years, vol, rate);
        const p = black76Price('put', forward, k, years, vol, rate);
        const df = Math.exp(-rate * years);
        return Math.abs(c - p - df * (forward - k)) <= 8 * EPS * df * (forward + k);
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('stays within the no-arbitrage bounds [discounted intrinsic, discounted F (call) or K (put)]', () => {
    fc.assert(
      fc.property(arbMarket, ({ right, forward, moneyness, years, vol, rate }) => {
        const k = forward * moneyness;
        const v = black76Price(right, forward, k, years, vol, rate);
        const df = Math.exp(-rate * years);
        const intrinsic = df * Math.max(right === 'call' ? forward - k : k - forward, 0);
        const upper = df * (right === 'call' ? forward : k);
        const slack = 4 * EPS * df * (forward + k);
        return v >= intrinsic - slack && v <= upper + slack;
      }),
      { seed: SEED + 1, numRuns: 5000 },
    );
  });

  it('is non-decreasing in vol (to rounding)', () => {
    fc.assert(
      fc.property(arbMarket, fc.double({ min: 1e-6, max: 1, noNaN: true }), ({ right, forward, moneyness, years, vol, rate }, bump) => {
        const k = forward * moneyness;
        const lo = black76Price(right, forward, k, years, vol, rate);
        const hi = black76Price(right, forward, k, years, vol * (1 + bump), rate);
        return hi >= lo - 4 * EPS * lo;
      }),
      { seed: SEED + 2, numRuns: 5000 },
    );
  });

  it('is non-increasing in strike for a call and non-decreasing for a put (to rounding)', () => {
    fc.assert(
      fc.property(arbMarket, fc.double({ min: 1e-6, max: 1, noNaN: true }), ({ forward, moneyness, years, vol, rate }, bump) => {
        const k1 = forward * moneyness;
        const k2 = k1 * (1 + bump);
        const c1 = black76Price('call', forward, k1, years, vol, rate);
        const c2 = black76Price('call', forward, k2, years, vol, rate);
        const p1 = black76Price('put', forward, k1, years, vol, rate);
        const p2 = black76Price('put', forward, k2, years, vol, rate);
        return c2 <= c1 + 4 * EPS * c1 && p2 >= p1 - 4 * EPS * p1;
      }),
      { seed: SEED + 3, numRuns: 5000 },
    );
  });

  it('agrees with black76Greeks().price exactly', () => {
    fc.assert(
      fc.property(arbMarket, ({ right, forward, moneyness, years, vol, rate }) => {
        const k = forward * moneyness;
        return black76Price(right, forward, k, years, vol, rate) === black76Greeks(right, forward, k, years, vol, rate).price;
      }),
      { seed: SEED + 4, numRuns: 2000 },
    );
  });

  it('never returns NaN or Infinity, including zero strike, zero vol, zero or negative time', () => {
    const arbWild = fc.record({
      right: arbRight,
      forward: fc.oneof(fc.double({ min: 1e-8, max: 1e8, noNaN: true }), fc.constantFrom(1e-8, 1, 1e8)),
      strike: fc.oneof(fc.double({ min: 0, max: 1e8, noNaN: true }), fc.constantFrom(0, 1, 100)),
      years: fc.oneof(fc.double({ min: -1, max: 100, noNaN: true }), fc.constantFrom(0, -0, 1e-12, 5e-324)),
      vol: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(0, 1e-300, 50)),
      rate: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
    });
    fc.assert(
      fc.property(arbWild, ({ right, forward, strike, years, vol, rate }) => {
        const p = black76Price(right, forward, strike, years, vol, rate);
        const g = black76Greeks(right, forward, strike, years, vol, rate);
        return Number.isFinite(p) && p >= 0 && allFinite(g) && !Object.is(g.delta, -0) && !Object.is(g.rho, -0) && !Object.is(g.theta, -0);
      }),
      { seed: SEED + 5, numRuns: 20000 },
    );
  });
});

describe('black76Greeks: analytic greeks equal finite differences of the price', () => {
  const arbSmooth = fc.record({
    right: arbRight,
    forward: fc.double({ min: 10, max: 1000, noNaN: true }),
    // Strike as a number of standard deviations from the forward, so the tails stay where the
    // price itself (not just its greeks) is known to ~1e-14 and the differences are meaningful.
    zscore: fc.double({ min: -4, max: 4, noNaN: true }),
    years: fc.double({ min: 0.01, max: 5, noNaN: true }),
    vol: fc.double({ min: 0.03, max: 3, noNaN: true }),
    rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
  });
  it('delta = dV/dF, gamma = d(delta)/dF, vega = dV/dsigma, theta = -dV/dT, rho = dV/dr (F held)', () => {
    fc.assert(
      fc.property(arbSmooth, ({ right, forward: f, zscore, years: t, vol: v, rate: r }) => {
        const k = f * Math.exp(zscore * v * Math.sqrt(t));
        const g = black76Greeks(right, f, k, t, v, r);
        // Steps scale with the width of the distribution (F sigma sqrt T), where the price bends.
        const hF = 1e-3 * f * v * Math.sqrt(t);
        return (
          agrees(g.delta, fd((x) => black76Price(right, x, k, t, v, r), f, hF)) &&
          agrees(g.gamma, fd((x) => black76Greeks(right, x, k, t, v, r).delta, f, hF)) &&
          agrees(g.vega, fd((x) => black76Price(right, f, k, t, x, r), v, 1e-4 * v)) &&
          agrees(g.theta, fd((x) => -black76Price(right, f, k, x, v, r), t, 1e-4 * t)) &&
          agrees(g.rho, fd((x) => black76Price(right, f, k, t, v, x), r, 1e-3))
        );
      }),
      { seed: SEED + 6, numRuns: 2000 },
    );
  });
});

describe('black76 edge cases (expected values are the payoff definitions, worked by hand)', () => {
  const df = Math.exp(-0.05 * 1); // e^{-rT}, r = 5%, T = 1

  it('years = 0 or negative: undiscounted intrinsic value, step delta, zero other greeks', () => {
    for (const years of [0, -0.5]) {
      expect(black76Price('call', 110, 100, years, 0.5, 0.05)).toBe(10);
      expect(black76Price('put', 110, 100, years, 0.5, 0.05)).toBe(0);
      expect(black76Price('put', 90, 100, years, 0.5, 0.05)).toBe(10);
      expect(black76Greeks('call', 110, 100, years, 0.5, 0.05)).toEqual({ price: 10, delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0 });
      expect(black76Greeks('put', 110, 100, years, 0.5, 0.05)).toEqual({ price: 0, delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0 });
      expect(black76Greeks('put', 90, 100, years, 0.5, 0.05).delta).toBe(-1);
      // Exactly at the money the step is taken at its midpoint, the zero-vol limit of N(d1).
      expect(black76Greeks('call', 100, 100, years, 0.5, 0.05).delta).toBe(0.5);
      expect(black76Greeks('put', 100, 100, years, 0.5, 0.05).delta).toBe(-0.5);
    }
  });

  it('vol = 0: discounted intrinsic on the forward, discounted step delta, zero gamma', () => {
    expect(black76Price('call', 110, 100, 1, 0, 0.05)).toBeCloseTo(10 * df, 14);
    expect(black76Price('put', 110, 100, 1, 0, 0.05)).toBe(0);
    const g = black76Greeks('call', 110, 100, 1, 0, 0.05);
    expect(g.delta).toBeCloseTo(df, 15);
    expect(g.gamma).toBe(0);
    expect(g.vega).toBe(0);
    // V = e^{-rT} (F - K) with F held: dV/dt = r V.
    expect(g.theta).toBeCloseTo(0.05 * 10 * df, 14);
    expect(g.rho).toBeCloseTo(-1 * 10 * df, 14);
    // At the money vega is its sigma -> 0 limit e^{-rT} F sqrt(T) / sqrt(2 pi).
    expect(black76Greeks('call', 100, 100, 1, 0, 0.05).vega).toBeCloseTo((df * 100) / Math.sqrt(2 * Math.PI), 12);
    expect(black76Greeks('call', 100, 100, 1, 0, 0.05).delta).toBeCloseTo(0.5 * df, 15);
  });

  it('strike = 0: call = discounted forward, put = 0', () => {
    expect(black76Price('call', 100, 0, 1, 0.3, 0.05)).toBeCloseTo(100 * df, 12);
    expect(black76Price('put', 100, 0, 1, 0.3, 0.05)).toBe(0);
    const g = black76Greeks('call', 100, 0, 1, 0.3, 0.05);
    expect(g.delta).toBeCloseTo(df, 15);
    expect(g.gamma).toBe(0);
    expect(g.vega).toBe(0);
    expect(black76Greeks('put', 100, 0, 1, 0.3, 0.05).delta).toBe(0);
  });

  it('huge total variance (vol 50, T 10): call -> discounted forward, put -> discounted strike', () => {
    const d = Math.exp(-0.05 * 10);
    expect(black76Price('call', 100, 120, 10, 50, 0.05)).toBeCloseTo(100 * d, 12);
    expect(black76Price('put', 100, 120, 10, 50, 0.05)).toBeCloseTo(120 * d, 12);
    for (const right of RIGHTS) expect(allFinite(black76Greeks(right, 100, 120, 10, 50, 0.05))).toBe(true);
    // An overflowing sigma sqrt(T) takes the same limit instead of NaN.
    expect(black76Price('call', 100, 120, 4, 1e308, 0)).toBe(100);
    expect(black76Price('put', 100, 120, 4, 1e308, 0)).toBe(120);
  });

  it('a vanishing sigma sqrt(T) at the money saturates gamma instead of overflowing', () => {
    const g = black76Greeks('call', 1e-8, 1e-8, 1, 1e-320, 0);
    expect(g.gamma).toBe(Number.MAX_VALUE);
    expect(allFinite(g)).toBe(true);
  });

  it('is continuous into the degenerate cases', () => {
    // As vol -> 0 the price tends to the discounted intrinsic value and delta to the discounted step.
    for (const right of RIGHTS) {
      expect(black76Price(right, 110, 100, 1, 1e-9, 0.05)).toBeCloseTo(black76Price(right, 110, 100, 1, 0, 0.05), 12);
      expect(black76Greeks(right, 110, 100, 1, 1e-9, 0.05).delta).toBeCloseTo(black76Greeks(right, 110, 100, 1, 0, 0.05).delta, 12);
      // As T -> 0 it tends to the intrinsic value.
      expect(black76Price(right, 110, 100, 1e-14, 0.5, 0.05)).toBeCloseTo(black76Price(right, 110, 100, 0, 0.5, 0.05), 12);
    }
  });
});

describe('black76PriceAt: black76Price with e^{-rT} and sqrt(T) given (the risk arrays\' loop)', () => {
  it('is bit for bit black76Price when given Math.exp(-rT) and Math.sqrt(T)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionRight>('call', 'put'),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: -0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: -0.2, max: 0.3, noNaN: true }),
        (right, F, K, T, vol, r) => {
          expect(Object.is(black76PriceAt(right, F, K, T, vol, r, Math.exp(-r * T), Math.sqrt(T)), black76Price(right, F, K, T, vol, r))).toBe(true);
        },
      ),
      { seed: 20261201, numRuns: 3000 },
    );
  });
  it('checks its inputs as black76Price does', () => {
    expect(() => black76PriceAt('call', Number.NaN, 100, 0.5, 0.2, 0, 1, Math.sqrt(0.5))).toThrow(/forward/);
  });
});

describe('normalCdfsInto: the risk arrays\' normal probabilities in one loop', () => {
  it('normalCdfsInto is normalCdf per entry, and throws as it does on NaN', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 50 }), (xs) => {
        const out = new Float64Array(xs.length);
        normalCdfsInto(Float64Array.from(xs), out, xs.length);
        xs.forEach((x, k) => expect(Object.is(out[k], normalCdf(x))).toBe(true));
        // In place (the risk arrays turn their arguments into probabilities in their own row).
        const row = Float64Array.from(xs);
        normalCdfsInto(row, row, xs.length);
        xs.forEach((x, k) => expect(Object.is(row[k], normalCdf(x))).toBe(true));
      }),
      { seed: SEED + 12, numRuns: 1000 },
    );
    expect(() => normalCdfsInto(Float64Array.of(0, NaN), new Float64Array(2), 2)).toThrow(/x must be a number \(not NaN\)/);
  });
});
