import type { Arithmetic } from '../numeric/Arithmetic.js';
import { borrowChargeOf } from './borrowCharge.js';
import { haircutValueOf, type HaircutCurveOf } from './haircutValue.js';

/**
 * One collateral balance's values (settlement currency), in any number layer: gross `balance * price`,
 * after the initial and maintenance haircuts (`haircut` absent: none; `maintenance` absent: the
 * initial curve), and the borrow charge on a debt. The rule shared by the Decimal layer
 * (`collateralComponents`) and the exact kernel. Internal.
 */
export function collateralLineValues<T>(
  A: Arithmetic<T>,
  balance: T,
  price: T,
  haircut: { initial: HaircutCurveOf<T>; maintenance?: HaircutCurveOf<T> } | undefined,
  borrowTiers: readonly { upTo?: T; rate: T }[],
): { value: T; initialValue: T; maintenanceValue: T; borrowCharge: T } {
  const gross = A.mul(balance, price);
  const initialValue = haircut ? haircutValueOf(A, gross, haircut.initial) : gross;
  const maintenanceValue = haircut ? haircutValueOf(A, gross, haircut.maintenance ?? haircut.initial) : gross;
  const borrowCharge = A.sign(gross) < 0 ? borrowChargeOf(A, A.neg(gross), borrowTiers) : A.zero;
  return { value: gross, initialValue, maintenanceValue, borrowCharge };
}
