import { compareKeys } from '../numeric/compareKeys.js';
import type { Holding } from './Holding.js';

/**
 * Groups holdings by underlying, in underlying order (the canonical order every float sum uses).
 *
 * @example
 * ```ts
 * byUnderlying(holdings).map(([u]) => u); // ['BTC', 'ETH']
 * ```
 */
export function byUnderlying<H extends Pick<Holding<unknown>, 'underlying'> = Holding>(holdings: readonly H[]): [string, H[]][] {
  const m = new Map<string, H[]>();
  for (const h of holdings) {
    const l = m.get(h.underlying);
    if (l) l.push(h);
    else m.set(h.underlying, [h]);
  }
  return [...m].sort(([a], [b]) => compareKeys(a, b));
}
