import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn } from './Holding.js';
import type { ConcentrationBand, ConcentrationParams } from './MarginParameters.js';

/**
 * Applies incremental band multipliers to an amount: each part of `x` that falls in a band is
 * multiplied by that band's multiplier (like income-tax brackets). The part above the last bounded
 * band keeps the last band's multiplier.
 *
 * @param x a non-negative amount (settlement currency).
 * @example
 * ```ts
 * // OKX style: 30,000 in [0, 10k] x1 and (10k, 70k] x2 -> 10,000 * 1 + 20,000 * 2 = 50,000
 * bandedAmount(D(30000), [{ upTo: D(10000), multiplier: D(1) }, { upTo: D(70000), multiplier: D(2) }]).toString(); // '50000'
 * ```
 */
export function bandedAmount(x: Decimal, bands: readonly ConcentrationBand[]): Decimal {
  let out = new D(0);
  let lower = new D(0);
  let lastMult = new D(1);
  for (const b of bands) {
    lastMult = b.multiplier;
    if (!x.gt(lower)) return out;
    const top = b.upTo === undefined ? x : D.min(x, b.upTo);
    out = out.plus(top.minus(lower).mul(b.multiplier));
    if (b.upTo === undefined) return out;
    lower = b.upTo;
  }
  return x.gt(lower) ? out.plus(x.minus(lower).mul(lastMult)) : out;
}

/**
 * Concentration add-on: `rate * (bandedAmount(measure) - measure)`, never below 0.
 *
 * @param measure the unit's scan risk or gross notional (settlement currency), per `p.measure`.
 * @example
 * ```ts
 * concentrationCharge(D(30000), { measure: 'scanRisk', rate: D(1), bands }).amount.toString(); // '20000'
 * ```
 */
export function concentrationCharge(measure: Decimal, p: ConcentrationParams): AddOn {
  const banded = bandedAmount(D.max(measure, 0), p.bands);
  const amount = D.max(banded.minus(D.max(measure, 0)).mul(p.rate), 0);
  return { name: 'concentration', amount, apply: 'add', inputs: { measure: p.measure, raw: decimalString(measure), banded: decimalString(banded), rate: decimalString(p.rate) } };
}
