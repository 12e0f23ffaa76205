import { MarginInputError, type MarginErrorCode } from '../schema/MarginInputError.js';
import { normalCdf, normalPdf } from './normalCdf.js';
import type { OptionRight } from './black76Terms.js';

const EPS = Number.EPSILON;
const SQRT_2PI = 2.5066282746310002;
const MAX_ITERATIONS = 200;

// Issues name the positional argument (`argument: 'price'`, path `[]`): the call has no other input.
function fail(code: MarginErrorCode, field: string, message: string): never {
  throw new MarginInputError([{ code, path: [], message, argument: field }]);
}

/**
 * Black-76 implied volatility: the sigma for which {@link black76Price} reproduces `price`.
 *
 * Method. The price is undiscounted and stripped of its intrinsic value; by put-call parity and
 * Black's put-call symmetry what is left is always the value of an out-of-the-money call on
 * (a, c) = (min(F, K), max(F, K)), b(s) = a N(d1) - c N(d2) with s = sigma sqrt T, which rises from 0
 * to a. Newton's method is run on log b(s) when the target is at most a/2 (where b is tiny and steep
 * in relative terms), and on -log(a - b(s)) above that (where b saturates and only the gap to the bound
 * carries information); a - b is computed as a N(-d1) + c N(d2), free of cancellation. Every step
 * keeps a bracket [lo, hi] around the root, and a step that would leave it is replaced by bisection
 * (geometric once both ends are positive), so the iteration cannot diverge. It stops when the Newton
 * step is below 4 ulps of s. The result is as accurate as the price allows: about 1e-15 relative
 * when vega is not small against the price, and in general within (price rounding) / vega.
 *
 * Bounds (discounted): intrinsic e^{-rT} max(F - K, 0) (call) or max(K - F, 0) (put) below, and
 * e^{-rT} F (call) or e^{-rT} K (put) above, which only sigma = infinity reaches. A price exactly at
 * intrinsic returns 0, and so does one below a positive intrinsic by no more than the rounding of
 * e^{-rT} F - e^{-rT} K (4 ulps of e^{-rT}(F + K)), since callers compute intrinsic in different
 * orders; anything further below throws. A price that leaves no time value once undiscounted also
 * returns 0.
 *
 * @param right - `'call'` or `'put'`.
 * @param price - observed option price, quote currency per 1 unit of underlying, discounted as in
 *   {@link black76Price}.
 * @param forward - forward price F (> 0), quote currency per unit.
 * @param strike - strike K (>= 0), quote currency per unit.
 * @param years - time to expiry T in years (> 0).
 * @param rate - continuously compounded discount rate r (decimal).
 * @returns annualised volatility sigma as a decimal (0.65 = 65%), >= 0.
 * @throws {MarginInputError} code `no_implied_vol`, path `['price']`, when the price is not finite,
 *   is below the discounted intrinsic value, is at or above the upper bound, or when `years <= 0`
 *   (an expired option's price says nothing about volatility). Code `invalid_value` with path
 *   `['forward']`, `['strike']` or `['rate']` when those are not finite, F <= 0, K < 0, or e^{-rT}
 *   is not representable.
 *
 * @example
 * ```ts
 * const p = black76Price('call', 100, 110, 0.5, 0.35, 0.03);
 * impliedVolatility('call', p, 100, 110, 0.5, 0.03); // 0.35 (to about 1e-15)
 * ```
 */
export function impliedVolatility(
  right: OptionRight,
  price: number,
  forward: number,
  strike: number,
  years: number,
  rate: number,
): number {
  if (!Number.isFinite(price)) fail('no_implied_vol', 'price', `price must be a finite number, got ${price}`);
  if (!(years > 0 && years < Infinity)) {
    fail('no_implied_vol', 'price', `no implied volatility for an option with years = ${years} (must be > 0)`);
  }
  if (!(forward > 0 && forward < Infinity)) fail('invalid_value', 'forward', `forward must be finite and > 0, got ${forward}`);
  if (!(strike >= 0 && strike < Infinity)) fail('invalid_value', 'strike', `strike must be finite and >= 0, got ${strike}`);
  const df = Math.exp(-rate * years);
  if (!(df > 0 && df < Infinity)) fail('invalid_value', 'rate', `rate must be finite with exp(-rate * years) representable, got ${rate}`);

  const payoff = right === 'call' ? forward - strike : strike - forward;
  const intrinsic = payoff > 0 ? payoff : 0;
  const lower = df * intrinsic;
  const upper = df * (right === 'call' ? forward : strike);
  const slack = intrinsic > 0 ? 4 * EPS * df * (forward + strike) : 0;
  if (price < lower - slack) {
    fail('no_implied_vol', 'price', `price ${price} is below the discounted intrinsic value ${lower}`);
  }
  if (price <= lower) return 0;
  if (price >= upper) {
    fail('no_implied_vol', 'price', `price ${price} is at or above the upper bound ${upper} (infinite volatility)`);
  }

  // Out-of-the-money call on (a, c), a <= c: the time value by parity and put-call symmetry.
  const a = forward < strike ? forward : strike;
  const c = forward < strike ? strike : forward;
  const q = price / df - intrinsic;
  if (!(q > 0)) return 0;
  if (q >= a) {
    fail('no_implied_vol', 'price', `price ${price} is indistinguishable from the upper bound ${upper}`);
  }
  const x = Math.log(a / c);
  const useLower = q <= 0.5 * a;
  const gap = a - q;
  const logTarget = useLower ? Math.log(q) : Math.log(gap);

  // Starting point: ATM Brenner-Subrahmanyam (b ~ a s / sqrt(2 pi)) and the leading tail asymptote
  // ln(b/a) ~ -x^2/(2 s^2) + |x|/2 for the lower branch; ln((a-b)/a) ~ -s^2/8 for the upper one.
  let s: number;
  if (useLower) {
    const atm = (q * SQRT_2PI) / a;
    const tail = x < 0 ? -x / Math.sqrt(-x - 2 * Math.log(q / a)) : 0;
    s = atm > tail ? atm : tail;
  } else {
    const asym = 2 * Math.sqrt(-2 * Math.log(gap / a));
    const inflection = Math.sqrt(-2 * x);
    s = asym > inflection ? asym : inflection;
  }
  if (!(s > 0 && s < Infinity)) s = 1;

  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const d1 = x / s + 0.5 * s;
    const d2 = d1 - s;
    const slope = a * normalPdf(d1);
    let f: number;
    let fp: number;
    if (useLower) {
      const b = a * normalCdf(d1) - c * normalCdf(d2);
      f = (b > 0 ? Math.log(b) : -Infinity) - logTarget;
      fp = slope / b;
    } else {
      const rest = a * normalCdf(-d1) + c * normalCdf(d2);
      f = logTarget - Math.log(rest);
      fp = slope / rest;
    }
    if (f === 0) break;
    if (f < 0) lo = s;
    else hi = s;
    let next = s - f / fp;
    if (!(next > lo && next < hi)) {
      if (hi === Infinity) next = 2 * s;
      else if (lo === 0) next = 0.5 * hi;
      else next = Math.sqrt(lo * hi);
    }
    const step = next - s;
    s = next;
    if ((step < 0 ? -step : step) <= 4 * EPS * s) break;
    if (hi < Infinity && hi - lo <= 4 * EPS * hi) break;
  }
  return s / Math.sqrt(years);
}
