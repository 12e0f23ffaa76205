import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { black76Greeks, black76Price, impliedVolatility, type OptionRight } from '../../src/pricing/index.js';
import { MarginInputError } from '../../src/schema/MarginInputError.js';
import { thrown } from '../helpers/thrown.js';

const EPS = Number.EPSILON;

/**
 * One unit in the last place of a non-negative price, floored at 1e-300: below the smallest normal
 * float (2.2e-308) the intermediates N(d) * K are subnormal and carry absolute errors of about
 * K * 4.9e-324, so prices there have no relative precision to speak of.
 */
const ulp = (p: number) => Math.max(EPS * p, 1e-300);

/**
 * The price "carries" the vol to 1e-10 when moving sigma by 1e-10 moves the price by at least 1000
 * ulps; otherwise many vols give the same float price and the right check is that the recovered vol
 * reprices to the given price.
 */
const informative = (price: number, vega: number) => vega * 1e-10 >= 1000 * ulp(price);

function roundTrip(right: OptionRight, f: number, k: number, t: number, v: number, r: number) {
  const price = black76Price(right, f, k, t, v, r);
  const { vega } = black76Greeks(right, f, k, t, v, r);
  const upper = Math.exp(-r * t) * (right === 'call' ? f : k);
  if (price >= upper) {
    // The price rounded onto the sigma = infinity bound (e.g. vol 6 over 7.5 years): no finite vol
    // is implied, and the documented answer is a no_implied_vol error.
    return { price, vega, iv: NaN, repriced: NaN, atBound: thrown(() => impliedVolatility(right, price, f, k, t, r)).issues[0]?.code === 'no_implied_vol' };
  }
  const iv = impliedVolatility(right, price, f, k, t, r);
  return { price, vega, iv, repriced: black76Price(right, f, k, t, iv, r), atBound: false };
}

describe('impliedVolatility round trips', () => {
  const MONEYNESS = [0.5, 0.6, 0.75, 0.9, 0.97, 1, 1.03, 1.1, 1.3, 1.6, 2];
  const YEARS = [1 / 365, 7 / 365, 30 / 365, 0.25, 1, 2, 5];
  const VOLS = [0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1, 1.5, 2, 3, 5];

  it('recovers vol to 1e-10 over K/F 0.5..2, T 1 day..5y, vol 0.05..5 where the price carries it', () => {
    let carried = 0;
    let total = 0;
    for (const right of ['call', 'put'] as const) {
      for (const m of MONEYNESS) {
        for (const t of YEARS) {
          for (const v of VOLS) {
            for (const r of [0, 0.05, -0.01]) {
              const { price, vega, iv, repriced, atBound } = roundTrip(right, 100, 100 * m, t, v, r);
              total++;
              expect(atBound).toBe(false);
              expect(Number.isFinite(iv) && iv >= 0).toBe(true);
              if (informative(price, vega)) {
                carried++;
                expect(Math.abs(iv - v), `${right} K/F=${m} T=${t} vol=${v} r=${r}`).toBeLessThanOrEqual(1e-10);
              } else {
                // E.g. a 1-day 50%-out-of-the-money option at 5% vol is worth 0.0 in float64.
                expect(Math.abs(repriced - price), `${right} K/F=${m} T=${t} vol=${v} r=${r}`).toBeLessThanOrEqual(8 * ulp(price));
              }
            }
          }
        }
      }
    }
    expect(total).toBe(2 * 11 * 7 * 11 * 3);
    // Most of the grid is informative; the rest are deep out-of-the-money short-dated low-vol points.
    expect(carried / total).toBeGreaterThan(0.8);
  });

  it('round trips random inputs (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionRight>('call', 'put'),
        fc.double({ min: 1e-4, max: 1e6, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 1 / 365 / 24, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 6, noNaN: true }),
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        (right, f, m, t, v, r) => {
          const { price, vega, iv, repriced, atBound } = roundTrip(right, f, f * m, t, v, r);
          if (atBound) return true;
          if (informative(price, vega)) return Math.abs(iv - v) <= 1e-10;
          return Number.isFinite(iv) && Math.abs(repriced - price) <= 8 * ulp(price);
        },
      ),
      { seed: 31415, numRuns: 5000 },
    );
  });

  it('is 0 for a price exactly at the discounted intrinsic value (and for a worthless option)', () => {
    const df = Math.exp(-0.05);
    expect(impliedVolatility('call', 10 * df, 110, 100, 1, 0.05)).toBe(0);
    expect(impliedVolatility('put', 10 * df, 90, 100, 1, 0.05)).toBe(0);
    expect(impliedVolatility('call', 0, 90, 100, 1, 0.05)).toBe(0);
    expect(impliedVolatility('put', 0, 100, 0, 1, 0.05)).toBe(0);
  });

  it('matches a published example: py_vollib black implied_volatility doctest (F=K=100, r=2%, T=0.5)', () => {
    // py_vollib black/__init__.py doctest: black('c', 100, 100, .5, .02, .2) = 5.581106724604812
    // (also row pv-b1 of pricing-vectors.json); its implied vol is the 20% it was priced at.
    expect(Math.abs(impliedVolatility('call', 5.581106724604812, 100, 100, 0.5, 0.02) - 0.2)).toBeLessThan(1e-12);
  });
});

