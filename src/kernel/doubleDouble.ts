import { P10 } from '../numeric/powersOfTen.js';

/*
 * Double-double arithmetic (a value as the unevaluated sum hi + lo of two float64, |lo| <= ulp(hi) / 2:
 * about 106 bits, 1e-32 relative), for the kernel's tainted values (kv.ts, form 3), which need to be
 * known to far better than the 1e-30 the kernel's decisions keep but not exactly: cheaper than BigInt.
 *
 * Algorithms from Joldes, Muller, Popescu, "Tight and rigorous error bounds for basic building blocks
 * of double-word arithmetic" (ACM TOMS 44(2), 2017), without FMA: with u = 2^-53, AccurateDWPlusDW errs
 * by at most 3u^2 of the result, DWTimesFP by 2u^2, DWTimesDW by 7u^2 and DWDivFP by 3.5u^2 (in the
 * absence of underflow and overflow, which the callers keep away by a magnitude range). The kernel
 * charges each operation DD_REL = 2^-100 (64u^2) of its result, several times those bounds, so that a
 * slip in the analysis of one step cannot make an error bound too small.
 *
 * Results go to the module's scratch pair `DD.h`, `DD.l` (no allocation; the kernel is synchronous).
 */

/** The error charged per double-double operation, relative to its result (see above). */
export const DD_REL = 2 ** -100;

/**
 * The last result (hi, lo) of a double-double operation. Internal.
 *
 * @example
 * ```ts
 * // 1 x 0.1 is exactly the float 0.1, so the low part is 0:
 * ddMulF(1, 0, 0.1);
 * DD.h; // 0.1
 * DD.l; // 0
 * ```
 */
export const DD = { h: 0, l: 0 };

/** Dekker's splitter: 2^27 + 1. */
const SPLIT = 134217729;

/**
 * The rounding error of the last twoSum / twoProd (scratch), in a typed array rather than a
 * module-level let: V8 boxes every float stored in a module variable as a new heap number, and every
 * twoSum / twoProd stores one.
 */
const ERR = new Float64Array(1);

/** a + b rounded, its exact error left in `ERR[0]` (Knuth's TwoSum: any a, b). */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const z = s - a;
  ERR[0] = a - (s - z) + (b - z);
  return s;
}

/** a + b rounded, its exact error left in `ERR[0]`, for |a| >= |b| (or a = 0). */
function fastTwoSum(a: number, b: number): number {
  const s = a + b;
  ERR[0] = b - (s - a);
  return s;
}

/** a x b rounded, its exact error left in `ERR[0]` (Dekker's product; |a|, |b| below 2^996). */
function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  ERR[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/**
 * a x b exactly, as the pair `DD.h + DD.l` (Dekker's product: exact for |a|, |b| below 2^996 whose
 * product does not underflow; two safe integers always). Internal.
 *
 * @example
 * ```ts
 * ddProd(2 ** 53 - 1, 3); // DD.h 27021597764222972, DD.l 1: exactly 27021597764222973
 * ```
 */
export function ddProd(a: number, b: number): void {
  DD.h = twoProd(a, b);
  DD.l = ERR[0]!;
}

/**
 * (xh + xl) + (yh + yl) into `DD` (AccurateDWPlusDW: error at most 3u^2 of the result). Internal.
 *
 * @example
 * ```ts
 * ddAdd(1, 0, 1e-20, 0); // DD.h 1, DD.l 1e-20 (a sum a float64 alone would round to 1)
 * ```
 */
export function ddAdd(xh: number, xl: number, yh: number, yl: number): void {
  const sh = twoSum(xh, yh);
  const sl = ERR[0]!;
  const th = twoSum(xl, yl);
  const tl = ERR[0]!;
  const c = sl + th;
  const vh = fastTwoSum(sh, c);
  const w = tl + ERR[0]!;
  DD.h = fastTwoSum(vh, w);
  DD.l = ERR[0]!;
}

/**
 * (xh + xl) x y into `DD` (DWTimesFP: error at most 2u^2 of the result). Internal.
 *
 * @example
 * ```ts
 * ddMulF(0.1, 0, 3); // DD.h + DD.l is 0.1 x 3 to about 32 digits (DD.h 0.30000000000000004)
 * ```
 */
export function ddMulF(xh: number, xl: number, y: number): void {
  const ch = twoProd(xh, y);
  const cl1 = ERR[0]!;
  const cl2 = xl * y;
  const th = fastTwoSum(ch, cl2);
  const tl = cl1 + ERR[0]!;
  DD.h = fastTwoSum(th, tl);
  DD.l = ERR[0]!;
}

/**
 * (xh + xl) x (yh + yl) into `DD` (DWTimesDW without FMA: error at most 7u^2 of the result). Internal.
 *
 * @example
 * ```ts
 * ddMul(3, 0, 0.5, 0); // DD.h 1.5, DD.l 0
 * ```
 */
export function ddMul(xh: number, xl: number, yh: number, yl: number): void {
  const ch = twoProd(xh, yh);
  const cl1 = ERR[0]!;
  const cl3 = cl1 + (xh * yl + xl * yh);
  DD.h = fastTwoSum(ch, cl3);
  DD.l = ERR[0]!;
}

/**
 * (xh + xl) / y into `DD` (DWDivFP: error at most 3.5u^2 of the result; y not 0). Internal.
 *
 * @example
 * ```ts
 * ddDivF(1, 0, 3); // DD.h + DD.l is 1/3 to about 32 digits
 * ```
 */
export function ddDivF(xh: number, xl: number, y: number): void {
  const th = xh / y;
  const ph = twoProd(th, y);
  const pl = ERR[0]!;
  const dh = xh - ph;
  const d = dh - pl + xl;
  const tl = d / y;
  DD.h = fastTwoSum(th, tl);
  DD.l = ERR[0]!;
}

/**
 * (xh + xl) x 10^k into `DD` for an integer k (|k| <= 330): by exact float powers of ten (10^22 at
 * most), one DWTimesFP or DWDivFP per 22 places; the count of operations (each within DD_REL of its
 * result) is returned. Internal.
 *
 * @example
 * ```ts
 * ddScale10(123, 0, -2); // 1 (one operation; DD.h + DD.l is 123 x 10^-2 = 1.23 to about 32 digits)
 * DD.h; // 1.23
 * ```
 */
export function ddScale10(xh: number, xl: number, k: number): number {
  let ops = 0;
  DD.h = xh;
  DD.l = xl;
  while (k !== 0) {
    const j = k > 22 ? 22 : k < -22 ? -22 : k;
    if (j > 0) ddMulF(DD.h, DD.l, P10[j]!);
    else ddDivF(DD.h, DD.l, P10[-j]!);
    k -= j;
    ops++;
  }
  return ops;
}
