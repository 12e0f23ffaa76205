import type { Decimal } from '../numeric/decimal.js';
import { times } from '../numeric/times.js';
import type { Instrument } from './instrumentSchema.js';
import type { MarketSnapshot } from './marketSchema.js';

/**
 * The value of one unit of an instrument's underlying at the index, in the market's settlement
 * currency (what per-unit add-ons, gross notionals and concentration measures multiply by). The index
 * is quoted in the instrument's quote currency, so it is converted:
 *
 * - quote currency = settlement currency: the index itself;
 * - the quote currency has an asset price: `index * price`;
 * - an inverse instrument whose settlement coin is tied to its underlying in the market's assets (BTC
 *   settling a BTC/USD or BTC/JPY contract): the coin is one unit of the underlying, so a unit is
 *   worth the coin's price (1 when the coin is the settlement currency itself, listed with its tie);
 * - otherwise there is no conversion: `undefined` (checkAccount reports `missing_asset_price` for the
 *   quote currency). A quote currency is never taken at par.
 *
 * Internal (not re-exported from the package).
 *
 * @returns settlement currency per unit of underlying, or undefined.
 * @example
 * ```ts
 * unitPrice(market, market.instruments.get('BTC-USD-PERP-INV')!)?.toFixed(); // '100000' (the BTC coin's price)
 * ```
 */
export function unitPrice(market: MarketSnapshot, inst: Instrument): Decimal | undefined {
  const index = market.underlyings.get(inst.underlying)?.index;
  if (index === undefined) return undefined;
  if (inst.quoteCurrency === market.settlementCurrency) return index;
  const quote = market.assets.get(inst.quoteCurrency);
  if (quote !== undefined) return times(index, quote.price);
  if (inst.settlement === 'inverse') {
    const coin = market.assets.get(inst.settlementCurrency);
    if (coin !== undefined && coin.underlying === inst.underlying) return coin.price;
  }
  return undefined;
}
