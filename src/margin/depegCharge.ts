import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { DepegChargeParams } from './MarginParameters.js';

/**
 * Stable de-peg charge (Derive's standard manager): while the settlement currency's peg price `peg`
 * is below `threshold`, `(threshold - peg) * factor * unitPrice` per unit of underlying held in
 * futures (long or short) and in short options; 0 otherwise. Exact.
 *
 * @param holdings the risk unit's holdings.
 * @param peg the settlement currency's price in the unit it tracks (`market.peg.price`, 1 when absent).
 * @example
 * ```ts
 * // USDC at 0.9, threshold 0.98, factor 1.2: k = (0.98 - 0.9) x 1.2 = 0.096; short 1 ETH put at index 2,000: 0.096 x 2,000 = 192
 * const put: Holding[] = [{ symbol: 'ETH-P', kind: 'option', underlying: 'ETH', units: D(-1), unitPrice: D(2000), delta: 0.5, right: 'put', strike: D(2000), expiryMs: Date.parse('2026-12-25T08:00:00Z') }];
 * depegCharge(put, { threshold: D('0.98'), factor: D('1.2') }, D('0.9')).amount.toString(); // '192'
 * ```
 */
export function depegCharge(holdings: readonly Holding[], p: DepegChargeParams, peg: Decimal): AddOn {
  const k = peg.lt(p.threshold) ? p.threshold.minus(peg).mul(p.factor) : new D(0);
  let amount = new D(0);
  let units = new D(0);
  for (const [, hs] of byUnderlying(holdings)) {
    let n = new D(0);
    for (const h of hs) {
      if (h.kind === 'future') n = n.plus(h.units.abs());
      else if (h.units.lt(0)) n = n.minus(h.units);
    }
    units = units.plus(n);
    if (!k.isZero()) amount = amount.plus(n.mul(hs[0]!.unitPrice).mul(k));
  }
  return {
    name: 'depeg',
    amount,
    apply: 'add',
    inputs: { threshold: decimalString(p.threshold), factor: decimalString(p.factor), peg: decimalString(peg), units: decimalString(units) },
  };
}
