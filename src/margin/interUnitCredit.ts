import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import type { InterUnitCreditParams } from './MarginParameters.js';

/**
 * SPAN-style inter-unit (inter-commodity) credit between two risk units with net deltas of
 * opposite sign: `spreads = min(|dA| / ratioA, |dB| / ratioB)`, credit
 * `rate * spreads * (ratioA * scanA / |dA| + ratioB * scanB / |dB|)`, rounded down (in the
 * account's disfavour) and at most `scanA + scanB`. 0 when the deltas do not offset.
 *
 * @param deltaA net delta of unit A, units of underlying (float).
 * @param scanA scan risk of unit A, settlement currency.
 * @example
 * ```ts
 * // dA = +10, dB = -20, ratio 1:2, scan 1,000 and 2,000, rate 0.5: spreads 10, credit 0.5*10*(100+200) = 1,500
 * interUnitCredit(10, D(1000), -20, D(2000), { units: ['BTC', 'ETH'], deltaRatio: [D(1), D(2)], rate: D('0.5') }).amount.toString(); // '1500'
 * ```
 */
export function interUnitCredit(deltaA: number, scanA: Decimal, deltaB: number, scanB: Decimal, p: InterUnitCreditParams): { amount: Decimal; spreads: number } {
  if (!(deltaA * deltaB < 0)) return { amount: new D(0), spreads: 0 };
  const ra = p.deltaRatio[0].toNumber();
  const rb = p.deltaRatio[1].toNumber();
  const aa = Math.abs(deltaA);
  const ab = Math.abs(deltaB);
  const spreads = Math.min(aa / ra, ab / rb);
  const credit = p.rate.toNumber() * spreads * ((ra * scanA.toNumber()) / aa + (rb * scanB.toNumber()) / ab);
  const amount = D.min(fromFloat(credit, 'against-account-value'), scanA.plus(scanB));
  return { amount: D.max(amount, 0), spreads };
}
