import { MarginInputError } from '../schema/MarginInputError.js';
import { black76Price, type OptionGreeks } from './black76.js';
import { checkPricingInputs } from './checkPricingInputs.js';
import { black76Terms, positiveZero, saturate, type OptionRight } from './black76Terms.js';

/**
 * Generalised Black-Scholes-Merton greeks: {@link OptionGreeks} (delta and gamma with respect to
 * spot) plus d1, d2 and the carry sensitivity.
 */
export interface BsmGreeks extends OptionGreeks {
  /** d1 = (ln(S/K) + (b + sigma^2/2) T) / (sigma sqrt T); +/-Number.MAX_VALUE (or 0 at the money) when sigma sqrt T = 0. */
  d1: number;
  /** d2 = d1 - sigma sqrt T; saturated like d1. */
  d2: number;
  /** dV/db per 1.00 of cost of carry, r held: T F dV/dF. Quote currency per unit of underlying. */
  carryRho: number;
}

/**
 * Generalised Black-Scholes-Merton price of a European option with cost of carry b (Haug, "The
 * Complete Guide to Option Pricing Formulas", 2nd ed., 1.1.6): `b = r` for a stock without dividends
 * (Black-Scholes 1973), `b = r - q` with a continuous dividend yield q (Merton 1973) or a foreign rate
 * (Garman-Kohlhagen), `b = 0` for an option on a futures price (Black 1976, spot = the futures price).
 *
 * It is Black-76 on the forward F = S e^{bT}, discounted at e^{-rT}; the edge cases are those of
 * {@link black76Price} (expired: intrinsic on spot; vol 0: discounted intrinsic on F).
 *
 * @param right - `'call'` or `'put'`.
 * @param spot - spot price S, quote currency per unit of underlying (> 0).
 * @param strike - strike K, quote currency per unit (>= 0).
 * @param years - time to expiry T in years (ACT/365).
 * @param rate - continuously compounded risk-free rate r (decimal).
 * @param carry - continuously compounded cost of carry b (decimal).
 * @param vol - annualised volatility sigma (decimal, 0.2 = 20%).
 * @returns the option value in quote currency per 1 unit of underlying.
 *
 * @example
 * ```ts
 * // Hull, OFOD 7th ed., Example 13.6: S = 42, K = 40, T = 0.5, r = 10%, sigma = 20%
 * bsmPrice('call', 42, 40, 0.5, 0.1, 0.1, 0.2); // 4.759422...
 * ```
 */
export function bsmPrice(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  carry: number,
  vol: number,
): number {
  checkPricingInputs(right, spot, strike, years, vol, rate, carry, 'spot');
  const forward = years > 0 ? carriedForward(spot, carry, years) : spot;
  return black76Price(right, forward, strike, years, vol, rate);
}

/** `spot * e^(carry * years)`; one that overflows (or underflows to 0) is the carry's fault: a typed error naming it. */
function carriedForward(spot: number, carry: number, years: number): number {
  const forward = spot * Math.exp(carry * years);
  if (forward > 0 && forward < Infinity) return forward;
  throw new MarginInputError([{ code: 'invalid_value', path: [], message: `spot x e^(carry x years) = ${forward} is not a finite price > 0`, argument: 'carry' }]);
}

/**
 * Generalised Black-Scholes-Merton price and greeks with cost of carry b (see {@link bsmPrice}),
 * per 1 unit of underlying, following Haug's conventions:
 *
 * - `price`: quote currency.
 * - `delta` = dV/dS = e^{(b-r)T} N(d1) (call), -e^{(b-r)T} N(-d1) (put).
 * - `gamma` = d2V/dS2 = e^{(b-r)T} phi(d1) / (S sigma sqrt T).
 * - `vega` = dV/dsigma per 1.00 of vol = S e^{(b-r)T} phi(d1) sqrt T.
 * - `theta` = dV/dt per calendar year with S, r, b held (= -dV/dT); negative = decay.
 *   Call: -S e^{(b-r)T} phi(d1) sigma / (2 sqrt T) - (b - r) S e^{(b-r)T} N(d1) - r K e^{-rT} N(d2).
 * - `rho` per 1.00 of rate. Haug's convention, which the textbook and py_vollib figures follow:
 *   when `carry !== 0` the carry moves with the rate (q = r - b held), so call rho = T K e^{-rT} N(d2)
 *   and put rho = -T K e^{-rT} N(-d2); when `carry === 0` (an option on a futures price) the
 *   futures price is held, so rho = -T V. The partial with b held is `rho - carryRho` for carry != 0.
 * - `carryRho` = dV/db per 1.00 of carry = T F dV/dF.
 * - `d1`, `d2` as in the formula.
 *
 * Edge cases are those of {@link black76Greeks}: at expiry a step delta (+/-0.5 at the money) and
 * zero gamma, vega, theta, rho; with zero vol a discounted step delta and zero gamma.
 *
 * @param right - `'call'` or `'put'`.
 * @param spot - spot price S (> 0), quote currency per unit.
 * @param strike - strike K (>= 0), quote currency per unit.
 * @param years - time to expiry T in years.
 * @param rate - risk-free rate r, continuously compounded decimal.
 * @param carry - cost of carry b, continuously compounded decimal.
 * @param vol - annualised volatility sigma (decimal).
 * @returns a new {@link BsmGreeks} object.
 *
 * @example
 * ```ts
 * // Hull's greeks example: S = 49, K = 50, T = 0.3846, r = b = 5%, sigma = 20%
 * const g = bsmGreeks('call', 49, 50, 0.3846, 0.05, 0.05, 0.2);
 * g.delta;       // 0.5216...
 * g.theta / 365; // -0.0118 (per calendar day; Hull: -4.31 per year, / 365 = -0.011808)
 * ```
 */
export function bsmGreeks(
  right: OptionRight,
  spot: number,
  strike: number,
  years: number,
  rate: number,
  carry: number,
  vol: number,
): BsmGreeks {
  checkPricingInputs(right, spot, strike, years, vol, rate, carry, 'spot');
  const expired = !(years > 0);
  const growth = expired ? 1 : Math.exp(carry * years);
  const forward = expired ? spot : carriedForward(spot, carry, years); // = spot * growth, checked
  const t = black76Terms(right, forward, strike, years, vol, rate);
  const price = t.price;
  if (expired) {
    const delta = right === 'call' ? t.nd1 : positiveZero(-t.nmd1);
    return { price, delta, gamma: 0, vega: 0, theta: 0, rho: 0, d1: t.d1, d2: t.d2, carryRho: 0 };
  }
  const deltaF = right === 'call' ? t.df * t.nd1 : -t.df * t.nmd1;
  const dfPdf = t.df * t.pdf1;
  const gamma = t.s > 0 ? saturate((dfPdf * growth) / spot / t.s) : 0;
  const vega = dfPdf * forward * t.sqrtT;
  const decay = t.s > 0 ? (dfPdf * forward * vol * 0.5) / t.sqrtT : 0;
  // With S held, F = S e^{bT} drifts as T shrinks: dF/dt = -b F.
  const theta = positiveZero(rate * price - decay - carry * forward * deltaF);
  const carryRho = positiveZero(years * forward * deltaF);
  let rho: number;
  if (carry === 0) rho = -years * price;
  else rho = right === 'call' ? years * strike * t.df * t.nd2 : -years * strike * t.df * t.nmd2;
  return {
    price,
    delta: positiveZero(deltaF * growth),
    gamma,
    vega,
    theta,
    rho: positiveZero(rho),
    d1: t.d1,
    d2: t.d2,
    carryRho,
  };
}
