import { MarginInputError } from '../schema/MarginInputError.js';

/*
 * Internal: the kernels of the standard normal distribution shared by normalCdf.ts and the Black-76
 * terms (not re-exported from the package).
 */
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
// Exported by name, not declared `export const` (and the rational's coefficients not exported): the
// CommonJS output (ts-node, the bench) then reads them here as local constants, not as properties of
// `exports`, which keeps the kernel's bytecode within V8's inlining budget (see normalCdfsInto).
export { SQRT_1_2PI, THRESHOLD, UNDERFLOW, SATURATE };

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
 * `EXP_HALF[k]` = exp(-yh^2/2) for yh = k/16, the exp {@link gaussianTimes} evaluated per call before
 * (its exponent yh * yh * 0.5 and k * k / 512 are the same float: every step is exact on k <= 598),
 * so each entry is that call's value bit for bit, for every k whose exponent is below 700 (598^2 / 512
 * = 698.4, 599^2 / 512 = 700.8): a normal tail then costs one exp instead of two. Filled once at load.
 */
const EXP_HALF = Float64Array.from({ length: 599 }, (_, k) => Math.exp(-(k * k) / 512));

/**
 * exp(-y^2/2) * factor for y >= 0, with y^2 split so the big part of the exponent is exact, and the
 * subnormal range reached by one rounding rather than two.
 */
export function gaussianTimes(y: number, factor: number): number {
  const k = Math.trunc(y * 16);
  const yh = k / 16;
  const del = (y - yh) * (y + yh);
  const rest = Math.exp(-del * 0.5) * factor;
  // The exact part exp(-yh^2/2) takes one of a few hundred values: read it from the table.
  if (k >= 0 && k < EXP_HALF.length) return EXP_HALF[k]! * rest;
  const half = yh * yh * 0.5;
  if (half < 700) return Math.exp(-half) * rest;
  return Math.exp(128 - half) * (rest * EXP_M128);
}

/**
 * Lower tail Phi(-y) for y >= 0 (y = |x|), accurate to about 1e-15 relative over the whole
 * float64 range where the result is normal.
 */
export function lowerTail(y: number): number {
  // One call of gaussianTimes for both intervals: a caller inlining the whole kernel inlines it once.
  // Cody's two rationals (middle and asymptotic) are written out, not one Horner helper over coefficient
  // arrays: a loop would not inline and unroll into the callers' budget (see normalCdfsInto).
  let ratio: number;
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
    ratio = (num + C7) / (den + D7);
  } else {
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
    ratio = (SQRT_1_2PI - r) / y;
  }
  return gaussianTimes(y, ratio);
}


/**
 * The central region's odd part, Phi(x) - 1/2, for |x| <= THRESHOLD: Cody's rational in x^2. Shared
 * by `normalCdf` and `normalCdfPair`, which must agree bit for bit (V8 inlines it).
 */
export function centralOdd(x: number): number {
  const s = x * x;
  let num = A4 * s;
  let den = s;
  num = (num + A0) * s;
  den = (den + B0) * s;
  num = (num + A1) * s;
  den = (den + B1) * s;
  num = (num + A2) * s;
  den = (den + B2) * s;
  return (x * (num + A3)) / (den + B3);
}

/** NaN (or a non-number) has no probability: a typed error, not a NaN result. */
export function nanArgument(x: unknown): MarginInputError {
  return new MarginInputError([{ code: 'invalid_value', path: [], message: `x must be a number (not NaN), got ${String(x)}`, argument: 'x' }]);
}

/**
 * Phi(x) and Phi(-x) from one evaluation, written to `out[i]` and `out[i + 1]`: bit for bit what
 * `normalCdf(x)` and `normalCdf(-x)` return (the central rational is odd in x, and beyond it the two
 * share the lower tail Phi(-|x|)), at the cost of one. Throws like `normalCdf` on NaN.
 */
export function normalCdfPair(x: number, out: Float64Array, i: number): void {
  if (typeof x !== 'number' || x !== x) throw nanArgument(x);
  const y = x < 0 ? -x : x;
  if (y <= THRESHOLD) {
    const q = centralOdd(x);
    out[i] = 0.5 + q;
    out[i + 1] = 0.5 + -q;
    return;
  }
  const lower = lowerTail(y);
  const upper = y > SATURATE ? 1 : 1 - lower;
  out[i] = x > 0 ? upper : lower;
  out[i + 1] = x > 0 ? lower : upper;
}

/**
 * `out[k] = normalCdf(xs[k])` for `k < n`, bit for bit (both dimensionless); throws as normalCdf does,
 * at the first NaN (the entries before it written). `out` may be `xs` (each entry is read before it is
 * written): the risk arrays turn an option's black76Legs arguments into probabilities in place.
 * Why a loop of its own: V8 inlines callees into an optimised function up to a cumulative bytecode
 * budget (920 bytes, each candidate counted at 1.2 times its size), and the whole kernel (lowerTail,
 * gaussianTimes, centralOdd) fits only in a caller that inlines nothing else. Inlined, no argument or
 * result of the kernel is boxed into a heap number (a call passes and returns floats boxed).
 * normalCdf's own steps are written here, as in normalCdfPair, not called: a function that already
 * has optimised code of its own counts at its size plus everything that code inlined, and normalCdf,
 * once hot by itself (a process that priced with black76Price first), counts 866 bytes (the bench bundle's) x 1.2: over
 * the budget, so the loop called it, boxed, once per probability (a CPU profile of 50-option one-shot
 * decisions after the bench's other workloads: a tenth of the samples in normalCdf's own frames). Called directly,
 * the three kernels fit in any order, whether or not they have optimised code of their own.
 * normalCdf's few branching steps are therefore written three times (normalCdf, normalCdfPair and
 * here), a measured exception to writing a rule once; the maths (the three kernels) is written once,
 * and a test ties this loop to normalCdf bit for bit.
 *
 * @example
 * ```ts
 * const p = new Float64Array(2);
 * normalCdfsInto(Float64Array.of(0, -10), p, 2);
 * p; // [0.5, 7.619853024160527e-24] (N(-10) exact: 7.6198530241605261e-24)
 * ```
 */
export function normalCdfsInto(xs: Float64Array, out: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const x = xs[k]!;
    if (x !== x) throw nanArgument(x);
    const y = x < 0 ? -x : x;
    if (y <= THRESHOLD) out[k] = 0.5 + centralOdd(x);
    else if (x > SATURATE) out[k] = 1;
    else {
      const lower = lowerTail(y);
      out[k] = x > 0 ? 1 - lower : lower;
    }
  }
}
