import { checkPricingInputs } from './checkPricingInputs.js';
import { black76Checked, black76FromLegs, black76TermsInto, rememberPrice, DF, ND1, NMD1, PDF1, positiveZero, PRICE, saturate, SQRT_T, TERMS_LENGTH, type OptionRight } from './black76Terms.js';
import { gaussianTimes, normalCdfPair, SQRT_1_2PI, UNDERFLOW } from './normalCore.js';

export type { OptionRight } from './black76Terms.js';

/**
 * Value and first-order sensitivities of one option on one unit of underlying.
 *
 * Units (the same in every pricer of this folder unless its TSDoc says otherwise):
 * - `price`: quote currency per 1 unit of underlying.
 * - `delta`: dV/dF (Black-76) or dV/dS (BSM), quote currency per 1 unit of the underlying's price,
 *   i.e. dimensionless.
 * - `gamma`: d2V/dF2 (or d2V/dS2), per 1 unit of the underlying's price.
 * - `vega`: dV/dsigma per 1.00 of volatility (divide by 100 for "per vol point").
 * - `theta`: dV/dt per calendar year of elapsed time, i.e. -dV/dT; negative means decay
 *   (divide by 365 for "per day").
 * - `rho`: dV/dr per 1.00 of the continuously compounded rate (divide by 100 for "per 1%").
 */
export interface OptionGreeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
}

/**
 * Black-76 price of a European option on a forward (or futures) price, discounted at e^{-rT}.
 *
 * Call = e^{-rT} (F N(d1) - K N(d2)), put = e^{-rT} (K N(-d2) - F N(-d1)),
 * d1 = (ln(F/K) + sigma^2 T / 2) / (sigma sqrt T), d2 = d1 - sigma sqrt T.
 *
 * Edge cases, all finite and monotone: `years <= 0` is expiry, the undiscounted intrinsic value
 * (e^{-r*0} = 1); `vol <= 0` gives the discounted intrinsic value on the forward; `strike = 0` gives
 * call = e^{-rT} F and put = 0; a huge total variance tends to call = e^{-rT} F, put = e^{-rT} K.
 * Never NaN or Infinity for finite inputs with forward > 0, strike >= 0, vol >= 0 and a
 * representable discount factor (|rate * years| < 709).
 *
 * Allocates nothing: this is the function of the per-scenario hot loop.
 *
 * @param right - `'call'` or `'put'`.
 * @param forward - forward price F of the underlying at expiry, quote currency per unit (> 0).
 * @param strike - strike K, quote currency per unit (>= 0).
 * @param years - time to expiry T in years (ACT/365, see `yearFraction`).
 * @param vol - annualised lognormal volatility sigma as a decimal (0.65 = 65%).
 * @param rate - continuously compounded discount rate r as a decimal.
 * @returns the option value in quote currency per 1 unit of underlying.
 *
 * @example
 * ```ts
 * // py_vollib's black() doctest: F = K = 100, T = 0.5, r = 2%, sigma = 20%
 * black76Price('call', 100, 100, 0.5, 0.2, 0.02); // 5.58110672460481
 * ```
 */
export function black76Price(
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): number {
  checkPricingInputs(right, forward, strike, years, vol, rate);
  return black76Checked(right, forward, strike, years, vol, Math.exp(-rate * years), Math.sqrt(years));
}

/**
 * Black-76 price and greeks of a European option on a forward, all per 1 unit of underlying.
 *
 * - `price`: quote currency (as {@link black76Price}).
 * - `delta` = dV/dF = e^{-rT} N(d1) (call), -e^{-rT} N(-d1) (put).
 * - `gamma` = d2V/dF2 = e^{-rT} phi(d1) / (F sigma sqrt T).
 * - `vega` = dV/dsigma per 1.00 of vol = e^{-rT} F phi(d1) sqrt T.
 * - `theta` = dV/dt per calendar year with F held, = -dV/dT
 *   = -e^{-rT} F phi(d1) sigma / (2 sqrt T) + r V. Negative = decay.
 * - `rho` = dV/dr per 1.00 of rate with F held = -T V.
 *
 * Edge cases: at expiry (`years <= 0`) delta is a step, +/-1 in the money, 0 out of it and +/-0.5
 * exactly at the money (the zero-vol limit of N(d1)); gamma, vega, theta and rho are 0. With
 * `vol = 0` and T > 0 the same steps are scaled by e^{-rT}, gamma is 0 (the true value is a delta
 * function at F = K), vega is its sigma -> 0 limit (e^{-rT} F sqrt(T) / sqrt(2 pi) at the money,
 * 0 elsewhere) and theta is r V. Gamma saturates at Number.MAX_VALUE instead of overflowing for a
 * vanishing sigma sqrt T at the money.
 *
 * @param right - `'call'` or `'put'`.
 * @param forward - forward price F, quote currency per unit (> 0).
 * @param strike - strike K, quote currency per unit (>= 0).
 * @param years - time to expiry T in years.
 * @param vol - annualised volatility sigma (decimal).
 * @param rate - continuously compounded discount rate r (decimal).
 * @returns a new {@link OptionGreeks} object.
 *
 * @example
 * ```ts
 * // py_vollib black.greeks.analytical doctest: F = 49, K = 50, T = 0.3846, r = 5%, sigma = 20%
 * const g = black76Greeks('call', 49, 50, 0.3846, 0.2, 0.05);
 * g.delta;        // 0.45107017482201...
 * g.theta / 365;  // -0.00816236877462 (per calendar day)
 * ```
 */
