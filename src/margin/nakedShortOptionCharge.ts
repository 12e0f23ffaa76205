import { D } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { NakedShortOptionParams } from './MarginParameters.js';

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
  let amount = new D(0);
  let naked = new D(0);
  for (const [, hs] of byUnderlying(holdings)) {
    let calls = new D(0);
    let puts = new D(0);
    let fut = new D(0);
    for (const h of hs) {
      if (h.kind === 'future') fut = fut.plus(h.units);
      else if (h.right === 'call') calls = calls.plus(h.units);
      else puts = puts.plus(h.units);
    }
    const nc = D.max(calls.neg().minus(D.max(fut, 0)), 0);
    const np = D.max(puts.neg().minus(D.max(fut.neg(), 0)), 0);
    const n = nc.plus(np);
    naked = naked.plus(n);
    if (hs[0]) amount = amount.plus(n.mul(p.rate).mul(hs[0].unitPrice));
  }
  return { name: 'nakedShortOption', amount, apply: 'add', inputs: { rate: decimalString(p.rate), nakedUnits: decimalString(naked) } };
}
