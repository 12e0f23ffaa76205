import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';

/**
 * The underlying whose coin the market's settlement currency is (a BTC-settled market: `'BTC'`), or
 * undefined for a settlement currency that is no underlying's coin (USDC). Declared by the market as
 * `assets[settlementCurrency] = { price: '1', underlying }`; otherwise implied by the instrument
 * table: an inverse instrument pays in its underlying's coin, so the underlying of the inverse
 * instruments that settle in the settlement currency is the one. Amounts stated in an index's quote
 * currency (USD: Deribit's dampener, offset cap, delta-shock threshold, and the extended table's P&L)
 * convert to such a settlement coin at that underlying's index; to any other settlement currency at
 * par (USD against USDC).
 *
 * @throws MarginInputError (`invalid_value` at `assets.<settlement>.underlying`, argument `market`)
 *   when inverse instruments of several underlyings settle in the settlement currency and the market
 *   does not declare which one it is.
 * @example
 * ```ts
 * // settlementCurrency 'BTC', BTC-PERPETUAL inverse on underlying 'BTC' settling in BTC:
 * const btcSettled = parseMarket({ asOf: '2026-11-29T08:00:00Z', settlementCurrency: 'BTC', underlyings: { BTC: { index: '100000' } }, assets: {},
 *   instruments: [{ symbol: 'BTC-PERPETUAL', kind: 'future', underlying: 'BTC', quoteCurrency: 'USD', settlementCurrency: 'BTC', settlement: 'inverse', contractSize: '10' }],
 *   marks: { 'BTC-PERPETUAL': { price: '100000' } } });
 * settlementUnderlying(btcSettled); // 'BTC'
 * settlementUnderlying(market); // undefined: the sample market settles in USDC
 * ```
 */
export function settlementUnderlying(m: MarketSnapshot): string | undefined {
  const declared = m.assets.get(m.settlementCurrency)?.underlying;
  if (declared !== undefined) return declared;
  // The implied tie depends on the instrument table only (immutable once parsed): found once per table.
  let bySettlement = memo.get(m.instruments);
  if (!bySettlement) memo.set(m.instruments, (bySettlement = new Map()));
  const hit = bySettlement.get(m.settlementCurrency);
  if (hit !== undefined) return hit.underlying;
  let found: string | undefined;
  for (const inst of m.instruments.values()) {
    if (inst.settlement !== 'inverse' || inst.settlementCurrency !== m.settlementCurrency || inst.underlying === found) continue;
    if (found !== undefined) {
      throw new MarginInputError([
        {
          code: 'invalid_value',
          path: ['assets', m.settlementCurrency, 'underlying'],
          message: `inverse instruments of ${found} and ${inst.underlying} both settle in ${m.settlementCurrency}: declare which underlying's coin ${m.settlementCurrency} is (assets.${m.settlementCurrency} = { price: '1', underlying })`,
          argument: 'market',
        },
      ]);
    }
    found = inst.underlying;
  }
  bySettlement.set(m.settlementCurrency, { underlying: found });
  return found;
}

const memo = new WeakMap<MarketSnapshot['instruments'], Map<string, { underlying: string | undefined }>>();
