import { D, type Decimal } from '../numeric/decimal.js';
import type { SpanRiskArray } from './SpanFile.js';

const memo = new WeakMap<SpanRiskArray, readonly Decimal[]>();

/**
 * The values of a risk array as exact Decimals: `units[s] / 10^scale`, the loss of one long contract
 * in scenario `s + 1` in the commodity's currency (loss positive). Computed once per array
 * (memoised on the frozen array object).
 *
 * @example
 * ```ts
 * // scale 2: units are hundredths of the currency
 * const units = [0, 0, -58333, 58333, -58333, 58333, 116700, -116700, 116700, -116700, 175000, -175000, 173300, -173300, 100000, -100000];
 * riskArrayValues({ r: 1, scale: 2, units, delta: D(1) })[2].toString(); // '-583.33' (units[2] / 10^2 = -58333 / 100)
 * ```
 */
export function riskArrayValues(a: SpanRiskArray): readonly Decimal[] {
  let v = memo.get(a);
  if (v === undefined) {
    const div = new D(10).pow(a.scale);
    v = Object.freeze(a.units.map((u) => (u === 0 ? new D(0) : a.scale === 0 ? new D(u) : new D(u).div(div))));
    memo.set(a, v);
  }
  return v;
}
