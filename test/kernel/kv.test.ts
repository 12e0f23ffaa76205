import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalDifference, decimalCompare } from '../../src/kernel/decimalStrings.js';
import { add, cmp, ddValue, decimalLayerNumber, div, exactString, fromDecimal, fromDecimalString, hi, inWideMode, interval, lo, max, mul, neg, scaled, scaledString, SmallSum, small, sub, UNDECIDED, ZERO, type KV } from '../../src/kernel/kv.js';
import { ratioString } from '../../src/kernel/ratioString.js';
import { canonicalDecimals } from '../helpers/canonicalDecimals.js';
import { D } from '../../src/numeric/decimal.js';
import { fromFloat, fromFloatParts } from '../../src/numeric/fromFloat.js';

// The kernel's numbers (src/kernel/kv.ts) against hand calculations written out beside each case,
// and against the Decimal layer (decimal.js) on random inputs where a property says more.

const v = (s: string) => fromDecimalString(s);
const str = (x: KV) => exactString(x);
const undecided = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e === UNDECIDED;
  }
  return false;
};

describe('exact small values', () => {
  it('parse decimal strings into mantissa and exponent, trailing zeros stripped', () => {
    // '123.4500' = 12345 x 10^-2; '-0.00' = 0; '100000' = 1 x 10^5
    expect([v('123.4500').m, v('123.4500').e]).toEqual([12345, 2]);
    expect(v('-0.00').m).toBe(0);
    expect([v('100000').m, v('100000').e]).toEqual([100000, 0]);
    expect(str(v('-0.0001'))).toBe('-0.0001');
  });
  it('add and multiply exactly', () => {
    // 0.1 + 0.2 = 0.3 exactly (not the float 0.30000000000000004)
    expect(str(add(v('0.1'), v('0.2')))).toBe('0.3');
    // 16008 = 2 x 100050 x 0.08; -0.16 x 100050 x 3 = -48024
    expect(str(mul(mul(v('2'), v('100050')), v('0.08')))).toBe('16008');
    expect(str(mul(mul(v('-0.16'), v('100050')), v('3')))).toBe('-48024');
    // 1234.56789012 - 0.00000000012 = 1234.56789012000 - 0.00000000012 = 1234.56789011988
    expect(str(sub(v('1234.56789012'), v('0.00000000012')))).toBe('1234.56789011988');
  });
  it('divide into a reduced rational, a plain decimal when the quotient terminates', () => {
    // A damped tail: 3300 x 0.16 / 0.66 = 528 / 0.66 = 800 exactly (the grid's 16% of 5000 ties it)
    const tail = div(mul(v('3300'), v('0.16')), v('0.66'));
    expect(tail.d).toBe(1);
    expect(tail.t).toBe(0);
    expect(str(tail)).toBe('800');
    // 1 / 8 = 0.125 terminates; 1 / 3 does not: a tainted rational (the Decimal layer rounds it at 40 digits)
    expect(str(div(v('1'), v('8')))).toBe('0.125');
    const third = div(v('1'), v('3'));
    expect([third.m, third.d, third.t]).toEqual([1, 3, 1]);
  });
  it('compare exactly, and refuse to call two tainted values that may be equal', () => {
    expect(cmp(v('0.30'), v('0.3'))).toBe(0);
    expect(cmp(v('-1'), v('0.5'))).toBe(-1);
    // 1/3 + 2/3 = 1 exactly as rationals, but the Decimal layer holds 0.333..3 + 0.666..7 (40 digits each): undecided
    expect(cmp(add(div(v('1'), v('3')), div(v('2'), v('3'))), v('1'))).toBeNaN();
  });
  it('compares exact values (small, wide, rationals) as decimal.js at 200 digits does, near-equal pairs included (property)', () => {
    const X = D.clone({ precision: 200 });
    // Mantissas up to 15 digits at exponents far apart (their aligned difference beyond 2^53), and pairs
    // one unit apart in the last digit of the longer one (decided exactly, not by the floats).
    const dec = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: -20, max: 30 })).map(([m, e]) => `${m}e${-e}`);
    fc.assert(
      fc.property(dec, dec, fc.integer({ min: 1, max: 7 }), fc.constantFrom(-1, 0, 1), (x, y, d, near) => {
        const plain = (s: string) => new X(s).toFixed();
        const a = inWideMode(() => v(plain(x)));
        // y, or x itself moved by one unit of its 40th digit (wide in wide mode), or x / d (a rational).
        const ys = near === 0 ? plain(y) : new X(x).plus(new X(x).abs().times(`1e-${39}`).times(near)).toFixed();
        const b = inWideMode(() => v(ys));
        // Untainted pairs always decided; a tainted one (a quotient that does not terminate, a wide value
        // beyond 40 digits) only away from the other by more than 1e-30 of the larger, then as decimal.js.
        const same = (c: number, want: number, exact: boolean) => (exact ? expect(c).toBe(want) : c === c && expect(c).toBe(want));
        same(cmp(a, b), new X(plain(x)).cmp(new X(ys)), (a.t | b.t) === 0);
        const q = div(a, small(d, 0));
        same(cmp(q, b), new X(plain(x)).div(d).cmp(new X(ys)), (q.t | b.t) === 0);
      }),
      { numRuns: 1000, seed: 1201 },
    );
  });
});

