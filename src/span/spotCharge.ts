import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import type { CommodityContext } from './CommodityContext.js';
import type { SpanSpotRate } from './SpanFile.js';

/** The delivery charge of one delivery period: delta consumed by intra spreads, delta left as outright, rates and charge. */
export interface SpotOutcome {
  rate: SpanSpotRate;
  consumed: Decimal;
  remaining: Decimal;
  charge: Decimal;
}

/**
 * SPAN delivery (spot month) charge of one combined commodity (step 3), after intra-commodity
 * spreading.
 *
 * A contract month in delivery moves with its own physical market, so SPAN charges the delta held
 * there: per delivery period, `consumed * spreadRate + |remaining| * outrightRate`, where `consumed`
 * is the delta that intra-commodity spreads took from that month and `remaining` the delta left in
 * it as an outright. Rates are money per contract of delta, for the rate id in use.
 *
 * Sources: CME Group, "Type 4 - Expanded" (delivery charge method 10: per delivery month, "Charge
 * Rate Per Delta Consumed By Spreads" and "Charge Rate Per Delta Remaining In Outrights",
 * https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/47022084/Type+4+-+Expanded)
 * and CME's XML schema `spanrisk.xml` (`spotRate`: `r`, `pe`, `sprd`, `outr`).
 *
 * @param ctx the commodity after intra spreading (its delta book holds remaining and consumed delta).
 * @returns per delivery period the charge, and the total (money, the commodity's currency, exact).
 * @example
 * ```ts
 * // 3 long in the delivery month, 1 of them spread: 1 * 10 + 2 * 25 = 60
 * spotCharge(ctx).charge.toString(); // '60'
 * ```
 */
export function spotCharge(ctx: CommodityContext): { months: SpotOutcome[]; charge: Decimal } {
  const months: SpotOutcome[] = [];
  let charge = new D(0);
  const byPeriod = new Map<string, SpanSpotRate>();
  for (const r of ctx.cc.spotRates) {
    const cur = byPeriod.get(r.period);
    if (cur === undefined || r.r === ctx.rateId || (cur.r !== ctx.rateId && r.r === 1)) byPeriod.set(r.period, r);
  }
  for (const rate of [...byPeriod.values()].sort((a, b) => compareKeys(a.period, b.period))) {
    const match = (p: string) => p.startsWith(rate.period);
    const consumed = ctx.book.consumed(match);
    const remaining = ctx.book.delta(match).abs();
    if (consumed.isZero() && remaining.isZero()) continue;
    const c = consumed.mul(rate.spreadRate).plus(remaining.mul(rate.outrightRate));
    charge = charge.plus(c);
    months.push({ rate, consumed, remaining, charge: c });
  }
  return { months, charge };
}
