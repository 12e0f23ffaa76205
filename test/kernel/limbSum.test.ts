import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { fromScaledBig, small, type KV } from '../../src/kernel/kv.js';
import { LimbSum } from '../../src/kernel/limbSum.js';

// The limb accumulator (src/kernel/limbSum.ts) against hand calculations written out beside each case,
// and, as a property, against decimal.js at 200 significant digits (a local clone: exact for these
// inputs), which is the independent reference for every sum it decides.

const Exact = Decimal.clone({ precision: 200 });
const dec = (m: number, e: number) => new Exact(m).mul(new Exact(10).pow(-e));

describe('LimbSum: exact sums of products of short decimals', () => {
  it('sums terms that do not align below 2^53, and floors or ceils at a number of places', () => {
    const s = new LimbSum();
    // 19 x 0.122749543961 = 2.332241335259; -8 x 0.00349935519645 = -0.0279948415716
    // sum 2.3042464936874 (at 14 places its mantissa alone is below 2^53, but 1e5 more of collateral is not)
    s.addProduct(19, 0, 122749543961, 12, 1, 0, 1, 0);
    s.addProduct(-8, 0, 349935519645, 14, 1, 0, 1, 0);
    expect(s.scaled(9, false)).toBe(2304246493);
    expect(s.scaled(9, true)).toBe(2304246494);
    // + 123456.78 of collateral: 123459.0842464936874 -> floor at 9 places 123459084246493 (1.2e14 units)
    expect(s.scaled(9, false, small(12345678, 2))).toBe(123459084246493);
    // the collateral is not added to the sum itself
    expect(s.scaled(2, false)).toBe(230);
    // at 13 places the sum is exact: floor = ceil = 23042464936874
    expect([s.scaled(13, false), s.scaled(13, true)]).toEqual([23042464936874, 23042464936874]);
    // + a wide exact balance (23 digits, a cash balance after an option premium):
    // 12345678.123456789012345 + 2.3042464936874 = 12345680.427703282699745 -> at 8 places
    // floor 1234568042770328, ceil 1234568042770329 (and the negated sum the other way round)
    const cash = fromScaledBig(12345678123456789012345n, 15);
    expect(cash.k).toBe(1);
    expect([s.scaled(8, false, cash), s.scaled(8, true, cash)]).toEqual([1234568042770328, 1234568042770329]);
    // at 9 places 12345680427703282.699745 units pass 2^53: not decided here
    expect(s.scaled(9, false, cash)).toBeNaN();
    // a tainted wide value is never taken (the Decimal layer's value may differ from it)
    expect(s.scaled(8, false, fromScaledBig(12345678123456789012345n, 15, 1))).toBeNaN();
  });

  it('multiplies four factors exactly beyond 2^53 (limb products) and keeps the sign', () => {
    const s = new LimbSum();
    // -3 x 1000.5 x (100050.1234 - 99999.9876) x 1: the two products of a linear future's P&L
    // = -3001.5 x 50.1358 = -(150000 + 1.5 x 50.1358 + 3000 x 0.1358) = -(150000 + 75.2037 + 407.4) = -150482.6037
    s.addProduct(-3, 0, 10005, 1, 1000501234, 4, 1, 0);
    s.addProduct(3, 0, 10005, 1, 999999876, 4, 1, 0);
    expect([s.scaled(4, false), s.scaled(4, true)]).toEqual([-1504826037, -1504826037]);
    // floor of -150482.6037 at 2 places is -15048261 (units of 0.01), ceil -15048260
    expect(s.scaled(2, false)).toBe(-15048261);
    expect(s.scaled(2, true)).toBe(-15048260);
    // a x b - (a - 1) x b - b = 0 for a = 987654321987654, b = 123456789123456 (products near 1.2e29,
    // far beyond 2^53: limb by limb), at 3 places, plus 0.224: exactly 0.224 (any lost digit would show)
    const t = new LimbSum();
    t.addProduct(987654321987654, 0, 123456789123456, 3, 1, 0, 1, 0);
    t.addProduct(-987654321987653, 0, 123456789123456, 3, 1, 0, 1, 0);
    t.addProduct(-123456789123456, 3, 1, 0, 1, 0, 1, 0);
    t.addProduct(224, 3, 1, 0, 1, 0, 1, 0);
    expect([t.scaled(3, false), t.scaled(3, true)]).toEqual([224, 224]);
    // a x b x 0.001 alone (121932631356499712458313812.224, from BigInt: 987654321987654n * 123456789123456n
    // = 121932631356499712458313812224n) rounds to far more than 2^53 units at 2 places: not decided here
    const u = new LimbSum();
    u.addProduct(987654321987654, 0, 123456789123456, 0, 1, 3, 1, 0);
    expect(u.scaled(2, false)).toBeNaN();
  });

  it('refuses what the Decimal layer would round at 40 significant digits, and what its limbs cannot hold', () => {
    // 1e20 + 1e-20 has 41 significant digits: decimal.js (precision 40) rounds it, so no answer here
    const s = new LimbSum();
    s.addProduct(1, -20, 1, 0, 1, 0, 1, 0);
    s.addProduct(1, 20, 1, 0, 1, 0, 1, 0);
    expect(s.ok).toBe(true);
    expect(s.scaled(2, false)).toBeNaN();
    // an exponent past the 56 places of the lowest limb
    const t = new LimbSum();
    t.addProduct(1, 30, 1, 30, 1, 0, 1, 0);
    expect(t.ok).toBe(false);
  });

  it('sums the terms of one exponent in floats until they would pass 2^53, reading them at any point', () => {
    // 2^52 x 10^-2 = 45035996273704.96, twice: the second term cannot join the first below 2^53
    // (2^53 - 1 is the largest safe integer), so the first goes to the limbs. Sum 90071992547409.92:
    // x 10 = 900719925474099.2, floor 900719925474099, ceil 900719925474100.
    const s = new LimbSum();
    s.addProduct(2 ** 52, 2, 1, 0, 1, 0, 1, 0);
    s.addProduct(2 ** 51, 2, 2, 0, 1, 0, 1, 0);
    expect([s.scaled(1, false), s.scaled(1, true)]).toEqual([900719925474099, 900719925474100]);
    // Read, then more terms: -45035996273704.96 - 0.04 leaves 45035996273704.92 (at 2 places 4503599627370492).
    s.addProduct(-(2 ** 52), 2, 1, 0, 1, 0, 1, 0);
    s.addProduct(-4, 2, 1, 0, 1, 0, 1, 0);
    expect(s.scaled(2, false)).toBe(4503599627370492);
    // A pending sum that cancels to zero and is taken up again: 0.007 - 0.007 + 0.005 at 3 places, plus
    // 3 x 0.25 = 0.75 at another exponent: 0.755 -> 755 (and, kept and read back, the same).
    const t = new LimbSum();
    t.addProduct(7, 3, 1, 0, 1, 0, 1, 0);
    t.addProduct(-7, 3, 1, 0, 1, 0, 1, 0);
    t.addProduct(3, 0, 25, 2, 1, 0, 1, 0);
    t.addProduct(5, 3, 1, 0, 1, 0, 1, 0);
    const saved = t.save()!;
    expect(t.scaled(3, false)).toBe(755);
    t.reset();
    expect(t.scaled(3, false)).toBe(0);
    t.load(saved);
    expect(t.scaled(3, false)).toBe(755);
    // A reset drops what is pending: 1.5 only.
    t.addProduct(9, 1, 1, 0, 1, 0, 1, 0);
    t.reset();
    t.addProduct(15, 1, 1, 0, 1, 0, 1, 0);
    expect(t.scaled(1, false)).toBe(15);
  });

  it('property: many terms at a few exponents, read between them, equal decimal.js', () => {
    // Quantities times 12- to 15-digit values at three exponents: pending sums pass 2^53 and go to the
    // limbs as they must; a reading (and a save/load) between terms leaves the sum as it was.
    const term = fc.tuple(fc.integer({ min: -40, max: 40 }), fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }), fc.constantFrom(9, 10, 12), fc.boolean());
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 6 }), (terms, dp) => {
        const s = new LimbSum();
        let exact = new Exact(0);
        for (const [q, v, e, read] of terms) {
          s.addProduct(q, 0, v, e, 1, 0, 1, 0);
          exact = exact.plus(dec(q, 0).mul(dec(v, e)));
          if (read) {
            s.scaled(dp, false);
            s.load(s.save()!);
          }
        }
        // Every partial sum is below 40 terms x 40 x 1e15 x 1e-9 = 1.6e9, at most 12 places: far inside the
        // 40-digit bound, and at most 1.6e15 units of 10^-dp (a safe integer).
        const want = exact.mul(new Exact(10).pow(dp));
        expect(String(s.scaled(dp, false))).toBe(want.toDecimalPlaces(0, Decimal.ROUND_FLOOR).toFixed());
        expect(String(s.scaled(dp, true))).toBe(want.toDecimalPlaces(0, Decimal.ROUND_CEIL).toFixed());
      }),
      { numRuns: 1000, seed: 0x5ec7 },
    );
  });

  it('property: equals decimal.js on random sums of products of short decimals, wherever it answers', () => {
    // quantities, 12-digit model values, any safe integer, and absent factors (1 x 10^0)
    const mantissa = fc.oneof(
      { arbitrary: fc.integer({ min: -9999, max: 9999 }), weight: 3 },
      { arbitrary: fc.integer({ min: -999_999_999_999, max: 999_999_999_999 }), weight: 2 },
      { arbitrary: fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), weight: 1 },
    );
    const factor = fc.oneof({ arbitrary: fc.tuple(mantissa, fc.integer({ min: -6, max: 14 })), weight: 3 }, { arbitrary: fc.constant([1, 0] as [number, number]), weight: 2 });
    const term = fc.tuple(factor, factor, factor, factor);
    // collateral: small, or wide (up to 25 digits: a balance after an option premium)
    const collateral = fc.oneof(
      { arbitrary: fc.tuple(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: -3, max: 10 })).map(([m, e]) => [BigInt(m), e] as [bigint, number]), weight: 3 },
      { arbitrary: fc.tuple(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: 0, max: 24 })), weight: 2 },
    );
    let answered = 0;
    fc.assert(
      fc.property(fc.array(term, { minLength: 0, maxLength: 8 }), collateral, fc.integer({ min: 0, max: 12 }), fc.boolean(), (terms, [cm, ce], dp, up) => {
        const s = new LimbSum();
        let exact = new Exact(0);
        let mag = new Exact(0);
        let finest = -Infinity;
        for (const [[m1, e1], [m2, e2], [m3, e3], [m4, e4]] of terms) {
          s.addProduct(m1, e1, m2, e2, m3, e3, m4, e4);
          const p = dec(m1, e1).mul(dec(m2, e2)).mul(dec(m3, e3)).mul(dec(m4, e4));
          exact = exact.plus(p);
          if (!p.isZero()) {
            mag = mag.plus(p.abs());
            finest = Math.max(finest, e1 + e2 + e3 + e4);
          }
        }
        const v: KV = fromScaledBig(cm, ce);
        const cv = new Exact(cm.toString()).mul(new Exact(10).pow(-ce));
        const total = exact.plus(cv);
        const got = s.scaled(dp, up, v);
        if (cm !== 0n) {
          mag = mag.plus(cv.abs());
          finest = Math.max(finest, ce);
        }
        const want = total.mul(new Exact(10).pow(dp)).toDecimalPlaces(0, up ? Decimal.ROUND_CEIL : Decimal.ROUND_FLOOR);
        if (got === got) {
          answered++;
          expect(String(got)).toBe(want.toFixed());
          // and only within the bound where decimal.js at 40 digits sums these exactly
          expect(mag.isZero() || mag.mul(new Exact(10).pow(finest)).lt('1e40')).toBe(true);
        } else if (s.ok && want.abs().lt(2 ** 52) && (mag.isZero() || mag.mul(new Exact(10).pow(finest)).lt('1e38'))) {
          // an answer it could give (safe result, well inside the bound, terms held) is not refused
          expect(got).toBe(want.toNumber());
        }
      }),
      { numRuns: 3000, seed: 0x11b5 },
    );
    expect(answered).toBeGreaterThan(300);
  });
});
