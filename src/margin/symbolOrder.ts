import { compareKeys } from '../numeric/compareKeys.js';

/**
 * The indices of a list of holdings in symbol order (the canonical order of every float sum over
 * them); the identity, without sorting, when the list is in that order already (a netted unit's
 * holdings are). Internal.
 *
 * @example
 * ```ts
 * symbolOrder([{ symbol: 'ETH-PERP' }, { symbol: 'BTC-PERP' }]); // [1, 0]
 * ```
 */
export function symbolOrder(holdings: readonly { symbol: string }[]): number[] {
  const order = holdings.map((_, i) => i);
  for (let i = 1; i < holdings.length; i++) {
    if (compareKeys(holdings[i - 1]!.symbol, holdings[i]!.symbol) > 0) return order.sort((a, b) => compareKeys(holdings[a]!.symbol, holdings[b]!.symbol));
  }
  return order;
}
