import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { CalendarSpreadParams } from './MarginParameters.js';
import { partUnits, ratedSum, type AddOnPart } from './ratedSum.js';

/**
 * The calendar spread charge's inputs, per underlying: delta-1 units bucketed by expiry (the perpetual
 * its own bucket; option deltas, rounded down through `fromFloat`, join their expiry when
 * `includeOptions`), `spread = min(sum of long buckets, sum of |short buckets|)`, valued at the unit
 * price of the underlying's first holding by symbol. Shared by both number layers. Internal.
 */
export function calendarSpreadParts<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[], includeOptions: boolean): AddOnPart<T>[] {
  const parts: AddOnPart<T>[] = [];
  for (const [underlying, hs] of byUnderlying(holdings)) {
    const buckets = new Map<string, T>();
    const sorted = [...hs].sort((a, b) => compareKeys(a.symbol, b.symbol));
    for (const h of sorted) {
      const key = h.expiryMs === undefined ? 'perpetual' : String(h.expiryMs);
      let x: T | undefined;
      if (h.kind === 'future') x = h.units;
      else if (includeOptions) x = A.fromFloat(h.delta, 'against-account-value');
      if (x !== undefined) buckets.set(key, A.add(buckets.get(key) ?? A.zero, x));
    }
    let long = A.zero;
    let short = A.zero;
    for (const v of buckets.values()) {
      if (A.sign(v) > 0) long = A.add(long, v);
      else short = A.sub(short, v);
    }
    parts.push({ underlying, units: A.min(long, short), at: sorted[0]! });
  }
  return parts;
}

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
  const A = DECIMAL_ARITHMETIC;
  const parts = calendarSpreadParts(A, holdings, p.includeOptions);
  const amount = ratedSum(A, parts, p.rate, (h) => h.unitPrice);
  return { name: 'calendarSpread', amount, apply: 'add', inputs: { rate: decimalString(p.rate), includeOptions: p.includeOptions, spreadUnits: decimalString(partUnits(A, parts)) } };
}
