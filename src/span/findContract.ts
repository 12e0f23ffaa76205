import type { SpanContract, SpanProductFamily } from './SpanFile.js';
import type { SpanPosition } from './SpanPosition.js';

// Per frozen family: contracts by right and strike (a family can hold thousands of options; accounts are many).
const index = new WeakMap<SpanProductFamily, Map<string, SpanContract[]>>();

function byRightAndStrike(family: SpanProductFamily): Map<string, SpanContract[]> {
  let m = index.get(family);
  if (m === undefined) {
    m = new Map();
    for (const c of family.contracts) {
      // A strike written 100 or 100.0 in the file is one strike: keyed by its normalised decimal string.
      const k = `${c.right ?? ''}|${c.strike === undefined ? '' : c.strike.toFixed()}`;
      const list = m.get(k);
      if (list) list.push(c);
      else m.set(k, [c]);
    }
    index.set(family, m);
  }
  return m;
}

/**
 * The contract of `family` a position names (internal; `spanRequirement` and `spanMarginInputs`
 * share it): same right and strike, and the period equal, or, for a `YYYYMM` period, the only
 * contract of that month. `undefined` when none or several match.
 */
export function findContract(family: SpanProductFamily, p: Pick<SpanPosition, 'period' | 'right' | 'strike'>): SpanContract | undefined {
  const candidates = byRightAndStrike(family).get(`${p.right ?? ''}|${p.strike === undefined ? '' : p.strike.toFixed()}`) ?? [];
  const exact = candidates.filter((c) => c.period === p.period);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const byMonth = candidates.filter((c) => c.period.startsWith(p.period));
  return byMonth.length === 1 ? byMonth[0] : undefined;
}
