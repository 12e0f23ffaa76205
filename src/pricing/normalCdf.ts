import { centralOdd, gaussianTimes, lowerTail, nanArgument, SATURATE, SQRT_1_2PI, THRESHOLD, UNDERFLOW } from './normalCore.js';

/*
 * Standard normal distribution: see normalCore.ts for the method (W. J. Cody's rational Chebyshev
 * approximations, TOMS 715 ANORM).
 */

/**
 * Standard normal cumulative distribution function Phi(x) = P(Z <= x), Z ~ N(0, 1).
 *
 * Cody's rational approximation (TOMS 715 ANORM). Relative error about 1e-15 for x <= 0 all the way
 * down to the subnormal range (no clamping to 0 past |x| > 6): `normalCdf(-10)` is 7.6e-24 and
 * `normalCdf(-38)` is 2.9e-316 (subnormal, so only about 8 significant digits there). The result is
 * exactly 0 only where float64 underflows (x < -38.5) and exactly 1 only where 1 - Phi(x) is below
 * half an ulp of 1 (x > 8.3). For x > 0 the absolute error is about 1e-16; use
 * {@link normalCdfComplement} for the upper tail with relative accuracy. NaN is a typed error
 * (`invalid_value` at `x`), never a NaN probability.
 *
 * @param x - the standard normal variate (dimensionless).
 * @returns Phi(x), a probability in [0, 1].
 *
 * @example
 * ```ts
 * normalCdf(0);   // 0.5
 * normalCdf(-10); // 7.619853024160527e-24 (exact: 7.6198530241605261e-24)
 * ```
 */
export function normalCdf(x: number): number {
  if (typeof x !== 'number' || x !== x) throw nanArgument(x);
  const y = x < 0 ? -x : x;
  if (y <= THRESHOLD) {
    return 0.5 + centralOdd(x);
  }
  if (x > SATURATE) return 1;
  // One call of lowerTail for both signs: the kernel then fits V8's inlining budget (see normalCdfsInto).
  const lower = lowerTail(y);
  return x > 0 ? 1 - lower : lower;
}

/**
 * Upper tail of the standard normal, 1 - Phi(x) = Phi(-x), with the same relative accuracy for large
 * positive x that {@link normalCdf} has for large negative x (no cancellation against 1).
 *
 * @param x - the standard normal variate (dimensionless).
 * @returns P(Z > x), a probability in [0, 1].
 *
 * @example
 * ```ts
 * normalCdfComplement(10); // 7.619853024160527e-24 (exact: 7.6198530241605261e-24; whereas 1 - normalCdf(10) is 0)
 * ```
 */
export function normalCdfComplement(x: number): number {
  return normalCdf(-x);
}

/**
 * Standard normal probability density phi(x) = exp(-x^2/2) / sqrt(2 pi).
 *
 * The square in the exponent is split (as in {@link normalCdf}) so the result keeps about 1e-15
 * relative accuracy far out (x = 37 gives 2.12e-298), and it underflows to 0 only past |x| = 38.6.
 *
 * @param x - the standard normal variate (dimensionless).
 * @returns the density at x (per unit of x), in [0, 0.3989...].
 *
 * @example
 * ```ts
 * normalPdf(0);  // 0.3989422804014327 (1 / sqrt(2 pi) = 0.39894228040143268)
 * normalPdf(10); // 7.69459862670642e-23 (e^-50 / sqrt(2 pi), exact 7.6945986267064193e-23)
 * ```
 */
export function normalPdf(x: number): number {
  if (typeof x !== 'number' || x !== x) throw nanArgument(x);
  const y = x < 0 ? -x : x;
  // Near the centre x^2 rounding costs under 2 ulps; the split is only worth its second exp beyond.
  if (y < 2) return SQRT_1_2PI * Math.exp(-0.5 * y * y);
  if (y > -UNDERFLOW) return 0;
  return gaussianTimes(y, SQRT_1_2PI);
}
