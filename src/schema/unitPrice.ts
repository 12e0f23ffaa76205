import { D, type Decimal } from '../numeric/decimal.js';
import { times } from '../numeric/times.js';
import type { Instrument } from './instrumentSchema.js';
import type { MarketSnapshot } from './marketSchema.js';

/**
 * The value of one unit of an instrument's underlying at the index, in the market's settlement
 * currency (what per-unit add-ons, gross notionals and concentration measures multiply by):
 *
 * - an inverse instrument: its settlement coin is one unit of the underlying, so a unit is worth the
 *   coin's price (1 when the coin is the settlement currency itself: a BTC-settled account values
 *   1 BTC of exposure at 1 BTC, not at the index in USD); undefined when the coin has no price;
 * - a linear instrument or an option: the index (quoted in the instrument's quote currency),
 *   converted at the quote currency's price in the settlement currency (the index itself when they
 *   are the same); undefined when the quote currency has no price (checkAccount reports
 *   `missing_asset_price`). A quote currency is never taken at par.
 *
 * The one rule both number layers read a holding's unit price from. Internal (not re-exported from
 * the package).
 *
 * @param index the underlying's index, when the caller has looked it up already.
 * @returns settlement currency per unit of underlying, or undefined.
 * @example
 * ```ts
 * unitPrice(market, market.instruments.get('BTC-PERP')!)?.toFixed(); // '100000' (the BTC index, quoted in USDC)
 * ```
 */
export function unitPrice(market: MarketSnapshot, inst: Instrument, index = inst.settlement === 'inverse' ? undefined : market.underlyings.get(inst.underlying)?.index): Decimal | undefined {
  if (inst.settlement === 'inverse') {
    if (inst.settlementCurrency === market.settlementCurrency) return new D(1);
    return market.assets.get(inst.settlementCurrency)?.price;
  }
  if (index === undefined) return undefined;
  if (inst.quoteCurrency === market.settlementCurrency) return index;
  const quote = market.assets.get(inst.quoteCurrency);
  return quote === undefined ? undefined : times(index, quote.price);
}
