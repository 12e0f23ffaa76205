import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { bandedAmountOf } from '../numeric/bandedAmount.js';
import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn, Holding } from './Holding.js';
import type { ConcentrationParams } from './MarginParameters.js';

/**
 * The concentration add-on's amount and banded measure, in any number layer. Shared by both. Internal.
 *
 * @example
 * ```ts
 * // 30,000 through bands 10,000 x 1 then x 2: banded 10,000 + 20,000 x 2 = 50,000; (50,000 - 30,000) x rate 1
 * const c = concentrationOf(DECIMAL_ARITHMETIC, D(30000), bands, D(1));
 * [c.amount.toString(), c.banded.toString()]; // ['20000', '50000']
 * ```
 */
export function concentrationOf<T>(A: Arithmetic<T>, measure: T, bands: readonly { upTo?: T; multiplier: T }[], rate: T): { amount: T; banded: T } {
  const banded = bandedAmountOf(A, A.max(measure, A.zero), bands);
  return { amount: A.max(A.mul(A.sub(banded, A.max(measure, A.zero)), rate), A.zero), banded };
}

/**
 * Gross notional of a unit's holdings, `sum |units| * unitPrice` (settlement currency): the concentration measure `grossNotional`. Internal.
 *
 * @example
 * ```ts
 * // (2 + 5 + 100 + 100) x 100,000 + 10 x 3,500 = 20,735,000
 * grossNotional(DECIMAL_ARITHMETIC, holdings).toString(); // '20735000'
 * ```
 */
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
