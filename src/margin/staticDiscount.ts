import type { StaticDiscountSpec } from '../scenarios/ScenarioSpec.js';

/**
 * The static discount factors of one expiry (Derive PMRM_2), as floats (model values, like the
 * discount factor they extend): `long = long.base * e^(-T * (r * long.rateMultiple + long.rateAdd))`
 * for a non-negative expiry value, `short = short.base / e^(-T * (r * short.rateMultiple +
 * short.rateAdd))` for a negative one, at most `e^(rT)` when `shortCappedAtUndiscounted`. Without a
 * spec both are 1.
 *
 * @param years time to expiry (ACT/365).
 * @param rate the expiry's continuously compounded rate (decimal).
 * @example
 * ```ts
 * // T = 0.1, r = 0.05, long 0.95 / 1 / 0.08, short 1.04 / 0.5 / 0.08, capped:
 * const spec = {
 *   long: { base: D('0.95'), rateMultiple: D(1), rateAdd: D('0.08') },
 *   short: { base: D('1.04'), rateMultiple: D('0.5'), rateAdd: D('0.08') },
 *   shortCappedAtUndiscounted: true,
 * };
 * const f = staticDiscountFactors(0.1, 0.05, spec);
 * f.long; // 0.937730 = 0.95 * e^-(0.1 x (0.05 + 0.08)) = 0.95 * e^-0.013
 * f.short; // 1.005013 = min(e^0.005, 1.04 * e^(0.1 x (0.5 x 0.05 + 0.08))) = min(1.005013, 1.04 * e^0.0105 = 1.050977)
 * ```
 */
export function staticDiscountFactors(years: number, rate: number, spec: StaticDiscountSpec | undefined): { long: number; short: number } {
  if (!spec) return { long: 1, short: 1 };
  const T = years > 0 ? years : 0;
  const L = spec.long;
  const S = spec.short;
  const long = L.base.toNumber() * Math.exp(-T * (rate * L.rateMultiple.toNumber() + L.rateAdd.toNumber()));
  let short = S.base.toNumber() / Math.exp(-T * (rate * S.rateMultiple.toNumber() + S.rateAdd.toNumber()));
  if (spec.shortCappedAtUndiscounted) {
    const cap = 1 / Math.exp(-rate * T);
    if (cap < short) short = cap;
  }
  return { long, short };
}
