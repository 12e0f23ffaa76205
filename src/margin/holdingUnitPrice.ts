import type { Decimal } from '../numeric/decimal.js';
import { unitPrice } from '../schema/unitPrice.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';

/**
 * The price of one unit of an instrument's underlying in the account's settlement currency, as the
 * add-ons value it (settlement currency per unit of underlying):
 *
 * - inverse instruments: the price of their settlement coin, which is one unit of the underlying
 *   (1 in an account settled in that coin: a BTC-settled account values 1 BTC of exposure at 1 BTC,
 *   not at the index in USD);
 * - linear instruments and options: the underlying's index (quote currency per unit), converted from
 *   the quote currency at its price in the settlement currency (1 when they are the same).
 *
 * A quote currency with no price is an error, never taken at par: an add-on in USD passed off as
 * BTC would be a wrong number. (A valued instrument always has the prices this needs.) The one rule
 * both number layers read a holding's unit price from. Internal.
 *
 * @throws MarginInputError `missing_index` (no index for the underlying) or `missing_asset_price`
 *   (no price for the settlement coin or the quote currency), argument `market`.
 * @example
 * ```ts
 * // The sample market settles in USDC; BTC-PERP is linear, quoted in USDC: the BTC index.
 * holdingUnitPrice(market, market.instruments.get('BTC-PERP')!).toFixed(); // '100000'
 * // In a BTC-settled market an inverse BTC perpetual (quote USD, settles BTC) gives '1': 1 BTC per BTC.
 * ```
 */
export function holdingUnitPrice(m: MarketSnapshot, inst: Instrument): Decimal {
  const price = unitPrice(m, inst);
  if (price !== undefined) return price;
  if (inst.settlement === 'inverse') return missing(['assets', inst.settlementCurrency], `no price for ${inst.settlementCurrency}, the coin ${inst.symbol} settles in`);
  if (!m.underlyings.has(inst.underlying)) throw new MarginInputError([{ code: 'missing_index', path: ['underlyings', inst.underlying], message: `no index price for underlying ${inst.underlying}`, argument: 'market' }]);
  return missing(['assets', inst.quoteCurrency], `no price for ${inst.quoteCurrency}, the quote currency of ${inst.symbol}, in the settlement currency ${m.settlementCurrency}`);
}

function missing(path: string[], message: string): never {
  throw new MarginInputError([{ code: 'missing_asset_price', path, message, argument: 'market' }]);
}

/**
 * What turns a risk array's delta (settlement currency per quote unit of index move) into units of
 * underlying for an instrument: `[index, unitPrice]` as floats where the unit price is not the index
 * itself (an inverse instrument, a converted quote currency), undefined where it is. Computed once
 * per snapshot and instrument by each number layer. Internal.
 */
export function deltaConversion(index: Decimal, unitPrice: Decimal): readonly [number, number] | undefined {
  // The same object more often than not (a linear instrument's unit price is the index): no comparison then.
  return unitPrice === index || unitPrice.eq(index) ? undefined : [index.toNumber(), unitPrice.toNumber()];
}

/**
 * A holding's delta in units of underlying (float, as the add-ons read it): `qty x arrayDelta`, times
 * `index / unitPrice` where {@link deltaConversion} says so. The one float rule both number layers use.
 * Internal.
 *
 * @example
 * ```ts
 * holdingDelta(2, 0.5, undefined); // 1
 * holdingDelta(2, 0.5, [65000, 1]); // 65000 (an inverse perpetual in a BTC account: coin per USD of move x index)
 * ```
 */
export function holdingDelta(qty: number, arrayDelta: number, conversion: readonly [number, number] | undefined): number {
  const d = qty * arrayDelta;
  return conversion ? (d * conversion[0]) / conversion[1] : d;
}
