import type { Instrument } from './instrumentSchema.js';
import type { MarketSnapshot } from './marketSchema.js';

/**
 * True when the snapshot gives an option a vol: an `iv` or a `price` mark, or an SVI smile for its
 * underlying and expiry. (Futures: false.) `mark`: the option's mark, when the caller has looked it up already.
 *
 * @example
 * ```ts
 * hasVolSource(market, market.instruments.get('BTC-25DEC26-100000-C')!); // true: the sample market marks it
hasVolSource(market, market.instruments.get('BTC-PERP')!); // false: a future has no vol
 * ```
 */
export function hasVolSource(market: MarketSnapshot, inst: Instrument, mark = market.marks.get(inst.symbol)): boolean {
  if (inst.kind !== 'option') return false;
  if (mark?.price !== undefined || mark?.iv !== undefined) return true;
  return market.underlyings.get(inst.underlying)?.expiries?.get(inst.expiryMs!)?.svi !== undefined;
}
