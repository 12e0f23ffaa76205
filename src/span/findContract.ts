import type { SpanContract, SpanProductFamily } from './SpanFile.js';
import type { SpanPosition } from './SpanPosition.js';

/**
 * The contract of `family` a position names (internal; `spanRequirement` and `spanMarginInputs`
 * share it): same right and strike, and the period equal, or, for a `YYYYMM` period, the only
 * contract of that month. `undefined` when none or several match.
 */
export function findContract(family: SpanProductFamily, p: Pick<SpanPosition, 'period' | 'right' | 'strike'>): SpanContract | undefined {
  const candidates = family.contracts.filter((c) => {
    if ((c.right ?? undefined) !== (p.right ?? undefined)) return false;
    if (p.strike !== undefined && (c.strike === undefined || !c.strike.eq(p.strike))) return false;
    return true;
  });
  const exact = candidates.filter((c) => c.period === p.period);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const byMonth = candidates.filter((c) => c.period.startsWith(p.period));
  return byMonth.length === 1 ? byMonth[0] : undefined;
}
