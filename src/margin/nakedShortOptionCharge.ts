import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { NakedShortOptionParams } from './MarginParameters.js';
import { partUnits, ratedSum, type AddOnPart } from './ratedSum.js';

/**
 * The naked short option charge's inputs, per underlying: short call units not covered by long calls
 * and net long futures, plus short put units not covered by long puts and net short futures, valued
 * at the underlying's first holding's unit price. Shared by both number layers. Internal.
 */
export function nakedShortParts<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[]): AddOnPart<T>[] {
  const parts: AddOnPart<T>[] = [];
  for (const [underlying, hs] of byUnderlying(holdings)) {
    let calls = A.zero;
    let puts = A.zero;
    let fut = A.zero;
    for (const h of hs) {
      if (h.kind === 'future') fut = A.add(fut, h.units);
      else if (h.right === 'call') calls = A.add(calls, h.units);
      else puts = A.add(puts, h.units);
    }
    const nc = A.max(A.sub(A.neg(calls), A.max(fut, A.zero)), A.zero);
    const np = A.max(A.sub(A.neg(puts), A.max(A.neg(fut), A.zero)), A.zero);
    parts.push({ underlying, units: A.add(nc, np), at: hs[0]! });
  }
  return parts;
}

/**
 * Naked short option charge: `rate * unitPrice` per short option unit not covered. Calls are
 * covered by long calls and net long futures, puts by long puts and net short futures (units of
 * underlying, per underlying).
 *
 * @example
 * ```ts
 * // short 5 calls, long 2 futures (units), rate 0.05, index 100,000: naked 3 -> 3 * 0.05 * 100,000 = 15,000
 * nakedShortOptionCharge(holdings, { rate: D('0.05') }).amount.toString(); // '15000'
 * ```
 */
export function nakedShortOptionCharge(holdings: readonly Holding[], p: NakedShortOptionParams): AddOn {
  const A = DECIMAL_ARITHMETIC;
  const parts = nakedShortParts(A, holdings);
  const amount = ratedSum(A, parts, p.rate, (h) => h.unitPrice);
  return { name: 'nakedShortOption', amount, apply: 'add', inputs: { rate: decimalString(p.rate), nakedUnits: decimalString(partUnits(A, parts)) } };
}
