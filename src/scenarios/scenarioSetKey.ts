import type { MarginParameters } from '../margin/MarginParameters.js';
import type { Decimal } from '../numeric/decimal.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { ownValue } from '../schema/ownValue.js';
import { priceRange } from './priceRange.js';
import type { ScenarioSpec } from './ScenarioSpec.js';
import { settlementUnderlying } from './settlementUnderlying.js';

/*
 * What a scenario set reads from a snapshot (internal, not re-exported): the price ranges per spec and
 * underlying (shared with buildScenarioSet), and a key of them for callers that reuse a set across
 * price ticks.
 */

/**
 * Each underlying's price range under a spec (relative decimal; underlyings without one left out).
 * `at` is the spec's path in the parameter set, for the issue a range that cannot be computed raises.
 */
export function specRanges(spec: ScenarioSpec, m: MarketSnapshot, underlyings: readonly string[], at: readonly string[] = ['scenarios']): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const u of underlyings) {
    const own = ownValue(spec.rangeByUnderlying, u);
    const r = own ?? spec.priceRange;
    if (r) out.set(u, priceRange(r, m, u, own ? [...at, 'rangeByUnderlying', u] : [...at, 'priceRange']));
  }
  return out;
}

/**
 * Whether a spec's scenarios carry amounts in the index's quote currency (aggregated-vector rules,
 * `rangeOverMove` tails weighted in the index currency), which reach a settlement coin at its
 * underlying's index (see `settlementUnderlying`).
 */
export function needsIndexCurrency(spec: ScenarioSpec): boolean {
  return spec.aggregate !== undefined || spec.tails.some((t) => t.weight.kind === 'rangeOverMove' && t.weight.pnlCurrency === 'index');
}

/**
 * Everything a parameter set's scenario set reads from a snapshot besides its `asOf`: the underlyings,
 * each spec's price ranges and, where a spec converts index-currency amounts to a settlement coin,
 * that coin's underlying and index, as a string. Two snapshots with the same key give the same scenarios
 * (moves, vol states, weights), so a caller that does not echo the set (the one-shot decision) can
 * reuse it across price ticks. Internal.
 */
export function scenarioSetKey(p: MarginParameters, m: MarketSnapshot): string {
  const underlyings = [...m.underlyings.keys()].sort();
  let tie = '';
  const at = [['scenarios'], ['initialMargin', 'scenarios']];
  const specs = [p.scenarios, p.initialMargin.scenarios].map((spec, i) => {
    if (!spec) return '';
    if (needsIndexCurrency(spec) && tie === '') {
      const u = settlementUnderlying(m);
      const index = u === undefined ? undefined : m.underlyings.get(u)?.index;
      tie = u === undefined ? '-' : `${u}@${index === undefined ? '' : plain(index)}`;
    }
    let text = '';
    for (const [u, r] of specRanges(spec, m, underlyings, at[i])) text += `${text === '' ? '' : ','}${u}=${plain(r)}`;
    return text;
  });
  return `${underlyings.join(',')}|${specs.join('|')}|${tie}`;
}

// Each Decimal's plain text, kept per object (Decimals are immutable): a relative range is the parameter
// set's own Decimal on every call, and the key is made on every one-shot call.
const plainTexts = new WeakMap<Decimal, string>();
function plain(x: Decimal): string {
  let t = plainTexts.get(x);
  if (t === undefined) plainTexts.set(x, (t = x.toFixed()));
  return t;
}

