import { DECIMAL_ARITHMETIC, type Arithmetic } from '../numeric/Arithmetic.js';
import type { Decimal } from '../numeric/decimal.js';
import type { InterUnitCreditParams } from './MarginParameters.js';

/** {@link interUnitCredit} in any number layer (shared by the Decimal layer and the exact kernel). Internal. */
export function interUnitCreditOf<T>(A: Arithmetic<T>, deltaA: number, scanA: T, deltaB: number, scanB: T, p: InterUnitCreditParams): { amount: T; spreads: number } {
  if (!(deltaA * deltaB < 0)) return { amount: A.zero, spreads: 0 };
  const ra = p.deltaRatio[0].toNumber();
  const rb = p.deltaRatio[1].toNumber();
  const aa = Math.abs(deltaA);
  const ab = Math.abs(deltaB);
  const spreads = Math.min(aa / ra, ab / rb);
  const credit = p.rate.toNumber() * spreads * ((ra * A.toNumber(scanA)) / aa + (rb * A.toNumber(scanB)) / ab);
  const amount = A.min(A.fromFloat(credit, 'against-account-value'), A.add(scanA, scanB));
  return { amount: A.max(amount, A.zero), spreads };
}

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
  return interUnitCreditOf(DECIMAL_ARITHMETIC, deltaA, scanA, deltaB, scanB, p);
}
