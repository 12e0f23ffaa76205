import type { Decimal } from './decimal.js';

/**
 * `x.mul(y)`, skipping a multiplication by exactly 1 when that changes nothing: `x` has at most 35
 * significant digits (at most 5 limbs of 7), so `x * 1` rounded to the 40-digit precision is `x`
 * itself (same value, same sign, also for -0). Contract sizes, settlement prices and quote-to-settlement
 * prices are mostly 1. Internal (not re-exported from the package).
 */
export function times(x: Decimal, y: Decimal): Decimal {
  return y.e === 0 && y.s === 1 && y.d.length === 1 && y.d[0] === 1 && x.d.length <= 5 ? x : x.mul(y);
}