describe('overflow: BigInt for aligned decimals, intervals for rationals in the fast pass, BigInt in wide mode', () => {
  it('an aligned sum of two decimals above 2^53 is exact (BigInt) in the fast pass too', () => {
    // 1234.56789012 (e = 8) + 0.000123456789012 (e = 15): aligned, 1.2e18 > 2^53
    const x = add(v('1234.56789012'), v('0.000123456789012'));
    expect(x.k).toBe(1);
    // 1234.56789012 + 0.000123456789012 = 1234.568013576789012 (hand addition)
    expect(str(x)).toBe('1234.568013576789012');
  });
  it('an aligned sum with a rational above 2^53 becomes an interval containing the exact value', () => {
    // 1234.56789012 / 7 (a rational, denominator 7) + 0.000123456789012: aligned, 1.2e18 x 7 > 2^53
    const x = add(div(v('1234.56789012'), v('7')), v('0.000123456789012'));
    expect(x.k).toBe(2);
    const exact = new D('1234.56789012').div(7).plus('0.000123456789012').toNumber();
    expect(lo(x)).toBeLessThanOrEqual(exact);
    expect(hi(x)).toBeGreaterThanOrEqual(exact);
    expect(hi(x) - lo(x)).toBeLessThan(1e-9);
  });
  it('the same sum in wide mode is exact', () => {
    const x = inWideMode(() => add(v('1234.56789012'), v('0.000123456789012')));
    expect(x.k).toBe(1);
    // 1234.56789012 + 0.000123456789012 = 1234.568013576789012
    expect(str(x)).toBe('1234.568013576789012');
  });
  it('a whale balance of 18 digits is exact in wide mode and an interval otherwise', () => {
    expect(inWideMode(() => str(v('1234567890.12345678')))).toBe('1234567890.12345678');
    expect(v('1234567890.12345678').k).toBe(2);
  });
  it('max of overlapping intervals is their hull', () => {
    const m = max(interval(1, 3), interval(2, 4));
    expect([m.lo, m.hi]).toEqual([2, 4]);
  });
});

