import type { Decimal } from '../numeric/decimal.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { unitPrice } from '../schema/unitPrice.js';

/**
 * The price of one unit of an instrument's underlying in the account's settlement currency, as the
 * add-ons value it: the underlying's index converted from the instrument's quote currency by
 * {@link unitPrice} (never at par). The one rule both number layers read a holding's unit price from.
 * Internal.
 *
 * @throws MarginInputError `missing_asset_price` (argument `market`, at `['assets', quote]`) when the
 *   quote currency cannot be converted; checkAccount reports it first, this guards the paths that do
 *   not run it (marginFromRiskArrays).
 */
export function holdingUnitPrice(m: MarketSnapshot, inst: Instrument): Decimal {
  const price = unitPrice(m, inst);
  if (price === undefined) {
    throw new MarginInputError([{ code: 'missing_asset_price', path: ['assets', inst.quoteCurrency], message: `no price for quote currency ${inst.quoteCurrency} of ${inst.symbol} in the market's assets`, argument: 'market' }]);
  }
  return price;
}
