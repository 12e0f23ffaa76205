import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { ShortOptionMinimumParams } from './MarginParameters.js';

// Strikes are the instrument table's Decimals, shared by every account: print each once.
const strikeKeys = new WeakMap<Decimal, string>();
function strikeKey(strike: Decimal): string {
  let k = strikeKeys.get(strike);
  if (k === undefined) strikeKeys.set(strike, (k = strike.toFixed()));
  return k;
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
  let amount = new D(0);
  let shortUnits = new D(0);
  for (const [, hs] of byUnderlying(holdings)) {
    const opts = hs.filter((h) => h.kind === 'option');
    if (!opts.length) continue;
    const price = opts[0]!.unitPrice;
    let short: Decimal;
    if (p.netting === 'per-strike') {
      const net = new Map<string, Decimal>();
      for (const h of opts) {
        const k = `${h.expiryMs}|${strikeKey(h.strike!)}`;
        net.set(k, (net.get(k) ?? new D(0)).plus(h.units));
      }
      short = new D(0);
      for (const v of net.values()) if (v.lt(0)) short = short.minus(v);
    } else {
      let calls = new D(0);
      let puts = new D(0);
      for (const h of opts) {
        if (h.right === 'call') calls = calls.plus(h.units);
        else puts = puts.plus(h.units);
      }
      short = D.max(calls.neg(), puts.neg(), 0);
    }
    shortUnits = shortUnits.plus(short);
    amount = amount.plus(short.mul(p.rate).mul(price));
  }
  return { name: 'shortOptionMinimum', amount, apply: p.apply, inputs: { rate: decimalString(p.rate), netting: p.netting, netShortUnits: decimalString(shortUnits) } };
}