describe('rounding to the settlement precision', () => {
  it('rounds exact values up (requirements) and down (equity)', () => {
    // 10.001 up to 2 places: 10.01 (1001 cents); down: 10.00; -10.001 down: -10.01
    expect(scaled(v('10.001'), 2, true)).toBe(1001);
    expect(scaled(v('10.001'), 2, false)).toBe(1000);
    expect(scaled(v('-10.001'), 2, false)).toBe(-1001);
    // exactly on a cent: no rounding either way
    expect(scaled(v('16008.00'), 2, true)).toBe(1600800);
  });
  it('rounds a non-terminating rational clearly away from the boundary, and refuses on it', () => {
    // 100 / 3 = 33.333... up to 2 places: 33.34
    expect(scaled(div(v('100'), v('3')), 2, true)).toBe(3334);
    // a tainted value exactly on a cent boundary (1/3 + 2/3 = 1): the Decimal layer may hold 0.99999...: undecided
    expect(undecided(() => scaled(add(div(v('1'), v('3')), div(v('2'), v('3'))), 2, true))).toBe(true);
  });
  it('decides an interval only when both bounds round alike', () => {
    expect(scaled(interval(10.0011, 10.0012), 2, true)).toBe(1001);
    expect(undecided(() => scaled(interval(9.9999, 10.0001), 2, true))).toBe(true);
  });
  it('prints like decimalString: no trailing zeros, no exponent, 0 for zero', () => {
    // 1234510 cents = 12345.1; 5 cents = 0.05; -100 cents = -1
    expect(scaledString(1234510, 2)).toBe('12345.1');
    expect(scaledString(5, 2)).toBe('0.05');
    expect(scaledString(-100, 2)).toBe('-1');
    expect(scaledString(0, 8)).toBe('0');
    // beyond 2^31 (digits in two 9-digit pieces): 2^31 units = 2147483648; 5 x 10^9 units at 9 places = 5;
    // 2^53 - 1 units at 9 places = 9007199.254740991; 10^12 + 7 units at 9 places = 1000.000000007
    expect(scaledString(2147483648, 0)).toBe('2147483648');
    expect(scaledString(5e9, 9)).toBe('5');
    expect(scaledString(-(2 ** 53 - 1), 9)).toBe('-9007199.254740991');
    expect(scaledString(1e12 + 7, 9)).toBe('1000.000000007');
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 12 }), (n, dp) => {
        const ref = n === 0 ? '0' : new D(n).div(new D(10).pow(dp)).toFixed();
        expect(scaledString(n, dp)).toBe(ref);
      }),
      { seed: 1, numRuns: 2000 },
    );
  });
  it('prints like decimal.js toFixed at every magnitude and precision, trailing zeros included', () => {
    // Mantissas of 1 to 16 digits times 10^z (runs of zeros in the fraction's last 9 digits and above
    // them), at 0 to 25 places (past 22: the digit-string path), both signs; -0 prints as 0.
    expect(scaledString(-0, 9)).toBe('0');
    const count = fc
      .tuple(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 15 }), fc.boolean(), fc.integer({ min: 0, max: 2 ** 53 - 1 }))
      .map(([digits, z, negative, r]) => {
        const m = Math.min(r % 10 ** digits, Math.floor((2 ** 53 - 1) / 10 ** z));
        return (negative ? -1 : 1) * m * 10 ** z;
      });
    fc.assert(
      fc.property(count, fc.integer({ min: 0, max: 25 }), (n, dp) => {
        const ref = new D(n).div(new D(10).pow(dp));
        expect(scaledString(n, dp)).toBe(ref.isZero() ? '0' : ref.toFixed());
      }),
      { seed: 3, numRuns: 3000 },
    );
  });
});

describe('ratios: 10 places, half-even, as the Decimal layer divides', () => {
  it('hand cases', () => {
    // 1/3 = 0.33333333333... -> 0.3333333333; 2/3 -> 0.6666666667
    expect(ratioString(1, 3)).toBe('0.3333333333');
    expect(ratioString(2, 3)).toBe('0.6666666667');
    // exact ties at the 11th place: 1/2e10 = 0.00000000005 -> 0 (even); 3/2e10 = 0.00000000015 -> 0.0000000002 (even)
    expect(ratioString(1, 2e10)).toBe('0');
    expect(ratioString(3, 2e10)).toBe('0.0000000002');
    // a ratio of 11,192,181.5 (equity 2,014,592.67 over MM 0.18): more than 2^53 units of 1e-10
    expect(ratioString(201459267, 18)).toBe('11192181.5');
    expect(ratioString(5, 0)).toBeNull();
    expect(ratioString(-7, 2)).toBe('-3.5');
  });
  it('equals decimal.js on random figures', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.integer({ min: 1, max: 10 ** 12 }), (n, d) => {
        const ref = new D(n).div(d).toDecimalPlaces(10, D.ROUND_HALF_EVEN);
        expect(ratioString(n, d)).toBe(ref.isZero() ? '0' : ref.toFixed());
      }),
      { seed: 2, numRuns: 5000 },
    );
  });
  it('equals decimal.js on figures of every size up to 2^53 units, both signs', () => {
    // Tiny over huge (0 or a few units of 1e-10), huge over tiny (integer parts past 2^31), and ratios
    // whose 10 places end in runs of zeros.
    const count = fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 2 ** 53 - 1 })).map(([digits, r]) => r % 10 ** digits);
    fc.assert(
      fc.property(count, count, fc.boolean(), (n, d, negative) => {
        const num = negative ? -n : n;
        const ref = d <= 0 ? null : new D(num).div(d).toDecimalPlaces(10, D.ROUND_HALF_EVEN);
        let out: string | null | 'undecided';
        try {
          out = ratioString(num, d);
        } catch (e) {
          if (e !== UNDECIDED) throw e;
          out = 'undecided';
        }
        if (out !== 'undecided') expect(out).toBe(ref === null ? null : ref.isZero() ? '0' : ref.toFixed());
      }),
      { seed: 4, numRuns: 3000 },
    );
  });
});

