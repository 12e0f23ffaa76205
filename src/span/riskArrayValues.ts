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
 * riskArrayValues({ r: 1, scale: 2, units: [0, 0, -58333, ...], delta: D(1) })[2].toString(); // '-583.33'
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
