import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/numeric/decimal.js';
import { decimalToFloat } from '../../src/numeric/decimalToFloat.js';

// decimalToFloat against decimal.js's own toNumber (the independent source: a correctly
// rounded parse of the Decimal's string), bit for bit, zeros' signs included.

const same = (a: number, b: number) => Object.is(a, b);

describe('decimalToFloat equals toNumber', () => {
  it('hand cases', () => {
    // 123.45 is the float nearest 123.45; 0.1 the float nearest 0.1 (not 1/10 exactly); -0 keeps its sign;
    // 1e-30 and 12345678901234567 take toNumber's own path (scale beyond 10^22, three limbs).
    for (const s of ['123.45', '0.1', '-0.0001', '100000', '0', '-0', '12345678901234', '9999999.1234567', '1e-30', '12345678901234567', '-65666.19', '1e22', '1e23'])
      expect(same(decimalToFloat(new D(s)), new D(s).toNumber()), s).toBe(true);
  });
  it('on random decimals of 1 to 20 digits at scales 10^-30 to 10^30', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -30, max: 30 }), (n, k) => {
        const x = new D(`${n}e${k}`);
        return same(decimalToFloat(x), x.toNumber());
      }),
      { numRuns: 20000 },
    );
  });
  it('on products and quotients as the risk arrays make them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 9 }), fc.integer({ min: -500, max: 500 }), fc.integer({ min: 1, max: 999 }), (p, m, q) => {
        const x = new D(p).div(100).mul(new D(m).div(1000)).div(q);
        return same(decimalToFloat(x), x.toNumber());
      }),
      { numRuns: 20000 },
    );
  });
});
