import { describe, expect, it } from 'vitest';
import { cmp, ddValue, KV, mul, sign, small, TAINTED_ZERO, UNDECIDED } from '../../src/kernel/kv.js';

// Edges of the double-double form (kv.ts form 3) a review found with probes; each expected value is
// the hand reasoning written beside it, not an output of this code.
function undecidedBy(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (e === UNDECIDED) return true;
    throw e;
  }
}

describe('double-double edges', () => {
  it('a centre below 1e-250 carries an absolute 1e-300: a product may have underflowed (its error absolute, not relative)', () => {
    expect(sign(ddValue(1e-301, 0, 0))).toBeNaN(); // NaN: sign undecided
    // 1e-200 x 1e-110 = 1e-310, a subnormal float: its error is not the 2^-100 relative one charged,
    // so not even its sign is decided; 1e-200 x 1e-160 underflows to 0, not an exact zero either.
    expect(sign(mul(ddValue(1e-200, 0, 1e-230), small(1, 110)))).toBeNaN();
    expect(sign(mul(ddValue(1e-200, 0, 0), small(1, 160)))).toBeNaN();
    // Far from the floor it still decides: 2.5 x 1e-110 = 2.5e-110 (radius 1e-30 x 1e-110 and a rounding charge).
    expect(cmp(mul(ddValue(2.5, 0, 1e-30), small(1, 110)), small(2, 110))).toBe(1);
  });

  it('a tainted zero meeting a double-double is undecided (its Decimal-layer value is not known to be 0)', () => {
    expect(undecidedBy(() => mul(TAINTED_ZERO, ddValue(1, 0, 1e-30)))).toBe(true);
  });

  it('cmp of exact values with exponents past 290 does not trust the float shortcut', () => {
    // 10^31 x 10^-320 = 1e-289 against 999995 x 10^-295 = 9.99995e-290: the first is larger (by hand).
    const a = new KV(1, 0, 320, 1, 0, { b: 10n ** 31n, bd: 1n });
    expect(cmp(a, small(999995, 295))).toBe(1);
    expect(cmp(small(999995, 295), a)).toBe(-1);
  });
});
