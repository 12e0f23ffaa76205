import type { Decimal } from '../numeric/decimal.js';
import { times } from '../numeric/times.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';

/**
 * The notional of `|quantity|` contracts in the account's settlement currency: what a closing fee
 * and a staleness charge scale with.
 *
 * - future at `price` (quote currency per unit of underlying, normally its mark): linear
 *   `|q| * size * price`, inverse `|q| * size / price` coins, each converted at the settlement
 *   currency's price. A future closes at its price, so its fee is on the notional at that price
 *   (this makes the reduction plan's cost the closed form `n * P * fee`).
 * - option: the underlying it controls at the index, `|q| * size * index` (linear) or
 *   `|q| * size` coins (inverse), converted the same way; `price` is not used.
 *
 * @param v the instrument's valuation (index, settlement price).
 * @param quantity contracts (the sign is ignored).
 * @param price futures: quote currency per unit of underlying, > 0.
 * @returns settlement currency, exact.
 * @example
 * ```ts
 * // 223 ETH-PERP at mark 3,502.5 (index 3,500): 223 x 3,502.5 = 781,057.5
 * const ethPerp = market.instruments.get('ETH-PERP')!;
tradeNotional(valueInstrument(market, ethPerp), D(223), D('3502.5')).toString(); // '781057.5'
 * ```
 */
export function tradeNotional(v: InstrumentValuation, quantity: Decimal, price: Decimal): Decimal {
  const inst = v.instrument;
  const units = times(quantity.abs(), inst.contractSize);
  const C = v.settlementPrice;
  if (inst.kind === 'future') return times(inst.settlement === 'linear' ? units.mul(price) : units.div(price), C);
  return times(inst.settlement === 'linear' ? units.mul(v.index) : units, C);
}
