import { D, type Decimal } from '../numeric/decimal.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { PriceRangeSpec } from './ScenarioSpec.js';

/**
 * The implied vol of the option nearest the money (|strike - index| smallest, then symbol) at the
 * nearest unexpired expiry of `underlying` that carries an `iv` mark; undefined when there is none.
 *
 * @returns annualised decimal vol.
 * @example
 * ```ts
 * atmVol(market, 'BTC')?.toString(); // '0.55'
 * ```
 */
export function atmVol(market: MarketSnapshot, underlying: string): Decimal | undefined {
  const index = market.underlyings.get(underlying)?.index;
  if (!index) return undefined;
  let best: { expiry: number; dist: Decimal; symbol: string; iv: Decimal } | undefined;
  for (const inst of market.instruments.values()) {
    if (inst.kind !== 'option' || inst.underlying !== underlying || inst.expiryMs === undefined || inst.expiryMs <= market.asOfMs) continue;
    const iv = market.marks.get(inst.symbol)?.iv;
    if (iv === undefined) continue;
    const dist = inst.strike!.minus(index).abs();
    if (!best || inst.expiryMs < best.expiry || (inst.expiryMs === best.expiry && (dist.lt(best.dist) || (dist.eq(best.dist) && inst.symbol < best.symbol)))) {
      best = { expiry: inst.expiryMs, dist, symbol: inst.symbol, iv };
    }
  }
  return best?.iv;
}

/**
 * The price scan range of one underlying as a relative decimal (0.16 = +/-16%), from its spec:
 * given (`relative`), `amount / index` (`absolute`), or `z * vol * sqrt(horizonDays / 365)`
 * (`volatility`, clamped to [min, max], rounded up to 4 decimal places). Exact Decimal arithmetic.
 *
 * @param path where `spec` sits in the parameter set, for the error (default `['scenarios', 'priceRange']`).
 * @throws MarginInputError (`invalid_parameters`, argument `params`, at `[...path, 'vol']`) when a vol-derived range has no vol.
 * @example
 * ```ts
 * priceRange({ kind: 'volatility', z: D(3), horizonDays: D(1), vol: D('0.6') }, market, 'BTC').toString(); // '0.0943' = 3 x 0.6 x sqrt(1 / 365) = 0.094216..., rounded up to 4 places
 * ```
 */
export function priceRange(spec: PriceRangeSpec, market: MarketSnapshot, underlying: string, path: (string | number)[] = ['scenarios', 'priceRange']): Decimal {
  if (spec.kind === 'relative') return spec.range;
  const index = market.underlyings.get(underlying)?.index;
  if (spec.kind === 'absolute') return index ? spec.amount.div(index) : new D(0);
  const vol = spec.vol ?? atmVol(market, underlying);
  if (vol === undefined) {
    throw new MarginInputError([
      { code: 'invalid_parameters', path: [...path, 'vol'], message: `no vol given and no option with an iv on ${underlying} to derive the price range from`, argument: 'params' },
    ]);
  }
  let r = spec.z.mul(vol).mul(spec.horizonDays.div(365).sqrt());
  if (spec.min !== undefined && r.lt(spec.min)) r = spec.min;
  if (spec.max !== undefined && r.gt(spec.max)) r = spec.max;
  return r.toDecimalPlaces(4, D.ROUND_CEIL);
}
