import type { Decimal } from './decimal.js';
import { P10 } from './powersOfTen.js';


/**
 * A Decimal's nearest float64, `x.toNumber()`, without its string: when the digits fit in two of
 * decimal.js's base-1e7 limbs (an integer N < 1e14 < 2^53) and the scale is within 10^+-22 (exact
 * powers of ten), `N * 10^p` or `N / 10^-p` is one IEEE operation on exact operands, hence the
 * correctly rounded value, which is what `toNumber` (a correctly rounded parse of its string) gives.
 * Anything else: `toNumber` itself. Model inputs (an instrument's strike and contract size, an
 * underlying's index, a settlement coin's price) and exact scenario P&L are read by every valuation
 * and risk array that rests on them. Internal; a property checks it against `toNumber`.
 *
 * @param x a Decimal (any unit: the float is in the same unit).
 * @returns `x.toNumber()`, bit for bit (the sign of a zero included).
 * @example
 * ```ts
 * decimalToFloat(new D('123.45')); // 123.45
 * ```
 */
export function decimalToFloat(x: Decimal): number {
  // decimal.js's documented representation: sign s, exponent e, digits d in base 1e7 limbs aligned so
  // that the first limb's last digit has exponent e - (e mod 7).
  const d = x.d;
  if (d === null || d.length > 2) return x.toNumber();
  const v = integerTimesPow10(d.length === 1 ? d[0]! : d[0]! * 1e7 + d[1]!, limbExponent(x));
  if (v !== v) return x.toNumber();
  return x.s < 0 ? -v : v;
}

/**
 * `n * 10^p` as the correctly rounded float, for an integer `0 <= n < 2^53` (exact in a float) and
 * `|p| <= 22` (10^p exact): one IEEE operation on exact operands. NaN outside that range (or for a
 * NaN `n`), where the caller reads the value another way. Shared by {@link decimalToFloat} and the
 * risk arrays' integer readings. Internal.
 *
 * @param n a non-negative integer below 2^53 (a coefficient: no unit of its own).
 * @param p a power of ten.
 * @returns the float nearest `n * 10^p`, or NaN.
 * @example
 * ```ts
 * integerTimesPow10(12345, -2); // 123.45
 * ```
 */
export function integerTimesPow10(n: number, p: number): number {
  if (!(n < 2 ** 53) || p > 22 || p < -22) return NaN;
  return p >= 0 ? n * P10[p]! : n / P10[-p]!;
}

/**
 * The power of ten of a nonzero Decimal's last base-1e7 limb: `|x| = limbs as one integer * 10^p`
 * (decimal.js's documented representation: the first limb's last digit has exponent e - (e mod 7)).
 * The one reading of the limbs' scale, shared by {@link decimalToFloat} and the risk arrays' integer
 * coefficients. Internal.
 *
 * @param x a nonzero Decimal (`x.d` not null).
 * @returns the exponent of ten of the last limb's units digit.
 * @example
 * ```ts
 * limbExponent(new D('123.45')); // -7: the limbs [123, 4500000] read as 1234500000 * 10^-7
 * ```
 */
export function limbExponent(x: Decimal): number {
  return x.e - (((x.e % 7) + 7) % 7) - 7 * (x.d.length - 1);
}