describe('impliedVolatility errors (assert code and path, not message)', () => {
  const df = Math.exp(-0.05);
  const cases: [string, () => unknown, string, string][] = [
    ['price NaN', () => impliedVolatility('call', NaN, 100, 100, 1, 0.05), 'no_implied_vol', 'price'],
    ['price Infinity', () => impliedVolatility('call', Infinity, 100, 100, 1, 0.05), 'no_implied_vol', 'price'],
    ['call below discounted intrinsic', () => impliedVolatility('call', 10 * df - 1e-6, 110, 100, 1, 0.05), 'no_implied_vol', 'price'],
    ['put below discounted intrinsic', () => impliedVolatility('put', 9.5, 90, 100, 1, 0.05), 'no_implied_vol', 'price'],
    ['negative price', () => impliedVolatility('put', -0.01, 110, 100, 1, 0.05), 'no_implied_vol', 'price'],
    ['call above the discounted forward', () => impliedVolatility('call', 100 * df + 0.01, 100, 100, 1, 0.05), 'no_implied_vol', 'price'],
    ['call at the discounted forward', () => impliedVolatility('call', 100 * df, 100, 120, 1, 0.05), 'no_implied_vol', 'price'],
    ['put above the discounted strike', () => impliedVolatility('put', 120 * df + 0.01, 100, 120, 1, 0.05), 'no_implied_vol', 'price'],
    ['years = 0', () => impliedVolatility('call', 5, 100, 100, 0, 0.05), 'no_implied_vol', 'price'],
    ['years < 0', () => impliedVolatility('call', 5, 100, 100, -1, 0.05), 'no_implied_vol', 'price'],
    ['forward 0', () => impliedVolatility('call', 5, 0, 100, 1, 0.05), 'invalid_value', 'forward'],
    ['negative strike', () => impliedVolatility('call', 5, 100, -1, 1, 0.05), 'invalid_value', 'strike'],
    ['rate NaN', () => impliedVolatility('call', 5, 100, 100, 1, NaN), 'invalid_value', 'rate'],
  ];
  it.each(cases)('%s', (_name, fn, code, field) => {
    const e = thrown(fn);
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]?.code).toBe(code);
    // Issue 9, item 16: the issue names the call's argument; the argument is a number, so the path is empty.
    expect(e.issues[0]?.argument).toBe(field);
    expect(e.issues[0]?.path).toEqual([]);
  });

  it('never throws anything but MarginInputError and never returns a non-finite vol (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionRight>('call', 'put'),
        fc.double({ noNaN: false }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: -1, max: 30, noNaN: true }),
        fc.double({ min: -0.1, max: 0.3, noNaN: true }),
        (right, price, f, k, t, r) => {
          try {
            const iv = impliedVolatility(right, price, f, k, t, r);
            return Number.isFinite(iv) && iv >= 0;
          } catch (e) {
            return e instanceof MarginInputError;
          }
        },
      ),
      { seed: 27182, numRuns: 5000 },
    );
  });
});
