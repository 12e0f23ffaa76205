import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNDS_MADE } from '../../src/numeric/boundsMade.js';
import { fromFloatBounds } from '../../src/numeric/fromFloat.js';
import { fromDecimal, inWideMode, small, type KV } from '../../src/kernel/kv.js';

// fromFloatBounds notes the digits of the two Decimals it returns (BOUNDS_MADE), and the kernel reads
// a mark value's digits from there instead of from its limbs: that must be the value fromDecimal
// gives the Decimal itself, field for field, in either mode, and the note must name the first object.

const sameKV = (a: KV, b: KV) => a === b || (a.k === b.k && Object.is(a.m, b.m) && Object.is(a.e, b.e) && a.d === b.d && a.t === b.t && a.x === b.x);

function noted(x: number): void {
  const [down, up] = fromFloatBounds(x);
  expect(BOUNDS_MADE.down).toBe(down);
  const d = small(BOUNDS_MADE.m, BOUNDS_MADE.e);
  const u = small(BOUNDS_MADE.um, BOUNDS_MADE.ue);
  expect(sameKV(fromDecimal(down), d), `${x} down`).toBe(true);
  expect(sameKV(fromDecimal(up), u), `${x} up`).toBe(true);
  expect(inWideMode(() => sameKV(fromDecimal(down), d) && sameKV(fromDecimal(up), u)), `${x} wide`).toBe(true);
}

describe('BOUNDS_MADE: the digits of the Decimals fromFloatBounds made', () => {
  it('hand cases', () => {
    // 1/3 to 12 significant digits: 0.333333333333 down, 0.333333333334 up (two objects).
    fromFloatBounds(1 / 3);
    expect([BOUNDS_MADE.m, BOUNDS_MADE.e, BOUNDS_MADE.um, BOUNDS_MADE.ue]).toEqual([333333333333, 12, 333333333334, 12]);
    // -2.5 has two digits: one object both ways, -25 x 10^-1.
    const [a, b] = fromFloatBounds(-2.5);
    expect(a).toBe(b);
    expect([BOUNDS_MADE.m, BOUNDS_MADE.e, BOUNDS_MADE.um, BOUNDS_MADE.ue]).toEqual([-25, 1, -25, 1]);
    // 1200 is 12 x 10^2 (no trailing zeros in the digits).
    fromFloatBounds(1200);
    expect([BOUNDS_MADE.m, BOUNDS_MADE.e]).toEqual([12, -2]);
    for (const x of [0, -0, 1, -1, 0.1, 0.5, 1e-300, 5e-324, 1.7976931348623157e308, 999999999999.5, 123456789012.5, 1e12, 1e21, 1e22, 1e23, 1 / 3, -2 / 3]) noted(x);
  });

  it('on random floats of every bit pattern and on option-sized values', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => noted(x)), { numRuns: 3000 });
    fc.assert(fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), (x) => noted(x)), { numRuns: 3000 });
    fc.assert(fc.property(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 8 }), (n, k) => noted(n / 10 ** k)), { numRuns: 2000 });
  });
});
