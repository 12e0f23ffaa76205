import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gaussianTimes } from '../../src/pricing/normalCore.js';
import { black76PriceAt, black76Terms, recalledPrice, RECALLED } from '../../src/pricing/black76Terms.js';
import { black76Greeks } from '../../src/pricing/black76.js';
import { termScale } from '../../src/scenarios/shockVol.js';

/*
 * Properties of the shared work the risk arrays skip (the expected side is the long way, written out
 * here as the code computed it before): the table of exp(-yh^2/2) in gaussianTimes, and the
 * log-moneyness a grid's vol states share.
 */
/** exp(-128) as the nearest float (mpmath: 2.5722093726424148268e-56; Math.exp(-128) gives these bits). */
const EXP_M128 = 2.572209372642415e-56;

/** gaussianTimes as two exponentials per call (the formula the table replaces). */
function gaussianTimesTwoExps(y: number, factor: number): number {
  const yh = Math.trunc(y * 16) / 16;
  const del = (y - yh) * (y + yh);
  const half = yh * yh * 0.5;
  const rest = Math.exp(-del * 0.5) * factor;
  if (half < 700) return Math.exp(-half) * rest;
  return Math.exp(128 - half) * (rest * EXP_M128);
}

describe('gaussianTimes with its table', () => {
  it('is bit for bit the two-exponential formula over [0, 40]', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 40, noNaN: true }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (y, f) => {
        expect(Object.is(gaussianTimes(y, f), gaussianTimesTwoExps(y, f))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
  it('is bit for bit the formula at every table edge (multiples of 1/16, the last entries, beyond the table)', () => {
    for (let k = 0; k <= 640; k++) {
      for (const y of [k / 16, k / 16 + 1e-9, (k + 1) / 16 - 1e-12]) expect(Object.is(gaussianTimes(y, 0.3), gaussianTimesTwoExps(y, 0.3))).toBe(true);
    }
  });
  it('is even in y, as the formula is (a negative y never reads outside the table: review of round 24)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 40, noNaN: true }), (y) => {
        expect(Object.is(gaussianTimes(-y, 0.3), gaussianTimesTwoExps(y, 0.3))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('black76PriceAt with the log-moneyness given', () => {
  it('is bit for bit the price of black76Terms (its own code path) when given Math.log(forward / strike)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('call' as const, 'put' as const),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: -0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        (right, F, K, T, vol, r) => {
          const df = Math.exp(-r * T);
          const rootT = Math.sqrt(T);
          expect(Object.is(black76PriceAt(right, F, K, T, vol, r, df, rootT, Math.log(F / K)), black76Terms(right, F, K, T, vol, r).price)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the price a valuation leaves for its risk array (recalledPrice)', () => {
  it('is bit for bit black76PriceAt of the same inputs after black76Greeks, with RECALLED.log = Math.log(F / K); NaN for any other input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('call' as const, 'put' as const),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: -0.1, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.double({ min: -0.2, max: 0.2, noNaN: true }),
        (right, F, K, T, vol, r) => {
          const g = black76Greeks(right, F, K, T, vol, r);
          const recalled = recalledPrice(right, F, K, T, vol, r);
          // Kept only for a regular price (T > 0, 0 < vol sqrt T) at a nonzero strike; otherwise
          // whatever was kept before is for other inputs (a different vol or T), so NaN.
          if (T > 0 && vol * Math.sqrt(T) > 0 && K !== 0) {
            expect(Object.is(recalled, black76PriceAt(right, F, K, T, vol, r, Math.exp(-r * T), Math.sqrt(T)))).toBe(true);
            expect(Object.is(recalled, g.price)).toBe(true);
            expect(Object.is(RECALLED.log, Math.log(F / K))).toBe(true);
          } else expect(recalled).toBeNaN();
          expect(recalledPrice(right === 'call' ? 'put' : 'call', F, K, T, vol, r)).toBeNaN();
          expect(recalledPrice(right, F, K, T, vol * 1.5 + 1e-3, r)).toBeNaN();
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('keeps no zero strike (log(F / -0) is not log(F / +0))', () => {
    black76Greeks('call', 100, 0, 0.5, 0.2, 0);
    expect(recalledPrice('call', 100, 0, 0.5, 0.2, 0)).toBeNaN();
    expect(recalledPrice('call', 100, -0, 0.5, 0.2, 0)).toBeNaN();
  });
});

describe('termScale with its last power kept', () => {
  const t = { referenceDays: 30, floorDays: 1, switchDays: 30, shortPower: 0.3, longPower: 0.13 };
  it('is bit for bit Math.pow((reference / max(days, floor)), power) in any call order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0.5, 1, 7.5, 29.999, 30, 30.0001, 120, 365), { minLength: 1, maxLength: 8 }), (days) => {
        for (const d of days) expect(Object.is(termScale(d, t), Math.pow(30 / Math.max(d, 1), d < 30 ? 0.3 : 0.13))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('does not serve pow(+0, p) for pow(-0, p) (an odd power keeps the sign of zero)', () => {
    const odd = { referenceDays: 0, floorDays: 1, switchDays: 30, shortPower: 1, longPower: 1 };
    const negative = { ...odd, referenceDays: -0 };
    expect(Object.is(termScale(10, odd), 0)).toBe(true);
    expect(Object.is(termScale(10, negative), -0)).toBe(true);
    expect(Object.is(termScale(10, odd), 0)).toBe(true);
  });
});
