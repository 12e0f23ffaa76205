/*
 * Internal: the shared pieces of a Black-76 valuation (discount factor, d1/d2, the four normal
 * probabilities, the density at d1 and the price), with every degenerate case resolved once, so that
 * black76Greeks, bsmGreeks and inverseOptionGreeks agree on edge cases. Not re-exported from the
 * package: the public surface is the *Greeks functions.
 */
import { checkPricingInputs } from './checkPricingInputs.js';
import { normalCdf, normalPdf } from './normalCdf.js';
import { normalCdfPair } from './normalCore.js';

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

/**
 * {@link black76Price} after its input check, with the discount factor `df` = e^{-rT} and `rootYears`
 * = sqrt(T) given: a caller pricing many scenarios at one time to expiry (the risk arrays) computes
 * them once, and gets bit for bit the price `black76Price` computes with its own. Both are unused
 * when `years <= 0` (expiry: the undiscounted intrinsic value). `logMoneyness`, when given, is
 * `Math.log(forward / strike)` of the same two floats (dimensionless): the risk arrays price every vol
 * state of a price move at one forward and take that log once per move, not once per scenario.
 *
 * @example
 * ```ts
 * black76Checked('call', 100, 100, 0.5, 0.2, Math.exp(-0.02 * 0.5), Math.sqrt(0.5)); // 5.58110672460481 (py_vollib's black() doctest: F = K = 100, T = 0.5, r = 2%, sigma = 20%)
 * ```
 */
export function black76Checked(
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  df: number,
  rootYears: number,
  logMoneyness: number = Math.log(forward / strike),
): number {
  const legs = LEGS;
  return black76Legs(forward, strike, years, vol, rootYears, logMoneyness, legs, 0)
    ? black76FromLegs(right, forward, strike, df, normalCdf(legs[0]!), normalCdf(legs[1]!))
    : black76Degenerate(right, forward, strike, years, vol, df, rootYears);
}

// The two normal arguments of the price black76Checked is computing (a scratch: one price at a time).
const LEGS = new Float64Array(2);

/**
 * The regular case of {@link black76Checked} (T > 0 and a finite positive total deviation s = vol *
 * sqrt(T)), first half: writes the arguments of the two normal probabilities of the out-of-the-money
 * leg to `out[i]` and `out[i + 1]` (d1 and d2 for a call out of the money, F <= K; -d2 and -d1
 * otherwise) and returns true; returns false, writing nothing, in a degenerate case. Splitting the
 * price at its two probabilities lets the risk arrays evaluate a whole option's probabilities in one
 * loop ({@link normalCdfsInto}), where V8 inlines the normal kernel and passes no boxed floats.
 * Inputs as black76Checked (dimensionless `out` entries).
 *
 * @example
 * ```ts
 * const out = new Float64Array(2);
 * black76Legs(100, 100, 0.5, 0.2, Math.sqrt(0.5), 0, out, 0); // true
 * out; // [0.07071067811865477, -0.07071067811865477] = [d1, d2] (at F = K: +/- 0.2 x sqrt(0.5) / 2)
 * ```
 */
export function black76Legs(forward: number, strike: number, years: number, vol: number, rootYears: number, logMoneyness: number, out: Float64Array, i: number): boolean {
  if (!(years > 0)) return false;
  const s = vol * rootYears;
  if (!(s > 0) || s === Infinity) return false;
  const d1 = logMoneyness / s + 0.5 * s;
  const d2 = d1 - s;
  const callOtm = forward <= strike;
  out[i] = callOtm ? d1 : -d2;
  out[i + 1] = callOtm ? d2 : -d1;
  return true;
}

/**
 * The regular case of {@link black76Checked}, second half: the price from the two probabilities
 * `n1`, `n2` of the arguments {@link black76Legs} wrote (in its order), quote currency per unit.
 * The out-of-the-money leg is priced directly and the in-the-money one by parity (intrinsic plus that
 * leg), so the time value is never the small difference of two numbers close to F and K. The one
 * price rule of every Black-76 valuation here (black76TermsInto's, for the greeks, too).
 *
 * @example
 * ```ts
 * black76FromLegs('call', 100, 100, Math.exp(-0.01), normalCdf(0.07071067811865477), normalCdf(-0.07071067811865477)); // 5.58110672460481 (py_vollib's black() doctest, as black76Checked)
 * ```
 */
export function black76FromLegs(right: OptionRight, forward: number, strike: number, df: number, n1: number, n2: number): number {
  const callOtm = forward <= strike;
  let otm = callOtm ? forward * n1 - strike * n2 : strike * n1 - forward * n2;
  if (!(otm > 0)) otm = 0;
  if (right === 'call') return df * (callOtm ? otm : forward - strike + otm);
  return df * (callOtm ? strike - forward + otm : otm);
}

