import { MarginInputError } from '../schema/MarginInputError.js';
import { D, type Decimal, type DecimalLike } from './decimal.js';

/**
 * Validates a caller's decimal places: an integer in [0, 40] (our Decimal's precision). Every
 * rounding passes here too, so that `decimals: null` is a typed error, not a decimal.js crash.
 *
 * @returns `dp` unchanged.
 * @throws MarginInputError (`invalid_value`, argument `decimals`).
 * @example
 * ```ts
 * checkPlaces(2); // 2
 * ```
 */
export function checkPlaces(dp: unknown): number {
  if (typeof dp !== 'number' || !Number.isInteger(dp) || dp < 0 || dp > 40) {
    throw new MarginInputError([{ code: 'invalid_value', path: [], message: `decimal places must be an integer from 0 to 40, got ${String(dp)}`, argument: 'decimals' }]);
  }
  return dp;
}

/**
 * Formats a Decimal as a plain decimal string: no exponent, never `-0`.
 *
 * @param value amount in any unit; the unit is the caller's.
 * @returns the exact value as a string, e.g. `'0.00000001'`, `'-12.5'`, `'0'`.
 * @example
 * ```ts
 * decimalString(D('-0')); // '0'
 * decimalString(D('1e-8')); // '0.00000001'
 * ```
 */
export function decimalString(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/**
 * Rounds a requirement (a margin, a charge, a loss) up to `dp` decimal places: towards +infinity,
 * so that the account is never under-charged.
 *
 * @param value amount in the settlement currency.
 * @param dp decimal places of the settlement currency (e.g. 2 for USD, 8 for BTC), an integer in [0, 40].
 * @throws MarginInputError (`invalid_value`, argument `decimals`).for any other `dp`.
 * @example
 * ```ts
 * roundRequirement(D('10.001'), 2).toString(); // '10.01'
 * ```
 */
export function roundRequirement(value: DecimalLike, dp: number): Decimal {
  const r = new D(value).toDecimalPlaces(checkPlaces(dp), D.ROUND_CEIL);
  return r.isZero() ? new D(0) : r;
}

/**
 * Rounds a value credited to the account (collateral, equity) down to `dp` decimal places: towards
 * -infinity, so that the account is never over-credited.
 *
 * @param value amount in the settlement currency.
 * @param dp decimal places of the settlement currency.
 * @example
 * ```ts
 * roundValue(D('10.009'), 2).toString(); // '10'
 * ```
 */
export function roundValue(value: DecimalLike, dp: number): Decimal {
  const r = new D(value).toDecimalPlaces(checkPlaces(dp), D.ROUND_FLOOR);
  return r.isZero() ? new D(0) : r;
}
