import { D, type Decimal } from '../numeric/decimal.js';

/** A linear option position for {@link optionGroupMaxLoss}: signed units of underlying, strike, right and mark value of the whole position. */
export interface OptionLeg {
  units: Decimal;
  strike: Decimal;
  right: 'call' | 'put';
  value: Decimal;
}

/**
 * The maximum loss at expiry of linear options of one expiry, against their current mark value:
 * `max over S of (sum of values - payoff(S))`, checked at S = 0 and every strike (the payoff is
 * piecewise linear with kinks at strikes). Undefined when the loss is unbounded (net short calls
 * as S grows). Quote currency of the options; at least 0.
 *
 * @example
 * ```ts
 * // short 1 call 100, long 1 call 110, credit 4 (values -6 and +2): max loss = -4 + 10 = 6
 * optionGroupMaxLoss([{ units: D(-1), strike: D(100), right: 'call', value: D(-6) }, { units: D(1), strike: D(110), right: 'call', value: D(2) }])?.toString(); // '6'
 * ```
 */
export function optionGroupMaxLoss(legs: readonly OptionLeg[]): Decimal | undefined {
  let callSlope = new D(0);
  let value = new D(0);
  for (const l of legs) {
    if (l.right === 'call') callSlope = callSlope.plus(l.units);
    value = value.plus(l.value);
  }
  if (callSlope.lt(0)) return undefined;
  return D.max(value.minus(optionGroupMinPayoff(legs)), 0);
}

/**
 * The lowest payoff at expiry of linear options of one expiry, `sum of units * intrinsic(S)` over
 * S = 0 and every strike (no premium; the payoff is piecewise linear with kinks at strikes, so with
 * net short calls it keeps falling past the highest strike: Derive's expiry bound adds an unpaired
 * term for that). Quote currency of the options.
 *
 * @example
 * ```ts
 * // long 1 put 2,500, short 1 put 3,000: worst at S <= 2,500, -500
 * optionGroupMinPayoff([{ units: D(1), strike: D(2500), right: 'put', value: D(0) }, { units: D(-1), strike: D(3000), right: 'put', value: D(0) }]).toString(); // '-500'
 * ```
 */
export function optionGroupMinPayoff(legs: readonly OptionLeg[]): Decimal {
  let worst: Decimal | undefined;
  for (const S of [new D(0), ...legs.map((l) => l.strike)]) {
    let payoff = new D(0);
    for (const l of legs) {
      const intrinsic = l.right === 'call' ? D.max(S.minus(l.strike), 0) : D.max(l.strike.minus(S), 0);
      payoff = payoff.plus(l.units.mul(intrinsic));
    }
    if (worst === undefined || payoff.lt(worst)) worst = payoff;
  }
  return worst!;
}
