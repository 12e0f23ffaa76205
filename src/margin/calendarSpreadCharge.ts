import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { CalendarSpreadParams } from './MarginParameters.js';

/**
 * Calendar / basis charge per underlying: delta-1 exposure in units of underlying is bucketed by
 * expiry (the perpetual is its own bucket; option deltas join their expiry when `includeOptions`);
 * `spread = min(sum of long buckets, sum of |short buckets|)` and the charge is
 * `rate * spread * unitPrice` (Deribit's "contingency of 1% for offsetting futures", SPAN's
 * intra-commodity spread charge).
 *
 * @example
 * ```ts
 * // long 100 BTC in March, short 100 BTC in June, rate 0.01, index 100,000: 0.01 * 100 * 100,000 = 100,000
 * calendarSpreadCharge(holdings, { rate: D('0.01'), includeOptions: false }).amount.toString(); // '100000'
 * ```
 */
export function calendarSpreadCharge(holdings: readonly Holding[], p: CalendarSpreadParams): AddOn {
  let amount = new D(0);
  let spreadTotal = new D(0);
  for (const [, hs] of byUnderlying(holdings)) {
    const buckets = new Map<string, Decimal>();
    const sorted = [...hs].sort((a, b) => compareKeys(a.symbol, b.symbol));
    for (const h of sorted) {
      const key = h.expiryMs === undefined ? 'perpetual' : String(h.expiryMs);
      let x: Decimal | undefined;
      if (h.kind === 'future') x = h.units;
      else if (p.includeOptions) x = fromFloat(h.delta, 'against-account-value');
      if (x) buckets.set(key, (buckets.get(key) ?? new D(0)).plus(x));
    }
    let long = new D(0);
    let short = new D(0);
    for (const v of buckets.values()) {
      if (v.gt(0)) long = long.plus(v);
      else short = short.minus(v);
    }
    const spread = D.min(long, short);
    spreadTotal = spreadTotal.plus(spread);
    amount = amount.plus(spread.mul(p.rate).mul(sorted[0]!.unitPrice));
  }
  return { name: 'calendarSpread', amount, apply: 'add', inputs: { rate: decimalString(p.rate), includeOptions: p.includeOptions, spreadUnits: decimalString(spreadTotal) } };
}
