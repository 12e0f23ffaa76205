import { MarginInputError } from '../schema/MarginInputError.js';

/**
 * Raw-SVI parameters of one expiry's smile (Gatheral's parametrisation of total implied variance),
 * as floats: `a` (variance level), `b` (wing slope), `rho` (tilt, in [-1, 1]), `m` (log-moneyness of
 * the vertex), `sigma` (vertex curvature, > 0), `forward` (the forward the smile's moneyness is
 * measured against, quote currency per unit) and `years` (the smile's own year fraction, which turns
 * total variance into a vol; ACT/365).
 */
export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
  forward: number;
  years: number;
}

/** Total variance above this is capped (it is a vol of 12 over one year; Derive's SVI library cap). */
export const SVI_MAX_TOTAL_VARIANCE = 144;

/** Strikes below this fraction of the forward count as 0 moneyness in 18-decimal fixed point (k = -bound). */
const FIXED_POINT_UNIT = 1e-18;

function bad(path: string, message: string): MarginInputError {
  return new MarginInputError([{ code: 'invalid_value', path: [path], message, argument: 'pricing' }]);
}

/**
 * Implied vol at one strike from raw-SVI parameters, with the moneyness clamp that keeps far strikes
 * on the smile's wings (Derive's `SVI.sol`, lyra-utils 2023-11 and later):
 *
 * - log-moneyness `k = ln(strike / forward)`, clamped to `[-B, B]` with `B = 4 * sqrt(a + b * sigma)`
 *   (a strike below 1e-18 of the forward takes `-B`, as its ratio is 0 in 18-decimal fixed point);
 * - total variance `w = a + b * (rho * (k - m) + sqrt((k - m)^2 + sigma^2))`, capped at
 *   {@link SVI_MAX_TOTAL_VARIANCE};
 * - vol `sqrt(w / years)`. A strike of 0 has vol 0.
 *
 * @param strike strike, quote currency per unit (>= 0).
 * @param p the smile's parameters (see {@link SviParams}).
 * @returns annualised vol as a decimal (0.65 = 65%).
 * @throws MarginInputError (`invalid_value`, argument `pricing`) when the parameters give no real vol:
 *   `a + b * sigma < 0`, a negative total variance, `years <= 0`, a forward <= 0, or a non-finite input.
 * @example
 * ```ts
 * // a = 0.04, b = 0, at the money over one year: w = 0.04, vol = 0.2
 * sviVol(100, { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 100, years: 1 }); // 0.2
 * ```
 */
export function sviVol(strike: number, p: SviParams): number {
  if (!(strike >= 0 && strike < Infinity)) throw bad('strike', `strike must be a finite number >= 0, got ${String(strike)}`);
  if (!(p.forward > 0 && p.forward < Infinity)) throw bad('forward', `SVI forward must be a finite number > 0, got ${String(p.forward)}`);
  if (!(p.years > 0 && p.years < Infinity)) throw bad('years', `SVI years must be a finite number > 0, got ${String(p.years)}`);
  if (strike === 0) return 0;
  const level = p.a + p.b * p.sigma;
  if (!(level >= 0 && level < Infinity)) throw bad('a', `SVI a + b * sigma must be >= 0 (the moneyness bound is its root), got ${String(level)}`);
  const bound = 4 * Math.sqrt(level);
  const ratio = strike / p.forward;
  let k = ratio < FIXED_POINT_UNIT ? -bound : Math.log(ratio);
  if (k > bound) k = bound;
  else if (k < -bound) k = -bound;
  const x = k - p.m;
  let w = p.a + p.b * (p.rho * x + Math.sqrt(x * x + p.sigma * p.sigma));
  if (!(w >= 0)) throw bad('a', `SVI total variance at strike ${strike} is negative (${String(w)})`);
  if (w > SVI_MAX_TOTAL_VARIANCE) w = SVI_MAX_TOTAL_VARIANCE;
  return Math.sqrt(w / p.years);
}
