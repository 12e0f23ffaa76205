import { MarginInputError, type MarginIssue } from '../schema/MarginInputError.js';

/**
 * Guards the public float pricers: a NaN, an infinity, a negative forward or vol, or a value of the
 * wrong type is a typed error naming the argument, never a NaN price. The passing path is a handful
 * of comparisons, cheap next to one exp/log, so the hot loop keeps it.
 *
 * @param right `'call'` or `'put'`.
 * @param forward forward (or spot) price, quote currency per unit: finite, > 0.
 * @param strike strike, quote currency per unit: finite, >= 0.
 * @param years time to expiry in years: finite (<= 0 means expired).
 * @param vol annualised volatility as a decimal: finite, >= 0.
 * @param rate continuously compounded rate as a decimal: finite.
 * @param carry cost of carry b for the generalised BSM (decimal, finite); 0 elsewhere.
 * @param forwardName the caller's name for `forward` in issues (`'spot'` for the BSM pricers).
 * @throws MarginInputError with `invalid_value` (or `negative_vol`) naming the offending argument
 *   (`argument: 'forward'`, path `[]`).
 * @example
 * ```ts
 * checkPricingInputs('call', 100, 100, 0.5, 0.2, 0.01); // returns nothing
 * try {
 *   checkPricingInputs('call', NaN, 100, 0.5, 0.2, 0.01);
 * } catch (e) {
 *   (e as MarginInputError).issues[0]; // { code: 'invalid_value', path: [], argument: 'forward', ... }
 * }
 * ```
 */
export function checkPricingInputs(right: unknown, forward: number, strike: number, years: number, vol: number, rate: number, carry = 0, forwardName = 'forward'): void {
  if (
    (right === 'call' || right === 'put') &&
    forwardAndVolValid(forward, vol) &&
    strike >= 0 &&
    strike < Infinity &&
    years > -Infinity &&
    years < Infinity &&
    rate > -Infinity &&
    rate < Infinity &&
    carry > -Infinity &&
    carry < Infinity
  ) {
    return;
  }
  throw pricingInputError(right, forward, strike, years, vol, rate, carry, forwardName);
}

/**
 * The part of {@link checkPricingInputs} that a scenario grid varies: the forward finite and > 0, the
 * vol finite and >= 0 (NaN fails both). A grid whose option-wide inputs (right, strike, years, rate)
 * passed the whole check once needs only this per scenario; where it fails, the whole check names
 * the argument.
 *
 * @param forward forward price, quote currency per unit.
 * @param vol annualised volatility as a decimal.
 * @returns whether both are acceptable.
 * @example
 * ```ts
 * forwardAndVolValid(100, 0.2); // true
 * forwardAndVolValid(100, NaN); // false
 * ```
 */
export function forwardAndVolValid(forward: number, vol: number): boolean {
  return forward > 0 && forward < Infinity && vol >= 0 && vol < Infinity;
}

/** The failing path of {@link checkPricingInputs}, kept out of it so the passing path stays small enough to inline. */
function pricingInputError(right: unknown, forward: number, strike: number, years: number, vol: number, rate: number, carry: number, forwardName: string): MarginInputError {
  const issues: MarginIssue[] = [];
  // Each issue names the positional argument itself (`argument: 'forward'`, path `[]`).
  const bad = (argument: string, message: string, code: MarginIssue['code'] = 'invalid_value') => issues.push({ code, path: [], message, argument });
  if (right !== 'call' && right !== 'put') bad('right', `right must be 'call' or 'put', got ${String(right)}`);
  if (!(forward > 0 && forward < Infinity)) bad(forwardName, `${forwardName} must be a finite number > 0, got ${String(forward)}`);
  if (!(strike >= 0 && strike < Infinity)) bad('strike', `strike must be a finite number >= 0, got ${String(strike)}`);
  if (!(years > -Infinity && years < Infinity)) bad('years', `years must be a finite number, got ${String(years)}`);
  if (!(vol < Infinity && vol >= 0)) bad('vol', `vol must be a finite number >= 0, got ${String(vol)}`, typeof vol === 'number' && vol < 0 ? 'negative_vol' : 'invalid_value');
  if (!(rate > -Infinity && rate < Infinity)) bad('rate', `rate must be a finite number, got ${String(rate)}`);
  if (!(carry > -Infinity && carry < Infinity)) bad('carry', `carry must be a finite number, got ${String(carry)}`);
  return new MarginInputError(issues);
}
