import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import { DD, DD_REL, ddAdd, ddDivF, ddMul, ddMulF, ddProd, ddScale10 } from '../../src/kernel/doubleDouble.js';
import { add, cmp, ddValue, fromDecimalString, mul, neg, scaled, sign, small, UNDECIDED, type KV } from '../../src/kernel/kv.js';

// The kernel's tainted double-double form (kv.ts form 3, doubleDouble.ts) against decimal.js at 200
// significant digits (a local clone, independent of the kernel): the primitives' errors against their
// stated bounds, and every operation of the form against the rule it must keep: the result's
// [centre - radius, centre + radius] contains the Decimal layer's value (decimal.js at 40 digits,
// half-even, applied to ANY operand values the operands' own enclosures allow), and a sign or rounding
// is given only when every such value agrees with it.

const X = Decimal.clone({ precision: 200 });
const D40 = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });
const U2 = 2 ** -106; // u^2, u = 2^-53

/** A float's exact binary value (mantissa x 2^exponent, not its shortest decimal spelling). */
function exactDouble(x: number): Decimal {
  if (x === 0) return new X(0);
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return new X((x < 0 ? '-' : '') + BigInt(m).toString()).times(new X(2).pow(e));
}
const pair = (h: number, l: number) => exactDouble(h).plus(exactDouble(l));
const relErr = (got: Decimal, want: Decimal) => (want.isZero() ? got.abs() : got.minus(want).abs().div(want.abs())).toNumber();

/** A normalised pair near `h` (|l| <= ulp(h) / 2). */
function normalised(h: number, t: number): [number, number] {
  const l0 = h * 2 ** -54 * t;
  const s = h + l0;
  return [s, l0 - (s - h)];
}
const mag = fc.tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.integer({ min: -30, max: 30 }), fc.boolean()).map(([m, e, n]) => (n ? -1 : 1) * m * 10 ** e);
const dd = fc.tuple(mag, fc.double({ min: -1, max: 1, noNaN: true })).map(([h, t]) => normalised(h, t));

describe('double-double primitives against decimal.js at 200 digits', () => {
  it('ddProd: the product of two safe integers exactly, as a normalised pair (against BigInt)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (a, b) => {
        ddProd(a, b);
        expect(BigInt(DD.h) + BigInt(DD.l)).toBe(BigInt(a) * BigInt(b));
        expect(DD.h).toBe(a * b);
      }),
      { numRuns: 2000, seed: 11 },
    );
    // (2^53 - 1) x 3 = 27021597764222973: the nearest float 27021597764222972, the rest 1 (hand calculation)
    ddProd(2 ** 53 - 1, 3);
    expect([DD.h, DD.l]).toEqual([27021597764222972, 1]);
  });
  it('add, multiply, divide and scale by powers of ten within their published bounds (JMP 2017), far inside DD_REL', () => {
    fc.assert(
      fc.property(dd, dd, mag, fc.integer({ min: -80, max: 80 }), ([xh, xl], [yh, yl], f, k) => {
        const x = pair(xh, xl);
        const y = pair(yh, yl);
        ddAdd(xh, xl, yh, yl);
        expect(relErr(pair(DD.h, DD.l), x.plus(y))).toBeLessThanOrEqual(3 * U2 * 1.0001);
        // A cancellation: x + (-x + a little), where the sum keeps few of the operands' digits.
        ddAdd(xh, xl, -xh, yh * 2 ** -40);
        expect(relErr(pair(DD.h, DD.l), x.minus(exactDouble(xh)).plus(exactDouble(yh * 2 ** -40)))).toBeLessThanOrEqual(3 * U2 * 1.0001);
        ddMulF(xh, xl, f);
        expect(relErr(pair(DD.h, DD.l), x.times(exactDouble(f)))).toBeLessThanOrEqual(2 * U2 * 1.0001);
        ddMul(xh, xl, yh, yl);
        expect(relErr(pair(DD.h, DD.l), x.times(y))).toBeLessThanOrEqual(7 * U2 * 1.0001);
        ddDivF(xh, xl, f);
        expect(relErr(pair(DD.h, DD.l), x.div(exactDouble(f)))).toBeLessThanOrEqual(3.5 * U2 * 1.0001);
        const ops = ddScale10(xh, xl, k);
        expect(ops).toBe(Math.ceil(Math.abs(k) / 22));
        expect(relErr(pair(DD.h, DD.l), x.times(new X(10).pow(k)))).toBeLessThanOrEqual(ops * 3.5 * U2 * 1.0001);
        expect(3.5 * U2 * 8).toBeLessThanOrEqual(DD_REL * 1.0001);
      }),
      { numRuns: 300, seed: 211 },
    );
  });
  it('hand cases: 1 + 1e-20 keeps the 1e-20; 1/3 to 32 digits; 10^-76 by four divisions', () => {
    ddAdd(1, 0, 1e-20, 0);
    expect([DD.h, DD.l]).toEqual([1, 1e-20]);
    ddDivF(1, 0, 3);
    expect(relErr(pair(DD.h, DD.l), new X(1).div(3))).toBeLessThan(1e-32);
    expect(ddScale10(1, 0, -76)).toBe(4);
    expect(relErr(pair(DD.h, DD.l), new X('1e-76'))).toBeLessThan(4 * 3.5 * U2);
  });
});

