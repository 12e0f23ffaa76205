import { D } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn, Holding } from './Holding.js';
import type { MinimumChargeParams } from './MarginParameters.js';

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
  const any = holdings.some((h) => !h.units.isZero());
  return { name: 'minimum', amount: any ? p.amount : new D(0), apply: 'floor', inputs: { amount: decimalString(p.amount) } };
}
