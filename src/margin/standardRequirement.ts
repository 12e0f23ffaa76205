import { ownValue } from '../schema/ownValue.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import type { StandardParams } from './MarginParameters.js';

/** A standard (per-position) requirement: IM and MM in the settlement currency (exact, unrounded), the rule applied and its inputs. */
export interface StandardRequirement {
  im: Decimal;
  mm: Decimal;
  rule: string;
  inputs: Record<string, string>;
}

/**
 * Standard margin of one netted position, Deribit style.
 *
 * - Futures and perpetuals: `units = |q| * size` (linear; inverse `|q| * size / F`),
 *   `IM = units * F * (im + units * imPerUnit)`, `MM = units * F * (mm + units * mmPerUnit)`
 *   (linear, quote currency; inverse in coin: `units * (rate + units * perUnit)`), converted at the
 *   settlement coin's price.
 * - Short options, per unit of underlying with `S` the forward and `OTM` the out-of-the-money amount:
 *   `IM = max(imBase - OTM/S, imFloor) * S + mark`, `MM = mm * S + mark` (calls) or
 *   `max(mm * S, putMarkMm * mark) + mark` (puts), IM at least MM; inverse options in coin (S = 1 coin,
 *   OTM / S unchanged). Long options: 0.
 *
 * @param q signed quantity in contracts.
 * @param v the instrument's valuation (forward, mark value, settlement coin price).
 * @example
 * ```ts
 * // Deribit: 25 BTC linear perp at 100,000: IM = 2,500,000 * (2% + 25 * 0.005%) = 53,125
 * standardRequirement(D(25), valuation, params.standard!).im.toString(); // '53125'
 * ```
 */
export function standardRequirement(q: Decimal, v: InstrumentValuation, p: StandardParams): StandardRequirement {
  const inst = v.instrument;
  const C = v.settlementPrice;
  const size = inst.contractSize;
  const F = v.forward;
  const zero = new D(0);
  if (q.isZero()) return { im: zero, mm: zero, rule: 'flat', inputs: {} };
  if (inst.kind === 'future') {
    const t = ownValue(p.futures.byUnderlying, inst.underlying) ?? p.futures.default;
    const linear = inst.settlement === 'linear';
    const units = linear ? q.abs().mul(size) : q.abs().mul(size).div(F);
    const base = linear ? units.mul(F) : units; // quote currency (linear) or coin (inverse)
    const imRate = t.im.plus(units.mul(t.imPerUnit));
    const mmRate = t.mm.plus(units.mul(t.mmPerUnit));
    return {
      im: base.mul(imRate).mul(C),
      mm: base.mul(mmRate).mul(C),
      rule: linear ? 'future-linear' : 'future-inverse',
      inputs: { units: decimalString(units), price: decimalString(F), imRate: decimalString(imRate), mmRate: decimalString(mmRate), settlementPrice: decimalString(C) },
    };
  }
  if (q.gt(0)) return { im: zero, mm: zero, rule: 'option-long', inputs: {} };
  const t = ownValue(p.options.byUnderlying, inst.underlying) ?? p.options.default;
  const K = inst.strike!;
  const units = q.abs().mul(size);
  const markPerUnit = v.markValueUp.div(size); // settlement coin per unit of underlying, rounded up: it is part of a requirement
  const otm = inst.right === 'call' ? D.max(K.minus(F), 0) : D.max(F.minus(K), 0);
  const linear = inst.settlement === 'linear';
  const S = linear ? F : new D(1);
  const imFrac = D.max(t.imBase.minus(otm.div(F)), t.imFloor);
  const mmPerUnit = inst.right === 'call' ? t.mm.mul(S).plus(markPerUnit) : D.max(t.mm.mul(S), t.putMarkMm.mul(markPerUnit)).plus(markPerUnit);
  const imPerUnit = D.max(imFrac.mul(S).plus(markPerUnit), mmPerUnit);
  return {
    im: units.mul(imPerUnit).mul(C),
    mm: units.mul(mmPerUnit).mul(C),
    rule: linear ? `option-short-${inst.right}` : `option-short-${inst.right}-inverse`,
    inputs: { units: decimalString(units), forward: decimalString(F), otm: decimalString(otm), mark: decimalString(markPerUnit), imFraction: decimalString(imFrac), settlementPrice: decimalString(C) },
  };
}