/** A form-3 value and the Decimal layer values it stands for: 40-digit values across its enclosure. */
interface Case {
  v: KV;
  picks: Decimal[];
}
function ddCase(h: number, l: number, r: number): Case {
  const v = ddValue(h, l, r);
  const c = pair(h, l);
  // 40-digit values strictly inside (the 40-digit rounding moves them by at most 5e-40 |c|, below r / 10).
  const picks = [-0.9, -0.5, 0, 0.3, 0.9].map((t) => c.plus(new X(r).times(t)).toSD(40, Decimal.ROUND_HALF_EVEN));
  return { v, picks };
}
function exactCase(s: string): Case {
  return { v: fromDecimalString(s), picks: [new X(s)] };
}
const ddArb = fc.tuple(dd, fc.integer({ min: -38, max: -18 })).map(([[h, l], re]) => ddCase(h, l, Math.abs(h) * 10 ** re));
const shortDecimal = fc.tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: 0, max: 12 })).map(([m, e]) => exactCase(new X(m).div(new X(10).pow(e)).toFixed()));
const operand = fc.oneof(ddArb, ddArb, shortDecimal);

/** The Decimal layer's op on every pair of picks: each inside the result's enclosure. */
function contains(out: KV, want: Decimal[]): void {
  if (out.k === 0 && out.m === 0) {
    // x 0: the Decimal layer's 0, exactly.
    for (const w of want) expect(w.isZero()).toBe(true);
    return;
  }
  expect(out.k).toBe(3);
  const c = pair(out.dh, out.dl);
  for (const w of want) expect(w.minus(c).abs().lte(out.dr)).toBe(true);
}
function products<T>(a: Decimal[], b: Decimal[], f: (x: Decimal, y: Decimal) => T): T[] {
  return a.flatMap((x) => b.map((y) => f(x, y)));
}
function decided(f: () => number): number | undefined {
  try {
    const v = f();
    return v === v ? v : undefined;
  } catch (e) {
    if (e !== UNDECIDED) throw e;
    return undefined;
  }
}
function checkScaled(a: Case, dp: number): number {
  let n = 0;
  for (const up of [false, true]) {
    const q = decided(() => scaled(a.v, dp, up));
    if (q === undefined) continue;
    n++;
    for (const p of a.picks) expect(q).toBe(p.times(new X(10).pow(dp)).toDecimalPlaces(0, up ? Decimal.ROUND_CEIL : Decimal.ROUND_FLOOR).toNumber() || 0);
  }
  return n;
}

