import { D, type Decimal } from '../numeric/decimal.js';
import type { HaircutCurve } from './CollateralParameters.js';

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
  if (!value.gt(0)) return value;
  if (curve.kind === 'flat') return value.mul(new D(1).minus(curve.haircut));
  let counted = new D(0);
  let lower = new D(0);
  for (const tier of curve.tiers) {
    const upper = tier.upTo === undefined ? value : D.min(value, tier.upTo);
    if (upper.gt(lower)) counted = counted.plus(upper.minus(lower).mul(new D(1).minus(tier.haircut)));
    if (tier.upTo === undefined || !value.gt(tier.upTo)) return counted;
    lower = tier.upTo;
  }
  // Past the last bounded band the excess counts for nothing (Binance's tables end there too).
  return counted;
}
