import { D, type Decimal } from './decimal.js';

/**
 * Significant digits kept when a float64 model value becomes a Decimal. float64 carries 15-17
 * significant digits, but model error (normal CDF, exp/log) is around 1e-14 relative, so digits
 * past the 12th are noise; keeping 12 makes the Decimal reproducible across runtimes.
 */
export const FLOAT_SIGNIFICANT_DIGITS = 12;

/** Which way a float model value is rounded when it becomes a Decimal. */
export type FloatRounding = 'against-account-loss' | 'against-account-value' | 'nearest';

/**
 * The one place where a float64 model value (an option value, a scenario P&L, a greek) becomes a
 * Decimal. It keeps {@link FLOAT_SIGNIFICANT_DIGITS} significant digits and rounds against the
 * account: a loss or requirement (`'against-account-loss'`) rounds towards +infinity, a value credited
 * to the account (`'against-account-value'`) towards -infinity. Diagnostics that are neither (greeks)
 * use `'nearest'` (half-even).
 *
 * @param x a finite float64, in whatever unit the caller's model returns.
 * @param rounding the conservative direction.
 * @throws RangeError if `x` is not finite: a model that produced NaN or Infinity is a library bug,
 *   never something to pass on.
 * @example
 * ```ts
 * fromFloat(0.1 + 0.2, 'against-account-value').toString(); // '0.3'
 * fromFloat(1 / 3, 'against-account-loss').toString(); // '0.333333333334'
 * ```
 */
export function fromFloat(x: number, rounding: FloatRounding): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`portfolio-margin: non-finite model value ${x}`);
  if (x === 0) return new D(0);
  const r = new D(x).toSignificantDigits(
    FLOAT_SIGNIFICANT_DIGITS,
    rounding === 'against-account-loss' ? D.ROUND_CEIL : rounding === 'against-account-value' ? D.ROUND_FLOOR : D.ROUND_HALF_EVEN,
  );
  return r.isZero() ? new D(0) : r;
}
