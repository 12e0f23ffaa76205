import type { Decimal } from '../numeric/decimal.js';
import type { LossFactorParams } from './MarginParameters.js';

/** The loss factors in force: MM, IM (de-peg increase included) and that increase when it applies. */
export interface LossFactors {
  mm: Decimal;
  im: Decimal;
  depegIncrease?: Decimal;
}

/**
 * The MM and IM loss factors at a market (Derive PMRM_2): `mm` and `im` as given, `im` raised by
 * `(threshold - peg) * factor` while the settlement currency's peg price is below the de-peg threshold.
 *
 * @param peg the settlement currency's price in the unit it tracks (`market.peg.price`, 1 when absent).
 * @example
 * ```ts
 * // USDC at 0.56, threshold 0.98, factor 2: IM factor 1 + 0.42 * 2 = 1.84
 * lossFactors({ mm: D('0.8'), im: D(1), depeg: { threshold: D('0.98'), factor: D(2) } }, D('0.56')).im.toString(); // '1.84'
 * ```
 */
export function lossFactors(p: LossFactorParams, peg: Decimal): LossFactors {
  const d = p.depeg;
  if (!d || !peg.lt(d.threshold)) return { mm: p.mm, im: p.im };
  const depegIncrease = d.threshold.minus(peg).mul(d.factor);
  return { mm: p.mm, im: p.im.plus(depegIncrease), depegIncrease };
}
