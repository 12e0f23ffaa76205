import { compareKeys } from '../numeric/compareKeys.js';
import type { EquityComponents } from '../collateral/equityComponents.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { fromFloat } from '../numeric/fromFloat.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot, Quality } from '../schema/marketSchema.js';
import { valuationMemo, valueIn } from '../valuation/valueInstrument.js';
import type { HealthFlag } from './HealthFlag.js';
import type { HealthParameters } from './HealthParameters.js';

/**
 * Flags prices the assessment should not simply trust: older than `maxPriceAgeMs` at `asOf`
 * (`stale_price`), timestamped more than `maxFutureSkewMs` after `asOf` (`future_price`), with a
 * confidence below `minConfidence` (`low_confidence`), for every price the account rests on (its
 * instruments' marks, their underlyings' indexes, its collateral assets); and an option vol (quoted,
 * or implied from the price) above `maxVol` (`implausible_vol`). The charge is `stalenessCharge` x
 * the notional (settlement currency) of each position or balance that rests on a flagged price, each
 * counted once. Internal to {@link assessAccount}.
 */
export function marketDataFlags(market: MarketSnapshot, eq: EquityComponents, params: HealthParameters): { flags: HealthFlag[]; charge: Decimal } {
  const md = params.marketData;
  const flags = new Map<string, HealthFlag>();
  // A price's path is `[table, name]` (`['marks', symbol]`), made once a price has something to check.
  const check = (q: Quality | undefined, table: string, name: string): boolean => {
    // Most prices carry neither a timestamp nor a confidence: nothing to check, no key or path to build.
    if (!q || (q.timestampMs === undefined && q.confidence === undefined)) return false;
    const path = [table, name];
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
    if (q.timestampMs !== undefined && q.timestampMs - market.asOfMs > md.maxFutureSkewMs) {
      bad = true;
      if (!flags.has('f' + key)) {
        flags.set('f' + key, {
          code: 'future_price',
          message: `price at market.${path.join('.')} is timestamped ${q.timestampMs - market.asOfMs} ms after asOf ${market.asOf}, beyond the ${md.maxFutureSkewMs} ms tolerance`,
          path,
          values: { aheadMs: q.timestampMs - market.asOfMs, maxFutureSkewMs: md.maxFutureSkewMs, timestamp: q.timestamp ?? '' },
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
  // An option's vol above the plausibility bound: most often a percent typed as a decimal (68 for 68%).
  let maxVol: number | undefined;
  // The snapshot's valuation memo, found once per call (not once per option).
  let memo: ReturnType<typeof valuationMemo> | undefined;
  const implausibleVol = (i: Instrument): boolean => {
    if (i.kind !== 'option') return false;
    const vol = valueIn((memo ??= valuationMemo(market)), market, i).vol; // memoised: the equity step valued it already
    if (vol === undefined || !(vol > (maxVol ??= boundsOf(md).maxVol))) return false;
    const key = 'v' + i.symbol;
    if (!flags.has(key)) {
      const quoted = market.marks.get(i.symbol)?.iv;
      const iv = quoted !== undefined ? decimalString(quoted) : decimalString(fromFloat(vol, 'nearest'));
      flags.set(key, {
        code: 'implausible_vol',
        message: `${quoted !== undefined ? 'implied volatility' : 'the volatility implied by the mark price'} of ${i.symbol} is ${iv}, above ${md.maxVol.toFixed()} (vols are annualised decimals: 0.68 = 68%)`,
        path: ['marks', i.symbol],
        values: { iv, maxVol: decimalString(md.maxVol), source: quoted !== undefined ? 'iv' : 'price' },
      });
    }
    return true;
  };
  // Nothing exposed (the usual case) is the sum's zero, never made: the charge of zero is kept per
  // parameter block (the one-shot decision runs this rule once per call on a stand-in book).
  let exposed: Decimal | undefined;
  for (const pos of eq.positions) {
    const i = pos.instrument;
    // A position of 0 contracts rests on nothing (and the equity step did not value it).
    const volBad = !pos.quantity.isZero() && implausibleVol(i);
    const markBad = check(market.marks.get(i.symbol), 'marks', i.symbol) || volBad;
    const indexBad = check(market.underlyings.get(i.underlying), 'underlyings', i.underlying);
    const coin = i.settlementCurrency === market.settlementCurrency ? false : check(market.assets.get(i.settlementCurrency), 'assets', i.settlementCurrency);
    if ((markBad || indexBad || coin) && pos.isolatedMargin === undefined) exposed = (exposed ?? ZERO).plus(pos.notional);
  }
  for (const line of eq.collateral.lines) {
    if (line.asset === market.settlementCurrency) continue;
    if (check(market.assets.get(line.asset), 'assets', line.asset)) exposed = (exposed ?? ZERO).plus(line.value.abs());
  }
  const sorted = flags.size === 0 ? [] : [...flags.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, f]) => f);
  return { flags: sorted, charge: exposed === undefined ? boundsOf(md).zeroCharge : exposed.mul(md.stalenessCharge) };
}

const ZERO = new D(0);
type MarketDataParams = HealthParameters['marketData'];
/**
 * Per market-data block (parsed parameters are frozen): the vol bound as a float (decimal.js's
 * `toNumber` prints the number first) and the charge on nothing exposed (`0 x stalenessCharge`, the
 * same Decimal the sum's zero would give: decimal.js values are immutable, one object serves all).
 */
const bounds = new WeakMap<MarketDataParams, { maxVol: number; zeroCharge: Decimal }>();
function boundsOf(md: MarketDataParams): { maxVol: number; zeroCharge: Decimal } {
  let b = bounds.get(md);
  if (b === undefined) bounds.set(md, (b = { maxVol: md.maxVol.toNumber(), zeroCharge: ZERO.mul(md.stalenessCharge) }));
  return b;
}
