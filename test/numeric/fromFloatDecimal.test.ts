import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { fromFloat, fromFloatBounds, fromFloatParts } from '../../src/numeric/fromFloat.js';

// fromFloat builds its Decimal from the digits of fromFloatParts without decimal.js's parser; the
// independent source is decimal.js's own parse of those digits (`${m}e${-e}`): same sign, exponent and
// base-1e7 limbs, so every later operation and printed byte is the same.

const fields = (x: unknown) => {
  const d = x as { s: number; e: number; d: number[] };
  // Made without decimal.js's constructor: the same prototype, own fields and their attributes as one it made.
  const own = Object.entries(Object.getOwnPropertyDescriptors(d)).map(([k, p]) => [k, p.writable, p.enumerable, p.configurable]);
  return { s: d.s, e: d.e, d: [...d.d], keys: Object.keys(d).join(','), own, proto: Object.getPrototypeOf(d) === D.prototype, ctor: (d as { constructor: unknown }).constructor === D, isDecimal: D.isDecimal(d), text: String(x) };
};
const parsed = (x: number, r: 'against-account-value' | 'against-account-loss' | 'nearest') => {
  const [m, e] = fromFloatParts(x, r);
  return new D(m === 0 ? 0 : `${m}e${-e}`);
};
const ROUNDINGS = ['against-account-value', 'against-account-loss', 'nearest'] as const;

describe('fromFloat: the Decimal decimal.js parses from the same digits', () => {
  it('hand cases (each limb boundary: 1 to 12 digits at exponents crossing multiples of 7)', () => {
    for (const x of [0, -0, 1, -1, 10, 1e7, 1e-7, 1234567, 12345678, 0.1, 123456789012, 1e21, 1e-21, 5e-324, 1.7976931348623157e308, 9999999, 0.30000000000000004, 2123.336615744, -0.0392625384645])
      for (const r of ROUNDINGS) expect(fields(fromFloat(x, r)), `${x} ${r}`).toEqual(fields(parsed(x, r)));
  });
  it('on random floats at scales 10^-40 to 10^40', () => {
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -40, max: 40 }), fc.constantFrom(...ROUNDINGS), (u, k, r) => {
        const x = u * 10 ** k;
        expect(fields(fromFloat(x, r))).toEqual(fields(parsed(x, r)));
      }),
      { seed: 20261201, numRuns: 3000 },
    );
  });
});

describe('fromFloatBounds: both directed roundings from one reading of the digits', () => {
  it('is [fromFloat value-down, fromFloat loss-up] (limbs, fields, text) at scales 10^-40 to 10^40, and at 12-digit carries', () => {
    const check = (x: number) => {
      const [down, up] = fromFloatBounds(x);
      expect(fields(down), `${x}`).toEqual(fields(parsed(x, 'against-account-value')));
      expect(fields(up), `${x}`).toEqual(fields(parsed(x, 'against-account-loss')));
    };
    for (const x of [0, -0, 1 / 3, -1 / 3, 0.5, 999999999999.5, -999999999999.5, 9.9999999999995, 5e-324, 1.7976931348623157e308]) check(x);
    fc.assert(
      fc.property(fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: -40, max: 40 }), (u, k) => check(u * 10 ** k)),
      { seed: 20261202, numRuns: 2000 },
    );
  });
  it('throws as fromFloat on a non-finite value', () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(() => fromFloatBounds(x)).toThrow(RangeError);
  });
});
