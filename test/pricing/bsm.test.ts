import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { black76Greeks, bsmGreeks, bsmPrice, type OptionRight } from '../../src/pricing/index.js';
import { agrees, fd } from './finiteDifference.js';

const SEED = 1973;
const EPS = Number.EPSILON;

const arbSmooth = fc.record({
  right: fc.constantFrom<OptionRight>('call', 'put'),
  spot: fc.double({ min: 1, max: 1000, noNaN: true }),
  zscore: fc.double({ min: -4, max: 4, noNaN: true }),
  years: fc.double({ min: 0.01, max: 5, noNaN: true }),
  vol: fc.double({ min: 0.03, max: 3, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
  carry: fc.oneof(fc.double({ min: -0.1, max: 0.1, noNaN: true }), fc.constant(0)),
});

describe('bsmGreeks: analytic greeks equal finite differences of bsmPrice (fast-check, fixed seed)', () => {
  it('delta = dV/dS, gamma, vega, theta = -dV/dT (S, r, b held), rho (Haug), carryRho = dV/db', () => {
    fc.assert(
      fc.property(arbSmooth, ({ right, spot: s, zscore, years: t, vol: v, rate: r, carry: b }) => {
        const sd = v * Math.sqrt(t);
        const k = s * Math.exp(b * t + zscore * sd);
        const g = bsmGreeks(right, s, k, t, r, b, v);
        const hS = 1e-3 * s * sd;
        // A rate or carry move shifts ln F by h T; keep that small against sigma sqrt T.
        const hR = (1e-3 * Math.min(sd, 1)) / t;
        // Haug: with b != 0 the carry moves with the rate (q = r - b held); with b = 0 it stays 0.
        const rhoDiff = b === 0
          ? fd((x) => bsmPrice(right, s, k, t, x, 0, v), r, hR)
          : fd((x) => bsmPrice(right, s, k, t, x, b + (x - r), v), r, hR);
        return (
          agrees(g.delta, fd((x) => bsmPrice(right, x, k, t, r, b, v), s, hS)) &&
          agrees(g.gamma, fd((x) => bsmGreeks(right, x, k, t, r, b, v).delta, s, hS)) &&
          agrees(g.vega, fd((x) => bsmPrice(right, s, k, t, r, b, x), v, 1e-4 * v)) &&
          agrees(g.theta, fd((x) => -bsmPrice(right, s, k, x, r, b, v), t, 1e-4 * t)) &&
          agrees(g.rho, rhoDiff) &&
          agrees(g.carryRho, fd((x) => bsmPrice(right, s, k, t, r, x, v), b, hR))
        );
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('d1 and d2 follow their definitions (Haug 1.1.6)', () => {
    fc.assert(
      fc.property(arbSmooth, ({ right, spot: s, zscore, years: t, vol: v, rate: r, carry: b }) => {
        const k = s * Math.exp(zscore * v * Math.sqrt(t));
        const g = bsmGreeks(right, s, k, t, r, b, v);
        const d1 = (Math.log(s / k) + (b + (v * v) / 2) * t) / (v * Math.sqrt(t));
        const d2 = d1 - v * Math.sqrt(t);
        return Math.abs(g.d1 - d1) <= 1e-12 * (1 + Math.abs(d1)) && Math.abs(g.d2 - d2) <= 1e-12 * (1 + Math.abs(d2));
      }),
      { seed: SEED + 1, numRuns: 1000 },
    );
  });

  it('with b = 0 is Black-76 on the forward: price, delta, gamma, vega, theta, rho agree', () => {
    fc.assert(
      fc.property(arbSmooth, ({ right, spot: f, zscore, years: t, vol: v, rate: r }) => {
        const k = f * Math.exp(zscore * v * Math.sqrt(t));
        const a = bsmGreeks(right, f, k, t, r, 0, v);
        const c = black76Greeks(right, f, k, t, v, r);
        const near = (x: number, y: number) => Math.abs(x - y) <= 4 * EPS * (Math.abs(x) + Math.abs(y)) + 1e-300;
        return near(a.price, c.price) && near(a.delta, c.delta) && near(a.gamma, c.gamma) && near(a.vega, c.vega) && near(a.theta, c.theta) && near(a.rho, c.rho);
      }),
      { seed: SEED + 2, numRuns: 1000 },
    );
  });

  it('satisfies parity C - P = S e^{(b-r)T} - K e^{-rT}', () => {
    fc.assert(
      fc.property(arbSmooth, ({ spot: s, zscore, years: t, vol: v, rate: r, carry: b }) => {
        const k = s * Math.exp(zscore * v * Math.sqrt(t));
        const lhs = bsmPrice('call', s, k, t, r, b, v) - bsmPrice('put', s, k, t, r, b, v);
        const rhs = s * Math.exp((b - r) * t) - k * Math.exp(-r * t);
        return Math.abs(lhs - rhs) <= 1e-13 * (s + k);
      }),
      { seed: SEED + 3, numRuns: 2000 },
    );
  });
});

describe('bsm edge cases', () => {
  it('expired: intrinsic on spot, step delta (0.5 at the money), zero other greeks, finite d1/d2', () => {
    const c = bsmGreeks('call', 105, 100, 0, 0.05, 0.02, 0.3);
    expect(c).toEqual({ price: 5, delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0, d1: Number.MAX_VALUE, d2: Number.MAX_VALUE, carryRho: 0 });
    const p = bsmGreeks('put', 100, 100, -1, 0.05, 0.02, 0.3);
    expect(p.price).toBe(0);
    expect(p.delta).toBe(-0.5);
    expect(p.d1).toBe(0);
    expect(bsmPrice('put', 95, 100, 0, 0.05, 0.02, 0.3)).toBe(5);
  });

  it('zero vol: discounted intrinsic on the forward S e^{bT}', () => {
    // Hand calculation: F = 100 e^{0.03}, call = e^{-0.05} (F - 100).
    const f = 100 * Math.exp(0.03);
    expect(bsmPrice('call', 100, 100, 1, 0.05, 0.03, 0)).toBeCloseTo(Math.exp(-0.05) * (f - 100), 12);
    const g = bsmGreeks('call', 100, 100, 1, 0.05, 0.03, 0);
    expect(g.delta).toBeCloseTo(Math.exp(-0.02), 14);
    expect(g.gamma).toBe(0);
    expect(Object.values(g).every(Number.isFinite)).toBe(true);
  });

  it('never NaN or Infinity across wild inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionRight>('call', 'put'),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(0)),
        fc.oneof(fc.double({ min: -1, max: 50, noNaN: true }), fc.constant(0)),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        fc.oneof(fc.double({ min: 0, max: 60, noNaN: true }), fc.constant(0)),
        (right, s, k, t, r, b, v) => Object.values(bsmGreeks(right, s, k, t, r, b, v)).every(Number.isFinite) && Number.isFinite(bsmPrice(right, s, k, t, r, b, v)),
      ),
      { seed: SEED + 4, numRuns: 10000 },
    );
  });
});
