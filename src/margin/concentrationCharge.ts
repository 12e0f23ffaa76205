import { bandedAmount } from '../numeric/bandedAmount.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn } from './Holding.js';
import type { ConcentrationParams } from './MarginParameters.js';

/**
 * Concentration add-on: `rate * (bandedAmount(measure, bands) - measure)`, never below 0 (see
 * {@link bandedAmount}).
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
