import { DECIMAL_ARITHMETIC, type Arithmetic } from '../numeric/Arithmetic.js';
import type { Decimal } from '../numeric/decimal.js';
import type { HaircutCurve } from './CollateralParameters.js';

/** A haircut curve in any number layer (see {@link HaircutCurve}). */
export type HaircutCurveOf<T> = { kind: 'flat'; haircut: T } | { kind: 'tiered'; tiers: { upTo?: T; haircut: T }[] };

/** {@link haircutValue} in any number layer (the Decimal layer's and the exact kernel's share this rule). Internal. */
export function haircutValueOf<T>(A: Arithmetic<T>, value: T, curve: HaircutCurveOf<T>): T {
  if (!(A.sign(value) > 0)) return value;
  if (curve.kind === 'flat') return A.mul(value, A.sub(A.one, curve.haircut));
  let counted = A.zero;
  let lower = A.zero;
  for (const tier of curve.tiers) {
    const upper = tier.upTo === undefined ? value : A.min(value, tier.upTo);
    if (A.cmp(upper, lower) > 0) counted = A.add(counted, A.mul(A.sub(upper, lower), A.sub(A.one, tier.haircut)));
    if (tier.upTo === undefined || !(A.cmp(value, tier.upTo) > 0)) return counted;
    lower = tier.upTo;
  }
  // Past the last bounded band the excess counts for nothing (Binance's tables end there too).
  return counted;
}

/**
 * The value an asset holding counts for after a haircut curve, exact (no rounding here; the caller
 * rounds the account total down once).
 *
 * Flat: `value * (1 - haircut)`. Tiered (Binance-style): the value is cut into bands by the tiers'
 * `upTo` edges and each band counts at `1 - haircut` of its own part; value above the last bounded
 * band counts for nothing. Negative values (borrowing) are never haircut: a debt counts in full, so
 * they are returned unchanged.
 *
 * @param value gross value of the holding in the settlement currency (balance * price).
 * @param curve the haircut curve (fractions in [0, 1]; band edges in the settlement currency).
 * @returns the haircut value in the settlement currency.
 * @example
 * ```ts
 * // 6,000 BTC at 20,000 = 120,000,000; 0-100M at 100%, 100M-120M at 97.5%:
 * haircutValue(D('120000000'), { kind: 'tiered', tiers: [
 *   { upTo: D('100000000'), haircut: D('0') }, { upTo: D('120000000'), haircut: D('0.025') }] }).toFixed();
 * // '119500000'
 * ```
 */
export function haircutValue(value: Decimal, curve: HaircutCurve): Decimal {
  return haircutValueOf(DECIMAL_ARITHMETIC, value, curve);
}
