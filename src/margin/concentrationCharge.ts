import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { bandedAmountOf } from '../numeric/bandedAmount.js';
import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn, Holding } from './Holding.js';
import type { ConcentrationParams } from './MarginParameters.js';

/** The concentration add-on's amount and banded measure, in any number layer. Shared by both. Internal. */
export function concentrationOf<T>(A: Arithmetic<T>, measure: T, bands: readonly { upTo?: T; multiplier: T }[], rate: T): { amount: T; banded: T } {
  const banded = bandedAmountOf(A, A.max(measure, A.zero), bands);
  return { amount: A.max(A.mul(A.sub(banded, A.max(measure, A.zero)), rate), A.zero), banded };
}

/** Gross notional of a unit's holdings, `sum |units| * unitPrice` (settlement currency): the concentration measure `grossNotional`. Internal. */
export function grossNotional<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[]): T {
  let measure = A.zero;
  for (const x of holdings) measure = A.add(measure, A.mul(A.abs(x.units), x.unitPrice));
  return measure;
}

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
  const { amount, banded } = concentrationOf(DECIMAL_ARITHMETIC, measure, p.bands, p.rate);
  return { name: 'concentration', amount, apply: 'add', inputs: { measure: p.measure, raw: decimalString(measure), banded: decimalString(banded), rate: decimalString(p.rate) } };
}
