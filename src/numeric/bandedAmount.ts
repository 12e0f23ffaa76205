import { D, type Decimal } from './decimal.js';

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
  let out = new D(0);
  let lower = new D(0);
  let lastMult = new D(1);
  for (const b of bands) {
    lastMult = b.multiplier;
    if (!x.gt(lower)) return out;
    const top = b.upTo === undefined ? x : D.min(x, b.upTo);
    out = out.plus(top.minus(lower).mul(b.multiplier));
    if (b.upTo === undefined) return out;
    lower = b.upTo;
  }
  return x.gt(lower) ? out.plus(x.minus(lower).mul(lastMult)) : out;
}
