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
  const points = [new D(0), ...legs.map((l) => l.strike)];
  let worst = new D(0);
  for (const S of points) {
    let payoff = new D(0);
    for (const l of legs) {
      const intrinsic = l.right === 'call' ? D.max(S.minus(l.strike), 0) : D.max(l.strike.minus(S), 0);
      payoff = payoff.plus(l.units.mul(intrinsic));
    }
    const loss = value.minus(payoff);
    if (loss.gt(worst)) worst = loss;
  }
  return worst;
}