/**
 * The degenerate cases of {@link black76Checked}, those {@link black76Legs} declines, each by its own
 * limit: expired (`years <= 0`), the undiscounted intrinsic value; a certain forward (total deviation
 * s = vol * sqrt(T) = 0), the discounted intrinsic value; an infinite deviation (only for an absurd
 * vol * sqrt(T)), N(d1) = 1 and N(d2) = 0, so call = df * F and put = df * K. NaN for a regular case
 * (price it with black76Legs and black76FromLegs). Inputs and units as black76Checked: forward and
 * strike in quote currency per unit of underlying, years ACT/365, vol an annualised decimal, df =
 * e^{-rT}, rootYears = sqrt(T); returns quote currency per unit of underlying.
 *
 * @example
 * ```ts
 * black76Degenerate('call', 110, 100, 0.5, 0, Math.exp(-0.01), Math.sqrt(0.5)); // 9.900498337491682 = e^{-0.01} * 10
 * ```
 */
export function black76Degenerate(right: OptionRight, forward: number, strike: number, years: number, vol: number, df: number, rootYears: number): number {
  const intrinsic = right === 'call' ? forward - strike : strike - forward;
  if (!(years > 0)) return intrinsic > 0 ? intrinsic : 0;
  const s = vol * rootYears;
  if (!(s > 0)) return intrinsic > 0 ? df * intrinsic : 0;
  return s === Infinity ? df * (right === 'call' ? forward : strike) : NaN;
}

// The risk arrays' loop of normal probabilities lives with the normal kernel (see normalCore.ts).
export { normalCdfsInto } from './normalCore.js';

/**
 * {@link black76Checked} with black76Price's input check first: the price of one scenario of many at
 * one time to expiry, `df` = e^{-rT} and `rootYears` = sqrt(T) (and optionally `logMoneyness` =
 * `Math.log(forward / strike)`) computed once by the caller.
 *
 * @example
 * ```ts
 * black76PriceAt('call', 100, 100, 0.5, 0.2, 0.02, Math.exp(-0.02 * 0.5), Math.sqrt(0.5)); // 5.58110672460481 (py_vollib's black() doctest, as black76Checked)
 * ```
 */
export function black76PriceAt(right: OptionRight, forward: number, strike: number, years: number, vol: number, rate: number, df: number, rootYears: number, logMoneyness?: number): number {
  checkPricingInputs(right, forward, strike, years, vol, rate);
  return black76Checked(right, forward, strike, years, vol, df, rootYears, logMoneyness);
}

/**
 * The last regular Black-76 price a valuation made ({@link rememberPrice}): its inputs, `log` =
 * `Math.log(forward / strike)` and the price. Internal scratch (one entry: NaN fields match nothing).
 */
export const RECALLED = { right: '', forward: NaN, strike: NaN, years: NaN, vol: NaN, rate: NaN, log: NaN, price: NaN };

/**
 * Keeps a regular price (T > 0, 0 < vol * sqrt(T) < Infinity) for {@link recalledPrice}: an option's
 * valuation prices it at its unshocked inputs, and its risk array, built next, needs that very price
 * and log-moneyness again. Units as {@link black76Checked}; `log` = `Math.log(forward / strike)`.
 *
 * @example
 * ```ts
 * rememberPrice('call', 100, 100, 0.5, 0.2, 0.02, 0, 5.58110672460481);
 * recalledPrice('call', 100, 100, 0.5, 0.2, 0.02); // 5.58110672460481
 * ```
 */
export function rememberPrice(right: OptionRight, forward: number, strike: number, years: number, vol: number, rate: number, log: number, price: number): void {
  const r = RECALLED;
  r.right = right;
  r.forward = forward;
  // A zero strike is not kept: +0 and -0 compare equal but give logs of opposite infinities.
  r.strike = strike !== 0 ? strike : NaN;
  r.years = years;
  r.vol = vol;
  r.rate = rate;
  r.log = log;
  r.price = price;
}

/**
 * {@link black76PriceAt} of the same inputs (it is a function of them alone, and they passed its
 * check) when they are those {@link rememberPrice} kept last, `RECALLED.log` then their
 * log-moneyness; else NaN (no price is NaN). Quote currency per unit of underlying.
 *
 * @example
 * ```ts
 * rememberPrice('call', 100, 100, 0.5, 0.2, 0.02, 0, 5.58110672460481);
 * recalledPrice('put', 100, 100, 0.5, 0.2, 0.02); // NaN: not the price kept
 * ```
 */