describe('the float the Decimal layer reads, and Decimal to kernel values', () => {
  it('decimalLayerNumber equals Decimal.toNumber() on random decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.integer({ min: -10, max: 25 }), (m, e) => {
        const s = new D(m).div(new D(10).pow(e)).toFixed();
        expect(decimalLayerNumber(fromDecimalString(s))).toBe(new D(s).toNumber());
        expect(exactString(fromDecimal(new D(s)))).toBe(new D(s).isZero() ? '0' : new D(s).toFixed());
      }),
      { seed: 3, numRuns: 5000 },
    );
  });
});

/** The float64 neighbours of a positive or negative finite x (x not zero). */
function nextUp(x: number): number {
  const b = new Float64Array([x]);
  const w = new BigInt64Array(b.buffer);
  w[0] = x > 0 ? w[0]! + 1n : w[0]! - 1n;
  return b[0]!;
}
function nextDown(x: number): number {
  const b = new Float64Array([x]);
  const w = new BigInt64Array(b.buffer);
  w[0] = x > 0 ? w[0]! - 1n : w[0]! + 1n;
  return b[0]!;
}

// The independent source for fromFloat and fromFloatParts: decimal.js itself reading the float (through
// its shortest round-trip string) and keeping 12 significant digits in the given direction.
function viaDecimalJs(x: number, dir: 'against-account-loss' | 'against-account-value' | 'nearest'): InstanceType<typeof D> {
  if (x === 0) return new D(0);
  const r = new D(x).toSignificantDigits(12, dir === 'against-account-loss' ? D.ROUND_CEIL : dir === 'against-account-value' ? D.ROUND_FLOOR : D.ROUND_HALF_EVEN);
  return r.isZero() ? new D(0) : r;
}

