import { compareKeys } from '../numeric/compareKeys.js';
import { D } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { DeltaContingencyParams } from './MarginParameters.js';

/**
 * Delta / option contingency per underlying: `netDeltaRate * |net delta| * unitPrice` (net delta in
 * units of underlying, float, summed in symbol order and rounded up through `fromFloat`) plus
 * `grossOptionRate * unitPrice` per option unit held long or short (exact).
 *
 * @example
 * ```ts
 * // 200 option units (long and short) at 100,000, grossOptionRate 0.01: 200 * 0.01 * 100,000 = 200,000
 * deltaContingency(holdings, { netDeltaRate: D(0), grossOptionRate: D('0.01') }).amount.toString(); // '200000'
 * ```
 */
export function deltaContingency(holdings: readonly Holding[], p: DeltaContingencyParams): AddOn {
  let amount = new D(0);
  let gross = new D(0);
  let absDeltaTotal = 0;
  for (const [, hs] of byUnderlying(holdings)) {
    const sorted = [...hs].sort((a, b) => compareKeys(a.symbol, b.symbol));
    let delta = 0;
    let g = new D(0);
    for (const h of sorted) {
      delta += h.delta;
      if (h.kind === 'option') g = g.plus(h.units.abs());
    }
    const price = sorted[0]!.unitPrice;
    absDeltaTotal += Math.abs(delta);
    gross = gross.plus(g);
    amount = amount.plus(fromFloat(Math.abs(delta), 'against-account-loss').mul(p.netDeltaRate).mul(price)).plus(g.mul(p.grossOptionRate).mul(price));
  }
  return {
    name: 'deltaContingency',
    amount,
    apply: 'add',
    inputs: { netDeltaRate: decimalString(p.netDeltaRate), grossOptionRate: decimalString(p.grossOptionRate), absNetDelta: absDeltaTotal, grossOptionUnits: decimalString(gross) },
  };
}
