import { D } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { FuturesContingencyParams } from './MarginParameters.js';

/**
 * Futures contingency: `rate * unitPrice` per unit of underlying held in futures and perpetuals,
 * long or short, gross (Derive PMRM_2's perp contingency `|perp| * spot * percent`). Exact.
 *
 * @param holdings the risk unit's holdings (options are ignored).
 * @returns the add-on, amount in the settlement currency.
 * @example
 * ```ts
 * // short 3 ETH perps at index 2,000, rate 0.015: 3 * 2,000 * 0.015 = 90
 * const perps: Holding[] = [{ symbol: 'ETH-PERP', kind: 'future', underlying: 'ETH', units: D(-3), unitPrice: D(2000), delta: -3 }];
 * futuresContingency(perps, { rate: D('0.015') }).amount.toString(); // '90'
 * ```
 */
export function futuresContingency(holdings: readonly Holding[], p: FuturesContingencyParams): AddOn {
  let amount = new D(0);
  let units = new D(0);
  for (const [, hs] of byUnderlying(holdings)) {
    let g = new D(0);
    for (const h of hs) if (h.kind === 'future') g = g.plus(h.units.abs());
    if (g.isZero()) continue;
    units = units.plus(g);
    amount = amount.plus(g.mul(hs[0]!.unitPrice).mul(p.rate));
  }
  return { name: 'futuresContingency', amount, apply: 'add', inputs: { rate: decimalString(p.rate), grossFutureUnits: decimalString(units) } };
}
