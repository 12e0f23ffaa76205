import { compareKeys } from '../numeric/compareKeys.js';

/**
 * The indices of a list of holdings in symbol order (the canonical order of every float sum over
 * them), or undefined when the list is in that order already (a netted unit's holdings are): the
 * identity, neither made nor sorted. Internal.
 *
 * @example
 * ```ts
 * symbolOrder([{ symbol: 'ETH-PERP' }, { symbol: 'BTC-PERP' }]); // [1, 0]
 * symbolOrder([{ symbol: 'BTC-PERP' }, { symbol: 'ETH-PERP' }]); // undefined: in order
 * ```
 */
export function symbolOrder(holdings: readonly { symbol: string }[]): number[] | undefined {
  for (let i = 1; i < holdings.length; i++) {
    if (compareKeys(holdings[i - 1]!.symbol, holdings[i]!.symbol) > 0) return holdings.map((_, j) => j).sort((a, b) => compareKeys(holdings[a]!.symbol, holdings[b]!.symbol));
  }
  return undefined;
}
