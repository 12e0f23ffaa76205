import { DECIMAL_ARITHMETIC, type Arithmetic } from '../numeric/Arithmetic.js';
import type { Decimal } from '../numeric/decimal.js';

/**
 * Account status, from best to worst. `healthy`: equity >= IM. `reduce_only`: MM <= equity < IM.
 * `margin_call`: equity below MM x (1 + band) (a warning band above MM). `liquidatable`: equity < MM.
 * `bankrupt`: equity (at market value, before haircuts) < 0.
 */
export type AccountStatus = 'healthy' | 'reduce_only' | 'margin_call' | 'liquidatable' | 'bankrupt';

/** Status order, best first: a higher index is worse. */
export const STATUS_ORDER: readonly AccountStatus[] = ['healthy', 'reduce_only', 'margin_call', 'liquidatable', 'bankrupt'];

/**
 * Classifies an account from its equities and requirements (settlement currency). The worst
 * condition that holds wins: bankrupt, then liquidatable, margin call, reduce-only, healthy. Every
 * test is monotone in equity, so more collateral never gives a worse status.
 *
 * @param x `equity` at market value, `initialEquity` / `maintenanceEquity` after IM / MM haircuts,
 *   `im` and `mm` requirements, `marginCallBand` (fraction >= 0).
 * @example
 * ```ts
 * accountStatus({ equity: D(120), initialEquity: D(120), maintenanceEquity: D(120), im: D(150), mm: D(100), marginCallBand: D('0.25') });
 * // 'margin_call' (120 < 100 x 1.25)
 * ```
 */
export function accountStatus(x: { equity: Decimal; initialEquity: Decimal; maintenanceEquity: Decimal; im: Decimal; mm: Decimal; marginCallBand: Decimal }): AccountStatus {
  return accountStatusOf(DECIMAL_ARITHMETIC, x);
}

/** {@link accountStatus} in any number layer (shared by the Decimal layer and the exact kernel). Internal. */
export function accountStatusOf<T>(A: Arithmetic<T>, x: { equity: T; initialEquity: T; maintenanceEquity: T; im: T; mm: T; marginCallBand: T }): AccountStatus {
  if (A.sign(x.equity) < 0) return 'bankrupt';
  if (A.cmp(x.maintenanceEquity, x.mm) < 0) return 'liquidatable';
  if (A.cmp(x.maintenanceEquity, A.mul(x.mm, A.add(A.one, x.marginCallBand))) < 0) return 'margin_call';
  if (A.cmp(x.initialEquity, x.im) < 0) return 'reduce_only';
  return 'healthy';
}