describe('fromFloatParts: fromFloat\'s digits without Decimal', () => {
  it('hand cases', () => {
    // 1/3 = 0.333333333333333... up: 0.333333333334 (12 digits); down: 0.333333333333
    expect(fromFloatParts(1 / 3, 'against-account-loss')).toEqual([333333333334, 12]);
    expect(fromFloatParts(1 / 3, 'against-account-value')).toEqual([333333333333, 12]);
    // -1/3 down (towards -infinity): -0.333333333334
    expect(fromFloatParts(-1 / 3, 'against-account-value')).toEqual([-333333333334, 12]);
    // 0.1 + 0.2 = 0.30000000000000004 -> 0.3 both ways at 12 digits? down 0.3, up 0.300000000001
    expect(fromFloatParts(0.1 + 0.2, 'against-account-value')).toEqual([3, 1]);
    expect(fromFloatParts(0.1 + 0.2, 'against-account-loss')).toEqual([300000000001, 12]);
  });
  it('equals fromFloat next to every decision the scaled-float path declines (short decimals, halves, powers of ten)', () => {
    // Floats whose 12-digit scaled value sits on or within a few ulps of an integer or a half: the
    // string path answers them; their neighbours (one ulp either side) are decided by scaling.
    const seeds = [123456789012, 123456789012.5, 999999999999, 999999999999.5, 100000000000, 1, 10, 0.1, 0.3, 1e-7, 1e15, 1e21, 1e22, 1e23, 65666.19, 0.00314538364, 9.999999999995, 99999.9999999995, 1.0000000000005];
    let bad = 0;
    let n = 0;
    for (const base of seeds) {
      for (const scale of [1, 1e-3, 1e-11, 1e5, 1e-12, 1e12]) {
        let x = base * scale;
        const around = [x];
        for (let j = 0; j < 4; j++) around.push((x = nextUp(x)));
        x = base * scale;
        for (let j = 0; j < 4; j++) around.push((x = nextDown(x)));
        for (const v of around)
          for (const sign of [1, -1])
            for (const dir of ['against-account-loss', 'against-account-value', 'nearest'] as const) {
              const [m, e] = fromFloatParts(sign * v, dir);
              n++;
              const want = viaDecimalJs(sign * v, dir);
              if (!new D(`${m}e${-e}`).eq(want) || fromFloat(sign * v, dir).toString() !== want.toString()) bad++;
            }
      }
    }
    expect(n).toBeGreaterThan(5000);
    expect(bad).toBe(0);
  });
  it('equals fromFloat at every power of ten the scaled-float path reaches, and its neighbours (where the decade read from the binary exponent may be one off)', () => {
    let bad = 0;
    let n = 0;
    for (let j = -14; j <= 36; j++) {
      for (const base of [1, 9.99999999999, 9.999999999995, 1.00000000001, 3]) {
        let x = Number(`${base}e${j}`);
        const around = [x];
        for (let k = 0; k < 3; k++) around.push((x = nextUp(x)));
        x = Number(`${base}e${j}`);
        for (let k = 0; k < 3; k++) around.push((x = nextDown(x)));
        for (const v of around)
          for (const dir of ['against-account-loss', 'against-account-value', 'nearest'] as const) {
            const [m, e] = fromFloatParts(v, dir);
            n++;
            if (!new D(`${m}e${-e}`).eq(viaDecimalJs(v, dir))) bad++;
          }
      }
    }
    expect(n).toBeGreaterThan(5000);
    expect(bad).toBe(0);
  });
  it('equals fromFloat on 300,000 random floats in every direction', () => {
    const r = (() => {
      let a = 12345;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    })();
    const buf = new Float64Array(1);
    const words = new Uint32Array(buf.buffer);
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      let x: number;
      if (i % 3 === 0) {
        words[0] = (r() * 2 ** 32) >>> 0;
        words[1] = (r() * 2 ** 32) >>> 0;
        x = buf[0]!;
        if (!Number.isFinite(x)) continue;
      } else if (i % 3 === 1) x = (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15);
      else x = Math.round((r() - 0.5) * 1e6) / 10 ** Math.floor(r() * 8);
      for (const dir of ['against-account-loss', 'against-account-value', 'nearest'] as const) {
        const [m, e] = fromFloatParts(x, dir);
        const want = viaDecimalJs(x, dir);
        if (!new D(`${m}e${-e}`).eq(want) || fromFloat(x, dir).toString() !== want.toString()) bad++;
      }
    }
    expect(bad).toBe(0);
  });
});

describe('SmallSum: an allocation-free exact sum', () => {
  it('adds products and stops (ok = false) at the first one that leaves the safe range, keeping the sum so far', () => {
    const s = new SmallSum();
    // 3 x 1 x 5000 = 15000; then -2 x 1234.56789012 = -2469.13578024: 12530.86421976
    s.addProduct(small(3, 0), small(1, 0), small(5000, 0));
    s.addProduct(small(-2, 0), small(123456789012, 8));
    expect([s.ok, exactString(s.value())]).toEqual([true, '12530.86421976']);
    // 0.0123456789012 (e = 13) needs the sum at e = 13: 1.25e17 > 2^53
    s.addProduct(small(123456789012, 13), small(1, 0));
    expect(s.ok).toBe(false);
    expect(exactString(s.value())).toBe('12530.86421976');
  });
});