export function recalledPrice(right: OptionRight, forward: number, strike: number, years: number, vol: number, rate: number): number {
  const r = RECALLED;
  return forward === r.forward && strike === r.strike && years === r.years && vol === r.vol && rate === r.rate && right === r.right ? r.price : NaN;
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
 * saturate(1 / 0); // 1.7976931348623157e308 (Number.MAX_VALUE)
 * ```
 */
export function saturate(v: number): number {
  return v > MAX ? MAX : v < -MAX ? -MAX : v;
}

/** Slots of a terms vector written by {@link black76TermsInto} (same meaning as the {@link Black76Terms} fields). */
export const DF = 0;
export const SQRT_T = 1;
export const S = 2;
export const D1 = 3;
export const D2 = 4;
export const ND1 = 5;
export const NMD1 = 6;
export const ND2 = 7;
export const NMD2 = 8;
export const PDF1 = 9;
export const PRICE = 10;
/** Length of a terms vector. */
export const TERMS_LENGTH = 11;

/**
 * {@link black76Terms} without allocating: writes the terms into `out` at the slots above
 * (`out[DF]`, ..., `out[PRICE]`), bit for bit the values `black76Terms` returns. N(x) and N(-x) come
 * from one evaluation of the normal kernel each (see `normalCdfPair`), so a valuation costs two
 * kernel evaluations instead of four. Inputs are not checked (the public pricers check them).
 *
 * @example
 * ```ts
 * const t = new Float64Array(TERMS_LENGTH);
 * black76TermsInto(t, 'call', 100, 100, 0.5, 0.2, 0.02);
 * t[PRICE]; // 5.58110672460481 (py_vollib's black() doctest, as black76Checked)
 * ```
 */
export function black76TermsInto(
  out: Float64Array,
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): void {
  const expired = !(years > 0);
  const df = expired ? 1 : Math.exp(-rate * years);
  const sqrtT = expired ? 0 : Math.sqrt(years);
  const s = vol * sqrtT;
  out[DF] = df;
  out[SQRT_T] = sqrtT;
  if (s > 0 && s < Infinity) {
    const x = Math.log(forward / strike);
    const d1 = x / s + 0.5 * s;
    const d2 = d1 - s;
    // out[ND1] = N(d1), out[NMD1] = N(-d1); out[ND2] = N(d2), out[NMD2] = N(-d2).
    normalCdfPair(d1, out, ND1);
    normalCdfPair(d2, out, ND2);
    const nd1 = out[ND1]!;
    const nmd1 = out[NMD1]!;
    const nd2 = out[ND2]!;
    const nmd2 = out[NMD2]!;
    const pdf1 = normalPdf(d1);
    // The out-of-the-money leg's probabilities, in black76Legs' order: the price is black76FromLegs'.
    const callOtm = forward <= strike;
    out[S] = s;
    out[D1] = saturate(d1);
    out[D2] = saturate(d2);
    out[PDF1] = pdf1;
    out[PRICE] = black76FromLegs(right, forward, strike, df, callOtm ? nd1 : nmd2, callOtm ? nd2 : nmd1);
    return;
  }
  // Certain forward (s = 0), or infinite variance (s = Infinity, only for absurd vol * sqrt(T)).
  const infinite = s === Infinity;
  const atm = forward === strike;
  const up = infinite || forward > strike;
  const down = !infinite && forward < strike;
  const d1 = infinite ? MAX : up ? MAX : down ? -MAX : 0;
  const nd1 = up ? 1 : down ? 0 : 0.5;
  const nd2 = infinite ? 0 : nd1;
  let undiscounted: number;
  if (infinite) undiscounted = right === 'call' ? forward : strike;
  else if (right === 'call') undiscounted = forward > strike ? forward - strike : 0;
  else undiscounted = strike > forward ? strike - forward : 0;
  out[S] = 0;
  out[D1] = d1;
  out[D2] = infinite ? -MAX : d1;
  out[ND1] = nd1;
  out[ND2] = nd2;
  out[NMD1] = 1 - nd1;
  out[NMD2] = 1 - nd2;
  out[PDF1] = !infinite && !expired && atm ? PDF_0 : 0;
  out[PRICE] = df * undiscounted;
}

const SCRATCH = new Float64Array(TERMS_LENGTH);

/**
 * Computes the Black-76 terms. Degenerate cases: years <= 0 means expired (intrinsic, no
 * discounting); sigma sqrt(T) = 0 means the forward is certain (discounted intrinsic). In both the
 * probabilities are steps in F - K with 1/2 exactly at the money, the limit of N(d1) as sigma -> 0.
 * Units as in `black76Price`: F, K in quote currency per unit, T in years, vol and rate decimals.
 * {@link black76TermsInto} is the same without the result object.
 *
 * @example
 * ```ts
 * const t = black76Terms('call', 100, 100, 0.5, 0.2, 0.02);
 * t.price;                 // 5.58110672460481 (quote currency per unit; py_vollib's black() doctest)
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
  const t = SCRATCH;
  black76TermsInto(t, right, forward, strike, years, vol, rate);
  return {
    df: t[DF]!,
    sqrtT: t[SQRT_T]!,
    s: t[S]!,
    d1: t[D1]!,
    d2: t[D2]!,
    nd1: t[ND1]!,
    nd2: t[ND2]!,
    nmd1: t[NMD1]!,
    nmd2: t[NMD2]!,
    pdf1: t[PDF1]!,
    price: t[PRICE]!,
  };
}
