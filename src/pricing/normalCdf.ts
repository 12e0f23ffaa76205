import { MarginInputError } from '../schema/MarginInputError.js';

/*
 * Standard normal distribution, after W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969), in the
 * form Cody published for the normal integral itself (ANORM in SPECFUN, ACM TOMS Algorithm 715,
 * 1993). Working on x directly rather than on erfc(-x/sqrt 2) avoids the rounding of x/sqrt 2,
 * which would cost a relative error of about x^2 * 2^-53 in the tail (1e-13 at x = -37).
 *
 * Three intervals in |x|: a rational in x^2 near the centre, a rational in |x| times
 * exp(-x^2/2) in the middle, and an asymptotic rational in 1/x^2 times exp(-x^2/2)/|x| in the tail.
 * exp(-x^2/2) is evaluated as exp(-xh^2/2) * exp(-(x-xh)(x+xh)/2) with xh = x rounded toward zero
 * to a multiple of 1/16, so xh^2 is exact and the large exponent carries no rounding error.
 */

// 1 / sqrt(2 pi)
const SQRT_1_2PI = 0.398942280401432677939946059934;
// |x| below which the central rational applies (Phi(THRESHOLD) = 0.75, Cody's THRSH).
const THRESHOLD = 0.66291;
// sqrt(32): the middle rational hands over to the asymptotic one here (Cody's ROOT32).
const ROOT32 = 5.656854248;
// Below this the true Phi is under 1e-349, far past the smallest subnormal (4.9e-324).
const UNDERFLOW = -40;
// Above this 1 - Phi(x) < 1e-19 rounds away, so Phi(x) is exactly 1.0 in float64.
const SATURATE = 9;
// exp(-128): lets exp(128 - x^2/2) stay normal down to x = 40, so a subnormal result is rounded once.
const EXP_M128 = 2.572209372642415e-56;

// Central interval: Phi(x) - 1/2 = x * A(x^2) / B(x^2).
const A0 = 2.2352520354606839287;
const A1 = 161.02823106855587881;
const A2 = 1067.6894854603709582;
const A3 = 18154.981253343561249;
const A4 = 0.065682337918207449113;
const B0 = 47.20258190468824187;
const B1 = 976.09855173777669322;
const B2 = 10260.932208618978205;
const B3 = 45507.789335026729956;

// Middle interval: Phi(-y) = exp(-y^2/2) * C(y) / D(y).
const C0 = 0.39894151208813466764;
const C1 = 8.8831497943883759412;
const C2 = 93.506656132177855979;
const C3 = 597.27027639480026226;
const C4 = 2494.5375852903726711;
const C5 = 6848.1904505362823326;
const C6 = 11602.651437647350124;
const C7 = 9842.7148383839780218;
const C8 = 1.0765576773720192317e-8;
const D0 = 22.266688044328115691;
const D1 = 235.38790178262499861;
const D2 = 1519.377599407554805;
const D3 = 6485.558298266760755;
const D4 = 18615.571640885098091;
const D5 = 34900.952721145977266;
const D6 = 38912.003286093271411;
const D7 = 19685.429676859990727;

// Tail: Phi(-y) = exp(-y^2/2) / y * (1/sqrt(2 pi) - z P(z) / Q(z)), z = 1/y^2.
const P0 = 0.21589853405795699;
const P1 = 0.1274011611602473639;
const P2 = 0.022235277870649807;
const P3 = 0.001421619193227893466;
const P4 = 2.9112874951168792e-5;
const P5 = 0.02307344176494017303;
const Q0 = 1.28426009614491121;
const Q1 = 0.468238212480865118;
const Q2 = 0.0659881378689285515;
const Q3 = 0.00378239633202758244;
const Q4 = 7.29751555083966205e-5;

/**
 * exp(-y^2/2) * factor for y >= 0, with y^2 split so the big part of the exponent is exact, and the
 * subnormal range reached by one rounding rather than two.
 */
function gaussianTimes(y: number, factor: number): number {
  const yh = Math.trunc(y * 16) / 16;
  const del = (y - yh) * (y + yh);
  const half = yh * yh * 0.5;
  const rest = Math.exp(-del * 0.5) * factor;
  if (half < 700) return Math.exp(-half) * rest;
  return Math.exp(128 - half) * (rest * EXP_M128);
}

/**
 * Lower tail Phi(-y) for y >= 0 (y = |x|), accurate to about 1e-15 relative over the whole
 * float64 range where the result is normal.
 */
function lowerTail(y: number): number {
  if (y <= ROOT32) {
    let num = C8 * y;
    let den = y;
    num = (num + C0) * y;
    den = (den + D0) * y;
    num = (num + C1) * y;
    den = (den + D1) * y;
    num = (num + C2) * y;
    den = (den + D2) * y;
    num = (num + C3) * y;
    den = (den + D3) * y;
    num = (num + C4) * y;
    den = (den + D4) * y;
    num = (num + C5) * y;
    den = (den + D5) * y;
    num = (num + C6) * y;
    den = (den + D6) * y;
    return gaussianTimes(y, (num + C7) / (den + D7));
  }
  if (y > -UNDERFLOW) return 0;
  const z = 1 / (y * y);
  let num = P5 * z;
  let den = z;
  num = (num + P0) * z;
  den = (den + Q0) * z;
  num = (num + P1) * z;
  den = (den + Q1) * z;
  num = (num + P2) * z;
  den = (den + Q2) * z;
  num = (num + P3) * z;
  den = (den + Q3) * z;
  const r = (z * (num + P4)) / (den + Q4);
  return gaussianTimes(y, (SQRT_1_2PI - r) / y);
}

/** NaN (or a non-number) has no probability: a typed error, not a NaN result. */
function nanArgument(x: unknown): MarginInputError {
  return new MarginInputError([{ code: 'invalid_value', path: ['x'], message: `x must be a number (not NaN), got ${String(x)}`, argument: 'pricing' }]);
}

/**
 * Standard normal cumulative distribution function Phi(x) = P(Z <= x), Z ~ N(0, 1).
 *
 * Cody's rational approximation (TOMS 715 ANORM). Relative error about 1e-15 for x <= 0 all the way
 * down to the subnormal range (no clamping to 0 past |x| > 6): `normalCdf(-10)` is 7.6e-24 and
 * `normalCdf(-38)` is 2.9e-316 (subnormal, so only about 8 significant digits there). The result is
 * exactly 0 only where float64 underflows (x < -38.5) and exactly 1 only where 1 - Phi(x) is below
 * half an ulp of 1 (x > 8.3). For x > 0 the absolute error is about 1e-16; use
 * {@link normalCdfComplement} for the upper tail with relative accuracy. NaN gives NaN.
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
    const s = x * x;
    let num = A4 * s;
    let den = s;
    num = (num + A0) * s;
    den = (den + B0) * s;
    num = (num + A1) * s;
    den = (den + B1) * s;
    num = (num + A2) * s;
    den = (den + B2) * s;
    return 0.5 + (x * (num + A3)) / (den + B3);
  }
  if (x > 0) return x > SATURATE ? 1 : 1 - lowerTail(y);
  // y > THRESHOLD here, or NaN: lowerTail(NaN) is NaN through the arithmetic.
  return lowerTail(y);
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
 * normalCdfComplement(10); // 7.619853024160527e-24 (whereas 1 - normalCdf(10) is 0)
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
 * normalPdf(0);  // 0.3989422804014327
 * normalPdf(10); // 7.69459862670642e-23
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