describe('kv form 3 (tainted double-double) against decimal.js: 200 digits exact, 40 digits for the Decimal layer', () => {
  it('add, mul, cmp, sign and scaled keep the Decimal layer value inside, and decide only what every such value agrees on', () => {
    let decisions = 0;
    fc.assert(
      fc.property(ddArb, operand, fc.integer({ min: 0, max: 12 }), (a, b, dp) => {
        contains(add(a.v, b.v), products(a.picks, b.picks, (x, y) => new D40(x).plus(new D40(y))).map((d) => new X(d)));
        contains(mul(a.v, b.v), products(a.picks, b.picks, (x, y) => new D40(x).times(new D40(y))).map((d) => new X(d)));
        contains(neg(a.v), a.picks.map((x) => x.neg()));
        const c = decided(() => cmp(a.v, b.v));
        if (c !== undefined) for (const s of products(a.picks, b.picks, (x, y) => x.cmp(y))) expect(s).toBe(c);
        const s = decided(() => sign(a.v));
        if (s !== undefined) for (const p of a.picks) expect(p.s).toBe(s);
        decisions += checkScaled(a, dp) + checkScaled({ v: add(a.v, b.v), picks: products(a.picks, b.picks, (x, y) => new X(new D40(x).plus(new D40(y)))) }, dp);
        // A cancellation: a plus nearly -a (its centre's low part halved, its radius halved): the sum
        // keeps none of the operands' leading digits, and carries their absolute radii.
        const m = ddCase(-a.v.dh, -a.v.dl / 2, a.v.dr / 2);
        const sums = products(a.picks, m.picks, (x, y) => new X(new D40(x).plus(new D40(y))));
        const z = add(a.v, m.v);
        contains(z, sums);
        expect(z.dr).toBeGreaterThanOrEqual(a.v.dr);
        const zs = decided(() => sign(z));
        if (zs !== undefined) for (const p of sums) expect(p.s).toBe(zs);
        checkScaled({ v: z, picks: sums }, dp);
      }),
      { numRuns: 200, seed: 20261201 },
    );
    // Radii of 1e-18 relative and less: a rounding is decided unless the value is beyond 2^52 units
    // (magnitudes up to 1e31 here), so the property above checks thousands of decisions.
    expect(decisions).toBeGreaterThan(250);
  });

  it('near a rounding boundary: decided just outside the radius, undecided within it (adversarial)', () => {
    // Centres n + f units of 10^-dp, f from 0 (on the boundary) to 1e-20 relative away, radius 1e-30 relative.
    for (const [n, dp] of [[1234567891, 9], [16008, 2], [1, 0], [999999999999, 9], [-5, 3]] as const) {
      for (const f of [0, 1e-24, 1e-20, 1e-12, 0.5, 1 - 1e-12]) {
        const cExact = new X(n).plus(f).div(new X(10).pow(dp));
        const h = cExact.toNumber();
        const l = cExact.minus(exactDouble(h)).toNumber();
        const a = ddCase(h, l, Math.abs(h) * 1e-30);
        checkScaled(a, dp);
        // On the boundary itself (within the radius) nothing is decided.
        if (f === 0) {
          expect(decided(() => scaled(a.v, dp, true))).toBeUndefined();
          expect(decided(() => scaled(a.v, dp, false))).toBeUndefined();
        }
        if (f === 1e-12) expect(decided(() => scaled(a.v, dp, false))).toBe(n);
      }
    }
  });

  it('a cancellation: (1e23 - 1e-18 as the Decimal layer may hold it) - 1e23 carries the absolute radius and is undecided at 9 places', () => {
    // The Decimal layer rounds 1e23 - 1e-18 to 1e23 (40 digits) or holds it exactly: both within a radius
    // of 1e-39 x 1e23 = 1e-16 of the centre 1e23 (the one double-double that holds them both).
    // The centre exactly 1e23: the float nearest it (1e23 - 8388608) and the rest.
    const big = ddValue(1e23, 8388608, 1e-16);
    expect(pair(1e23, 8388608).eq('1e23')).toBe(true);
    const d = add(big, fromDecimalString('-100000000000000000000000'));
    expect(d.k).toBe(3);
    expect(d.dr).toBeGreaterThanOrEqual(1e-16);
    // The Decimal layer's 0 and the exact -1e-18 are both inside: neither the sign nor a 9-place
    // rounding (the radius is 1e-7 units there) is decided. The six-digit rule of `add` is not needed.
    expect(decided(() => sign(d))).toBeUndefined();
    expect(decided(() => scaled(d, 9, false))).toBeUndefined();
    expect(decided(() => scaled(d, 9, true))).toBeUndefined();
    // At 2 places the radius is 1e-14 units around 0: still on the boundary 0, undecided.
    expect(decided(() => scaled(d, 2, true))).toBeUndefined();
    // Plus 1000 (exact): the Decimal layer's 1000 floors to 1000 at 9 places, the exact 1000 - 1e-18 to
    // 999.999999999; the radius reaches both sides, so it stays undecided.
    expect(decided(() => scaled(add(d, small(1000, 0)), 9, false))).toBeUndefined();
    // 1000.5 +- 1e-16 is decided at 0 places: 1000 down, 1001 up.
    expect(decided(() => scaled(add(d, small(10005, 1)), 0, false))).toBe(1000);
    expect(decided(() => scaled(add(d, small(10005, 1)), 0, true))).toBe(1001);
  });

  it('an old-form tainted value (an exact rational) meeting a double-double: its value within 1e-30 relative', () => {
    // 1/3 held exactly and tainted (the Decimal layer holds 0.3333...3, 40 digits); plus 2/3 as a double-double.
    const oneThird = small(1, 0, 3, 1);
    const twoThirds = ddCase(2 / 3, new X(2).div(3).minus(exactDouble(2 / 3)).toNumber(), 1e-39);
    const sum = add(oneThird, twoThirds.v);
    const third40 = new X(new D40(1).div(3));
    contains(sum, twoThirds.picks.map((p) => new X(new D40(third40).plus(new D40(p)))));
    // The sum is 1 to within ~1e-30: on the boundary of every rounding, so none is decided.
    expect(decided(() => scaled(sum, 9, true))).toBeUndefined();
  });
});
