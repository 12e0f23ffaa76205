import { ownValue } from '../schema/ownValue.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import type { StandardParams } from './MarginParameters.js';
import { times } from '../numeric/times.js';

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
 * - Short options, per unit of underlying with `S` the forward (the index with `reference: 'spot'`)
 *   and `OTM` the out-of-the-money amount against it: `IM = max(imBase - OTM/S, imFloor) * S + mark`,
 *   `MM = mm * S + mark` (calls) or `max(mm * S, putMarkMm * mark) + mark` (puts), IM at least MM
 *   (puts: at least `putImMmMultiple * MM`); inverse options in coin (S = 1 coin, OTM / S unchanged).
 *   Without `markInRequirement` both leave the mark out. Long options: 0, or their mark value when
 *   `longOptionCredit` is false.
 *
 * @param q signed quantity in contracts.
 * @param v the instrument's valuation (forward, mark value, settlement coin price).
 * @example
 * ```ts
 * // Deribit standard: 25 BTC linear perp marked at 100,050: IM = 25 x 100,050 x (2% + 25 x 0.005%)
 * standardRequirement(D(25), valuation, parseMarginParameters(PRESETS['deribit-standard']).standard!).im.toString(); // '53151.5625'
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
  const t = ownValue(p.options.byUnderlying, inst.underlying) ?? p.options.default;
  if (q.gt(0)) {
    if (t.longOptionCredit) return { im: zero, mm: zero, rule: 'option-long', inputs: {} };
    // The long's value does not count as margin: it is required back (equity holds it at markValue).
    const value = q.mul(v.markValue).mul(C);
    return { im: value, mm: value, rule: 'option-long-uncredited', inputs: { value: decimalString(value) } };
  }
  const K = inst.strike!;
  const units = q.abs().mul(size);
  const markPerUnit = v.markValueUp.div(size); // settlement coin per unit of underlying, rounded up: it is part of a requirement
  const linear = inst.settlement === 'linear';
  // The reference price: the option's forward, or the index (Derive's standard manager measures OTM and
  // scales its rates by spot).
  const ref = linear && t.reference === 'spot' ? v.index : F;
  const otm = inst.right === 'call' ? D.max(K.minus(ref), 0) : D.max(ref.minus(K), 0);
  const S = linear ? ref : new D(1);
  const imFrac = D.max(t.imBase.minus(otm.div(ref)), t.imFloor);
  const mmPerUnit = inst.right === 'call' ? t.mm.mul(S).plus(markPerUnit) : D.max(t.mm.mul(S), t.putMarkMm.mul(markPerUnit)).plus(markPerUnit);
  const imMm = inst.right === 'put' ? times(mmPerUnit, t.putImMmMultiple) : mmPerUnit;
  const imPerUnit = D.max(imFrac.mul(S).plus(markPerUnit), imMm);
  // Without the mark in the requirement, the short's value in equity carries it.
  const off = t.markInRequirement ? zero : markPerUnit;
  const inputs: Record<string, string> = { units: decimalString(units), forward: decimalString(F), otm: decimalString(otm), mark: decimalString(markPerUnit), imFraction: decimalString(imFrac), settlementPrice: decimalString(C) };
  if (t.reference === 'spot' && linear) inputs.spot = decimalString(v.index);
  return {
    im: units.mul(imPerUnit.minus(off)).mul(C),
    mm: units.mul(mmPerUnit.minus(off)).mul(C),
    rule: linear ? `option-short-${inst.right}` : `option-short-${inst.right}-inverse`,
    inputs,
  };
}
