import { DECIMAL_ARITHMETIC, type Arithmetic } from './Arithmetic.js';
import type { Decimal } from './decimal.js';

/**
 * {@link bandedAmount} in any number layer (the Decimal layer's and the exact kernel's share this
 * rule). Internal (not re-exported from the package).
 */
export function bandedAmountOf<T>(A: Arithmetic<T>, x: T, bands: readonly { upTo?: T; multiplier: T }[]): T {
  let out = A.zero;
  let lower = A.zero;
  let lastMult = A.one;
  for (const b of bands) {
    lastMult = b.multiplier;
    if (!(A.cmp(x, lower) > 0)) return out;
    const top = b.upTo === undefined ? x : A.min(x, b.upTo);
    out = A.add(out, A.mul(A.sub(top, lower), b.multiplier));
    if (b.upTo === undefined) return out;
    lower = b.upTo;
  }
  return A.cmp(x, lower) > 0 ? A.add(out, A.mul(A.sub(x, lower), lastMult)) : out;
}

/**
 * Applies incremental band multipliers to an amount: each part of `x` that falls in a band is
 * multiplied by that band's multiplier (like income-tax brackets). The part above the last bounded
 * band keeps the last band's multiplier. The one banding mechanism behind the concentration add-on
 * (OKX-style multipliers) and the borrow charge (rates per band).
 *
 * @param x a non-negative amount (settlement currency); 0 or less gives 0 when there are bands.
 * @param bands rising `upTo` edges (settlement currency; undefined = unbounded, last band only) and
 *   their multipliers (dimensionless factors, or rates as fractions).
 * @returns the banded amount, exact, in the unit of `x`.
 * @example
 * ```ts
 * // OKX style: 30,000 in [0, 10k] x1 and (10k, 70k] x2 -> 10,000 * 1 + 20,000 * 2 = 50,000
 * bandedAmount(D(30000), [{ upTo: D(10000), multiplier: D(1) }, { upTo: D(70000), multiplier: D(2) }]).toString(); // '50000'
 * ```
 */
export function bandedAmount(x: Decimal, bands: readonly { upTo?: Decimal; multiplier: Decimal }[]): Decimal {
  return bandedAmountOf(DECIMAL_ARITHMETIC, x, bands);
}
