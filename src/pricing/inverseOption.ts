import type { OptionGreeks } from './black76.js';
import { checkPricingInputs } from './checkPricingInputs.js';
import { black76Terms, positiveZero, saturate, type OptionRight } from './black76Terms.js';

/**
 * Price and greeks of an inverse (coin-settled) European option, as Deribit quotes its BTC and ETH
 * options: the payoff max(F_T - K, 0) (call) is paid in coin at the expiry price, so its value in
 * coin is U = V / F, with V the Black-76 value in quote currency (USD) per 1 coin of underlying.
 *
 * Every field is a derivative of U = V/F, in coin per 1 coin of underlying:
 * - `price` = U = V / F, coin.
 * - `delta` = dU/dF, coin per 1 unit of F (per 1 USD move of the forward):
 *   e^{-rT} K N(d2) / F^2 (call), -e^{-rT} K N(-d2) / F^2 (put).
 *   Deribit's displayed delta (coin per coin, "BTC delta") is F * delta = dV/dF - U.
 * - `gamma` = d2U/dF2, coin per USD^2: e^{-rT} (phi(d1)/(sigma sqrt T) - 2 (K/F) N(d2)) / F^2 (call),
 *   e^{-rT} (phi(d1)/(sigma sqrt T) + 2 (K/F) N(-d2)) / F^2 (put).
 * - `vega` = dU/dsigma, coin per 1.00 of vol: e^{-rT} phi(d1) sqrt T.
 * - `theta` = dU/dt, coin per calendar year with F held (= theta of V divided by F); negative = decay.
 * - `rho` = dU/dr, coin per 1.00 of rate with F held: -T U.
 *
 * Edge cases follow {@link black76Greeks}: at expiry (`years <= 0`) U is the intrinsic value over F,
 * delta is K/F^2 for a call in the money, 0 out of it and half of that exactly at the money; vega,
 * theta and rho are 0. Unlike the linear case, gamma stays nonzero for a certain payoff (expired or
 * zero vol): U = 1 - K/F in the money is curved, d2U/dF2 = -2K/F^3 (call); only the point mass at
 * F = K is dropped.
 *
 * @param right - `'call'` or `'put'`.
 * @param forward - forward price F in quote currency (USD) per coin (> 0).
 * @param strike - strike K in quote currency per coin (>= 0).
 * @param years - time to expiry T in years.
 * @param vol - annualised volatility sigma (decimal).
 * @param rate - continuously compounded discount rate r (decimal); Deribit uses 0.
 * @returns a new {@link OptionGreeks} object in coin units as listed above.
 *
 * @example
 * ```ts
 * // BTC forward 60,000 USD, 65,000 call, 30 days, 55% vol, r = 0
 * const g = inverseOptionGreeks('call', 60000, 65000, 30 / 365, 0.55, 0);
 * g.price;               // 0.03202655... (BTC: 1921.593 USD / 60,000)
 * g.delta * 60000;       // Deribit-style BTC delta (Black delta minus the coin price)
 * ```
 */
export function inverseOptionGreeks(
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): OptionGreeks {
  checkPricingInputs(right, forward, strike, years, vol, rate);
  const t = black76Terms(right, forward, strike, years, vol, rate);
  const price = t.price / forward;
  const kf = strike / forward;
  // d(V/F)/dF = (dV/dF - V/F)/F; in closed form the phi terms cancel, leaving the N(d2) term only.
  const delta = positiveZero(right === 'call' ? (t.df * kf * t.nd2) / forward : (-t.df * kf * t.nmd2) / forward);
  // 1/F is convex, so even a certain payoff (expired, or zero vol) has gamma in coin; only the
  // delta-function part at F = K (the phi(d1)/s term) vanishes when sigma sqrt T = 0.
  const curvature = t.s > 0 ? t.pdf1 / t.s : 0;
  const gammaTerm = right === 'call' ? curvature - 2 * kf * t.nd2 : curvature + 2 * kf * t.nmd2;
  const gamma = positiveZero(saturate((t.df * gammaTerm) / forward / forward));
  if (!(years > 0)) return { price, delta, gamma, vega: 0, theta: 0, rho: 0 };
  const vega = t.df * t.pdf1 * t.sqrtT;
  const decay = t.s > 0 ? (t.df * t.pdf1 * vol * 0.5) / t.sqrtT : 0;
  return {
    price,
    delta,
    gamma,
    vega,
    theta: positiveZero(rate * price - decay),
    rho: positiveZero(-years * price),
  };
}
