import type { Arithmetic } from '../numeric/Arithmetic.js';
import { D } from '../numeric/decimal.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn, Holding } from './Holding.js';
import type { MinimumChargeParams } from './MarginParameters.js';

/** Whether a unit holds any non-zero position: the condition of the minimum charge. Shared by both number layers. Internal. */
export function holdsAny<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[]): boolean {
  return holdings.some((h) => !A.isZero(h.units));
}

/**
 * Minimum charge: a floor of `amount` (settlement currency) on a risk unit holding any non-zero
 * position; 0 for an empty unit.
 *
 * @example
 * ```ts
 * minimumCharge(holdings, { amount: D(10) }).amount.toString(); // '10'
 * ```
 */
export function minimumCharge(holdings: readonly Holding[], p: MinimumChargeParams): AddOn {
  return { name: 'minimum', amount: holdsAny(DECIMAL_ARITHMETIC, holdings) ? p.amount : new D(0), apply: 'floor', inputs: { amount: decimalString(p.amount) } };
}
