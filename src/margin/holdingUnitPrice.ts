import { D, type Decimal } from '../numeric/decimal.js';
import { times } from '../numeric/times.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';

/**
 * The price of one unit of an instrument's underlying in the account's settlement currency, as the
 * add-ons value it: the underlying's index converted from the instrument's quote currency (a quote
 * currency without a price, USD against USDC, is taken at par; no index: 0). The one rule both number
 * layers read a holding's unit price from. Internal.
 */
export function holdingUnitPrice(m: MarketSnapshot, inst: Instrument): Decimal {
  const index = m.underlyings.get(inst.underlying)?.index ?? new D(0);
  const quote = inst.quoteCurrency;
  return times(index, quote === m.settlementCurrency ? new D(1) : (m.assets.get(quote)?.price ?? new D(1)));
}
