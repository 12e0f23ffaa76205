import { D, type Decimal } from '../numeric/decimal.js';
import type { SpanScenario } from './SpanFile.js';

/** One position's contribution to a scan: signed quantity, its risk array (loss per long contract), and its delta. */
export interface ScanEntry {
  quantity: Decimal;
  values: readonly Decimal[];
  /** Composite delta per contract times the delta scaling factor. */
  delta: Decimal;
}

/**
 * The scan of one scanning tier: money in the combined commodity's currency.
 *
 * - `losses[s]`: the tier's loss in scenario `s + 1` (loss positive).
 * - `scanRisk`: the largest loss, at least 0.
 * - `activeScenario`: the scenario giving it (ties: the lowest number); `pairedScenario` the
 *   scenario with the same price move and the other volatility move (itself for 15 and 16).
 * - `timeRisk = (losses[1] + losses[2]) / 2`; `priceRisk = (loss[active] + loss[paired]) / 2 - timeRisk`;
 *   `volatilityRisk = scanRisk - priceRisk - timeRisk`.
 * - `netDelta`: the tier's net composite delta (contracts of delta-scaled underlying).
 */
export interface ScanTierOutcome {
  losses: Decimal[];
  scanRisk: Decimal;
  activeScenario: number;
  pairedScenario: number;
  timeRisk: Decimal;
  priceRisk: Decimal;
  volatilityRisk: Decimal;
  netDelta: Decimal;
}

/**
 * SPAN scan risk of one scanning tier (step 1 of the calculation).
 *
 * SPAN revalues the tier's positions under each risk scenario with the clearing house's risk
 * arrays, one long contract each, losses positive: the loss of the tier in scenario `s` is
 * `sum(quantity * array[s])` (a short position's array is the long one negated, which the sign of the
 * quantity does). The scan risk is the largest of these losses, and never below zero: a tier that
 * gains in every scenario has no scan risk. The scenario giving it is the active scenario.
 * Scenarios 15 and 16 (the extreme moves) come with the cover fraction already applied by the
 * clearing house, so every array value is used as it is.
 *
 * SPAN then splits the scan risk for the inter-commodity step: time risk is the average of the
 * losses of scenarios 1 and 2 (price unchanged, volatility up and down: what one day's decay costs);
 * price risk is the average of the active scenario and its pair (same price move, opposite
 * volatility move) less the time risk; volatility risk is what remains. The weighted futures price
 * risk of the tier is its price risk per unit of net delta.
 *
 * Sources: CME Group, "CME SPAN Methodology Overview"
 * (https://www.cmegroup.com/clearing/risk-management/span-overview.html) and the scanning tier and
 * risk array reports of CME's SPAN documentation ("Scanning Tier Requirements Report": scan risk
 * is the largest loss and the scenario that gave it; "Risk Arrays - Standard": scenarios 1-14 in
 * pairs, 15 and 16 alone, https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46137504/Risk+Arrays+-+Standard);
 * the split into time, price and volatility risk is the one CME's "Intercommodity Spreading Tier
 * Requirements Report" breaks the credit down by (scan, time, volatility and delta).
 *
 * Exact: Decimal multiply-adds of the file's digits.
 *
 * @param entries the tier's positions (quantity in contracts, signed).
 * @param scenarios the file's scenarios (their `pairedPoint`s).
 * @example
 * ```ts
 * // 2 long futures, array -567 (up 1/3) ... +1133 (down 3/3): the scan risk is 2 * 1133
 * spanScanTier([{ quantity: D(2), values: arr, delta: D(1) }], file.scenarios).scanRisk.toString(); // '2266'
 * ```
 */
export function spanScanTier(entries: readonly ScanEntry[], scenarios: readonly SpanScenario[]): ScanTierOutcome {
  const n = scenarios.length;
  const losses: Decimal[] = [];
  for (let s = 0; s < n; s++) {
    let l = new D(0);
    for (const e of entries) {
      const v = e.values[s]!;
      if (!v.isZero() && !e.quantity.isZero()) l = l.plus(e.quantity.mul(v));
    }
    losses.push(l.isZero() ? new D(0) : l);
  }
  let active = 0;
  for (let s = 1; s < n; s++) if (losses[s]!.gt(losses[active]!)) active = s;
  const pairPoint = scenarios[active]?.pairedPoint;
  const pair = pairPoint !== undefined && pairPoint >= 1 && pairPoint <= n ? pairPoint - 1 : active;
  const zero = new D(0);
  const scanRisk = n > 0 && losses[active]!.gt(0) ? losses[active]! : zero;
  const timeRisk = n >= 2 ? losses[0]!.plus(losses[1]!).div(2) : zero;
  const priceRisk = n > 0 ? losses[active]!.plus(losses[pair]!).div(2).minus(timeRisk) : zero;
  let netDelta = new D(0);
  for (const e of entries) netDelta = netDelta.plus(e.quantity.mul(e.delta));
  return {
    losses,
    scanRisk,
    activeScenario: active + 1,
    pairedScenario: pair + 1,
    timeRisk,
    priceRisk,
    volatilityRisk: scanRisk.minus(priceRisk).minus(timeRisk),
    netDelta,
  };
}
