import { D, type Decimal } from '../numeric/decimal.js';
import { type CommodityContext, rateValue } from './CommodityContext.js';
import { inRange } from './deltaBook.js';

/** The short option minimum of one combined commodity, per SOM tier. */
export interface ShortOptionMinimumOutcome {
  method: 'sum' | 'max';
  shortCalls: Decimal;
  shortPuts: Decimal;
  tiers: { tier: number; rate: Decimal; shortCalls: Decimal; shortPuts: Decimal; amount: Decimal }[];
  amount: Decimal;
}

/**
 * SPAN short option minimum of one combined commodity (step 5).
 *
 * Deep out-of-the-money short options show almost no loss in the 16 scenarios, yet a large move can
 * make them costly; SPAN therefore floors the commodity's risk at a minimum per short option: per
 * SOM tier, `rate * (short calls + short puts)` (method `sum`, CME's usual) or
 * `rate * max(short calls, short puts)` (method `max`), where the counts are the net short option
 * positions, in contracts, of the tier (options are tiered by their own period) and the rate is
 * money per short option. With no SOM tiers the whole commodity is one tier; with no rate the
 * minimum is 0.
 *
 * Sources: CME Clearing advisories on performance bond requirements ("The Short Option Minimum (SOM)
 * is a charge that is applied only to portfolios concentrated in short options that do not generate
 * a minimum margin requirement level when margins are calculated using the normal 16 SPAN
 * scenarios", e.g. advisory 20-247); CME's XML schema `spanrisk.xml` (`somMeth`, `somTiers` with
 * rates) and "Type 4 - Expanded" (short option minimum charge rate and calculation method).
 *
 * @param ctx the commodity (its held options).
 * @returns the minimum (money, the commodity's currency, exact) with its inputs.
 * @example
 * ```ts
 * // 3 short calls, 1 short put, rate 50, method sum: 200
 * spanShortOptionMinimum(ctx).amount.toString(); // '200'
 * ```
 */
export function spanShortOptionMinimum(ctx: CommodityContext): ShortOptionMinimumOutcome {
  const method = ctx.cc.somMethod;
  const tiers = ctx.cc.somTiers.length > 0 ? ctx.cc.somTiers : [];
  const out: ShortOptionMinimumOutcome = { method, shortCalls: new D(0), shortPuts: new D(0), tiers: [], amount: new D(0) };
  const net = new Map<string, { right: 'C' | 'P'; period: string; q: Decimal }>();
  for (const h of ctx.held) {
    const right = h.contract.right;
    if (right === undefined) continue;
    const k = `${h.family.exchange}|${h.family.type}|${h.family.code}|${h.contract.id}`;
    const cur = net.get(k);
    net.set(k, { right, period: h.contract.period, q: (cur?.q ?? new D(0)).plus(h.quantity) });
  }
  const shorts = [...net.values()].filter((x) => x.q.isNegative());
  for (const s of shorts) {
    if (s.right === 'C') out.shortCalls = out.shortCalls.minus(s.q);
    else out.shortPuts = out.shortPuts.minus(s.q);
  }
  const list = tiers.length ? tiers : [];
  for (const t of list) {
    const rate = rateValue(t.rates, ctx.rateId);
    if (rate === undefined) continue;
    const range = { ...(t.start !== undefined ? { start: t.start } : {}), ...(t.end !== undefined ? { end: t.end } : {}) };
    let calls = new D(0);
    let puts = new D(0);
    for (const s of shorts) {
      if (t.tier !== 0 && !inRange(s.period, range)) continue;
      if (s.right === 'C') calls = calls.minus(s.q);
      else puts = puts.minus(s.q);
    }
    const amount = rate.mul(method === 'max' ? D.max(calls, puts) : calls.plus(puts));
    out.tiers.push({ tier: t.tier, rate, shortCalls: calls, shortPuts: puts, amount });
    out.amount = out.amount.plus(amount);
  }
  return out;
}
