/*
 * Internal: the shared pieces of a Black-76 valuation (discount factor, d1/d2, the four normal
 * probabilities, the density at d1 and the price), with every degenerate case resolved once, so that
 * black76Greeks, bsmGreeks and inverseOptionGreeks agree on edge cases. Not re-exported from the
 * package: the public surface is the *Greeks functions.
 */
import { normalCdf, normalPdf } from './normalCdf.js';

/** `'call'` or `'put'`: the right the option holder has. */
export type OptionRight = 'call' | 'put';

/** Intermediate quantities of one Black-76 valuation. All finite for finite inputs. */
export interface Black76Terms {
  /** e^{-rT}; exactly 1 when years <= 0. */
  df: number;
  /** sqrt(T) in sqrt(years); 0 when years <= 0. */
  sqrtT: number;
  /** Total standard deviation sigma * sqrt(T); 0 in the degenerate cases (expired or zero vol). */
  s: number;
  /** d1, saturated to +/-Number.MAX_VALUE where the formula gives an infinity. */
  d1: number;
  /** d2 = d1 - s, saturated likewise. */
  d2: number;
  /** N(d1), N(d2), N(-d1), N(-d2): each computed directly, not as 1 - N, to keep tail accuracy. */
  nd1: number;
  nd2: number;
  nmd1: number;
  nmd2: number;
  /** phi(d1), the normal density at d1 (F phi(d1) = K phi(d2)). */
  pdf1: number;
  /** Discounted price of the requested right, quote currency per unit of underlying. */
  price: number;
}

const MAX = Number.MAX_VALUE;
// phi(0) = 1/sqrt(2 pi): the density at d1 in the zero-vol at-the-money limit.
const PDF_0 = 0.3989422804014327;

/**
 * Turns -0 into +0 and leaves every other value alone: results are JSON and -0 must never print.
 *
 * @param v - any number (unit preserved).
 * @returns v, with -0 replaced by 0.
 * @example
 * ```ts
 * positiveZero(-0.05 * 0); // 0, not -0
 * ```
 */
export function positiveZero(v: number): number {
  return v + 0;
}

/**
 * Clamps an infinity to the largest finite float of the same sign (NaN is not expected here), so a
 * greek that is genuinely unbounded (gamma at the money as sigma sqrt T -> 0) stays finite.
 *
 * @param v - any number (unit preserved).
 * @returns v, with +/-Infinity replaced by +/-Number.MAX_VALUE.
 * @example
 * ```ts
 * saturate(1 / 0); // 1.7976931348623157e308
 * ```
 */
export function saturate(v: number): number {
  return v > MAX ? MAX : v < -MAX ? -MAX : v;
}

/**
 * Computes the Black-76 terms. Degenerate cases: years <= 0 means expired (intrinsic, no
 * discounting); sigma sqrt(T) = 0 means the forward is certain (discounted intrinsic). In both the
 * probabilities are steps in F - K with 1/2 exactly at the money, the limit of N(d1) as sigma -> 0.
 * Units as in `black76Price`: F, K in quote currency per unit, T in years, vol and rate decimals.
 *
 * @example
 * ```ts
 * const t = black76Terms('call', 100, 100, 0.5, 0.2, 0.02);
 * t.price;                 // 5.58110672460481 (quote currency per unit)
 * t.df * t.nd1;            // Black-76 call delta
 * ```
 */
export function black76Terms(
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): Black76Terms {
  const expired = !(years > 0);
  const df = expired ? 1 : Math.exp(-rate * years);
  const sqrtT = expired ? 0 : Math.sqrt(years);
  const s = vol * sqrtT;
  let d1: number;
  let d2: number;
  let nd1: number;
  let nd2: number;
  let nmd1: number;
  let nmd2: number;
  let pdf1: number;
  let undiscounted: number;
  if (s > 0 && s < Infinity) {
    const x = Math.log(forward / strike);
    d1 = x / s + 0.5 * s;
    d2 = d1 - s;
    nd1 = normalCdf(d1);
    nd2 = normalCdf(d2);
    nmd1 = normalCdf(-d1);
    nmd2 = normalCdf(-d2);
    pdf1 = normalPdf(d1);
    // The out-of-the-money leg is priced directly and the in-the-money one as intrinsic plus that leg
    // (parity), so the time value is never the small difference of two numbers close to F and K.
    const callOtm = forward <= strike;
    const otm = callOtm ? forward * nd1 - strike * nd2 : strike * nmd2 - forward * nmd1;
    const timeValue = otm > 0 ? otm : 0;
    if (right === 'call') undiscounted = callOtm ? timeValue : forward - strike + timeValue;
    else undiscounted = callOtm ? strike - forward + timeValue : timeValue;
  } else {
    // Certain forward (s = 0), or infinite variance (s = Infinity, only for absurd vol * sqrt(T)).
    const infinite = s === Infinity;
    const atm = forward === strike;
    const up = infinite || forward > strike;
    const down = !infinite && forward < strike;
    d1 = infinite ? MAX : up ? MAX : down ? -MAX : 0;
    d2 = infinite ? -MAX : d1;
    nd1 = up ? 1 : down ? 0 : 0.5;
    nmd1 = 1 - nd1;
    nd2 = infinite ? 0 : nd1;
    nmd2 = 1 - nd2;
    pdf1 = !infinite && !expired && atm ? PDF_0 : 0;
    if (infinite) undiscounted = right === 'call' ? forward : strike;
    else if (right === 'call') undiscounted = forward > strike ? forward - strike : 0;
    else undiscounted = strike > forward ? strike - forward : 0;
  }
  return {
    df,
    sqrtT,
    s: s > 0 && s < Infinity ? s : 0,
    d1: saturate(d1),
    d2: saturate(d2),
    nd1,
    nd2,
    nmd1,
    nmd2,
    pdf1,
    price: df * undiscounted,
  };
}
