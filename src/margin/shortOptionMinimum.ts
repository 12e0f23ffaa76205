import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { ShortOptionMinimumParams } from './MarginParameters.js';
import { partUnits, ratedSum, type AddOnPart } from './ratedSum.js';

// Strikes are the instrument table's Decimals, shared by every account: print each once.
const strikeKeys = new WeakMap<Decimal, string>();
function strikeKey(strike: Decimal): string {
  let k = strikeKeys.get(strike);
  if (k === undefined) strikeKeys.set(strike, (k = strike.toFixed()));
  return k;
}

/**
 * The short-option minimum's inputs, per underlying with options: net short option units (`per-strike`:
 * calls and puts netted per expiry and strike; `calls-or-puts`: the larger of net short calls and net
 * short puts), valued at the first option's unit price. Shared by both number layers. Internal.
 */
export function shortOptionParts<T>(A: Arithmetic<T>, holdings: readonly Holding<T>[], netting: ShortOptionMinimumParams['netting']): AddOnPart<T>[] {
  const parts: AddOnPart<T>[] = [];
  for (const [underlying, hs] of byUnderlying(holdings)) {
    const opts = hs.filter((h) => h.kind === 'option');
    if (!opts.length) continue;
    let short: T;
    if (netting === 'per-strike') {
      const net = new Map<string, T>();
      for (const h of opts) {
        const k = `${h.expiryMs}|${strikeKey(h.strike!)}`;
        net.set(k, A.add(net.get(k) ?? A.zero, h.units));
      }
      short = A.zero;
      for (const v of net.values()) if (A.sign(v) < 0) short = A.sub(short, v);
    } else {
      let calls = A.zero;
      let puts = A.zero;
      for (const h of opts) {
        if (h.right === 'call') calls = A.add(calls, h.units);
        else puts = A.add(puts, h.units);
      }
      short = A.max(A.max(A.neg(calls), A.neg(puts)), A.zero);
    }
    parts.push({ underlying, units: short, at: opts[0]! });
  }
  return parts;
}

/**
 * Short-option minimum: `rate * unitPrice` per net short option unit of underlying. `per-strike`
 * nets calls and puts of the same expiry and strike (Deribit); `calls-or-puts` takes the larger of
 * net short calls and net short puts per underlying (SPAN).
 *
 * @param holdings the risk unit's holdings (futures are ignored).
 * @returns the add-on, amount in the settlement currency.
 * @example
 * ```ts
 * // 10 short BTC calls (1 BTC each) at index 100,000, rate 0.01: 10 * 0.01 * 100,000 = 10,000
 * shortOptionMinimum(holdings, { rate: D('0.01'), netting: 'per-strike', apply: 'add' }).amount.toString(); // '10000'
 * ```
 */
export function shortOptionMinimum(holdings: readonly Holding[], p: ShortOptionMinimumParams): AddOn {
  const A = DECIMAL_ARITHMETIC;
  const parts = shortOptionParts(A, holdings, p.netting);
  const amount = ratedSum(A, parts, p.rate, (h) => h.unitPrice);
  return { name: 'shortOptionMinimum', amount, apply: p.apply, inputs: { rate: decimalString(p.rate), netting: p.netting, netShortUnits: decimalString(partUnits(A, parts)) } };
}
