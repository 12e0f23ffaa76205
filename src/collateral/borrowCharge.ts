import { DECIMAL_ARITHMETIC, type Arithmetic } from '../numeric/Arithmetic.js';
import { bandedAmountOf } from '../numeric/bandedAmount.js';
import type { Decimal } from '../numeric/decimal.js';
import type { BorrowTier } from './CollateralParameters.js';

/** {@link borrowCharge} in any number layer (shared by the Decimal layer and the exact kernel). Internal. */
export function borrowChargeOf<T>(A: Arithmetic<T>, borrowed: T, tiers: readonly { upTo?: T; rate: T }[]): T {
  if (!(A.sign(borrowed) > 0) || tiers.length === 0) return A.zero;
  return bandedAmountOf(A, borrowed, tiers.map((t) => ({ upTo: t.upTo, multiplier: t.rate })));
}

/**
 * Maintenance charge on a borrowed amount, piecewise by band (like a tax bracket): the part of the
 * borrowed value inside each band is charged that band's rate. Above the last bounded band the last
 * band's rate continues, so a larger loan is never charged less. No tiers = no charge.
 *
 * @param borrowed the borrowed value in the settlement currency, as a positive amount (|balance| * price);
 *   zero or negative gives 0.
 * @param tiers bands with `upTo` edges (settlement currency) and rates (fractions in [0, 1]).
 * @returns the charge in the settlement currency, exact.
 * @example
 * ```ts
 * // 150,000 borrowed; 0-100,000 at 5%, above at 10%: 5,000 + 5,000
 * borrowCharge(D('150000'), [{ upTo: D('100000'), rate: D('0.05') }, { rate: D('0.1') }]).toFixed(); // '10000'
 * ```
 */
export function borrowCharge(borrowed: Decimal, tiers: readonly BorrowTier[]): Decimal {
  return borrowChargeOf(DECIMAL_ARITHMETIC, borrowed, tiers);
}
