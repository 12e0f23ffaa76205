import { compareKeys } from '../numeric/compareKeys.js';
import type { EquityComponents } from '../collateral/equityComponents.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { MarketSnapshot, Quality } from '../schema/marketSchema.js';
import type { HealthFlag } from './HealthFlag.js';
import type { HealthParameters } from './HealthParameters.js';

/**
 * Flags prices the assessment should not simply trust: older than `maxPriceAgeMs` at `asOf`
 * (`stale_price`) or with a confidence below `minConfidence` (`low_confidence`), for every price the
 * account rests on (its instruments' marks, their underlyings' indexes, its collateral assets). The
 * charge is `stalenessCharge` x the notional (settlement currency) of each position or balance that
 * rests on a flagged price, each counted once. Internal to {@link assessAccount}.
 */
export function marketDataFlags(market: MarketSnapshot, eq: EquityComponents, params: HealthParameters): { flags: HealthFlag[]; charge: Decimal } {
  const md = params.marketData;
  const flags = new Map<string, HealthFlag>();
  const check = (q: Quality | undefined, path: (string | number)[]): boolean => {
    // Most prices carry neither a timestamp nor a confidence: nothing to check, no key to build.
    if (!q || (q.timestampMs === undefined && q.confidence === undefined)) return false;
    let bad = false;
    const key = path.join('\u0000');
    if (md.maxPriceAgeMs !== undefined && q.timestampMs !== undefined && market.asOfMs - q.timestampMs > md.maxPriceAgeMs) {
      bad = true;
      if (!flags.has('s' + key)) {
        flags.set('s' + key, {
          code: 'stale_price',
          message: `price at market.${path.join('.')} is ${market.asOfMs - q.timestampMs} ms old at asOf, above the ${md.maxPriceAgeMs} ms limit`,
          path,
          values: { ageMs: market.asOfMs - q.timestampMs, maxPriceAgeMs: md.maxPriceAgeMs, timestamp: q.timestamp ?? '' },
        });
      }
    }
    if (q.confidence !== undefined && q.confidence.lt(md.minConfidence)) {
      bad = true;
      if (!flags.has('c' + key)) {
        flags.set('c' + key, {
          code: 'low_confidence',
          message: `price at market.${path.join('.')} has confidence ${q.confidence.toFixed()}, below ${md.minConfidence.toFixed()}`,
          path,
          values: { confidence: decimalString(q.confidence), minConfidence: decimalString(md.minConfidence) },
        });
      }
    }
    return bad;
  };
  let exposed = new D(0);
  for (const pos of eq.positions) {
    const i = pos.instrument;
    const markBad = check(market.marks.get(i.symbol), ['marks', i.symbol]);
    const indexBad = check(market.underlyings.get(i.underlying), ['underlyings', i.underlying]);
    const coin = i.settlementCurrency === market.settlementCurrency ? false : check(market.assets.get(i.settlementCurrency), ['assets', i.settlementCurrency]);
    if ((markBad || indexBad || coin) && pos.isolatedMargin === undefined) exposed = exposed.plus(pos.notional);
  }
  for (const line of eq.collateral.lines) {
    if (line.asset === market.settlementCurrency) continue;
    if (check(market.assets.get(line.asset), ['assets', line.asset])) exposed = exposed.plus(line.value.abs());
  }
  const sorted = [...flags.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, f]) => f);
  return { flags: sorted, charge: exposed.mul(md.stalenessCharge) };
}