export function black76Greeks(
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): OptionGreeks {
  const g = GREEKS;
  black76GreeksInto(g, right, forward, strike, years, vol, rate);
  return { price: g[0]!, delta: g[1]!, gamma: g[2]!, vega: g[3]!, theta: g[4]!, rho: g[5]! };
}

const GREEKS = new Float64Array(6);
const TERMS = new Float64Array(TERMS_LENGTH);
const PAIRS = new Float64Array(4);

/**
 * {@link black76Greeks} without allocating: writes price, delta, gamma, vega, theta and rho (in that
 * order, same units and edge cases) into `out[0..5]`, bit for bit the fields `black76Greeks` returns.
 * For loops that value many options into a caller's buffer.
 *
 * @param out - at least 6 entries; receives [price, delta, gamma, vega, theta, rho].
 * @param right - `'call'` or `'put'`.
 * @param forward - forward price F, quote currency per unit (> 0).
 * @param strike - strike K, quote currency per unit (>= 0).
 * @param years - time to expiry T in years.
 * @param vol - annualised volatility sigma (decimal).
 * @param rate - continuously compounded discount rate r (decimal).
 * @throws MarginInputError on invalid inputs, as {@link black76Greeks}.
 *
 * @example
 * ```ts
 * const g = new Float64Array(6);
 * black76GreeksInto(g, 'call', 49, 50, 0.3846, 0.2, 0.05);
 * g[1]; // 0.45107017482201... (delta; py_vollib's doctest, as black76Greeks)
 * ```
 */
export function black76GreeksInto(
  out: Float64Array,
  right: OptionRight,
  forward: number,
  strike: number,
  years: number,
  vol: number,
  rate: number,
): void {
  checkPricingInputs(right, forward, strike, years, vol, rate);
  if (years > 0) {
    const sqrtT = Math.sqrt(years);
    const s = vol * sqrtT;
    if (s > 0 && s < Infinity) {
      // The regular case, inline: the same operations as black76TermsInto, in the same order (the price black76FromLegs').
      const df = Math.exp(-rate * years);
      const x = Math.log(forward / strike);
      const d1 = x / s + 0.5 * s;
      const d2 = d1 - s;
      const n = PAIRS;
      normalCdfPair(d1, n, 0);
      normalCdfPair(d2, n, 2);
      const nd1 = n[0]!;
      const nmd1 = n[1]!;
      const callOtm = forward <= strike;
      const call = right === 'call';
      const price = black76FromLegs(right, forward, strike, df, callOtm ? nd1 : n[3]!, callOtm ? n[2]! : nmd1);
      // normalPdf(d1); d1 is not NaN here (normalCdfPair would have thrown).
      const y = d1 < 0 ? -d1 : d1;
      const pdf1 = y < 2 ? SQRT_1_2PI * Math.exp(-0.5 * y * y) : y > -UNDERFLOW ? 0 : gaussianTimes(y, SQRT_1_2PI);
      const dfPdf = df * pdf1;
      rememberPrice(right, forward, strike, years, vol, rate, x, price);
      out[0] = price;
      out[1] = call ? df * nd1 : positiveZero(-df * nmd1);
      out[2] = saturate(dfPdf / forward / s);
      out[3] = dfPdf * forward * sqrtT;
      out[4] = positiveZero(rate * price - (dfPdf * forward * vol * 0.5) / sqrtT);
      out[5] = positiveZero(-years * price);
      return;
    }
  }
  degenerateGreeksInto(out, right, forward, strike, years, vol, rate);
}

/** Expired, zero vol or infinite variance: the degenerate cases as black76Terms resolves them. */
function degenerateGreeksInto(out: Float64Array, right: OptionRight, forward: number, strike: number, years: number, vol: number, rate: number): void {
  const t = TERMS;
  black76TermsInto(t, right, forward, strike, years, vol, rate);
  const price = t[PRICE]!;
  if (!(years > 0)) {
    out[0] = price;
    out[1] = right === 'call' ? t[ND1]! : positiveZero(-t[NMD1]!);
    out[2] = 0;
    out[3] = 0;
    out[4] = 0;
    out[5] = 0;
    return;
  }
  // Here t[S] = 0: gamma and the decay term vanish.
  const df = t[DF]!;
  const dfPdf = df * t[PDF1]!;
  out[0] = price;
  out[1] = right === 'call' ? df * t[ND1]! : positiveZero(-df * t[NMD1]!);
  out[2] = 0;
  out[3] = dfPdf * forward * t[SQRT_T]!;
  out[4] = positiveZero(rate * price - 0);
  out[5] = positiveZero(-years * price);
}
