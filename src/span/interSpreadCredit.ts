import { D, type Decimal } from '../numeric/decimal.js';
import { type CommodityContext, legMatcher, rateValue, tierRange, weightedPriceRisk } from './CommodityContext.js';
import { formSpreads } from './formSpreads.js';
import type { SpanSpread } from './SpanFile.js';

/** One inter-commodity spread formed: count, rate, and per leg the delta before and consumed, WFPR and credit. */
export interface InterSpreadOutcome {
  spread: SpanSpread;
  rate: Decimal;
  spreads: Decimal;
  legs: { ctx?: CommodityContext; deltaBefore: Decimal; consumed: Decimal; wfpr?: Decimal; credit: Decimal }[];
}

/**
 * SPAN inter-commodity spread credits (step 4), across the combined commodities of the portfolio,
 * on the delta left after intra-commodity spreading.
 *
 * Related products (corn and soybeans, 2-year and 10-year notes) offset each other's risk; SPAN
 * gives the offset back as a credit. The file's inter-commodity spreads are formed in priority
 * order like intra spreads: A legs on one side, B legs on the other, `spreads = min |delta| / ratio`,
 * consumed delta removed from each leg's combined commodity (so a later, lower-priority spread sees
 * only what is left). For the weighted price risk method (`W`), each leg's credit is
 * `spreads * ratio * WFPR * rate`, where WFPR, the weighted futures price risk of the leg's tier, is
 * its price risk per delta, `max(((loss[active] + loss[paired]) / 2 - (loss[1] + loss[2]) / 2) / |net delta|, 0)`,
 * and `rate` the credit rate as a fraction. For the flat method (`F`), `spreads * rate` (money per
 * spread) is shared equally by the legs' commodities. A leg whose combined commodity is not held
 * has no delta, so the spread does not form unless that leg is not required.
 *
 * Sources: CME Group, "Inter Spreads" report (priority; WPR "gives a credit ... to each leg of the
 * spread", FLAT "an overall charge (or credit if rate is negative) equally allocated to each Combined
 * Commodity"; side A versus B; ratio), https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46923800/Inter+Spreads;
 * CME's spread calculation page (corn vs soybeans 2:1 at 55%: outrights 1,750 and 2,500, credit
 * 0.55 * (2 * 1,750 + 2,500) = 3,300, https://cmegroup.com/clearing/margins/spread-calc.html);
 * CME SPAN advisory 09-01 (WFPR used in calculating credits,
 * http://www.cmegroup.com/tools-information/lookups/advisories/clearing/SPAN0901.html).
 *
 * @param contexts the portfolio's combined commodities after intra spreading, by code (delta books consumed in place).
 * @param spreads the file's inter-commodity spreads.
 * @returns the spreads formed (credits exact, in each leg commodity's currency).
 * @example
 * ```ts
 * // +2 corn (outright 1,750 each), -1 soybeans (2,500), 2:1 at 55%: credits 1,925 and 1,375
 * interSpreadCredit(contexts, file.interSpreads)[0].legs.map((l) => l.credit.toString()); // ['1925', '1375']
 * ```
 */
export function interSpreadCredit(contexts: ReadonlyMap<string, CommodityContext>, spreads: readonly SpanSpread[]): InterSpreadOutcome[] {
  const out: InterSpreadOutcome[] = [];
  const ordered = [...spreads].sort((a, b) => a.priority - b.priority || a.line - b.line);
  for (const spread of ordered) {
    if (spread.method === 'S' || spread.method === 'P') continue;
    const ctxs = spread.legs.map((l) => contexts.get(l.cc));
    if (!ctxs.some((c) => c !== undefined)) continue;
    const matchers = spread.legs.map((l, i) => {
      const c = ctxs[i];
      return c ? legMatcher(l.period === undefined ? tierRange(c.cc.interTiers, l.tier) : undefined, l.period) : () => false;
    });
    const before = spread.legs.map((_, i) => (ctxs[i] ? ctxs[i]!.book.delta(matchers[i]!) : new D(0)));
    const formed = formSpreads(
      spread.legs.map((l, i) => ({ delta: before[i]!, ratio: l.ratio, side: l.side, required: l.required })),
      spread.legs.some((_, i) => ctxs[i]?.whole === true),
      spread.minimumLegs,
    );
    if (formed.spreads.isZero()) continue;
    const rateId = ctxs.find((c) => c !== undefined)!.rateId;
    const rate = rateValue(spread.rates, rateId) ?? new D(0);
    const parts = formed.takesPart.filter(Boolean).length;
    const legs: InterSpreadOutcome['legs'] = spread.legs.map((l, i) => {
      const c = ctxs[i];
      const consumed = formed.takesPart[i] ? formed.spreads.mul(l.ratio) : new D(0);
      const leg: InterSpreadOutcome['legs'][number] = { deltaBefore: before[i]!, consumed, credit: new D(0) };
      if (c) leg.ctx = c;
      if (!formed.takesPart[i] || !c) return leg;
      if (spread.method === 'W') {
        leg.wfpr = weightedPriceRisk(c, matchers[i]!).wfpr;
        leg.credit = consumed.mul(leg.wfpr).mul(rate);
      } else leg.credit = formed.spreads.mul(rate).div(parts);
      return leg;
    });
    spread.legs.forEach((_, i) => {
      if (!formed.takesPart[i] || !ctxs[i]) return;
      ctxs[i]!.book.consume(matchers[i]!, legs[i]!.consumed.mul(before[i]!.isNegative() ? -1 : 1));
    });
    out.push({ spread, rate, spreads: formed.spreads, legs });
  }
  return out;
}
