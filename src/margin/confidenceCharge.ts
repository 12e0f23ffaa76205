import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { byUnderlying } from './byUnderlying.js';
import type { AddOn, Holding } from './Holding.js';
import type { ConfidenceChargeParams } from './MarginParameters.js';

const ONE = new D(1);

/**
 * `(1 - confidence) * rate * notional` when `confidence < threshold`, else 0 (the oracle charge of
 * Derive's PMRM_2 and standard manager). Fractions in [0, 1]; notional in the settlement currency.
 *
 * @example
 * ```ts
 * confidenceAmount(D('0.3'), D('0.55'), D('1'), D('1000')).toString(); // '700'
 * ```
 */
export function confidenceAmount(confidence: Decimal, threshold: Decimal, rate: Decimal, notional: Decimal): Decimal {
  return confidence.lt(threshold) ? ONE.minus(confidence).mul(rate).mul(notional) : new D(0);
}

function minOf(...xs: (Decimal | undefined)[]): Decimal {
  let m = ONE;
  for (const x of xs) if (x !== undefined && x.lt(m)) m = x;
  return m;
}

/**
 * Confidence (oracle) charges of one risk unit, one add-on per future held and per option expiry
 * held (see {@link ConfidenceChargeParams} for the confidences and notionals). Exact.
 *
 * @param holdings the unit's holdings, with their `confidence` and `indexConfidence`.
 * @returns add-ons named `confidenceCharge`, in underlying, then symbol / expiry order.
 * @example
 * ```ts
 * // short 2 calls of one expiry at index 1,000, forward confidence 0.4, threshold 0.55, rate 1, short notional:
 * // (1 - 0.4) x 1 x 2 x 1,000 = 1,200
 * const calls: Holding[] = [{ symbol: 'ETH-C', kind: 'option', underlying: 'ETH', units: D(-2), unitPrice: D(1000), delta: -1, right: 'call', strike: D(1000), expiryMs: Date.parse('2026-12-25T08:00:00Z'), confidence: D('0.4') }];
 * confidenceCharge(calls, { options: { threshold: D('0.55'), rate: D(1), notional: 'short', withFutures: false } })[0].amount.toString(); // '1200'
 * ```
 */
export function confidenceCharge(holdings: readonly Holding[], p: ConfidenceChargeParams): AddOn[] {
  const out: AddOn[] = [];
  for (const [underlying, hs] of byUnderlying(holdings)) {
    const price = hs[0]!.unitPrice;
    const index = hs[0]!.indexConfidence;
    const futures = hs.filter((h) => h.kind === 'future').sort((a, b) => compareKeys(a.symbol, b.symbol));
    if (p.futures) {
      for (const h of futures) {
        const conf = minOf(index, h.confidence);
        const notional = h.units.abs().mul(price);
        out.push({
          name: 'confidenceCharge',
          amount: confidenceAmount(conf, p.futures.threshold, p.futures.rate, notional),
          apply: 'add',
          inputs: { item: h.symbol, confidence: decimalString(conf), notional: decimalString(notional), threshold: decimalString(p.futures.threshold), rate: decimalString(p.futures.rate) },
        });
      }
    }
    const o = p.options;
    if (!o) continue;
    const byExpiry = new Map<number, Holding[]>();
    for (const h of hs) if (h.kind === 'option') byExpiry.set(h.expiryMs!, [...(byExpiry.get(h.expiryMs!) ?? []), h]);
    const futuresConf = o.withFutures ? minOf(...futures.filter((h) => !h.units.isZero()).map((h) => h.confidence)) : ONE;
    for (const [expiryMs, os] of [...byExpiry].sort(([a], [b]) => a - b)) {
      const conf = minOf(index, futuresConf, ...os.map((h) => h.confidence));
      let units = new D(0);
      for (const h of os) if (o.notional === 'gross') units = units.plus(h.units.abs());
      else if (h.units.lt(0)) units = units.minus(h.units);
      const notional = units.mul(price);
      out.push({
        name: 'confidenceCharge',
        amount: confidenceAmount(conf, o.threshold, o.rate, notional),
        apply: 'add',
        inputs: { item: `${underlying} options ${new Date(expiryMs).toISOString()}`, confidence: decimalString(conf), notional: decimalString(notional), threshold: decimalString(o.threshold), rate: decimalString(o.rate) },
      });
    }
  }
  return out;
}