describe('decimal strings (the pre-trade check)', () => {
  it('differences and comparisons of canonical decimal strings', () => {
    // 1000.5 - 999.75 = 0.75; 10 - 10.00 = 0; 0.1 - 0.25 = -0.15
    expect(decimalDifference('1000.5', '999.75')).toBe('0.75');
    expect(decimalDifference('10', '10')).toBe('0');
    expect(decimalDifference('0.1', '0.25')).toBe('-0.15');
    expect(decimalCompare('-1', '0')).toBe(-1);
    // Read off the text: a shorter integer part is smaller (9.99 < 10), a prefix is smaller (12 < 12.5,
    // 0.5 < 0.51), the order turns over below zero (-12.5 < -12, -10 < -9.99), 0 sits between.
    expect(decimalCompare('9.99', '10')).toBe(-1);
    expect(decimalCompare('12', '12.5')).toBe(-1);
    expect(decimalCompare('0.51', '0.5')).toBe(1);
    expect(decimalCompare('-12.5', '-12')).toBe(-1);
    expect(decimalCompare('-10', '-9.99')).toBe(-1);
    expect(decimalCompare('0', '-0.000001')).toBe(1);
    expect(decimalCompare('0', '0.000001')).toBe(-1);
    expect(decimalCompare('-3.25', '-3.25')).toBe(0);
    // Either side of the float64 fast path (at most 15 digits once aligned): 999999999999999 - -1 =
    // 1000000000000000 (16 digits, exact); 0.000000001 - 123456.123456789 = -123456.123456788.
    expect(decimalDifference('999999999999999', '-1')).toBe('1000000000000000');
    expect(decimalDifference('0.000000001', '123456.123456789')).toBe('-123456.123456788');
    expect(decimalDifference('12345678901234567890.5', '0.25')).toBe('12345678901234567890.25');
    // Leading zeros of a fraction count no digit: 0.000000000000123 - 0.1 = -(0.1 - 0.000000000000123)
    // = -0.099999999999877; -5 - -5.5 = 0.5; 2.50 aligned with 0.5: 2.5 - 0.5 = 2 (trailing zeros dropped).
    expect(decimalDifference('0.000000000000123', '0.1')).toBe('-0.099999999999877');
    expect(decimalDifference('-5', '-5.5')).toBe('0.5');
    expect(decimalDifference('2.5', '0.5')).toBe('2');
  });

  it('equal Decimal subtraction on random canonical strings (property)', () => {
    const decimal = canonicalDecimals(22, 12);
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const want = new D(a).minus(b);
        expect(decimalDifference(a, b)).toBe(want.isZero() ? '0' : want.toFixed());
        expect(decimalCompare(a, b)).toBe(want.cmp(0));
      }),
      { numRuns: 3000 },
    );
  });

  it('decimalCompare equals Decimal comparison on close pairs (a common prefix, property)', () => {
    // b = a + delta with |delta| far below |a|: the two texts share their leading digits, where a
    // comparison read off the text can go wrong.
    const pair = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 22n }), fc.integer({ min: 0, max: 12 }), fc.bigInt({ min: -1000n, max: 1000n }), fc.integer({ min: 0, max: 16 }))
      .map(([neg, digits, scale, delta, ds]) => {
        const a = new D(`${neg ? '-' : ''}${digits}e-${scale}`);
        const b = a.plus(new D(`${delta}e-${ds}`));
        return [a.isZero() ? '0' : a.toFixed(), b.isZero() ? '0' : b.toFixed()] as const;
      });
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(decimalCompare(a, b)).toBe(new D(a).cmp(b));
        expect(decimalCompare(b, a)).toBe(new D(b).cmp(a));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('neg', () => {
  it('negates each form: small, wide (BigInt), interval, double-double', () => {
    // -(0.25) = -0.25; the zero is itself
    expect(str(neg(v('0.25')))).toBe('-0.25');
    expect(neg(ZERO)).toBe(ZERO);
    // 10^29 + 1 has 30 digits (past a safe integer): exact in wide mode (BigInt), negated exactly
    const w = inWideMode(() => v('100000000000000000000000000001'));
    expect(w.k).toBe(1);
    expect(str(neg(w))).toBe('-100000000000000000000000000001');
    // [1, 2] -> [-2, -1]
    const i = neg(interval(1, 2));
    expect([lo(i), hi(i)]).toEqual([-2, -1]);
    // 0.5 + 2^-60 within 2^-70, negated: centre -0.5 - 2^-60, the same radius
    const d = neg(ddValue(0.5, 2 ** -60, 2 ** -70));
    expect([d.k, d.dh, d.dl, d.dr]).toEqual([3, -0.5, -(2 ** -60), 2 ** -70]);
  });
});
