import { D, type Decimal } from '../numeric/decimal.js';
import type { DeltaBook, PeriodRange } from './deltaBook.js';
import { inRange } from './deltaBook.js';
import type { SpanCombinedCommodity, SpanContract, SpanProductFamily, SpanRate, SpanTier } from './SpanFile.js';
import type { ScanTierOutcome } from './spanScanRisk.js';

/** A held contract: its family, the contract, the netted quantity (contracts, signed) and the risk array used. */
export interface HeldContract {
  family: SpanProductFamily;
  contract: SpanContract;
  quantity: Decimal;
  values: readonly Decimal[];
  /** Composite delta times delta scaling factor, per contract. */
  delta: Decimal;
  /** The period SPAN spreads this contract's delta in: an option's underlying future month, else its own. */
  spreadPeriod: string;
  /** Index of the (first) position behind it, for error paths. */
  index: number;
}

/** The state of one combined commodity during a SPAN calculation (internal). */
export interface CommodityContext {
  cc: SpanCombinedCommodity;
  held: HeldContract[];
  /** Rate id whose parameters are used (the root of the account type's maintenance rate). */
  rateId: number;
  scan: { tier: SpanTier; outcome: ScanTierOutcome }[];
  /** Remaining composite delta per spread period, consumed by intra then inter spreads. */
  book: DeltaBook;
  /** Whether only whole spreads form. */
  whole: boolean;
}

/** The rate of `rates` for `rateId`, else for rate id 1, else the only one; undefined when there is none. */
export function pickRate<T extends { r: number }>(rates: readonly T[], rateId: number): T | undefined {
  return rates.find((x) => x.r === rateId) ?? rates.find((x) => x.r === 1) ?? (rates.length === 1 ? rates[0] : undefined);
}

/** The rate value of `rates` for `rateId` (see {@link pickRate}); `undefined` when none. */
export function rateValue(rates: readonly SpanRate[], rateId: number): Decimal | undefined {
  return pickRate(rates, rateId)?.value;
}

/** The period range of tier `tn` in `tiers` (tier 0, a missing tier number or no tiers: every period). */
export function tierRange(tiers: readonly SpanTier[], tn: number | undefined): PeriodRange | undefined {
  if (tn === undefined || tn === 0) return {};
  const t = tiers.find((x) => x.tier === tn);
  if (t === undefined) return tiers.length === 0 ? {} : undefined;
  const r: PeriodRange = {};
  if (t.start !== undefined) r.start = t.start;
  if (t.end !== undefined) r.end = t.end;
  return r;
}

/** A matcher for the periods of a spread leg: a tier range, or a period code (a month covers its days). */
export function legMatcher(range: PeriodRange | undefined, period: string | undefined): (p: string) => boolean {
  if (period !== undefined) return (p) => p.startsWith(period);
  if (range === undefined) return () => false;
  return (p) => inRange(p, range);
}

/**
 * Weighted futures price risk of the scanning tiers covering `match`: their price risk divided by
 * the absolute value of their net delta, at least 0 (0 with no delta). When the periods asked for
 * sit inside a bigger scanning tier (the usual case: the whole commodity is one scanning tier),
 * that tier's figures are used.
 */
export function weightedPriceRisk(ctx: CommodityContext, match: (p: string) => boolean): { wfpr: Decimal; priceRisk: Decimal; netDelta: Decimal } {
  let priceRisk = new D(0);
  let netDelta = new D(0);
  for (const s of ctx.scan) {
    const range: PeriodRange = {};
    if (s.tier.start !== undefined) range.start = s.tier.start;
    if (s.tier.end !== undefined) range.end = s.tier.end;
    if (!ctx.book.list().some((p) => match(p) && inRange(p, range))) continue;
    priceRisk = priceRisk.plus(s.outcome.priceRisk);
    netDelta = netDelta.plus(s.outcome.netDelta);
  }
  const wfpr = netDelta.isZero() ? new D(0) : D.max(priceRisk.div(netDelta.abs()), 0);
  return { wfpr, priceRisk, netDelta };
}
