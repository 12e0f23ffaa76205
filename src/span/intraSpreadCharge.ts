import { D, type Decimal } from '../numeric/decimal.js';
import { type CommodityContext, legMatcher, pickRate, rateValue, tierRange, weightedPriceRisk } from './CommodityContext.js';
import { formSpreads } from './formSpreads.js';
import type { SpanSpread } from './SpanFile.js';

/** One intra-commodity spread formed: its definition, spread count and charge, and per leg the delta before and consumed. */
export interface IntraSpreadOutcome {
  spread: SpanSpread;
  rate: Decimal;
  spreads: Decimal;
  charge: Decimal;
  legs: { deltaBefore: Decimal; consumed: Decimal; wfpr?: Decimal; charge?: Decimal }[];
}

function monthIndex(p: string | undefined): number | undefined {
  if (p === undefined || !/^\d{6}/.test(p)) return undefined;
  return Number(p.slice(0, 4)) * 12 + Number(p.slice(4, 6));
}

/**
 * SPAN intra-commodity (calendar) spread charge of one combined commodity (step 2).
 *
 * The scan moves every contract month of a combined commodity together, so a long-March /
 * short-June position shows almost no scan risk although the months do not move in lockstep. SPAN
 * adds the charge back: it nets the composite deltas of the positions per tier (or per contract
 * month, for series legs), then forms the file's spreads in priority order between legs holding
 * delta on opposite sides (A versus B), `spreads = min |delta| / delta-per-spread ratio`, removes
 * the delta each spread consumes from its legs, and charges per spread:
 *
 * - `F` (flat): `spreads * rate` (money per spread);
 * - `P` (per month per spread): `spreads * (perSpread + perMonth * months between the outer legs)`,
 *   plus the flat `value` when the file gives one;
 * - `W` (weighted price risk): per leg `spreads * ratio * WFPR(leg) * rate`, with `rate` a fraction.
 *
 * Options are spread in the month of their underlying future. The delta left over is what the
 * delivery charge and the inter-commodity spreads see next.
 *
 * Sources: CME Group, "Intra Spreads" report (priority, WPR / FLAT / PMPS methods, legs with tier
 * or period, side A versus B, ratio; https://cmegroupclientsite.atlassian.net/wiki/spaces/pubspan/pages/46727296/Intra+Spreads),
 * CME's XML schema `spanrisk.xml` (`dSpread`: `chargeMeth` F / P / W, `rate`, `pmpsRate`, `tLeg`,
 * `pLeg`) and CME's spread calculation page (https://cmegroup.com/clearing/margins/spread-calc.html:
 * a month-2 vs month-3 spread at 500 outrights and a 200 intra charge margins 200).
 *
 * @param ctx the commodity, with its delta book before intra spreading (consumed in place).
 * @returns the spreads formed and the total charge (money, the commodity's currency, exact).
 * @example
 * ```ts
 * // +1 month 2, -1 month 3, one flat spread at 200: charge 200
 * intraSpreadCharge(ctx).charge.toString(); // '200'
 * ```
 */
export function intraSpreadCharge(ctx: CommodityContext): { spreads: IntraSpreadOutcome[]; charge: Decimal } {
  const out: IntraSpreadOutcome[] = [];
  let charge = new D(0);
  const ordered = [...ctx.cc.intraSpreads].sort((a, b) => a.priority - b.priority || a.line - b.line);
  for (const spread of ordered) {
    if (spread.method === 'S') continue;
    const matchers = spread.legs.map((l) => legMatcher(l.period === undefined ? tierRange(ctx.cc.intraTiers, l.tier) : undefined, l.period));
    const before = matchers.map((m) => ctx.book.delta(m));
    const formed = formSpreads(
      spread.legs.map((l, i) => ({ delta: before[i]!, ratio: l.ratio, side: l.side, required: l.required })),
      ctx.whole,
      spread.minimumLegs,
    );
    if (formed.spreads.isZero()) continue;
    const legs: IntraSpreadOutcome['legs'] = [];
    let amount = new D(0);
    let rate = new D(0);
    if (spread.method === 'F') {
      rate = rateValue(spread.rates, ctx.rateId) ?? new D(0);
      amount = formed.spreads.mul(rate);
    } else if (spread.method === 'P') {
      const pm = pickRate(spread.perMonthRates, ctx.rateId);
      const months = spread.legs.map((l) => monthIndex(l.period ?? tierRange(ctx.cc.intraTiers, l.tier)?.start)).filter((m): m is number => m !== undefined);
      const span = months.length ? Math.max(...months) - Math.min(...months) : 0;
      if (pm) {
        rate = pm.perSpread.plus(pm.perMonth.mul(span)).plus(pm.value);
        amount = formed.spreads.mul(rate);
      }
    }
    spread.legs.forEach((l, i) => {
      const take = formed.takesPart[i] ? formed.spreads.mul(l.ratio) : new D(0);
      const leg: IntraSpreadOutcome['legs'][number] = { deltaBefore: before[i]!, consumed: take };
      if (spread.method === 'W' && formed.takesPart[i]) {
        rate = rateValue(spread.rates, ctx.rateId) ?? new D(0);
        leg.wfpr = weightedPriceRisk(ctx, matchers[i]!).wfpr;
        leg.charge = take.mul(leg.wfpr).mul(rate);
        amount = amount.plus(leg.charge);
      }
      legs.push(leg);
    });
    // Consume after every leg's delta was read: legs of one spread may share periods.
    spread.legs.forEach((l, i) => {
      if (!formed.takesPart[i]) return;
      const sign = before[i]!.isNegative() ? -1 : 1;
      ctx.book.consume(matchers[i]!, legs[i]!.consumed.mul(sign));
    });
    charge = charge.plus(amount);
    out.push({ spread, rate, spreads: formed.spreads, charge: amount, legs });
  }
  return { spreads: out, charge };
}
