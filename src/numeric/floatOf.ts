import type { Decimal } from './decimal.js';

// Decimals are immutable, so a Decimal's float is a function of the object: read once per object.
const floats = new WeakMap<Decimal, number>();

/**
 * A Decimal's float64 (`x.toNumber()`, the nearest float), read once per Decimal object. Model inputs
 * (an instrument's strike and contract size, an underlying's index, a settlement coin's price) are
 * read by every valuation and risk array that rests on them: on a fresh snapshot that was one
 * decimal-to-string-to-float conversion per read. Internal.
 *
 * @param x a finite Decimal (any unit: the float is in the same unit).
 * @returns `x.toNumber()`.
 * @example
 * ```ts
 * floatOf(new D('0.1')); // 0.1
 * ```
 */
export function floatOf(x: Decimal): number {
  let f = floats.get(x);
  if (f === undefined) floats.set(x, (f = x.toNumber()));
  return f;
}
