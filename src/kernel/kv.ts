import { P10 } from '../numeric/powersOfTen.js';
import { DD, DD_REL, ddAdd, ddDivF, ddMul, ddMulF, ddScale10 } from './doubleDouble.js';

/*
 * The kernel's number (internal): an exact value when it can be, an interval when it cannot.
 *
 * The Decimal layer (decimal.js, 40 significant digits, half-even) is the reference: every kernel value
 * either EQUALS the value the Decimal layer computes at the same place, or CONTAINS it.
 *
 * Four forms, the first three tried in this order:
 * - small exact: `m * 10^-e / d` with `m` a safe integer held in a float64 (|m| <= 2^53 - 1, so every
 *   add, subtract and multiply whose exact result stays below 2^53 is exact), `e` an integer (may be
 *   negative: 100000 is (1, -5)), `d` a safe integer >= 1 (1 except after a division, e.g. a damped
 *   tail weight c / |move|);
 * - wide exact: the same with BigInt numerator and denominator; made in `wide` mode (compile time,
 *   the per-account retry of an undecided rounding, and the per-tick roll-shock rates, which the fast
 *   pass then reads exactly), and in the fast pass by the sum of two decimals (no denominators) that
 *   overflows when aligned (a requirement's scan plus add-ons at 9 places: as an interval too wide to
 *   round) and by the kernel's roll-shock sum (rollShockSum.ts) when it is untainted; other overflows
 *   in the fast pass become intervals;
 * - interval `[lo, hi]` (float64 bounds), GUARANTEED to contain the Decimal layer's value;
 * - tainted double-double `h + l +- r` (fast pass only): a centre held to about 1e-32 (two float64,
 *   doubleDouble.ts) and an absolute radius `r` such that `[h + l - r, h + l + r]` GUARANTEED contains
 *   the Decimal layer's value. Made by the roll-shock sum when the Decimal layer rounds it (a 40-digit
 *   rate times units and a price), and by any operation with such an operand. A tainted value only has
 *   to be known well enough to decide its roundings (a 9-place rounding of a 1e6 amount needs about
 *   1e-16 relative), not exactly: this form holds it to a few units of 1e-30 without BigInt. Its
 *   radius is explicit, so a sum that cancels carries its operands' absolute errors (the cancellation
 *   rule of `add` below is not needed for it). An exact tainted value meeting one is taken with a
 *   radius of 1e-30 of its size (the distance the decisions keep for it, see `scaled`).
 *
 * Why these and not one of them: money inputs are short decimals, so sums and products of them are
 * exact small integers at a common scale (a futures-only book is exact to the last digit, which an
 * interval cannot be when the value sits on a rounding boundary, e.g. a margin of exactly 16008.00);
 * 12-digit model values of very different sizes overflow 2^53 when aligned, but such sums are never
 * on a boundary, so a tight interval decides them; and a whale's 18-digit balance needs BigInt to stay
 * exact. A rounding that none of them decides sends the account to the Decimal path (`exact: 'decimal'`).
 *
 * `t` (taint) marks an exact value that went through a Decimal-layer operation that rounds (a
 * division whose quotient does not terminate, or a wide result above 40 significant digits): the
 * Decimal layer's value then differs from this one by at most a few units in the 40th digit, so a
 * rounding decision on it must keep a matching distance from the boundary (see `scaled`).
 *
 * Intervals are widened after every float operation by 2^-50 of the largest magnitude involved (a few
 * float ulps, far more than the Decimal layer's own 40-digit roundings of any intermediate, which are
 * below 1e-39 of that magnitude) plus 1e-300 absolute, so they contain both the true value and the
 * Decimal layer's rounded one, whatever order the Decimal layer summed in.
 *
 * Allocation: one small object per operation. The per-entry-per-scenario loops do not use these (they
 * accumulate in local variables, see `scanLoss`); per account there are a few hundred operations.
 */

/** 2^53 - 1: the largest integer a float64 holds exactly with all its neighbours. */
const MAX = Number.MAX_SAFE_INTEGER;

const B10: bigint[] = [];
function b10(k: number): bigint {
  let v = B10[k];
  if (v === undefined) B10[k] = v = 10n ** BigInt(k);
  return v;
}
const TEN40 = 10n ** 40n;
const NEG_TEN40 = -TEN40;
/** 2^53 - 1 and its negation as BigInts (made once: the wide operations compare with them on every result). */
const BIG_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const NEG_BIG_MAX = -BIG_MAX;

/** Widening of float bounds: a few ulps of the largest magnitude involved, plus an absolute floor. */
const REL = 2 ** -48;
const ABS = 1e-300;

/** Thrown (as this exact object) when a comparison or a rounding cannot be decided; the caller falls back. */
export const UNDECIDED: { readonly undecided: true } = Object.freeze({ undecided: true as const });

/** Not covered by the kernel (a methodology feature or an input it does not handle); the caller falls back. */
export const NOT_COVERED: { readonly notCovered: true } = Object.freeze({ notCovered: true as const });

export function undecided(): never {
  throw UNDECIDED;
}

// Wide mode: BigInt instead of intervals when an exact small value overflows. Set only for the duration
// of one synchronous call by `inWideMode` (compile, and the retry of an undecided account), so it is
// never observable from outside the kernel.
let wide = false;

/**
 * Whether a converted value kept in a per-tick cache serves the current mode: anything but an interval
 * made outside wide mode, which a wide-mode retry converts again (exactly) instead.
 */
export function reusable(x: KV | undefined): x is KV {
  // A double-double (form 3) is a bound too: a wide-mode retry converts again, exactly.
  return x !== undefined && (x.k < 2 || !wide);
}

/** Whether the kernel runs in wide mode now. */
export function inWide(): boolean {
  return wide;
}

/** Runs `f` with exact BigInt values instead of intervals on overflow. */
export function inWideMode<T>(f: () => T): T {
  const before = wide;
  wide = true;
  try {
    return f();
  } finally {
    wide = before;
  }
}

/** A kernel number. Immutable. */
export class KV {
  constructor(
    /** 0 small exact, 1 wide exact, 2 interval, 3 tainted double-double. */
    readonly k: 0 | 1 | 2 | 3,
    /** Small exact: the numerator (a safe integer). Double-double: the centre's high part (`dh`). */
    readonly m: number,
    /** The decimal exponent (value = numerator * 10^-e / denominator). Double-double: the centre's low part (`dl`). */
    readonly e: number,
    /** Small exact: the denominator (a safe integer >= 1). Double-double: the radius (`dr`). */
    readonly d: number,
    /** 1 when the Decimal layer may have rounded on the way (see the module comment). */
    readonly t: number,
    // The rare exact and interval forms keep their parts apart, so that the common small value is a
    // compact object (no boxed float fields besides its numerator). A double-double keeps its centre's
    // parts and radius in `m`, `e` and `d` (see `ddValue`): no second object per value, which the
    // tainted sums of every unit's add-ons would make.
    readonly x: { b: bigint; bd: bigint } | { lo: number; hi: number } | undefined,
  ) {}
  /** Wide exact: numerator and denominator. */
  get b(): bigint {
    return (this.x as { b: bigint }).b;
  }
  get bd(): bigint {
    return (this.x as { bd: bigint }).bd;
  }
  /** Interval: bounds. */
  get lo(): number {
    return (this.x as { lo: number }).lo;
  }
  get hi(): number {
    return (this.x as { hi: number }).hi;
  }
  /** Double-double: the centre's two parts and the radius (held in `m`, `e` and `d`). */
  get dh(): number {
    return this.m;
  }
  get dl(): number {
    return this.e;
  }
  get dr(): number {
    return this.d;
  }
}

export const ZERO = new KV(0, 0, 0, 1, 0, undefined);
export const ONE = new KV(0, 1, 0, 1, 0, undefined);
/**
 * Zero as the exact result of operations the Decimal layer rounds (1/3 + 2/3 - 1): its value there is
 * within a few units of the 40th digit of the operands, not necessarily 0, so it is neither zero nor
 * of known sign to a decision.
 */
export const TAINTED_ZERO = new KV(0, 0, 0, 1, 1, undefined);

/** A small exact value `m * 10^-e / d` (d >= 1), normalised; overflow of the inputs is the caller's check. */
export function small(m: number, e: number, d = 1, t = 0): KV {
  if (m === 0) return t ? TAINTED_ZERO : ZERO;
  if (d === 1 && t === 0 && e === 0 && m === 1) return ONE;
  return new KV(0, m, e, d, t, undefined);
}

function wideOf(b: bigint, e: number, bd: bigint, t: number): KV {
  if (b === 0n) return t ? TAINTED_ZERO : ZERO;
  if (bd < 0n) {
    b = -b;
    bd = -bd;
  }
  // Back to a small value when it fits (keeps later work on the fast path).
  if (b <= BIG_MAX && b >= NEG_BIG_MAX && bd <= BIG_MAX) return small(Number(b), e, Number(bd), t);
  const big = b >= TEN40 || b <= NEG_TEN40;
  return new KV(1, 0, e, 1, t | (big ? 1 : 0), { b, bd });
}

/** An interval `[lo, hi]` (already widened by the caller). */
export function interval(lo: number, hi: number): KV {
  if (!(lo <= hi)) return undecided(); // NaN or an inverted interval: nothing can be decided
  return new KV(2, 0, 0, 1, 0, { lo, hi });
}

function widened(lo: number, hi: number, mag: number): KV {
  const w = mag * REL + ABS;
  return interval(lo - w, hi + w);
}

/** The value's bounds as floats (exact values: the float quotient widened by a few ulps). */
export function lo(a: KV): number {
  if (a.k === 3) return a.dh - a.dr - ((Math.abs(a.dh) + a.dr) * REL + ABS);
  if (a.k === 2) return a.lo;
  // One estimate (approx divides by a power of ten and was made twice per bound).
  const x = approx(a);
  return x - (Math.abs(x) * REL + ABS);
}
export function hi(a: KV): number {
  if (a.k === 3) return a.dh + a.dr + ((Math.abs(a.dh) + a.dr) * REL + ABS);
  if (a.k === 2) return a.hi;
  const x = approx(a);
  return x + (Math.abs(x) * REL + ABS);
}

// ----------------------------------------------------------------------------------------------------
// Tainted double-double values (form 3)

/**
 * Half a unit in the 40th significant digit, relative, doubled: what one rounding of the Decimal layer
 * (40 digits, half-even) moves a result by, at most, with room for the float estimates of magnitudes.
 */
export const DECIMAL_ROUNDING = 1e-39;
/**
 * The error of an exact tainted value (forms 0 and 1, `t` set) relative to its size, when it meets a
 * double-double: the decisions' own distance for such values (see `scaled`, `cmp`), so that it is
 * decided where it was.
 */
const TAINT_REL = 1e-30;
/** Float rounding of the radius computations themselves: each radius is raised by this fraction. */
const SLOP = 2 ** -50;
/** Centres a double-double takes (away from float underflow and overflow, where its error bounds fail). */
const DD_MIN = 1e-250;
const DD_MAX = 1e250;

/**
 * A tainted double-double value: centre `h + l` (a normalised pair: |l| <= ulp(h) / 2) and radius `r`
 * (absolute, >= 0) such that the Decimal layer's value is within `r` of the centre. Internal.
 *
 * @example
 * ```ts
 * // 1/3 as its nearest float (within 2e-17 of it), the Decimal layer's value within 1e-16 of that
 * const third = ddValue(1 / 3, 0, 1e-16);
 * scaled(third, 9, true); // 333333334 (units of 1e-9)
 * scaled(ddValue(2.5, 0, 1e-30), 0, false); // 2
 * ```
 */
export function ddValue(h: number, l: number, r: number): KV {
  if (!(r >= 0 && Math.abs(h) <= DD_MAX)) return undecided();
  // Below DD_MIN a product may have underflowed (its error then absolute, up to a few 1e-308, not
  // relative): an absolute floor of 1e-300 keeps the bound, as ABS does for intervals.
  if (Math.abs(h) < DD_MIN) r += ABS;
  return new KV(3, h, l, r, 1, undefined);
}

/**
 * A double-double value as the kernel made it (by {@link ddValue}: its radius final), rebuilt from its
 * three parts (`dh`, `dl`, `dr`) without checking them again. Internal.
 *
 * @example
 * ```ts
 * const a = ddValue(1 / 3, 0, 1e-16);
 * ddKept(a.dh, a.dl, a.dr); // the same value
 * ```
 */
export function ddKept(h: number, l: number, r: number): KV {
  return new KV(3, h, l, r, 1, undefined);
}

// The last value loaded by `load`: centre hi, lo and radius (scratch; the kernel is synchronous). A
// typed array, not module-level lets: V8 boxes every float stored in a module variable as a new heap
// number (three allocations per load), and stores into a Float64Array allocate nothing.
const L = new Float64Array(3);

/**
 * Loads `a` as a double-double centre and radius into `L` (hi, lo, radius): exact values by a few double-double
 * operations (their error into the radius; a tainted one also its TAINT_REL), a wide one only with
 * denominator 1. False for an interval, or a value out of the range the error bounds hold in.
 */
function load(a: KV): boolean {
  if (a.k === 3) {
    L[0] = a.dh;
    L[1] = a.dl;
    L[2] = a.dr;
    return true;
  }
  // Tainted zero: the Decimal layer's value is not known to be 0 (see TAINTED_ZERO), and no radius
  // relative to it bounds it.
  if (a === TAINTED_ZERO) return undecided();
  let ops = 0;
  if (a.k === 0) {
    if (a.m === 0) {
      L[0] = L[1] = L[2] = 0;
      return true;
    }
    const e = a.e;
    if (a.d === 1 && e <= 0 && e >= -22) {
      // m x 10^-e: a product of two floats, exact as a pair (no error).
      ddMulF(a.m, 0, P10[-e]!);
      const ah = Math.abs(DD.h);
      if (!(ah >= DD_MIN && ah <= DD_MAX)) return false;
      L[0] = DD.h;
      L[1] = DD.l;
      L[2] = a.t ? ah * TAINT_REL : 0;
      return true;
    }
    let h = a.m;
    let l = 0;
    if (a.d !== 1) {
      ddDivF(h, 0, a.d);
      h = DD.h;
      l = DD.l;
      ops++;
    }
    ops += ddScale10(h, l, -a.e);
  } else if (a.k === 1 && a.bd === 1n) {
    // The BigInt to two floats: the nearest float, then the nearest float to the rest (within 2^-106 of the whole).
    const h = Number(a.b);
    if (!(Math.abs(h) <= DD_MAX)) return false;
    const l = Number(a.b - BigInt(h));
    ops = 1 + ddScale10(h, l, -a.e);
  } else return false;
  const ah = Math.abs(DD.h);
  if (!(ah >= DD_MIN && ah <= DD_MAX)) return false;
  L[0] = DD.h;
  L[1] = DD.l;
  L[2] = ah * (ops * DD_REL + (a.t ? TAINT_REL : 0));
  return true;
}

/*
 * The operations below read a double-double operand in place: `load` copies exactly its three parts,
 * and a call per operand (it is too large to inline) cost more than the arithmetic. Another operand
 * is loaded (ZERO, the usual other side of a compare, is read as the zeros `load` gives it).
 */

/** a + b (`product` false) or a x b (true) with a double-double operand (neither an interval); undefined when one does not load. */
function ddArithmetic(a: KV, b: KV, product: boolean): KV | undefined {
  let ah: number, al: number, ar: number, bh: number, bl: number, br: number;
  if (a.k === 3) (ah = a.dh), (al = a.dl), (ar = a.dr);
  else if (load(a)) (ah = L[0]!), (al = L[1]!), (ar = L[2]!);
  else return undefined;
  if (b.k === 3) (bh = b.dh), (bl = b.dl), (br = b.dr);
  else if (load(b)) (bh = L[0]!), (bl = L[1]!), (br = L[2]!);
  else return undefined;
  let r0: number;
  if (product) {
    ddMul(ah, al, bh, bl);
    // |x y - X Y| <= |Y| rx + |X| ry + rx ry for x within rx of X, y within ry of Y (|X| <= |h| (1 + 2^-52)).
    const fa = Math.abs(ah) * (1 + SLOP);
    const fb = Math.abs(bh) * (1 + SLOP);
    r0 = fb * ar + fa * br + ar * br;
  } else {
    ddAdd(ah, al, bh, bl);
    r0 = ar + br;
  }
  const ch = Math.abs(DD.h);
  // The operands' errors, this operation's, and the Decimal layer's own rounding of its result (of
  // values within r0 of the centre).
  const r = (r0 + ch * DD_REL + (ch + r0) * DECIMAL_ROUNDING) * (1 + SLOP);
  return ddValue(DD.h, DD.l, r);
}

/** Sign of `a - b` with a double-double operand (neither an interval): NaN when the radii overlap or one does not load. */
function ddCmp(a: KV, b: KV): number {
  let ah: number, al: number, ar: number, bh: number, bl: number, br: number;
  if (a.k === 3) (ah = a.dh), (al = a.dl), (ar = a.dr);
  else if (load(a)) (ah = L[0]!), (al = L[1]!), (ar = L[2]!);
  else return NaN;
  if (b.k === 3) (bh = b.dh), (bl = b.dl), (br = b.dr);
  else if (b === ZERO) bh = bl = br = 0;
  else if (load(b)) (bh = L[0]!), (bl = L[1]!), (br = L[2]!);
  else return NaN;
  ddAdd(ah, al, -bh, -bl);
  const d = DD.h;
  const r = (ar + br + Math.abs(d) * DD_REL) * (1 + SLOP);
  // |d + l| >= |d| (1 - 2^-53) > |d| (1 - 2^-50) > r decides the sign.
  return Math.abs(d) * (1 - SLOP) > r ? (d > 0 ? 1 : -1) : NaN;
}

/** Sign of a double-double value: NaN when its radius reaches 0. */
function ddSign(a: KV): number {
  const h = a.dh;
  return Math.abs(h) * (1 - SLOP) > a.dr ? (h > 0 ? 1 : -1) : NaN;
}

/**
 * {@link scaled} of a double-double value: the centre times 10^dp (one double-double product), its
 * floor read from the pair exactly, and the rounding returned only when the whole radius (scaled, plus
 * the product's error and the float error of the fraction) stays strictly inside one unit.
 */
function ddScaled(a: KV, dp: number, up: boolean): number {
  let h = a.dh;
  let l = a.dl;
  let ops = 0;
  if (dp !== 0) {
    ddMulF(h, l, P10[dp]!);
    h = DD.h;
    l = DD.l;
    ops = 1;
  }
  if (!(Math.abs(h) < 2 ** 52)) return undecided();
  // floor(h + l): floor(h) when h is not an integer (|l| <= ulp(h) / 2 keeps h + l inside the same unit);
  // else h, less 1 when l < 0.
  let q = Math.floor(h);
  if (q === h && l < 0) q -= 1;
  // The fraction h + l - q in [0, 1]: h - q is exact (Sterbenz, or q = -1 and |h| < 1: then off by at
  // most 2^-53), l adds one more rounding; both within 2^-50.
  const f = h - q + l;
  const r = (a.dr * P10[dp]! + Math.abs(h) * ops * DD_REL) * (1 + SLOP) + SLOP;
  if (!(f - r > 0 && f + r < 1)) return undecided();
  const out = up ? q + 1 : q;
  return out === 0 ? 0 : out;
}

/** A float close to the value (within a few ulps for exact values; the midpoint of an interval). */
export function approx(a: KV): number {
  if (a.k === 0) {
    const e = a.e;
    const q = e >= 0 ? (e <= 22 ? a.m / P10[e]! : a.m / 10 ** e) : -e <= 22 ? a.m * P10[-e]! : a.m * 10 ** -e;
    return a.d === 1 ? q : q / a.d;
  }
  if (a.k === 1) return (Number(a.b) / Number(a.bd)) * 10 ** -a.e;
  if (a.k === 3) return a.dh;
  return (a.lo + a.hi) / 2;
}

// ----------------------------------------------------------------------------------------------------
// Construction from decimal inputs

/**
 * A kernel value from a plain decimal string (`'-123.4500'`, already validated: optional sign, digits,
 * optional point): exact, small when at most 15 significant digits, else wide (BigInt) in wide mode or
 * an interval.
 */
export function fromDecimalString(s: string): KV {
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45;
    i = 1;
  }
  let m = 0;
  let digits = 0;
  let e = 0;
  let point = false;
  let tooLong = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      point = true;
      continue;
    }
    const v = c - 48;
    if (point) e++;
    if (m === 0 && v === 0) continue;
    if (++digits > 15) {
      tooLong = true;
      break;
    }
    m = m * 10 + v;
  }
  if (tooLong) {
    // Trailing zeros do not count (1000000000000000000 is 1 x 10^18).
    const t = trimmed(s);
    if (t) return t;
    // Exact in wide mode, else the float parse (correctly rounded) widened: a bound of the exact value.
    if (wide) return fromWideString(s);
    const x = Number(s);
    return widened(x, x, Math.abs(x));
  }
  if (m === 0) return ZERO;
  while (e > 0 && m % 10 === 0) {
    m /= 10;
    e--;
  }
  return small(neg ? -m : m, e);
}

/** A long decimal string with at most 15 significant digits once its zeros are trimmed, as a small value; else undefined. */
function trimmed(s: string): KV | undefined {
  const neg = s.charCodeAt(0) === 45;
  const body = s.replace(/^[+-]/, '');
  const dot = body.indexOf('.');
  let digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  let e = dot < 0 ? 0 : body.length - dot - 1;
  digits = digits.replace(/^0+/, '');
  const end = digits.replace(/0+$/, '');
  e -= digits.length - end.length;
  if (end.length === 0) return ZERO;
  if (end.length > 15) return undefined;
  const m = Number(end);
  return small(neg ? -m : m, e);
}

function fromWideString(s: string): KV {
  const neg = s.charCodeAt(0) === 45;
  const body = s.replace(/^[+-]/, '');
  const dot = body.indexOf('.');
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const e = dot < 0 ? 0 : body.length - dot - 1;
  const b = BigInt(digits || '0');
  return wideOf(neg ? -b : b, e, 1n, 0);
}

/**
 * A kernel value equal to a Decimal (read from decimal.js's limbs: base 1e7 words `d`, exponent `e` of
 * the leading digit, sign `s`): small when it has at most 15 significant digits, else wide / interval.
 */
export function fromDecimal(x: { d: number[] | null; e: number; s: number }): KV {
  const w = x.d;
  if (!w || w.length === 0 || (w.length === 1 && w[0] === 0)) return ZERO;
  const lead = w[0]!;
  const leadDigits = lead >= 1e6 ? 7 : lead >= 1e5 ? 6 : lead >= 1e4 ? 5 : lead >= 1e3 ? 4 : lead >= 100 ? 3 : lead >= 10 ? 2 : 1;
  const total = leadDigits + 7 * (w.length - 1);
  if (total <= 15) {
    let m = lead;
    for (let i = 1; i < w.length; i++) m = m * 1e7 + w[i]!;
    let e = total - 1 - x.e;
    // Trailing zeros off by an exact floor division: `%` on a float beyond 2^31 is a library call.
    for (let q = Math.floor(m / 10); q * 10 === m; q = Math.floor(m / 10)) {
      m = q;
      e--;
    }
    return small(x.s < 0 ? -m : m, e);
  }
  // More words than 15 digits, but at most 15 significant ones once the last word's padding zeros go
  // (a 12-digit model value spread over three words): the same small value, read without a string.
  const n = w.length - 1;
  let last = w[n]!;
  let tz = 0;
  while (tz < 7 && last % 10 === 0) {
    last /= 10;
    tz++;
  }
  if (total - tz <= 15) {
    let m = lead;
    for (let i = 1; i < n; i++) m = m * 1e7 + w[i]!;
    m = m * P10[7 - tz]! + last;
    let e = total - tz - 1 - x.e;
    for (let q = Math.floor(m / 10); q * 10 === m; q = Math.floor(m / 10)) {
      m = q;
      e--;
    }
    return small(x.s < 0 ? -m : m, e);
  }
  let s = String(lead);
  for (let i = 1; i < w.length; i++) s += String(w[i]!).padStart(7, '0');
  let e = total - 1 - x.e;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  e -= s.length - end;
  s = s.slice(0, end);
  if (s.length <= 15) return small(x.s < 0 ? -Number(s) : Number(s), e);
  if (wide) {
    const b = BigInt(s);
    return wideOf(x.s < 0 ? -b : b, e, 1n, 0);
  }
  const v = Number(`${x.s < 0 ? '-' : ''}${s}e${-e}`);
  return widened(v, v, Math.abs(v));
}

// ----------------------------------------------------------------------------------------------------
// Arithmetic

/** a * P10[k] exactly, or NaN when it leaves the safe range (k >= 0). */
function scaleUp(m: number, k: number): number {
  if (k === 0) return m;
  if (k > 22) return NaN;
  const r = m * P10[k]!;
  return Math.abs(r) <= MAX ? r : NaN;
}

function mulSafe(x: number, y: number): number {
  const r = x * y;
  return Math.abs(r) <= MAX ? r : NaN;
}

function big(a: KV): [bigint, bigint] {
  return a.k === 1 ? [a.b, a.bd] : [BigInt(a.m), BigInt(a.d)];
}

export function neg(a: KV): KV {
  if (a.k === 0) return a.m === 0 ? a : new KV(0, -a.m, a.e, a.d, a.t, undefined);
  // The other forms apart: a short function is inlined with its allocation where the optimiser's
  // budget is tight (the scan's loss per candidate), not left a generic constructor call.
  return negWide(a);
}

function negWide(a: KV): KV {
  if (a.k === 1) return new KV(1, 0, a.e, 1, a.t, { b: -a.b, bd: a.bd });
  if (a.k === 3) return new KV(3, -a.dh, -a.dl, a.dr, 1, undefined);
  return interval(-a.hi, -a.lo);
}

export function abs(a: KV): KV {
  const s = sign(a);
  return s < 0 ? neg(a) : s > 0 ? a : a.k >= 2 ? interval(0, Math.max(-lo(a), hi(a))) : a;
}

/**
 * `a + b`. A tainted operand carries the Decimal layer's 40-digit roundings as an error relative to its
 * own size, which the decisions on it assume (see `scaled`, `cmp`); when a sum of operands of opposite
 * signs cancels most of their digits that error is no longer small against the result, so such a
 * tainted sum that loses more than six digits (|a + b| < 1e-6 max(|a|, |b|), exact zero included, or
 * magnitudes a float cannot hold) is undecided: the account goes to the Decimal path rather than trust
 * a rounding the kernel cannot bound. Residual: the decisions keep a 1e-30 relative margin against
 * errors near 1e-39, so one cancellation of up to six digits is covered; a chain of several is not
 * bounded by this rule. A sum with a double-double operand (form 3) is one: it carries the absolute
 * error bound of its operands, which a cancellation does not shrink, so the rule does not apply to it.
 */
export function add(a: KV, b: KV): KV {
  const r = sum(a, b);
  // Only operands of opposite signs cancel (|a + b| >= max(|a|, |b|) otherwise).
  if ((a.t | b.t) !== 0 && r.k < 2 && sign(a) * sign(b) < 0) {
    const m = Math.max(Math.abs(approx(a)), Math.abs(approx(b)));
    if (!(Math.abs(approx(r)) * 1e6 >= m)) return undecided();
  }
  return r;
}

function sum(a: KV, b: KV): KV {
  if (a.k === 0 && b.k === 0) {
    if (a === ZERO) return b;
    if (b === ZERO) return a;
    const E = a.e > b.e ? a.e : b.e;
    let ma = scaleUp(a.m, E - a.e);
    let mb = scaleUp(b.m, E - b.e);
    let d = a.d;
    if (a.d !== b.d) {
      ma = mulSafe(ma, b.d);
      mb = mulSafe(mb, a.d);
      d = mulSafe(a.d, b.d);
    }
    // NaN (an overflowed factor) fails the test.
    if (Math.abs(ma) + Math.abs(mb) <= MAX && d === d) return small(ma + mb, E, d, a.t | b.t);
    // Two decimals (no denominators) that overflow when aligned: exact in BigInt, in the fast pass too.
    // As an interval their sum (a requirement of scan, add-ons and units at 9 places) is often too wide
    // to round, and the whole account would run again in wide mode.
    if (wide || (a.d === 1 && b.d === 1)) return addWide(a, b);
  } else if (a.k !== 2 && b.k !== 2) {
    if (a === ZERO) return b;
    if (b === ZERO) return a;
    if (a.k === 3 || b.k === 3) {
      // A double-double operand: the sum as one too (else, out of its range, as an interval below).
      const r = ddArithmetic(a, b, false);
      if (r !== undefined) return r;
    } else {
      // A wide operand (made in wide mode, e.g. a whale's balance at compile time) stays exact.
      return addWide(a, b);
    }
  }
  if (a === ZERO) return b;
  if (b === ZERO) return a;
  const al = lo(a), ah = hi(a), bl = lo(b), bh = hi(b);
  const l = al + bl;
  const h = ah + bh;
  return widened(l, h, Math.max(Math.abs(l), Math.abs(h), Math.abs(al), Math.abs(ah), Math.abs(bl), Math.abs(bh)));
}

function addWide(a: KV, b: KV): KV {
  const [na, da] = big(a);
  const [nb, db] = big(b);
  const E = a.e > b.e ? a.e : b.e;
  const sa = na * b10(E - a.e);
  const sb = nb * b10(E - b.e);
  return da === db ? wideOf(sa + sb, E, da, a.t | b.t) : wideOf(sa * db + sb * da, E, da * db, a.t | b.t);
}

export function sub(a: KV, b: KV): KV {
  return add(a, neg(b));
}

export function mul(a: KV, b: KV): KV {
  if (a.k === 0 && b.k === 0) {
    if (a === ZERO || b === ZERO) return ZERO;
    if (b === ONE) return a;
    if (a === ONE) return b;
    const m = mulSafe(a.m, b.m);
    const d = a.d === 1 && b.d === 1 ? 1 : mulSafe(a.d, b.d);
    if (m === m && d === d) return small(m, a.e + b.e, d, a.t | b.t);
    if (wide) return mulWide(a, b);
  } else if (a.k !== 2 && b.k !== 2) {
    if (a.k !== 3 && b.k !== 3) return mulWide(a, b);
    if (a === ZERO || b === ZERO) return ZERO;
    if (b === ONE) return a;
    if (a === ONE) return b;
    const r = ddArithmetic(a, b, true);
    if (r !== undefined) return r;
  }
  if (a === ZERO || b === ZERO) return ZERO;
  const al = lo(a), ah = hi(a), bl = lo(b), bh = hi(b);
  const p1 = al * bl, p2 = al * bh, p3 = ah * bl, p4 = ah * bh;
  const l = Math.min(p1, p2, p3, p4);
  const h = Math.max(p1, p2, p3, p4);
  return widened(l, h, Math.max(Math.abs(l), Math.abs(h)));
}

function mulWide(a: KV, b: KV): KV {
  const [na, da] = big(a);
  const [nb, db] = big(b);
  return wideOf(na * nb, a.e + b.e, da * db, a.t | b.t);
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  while (b) [a, b] = [b, a % b];
  return a;
}
function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * `a / b`. Exact operands give an exact rational, reduced; when its denominator has no prime factor
 * but 2 and 5 the quotient terminates and becomes a plain decimal (which the Decimal layer computes
 * exactly too); otherwise it stays a rational, tainted (the Decimal layer rounds it to 40 digits).
 * @throws UNDECIDED when `b` may be 0.
 */
export function div(a: KV, b: KV): KV {
  if (b.k === 0 && b.m === 0) return undecided();
  if (a.k === 0 && a.m === 0) return a;
  if (a.k === 0 && b.k === 0) {
    let n = mulSafe(a.m, b.d);
    let d = mulSafe(a.d, b.m);
    if (n === n && d === d) {
      if (d < 0) {
        n = -n;
        d = -d;
      }
      const g = gcd(n, d);
      if (g > 1) {
        n /= g;
        d /= g;
      }
      return terminating(n, a.e - b.e, d, a.t | b.t);
    }
  }
  // A double-double operand: as an interval (below; the kernel's requirements are not divided).
  if (a.k < 2 && b.k < 2 && (wide || a.k === 1 || b.k === 1)) {
    const [na, da] = big(a);
    const [nb, db] = big(b);
    let n = na * db;
    let d = da * nb;
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcdBig(n, d);
    if (g > 1n) {
      n /= g;
      d /= g;
    }
    return terminatingWide(n, a.e - b.e, d, a.t | b.t);
  }
  const bl = lo(b), bh = hi(b);
  if (!(bl > 0 || bh < 0)) return undecided();
  const al = lo(a), ah = hi(a);
  const q1 = al / bl, q2 = al / bh, q3 = ah / bl, q4 = ah / bh;
  const l = Math.min(q1, q2, q3, q4);
  const h = Math.max(q1, q2, q3, q4);
  return widened(l, h, Math.max(Math.abs(l), Math.abs(h)));
}

/** n * 10^-e / d as a plain decimal when d divides a power of ten, else a tainted rational. */
function terminating(n: number, e: number, d: number, t: number): KV {
  if (d === 1) return small(n, e, 1, t);
  let twos = 0;
  let fives = 0;
  let r = d;
  while (r % 2 === 0) {
    r /= 2;
    twos++;
  }
  while (r % 5 === 0) {
    r /= 5;
    fives++;
  }
  if (r === 1) {
    const k = Math.max(twos, fives);
    // n / (2^twos 5^fives) = n * 2^(k - twos) * 5^(k - fives) / 10^k
    const f = 2 ** (k - twos) * 5 ** (k - fives);
    const m = mulSafe(n, f);
    if (m === m) return small(m, e + k, 1, t);
    if (wide) return wideOf(BigInt(n) * BigInt(f), e + k, 1n, t);
  }
  return small(n, e, d, 1);
}

function terminatingWide(n: bigint, e: number, d: bigint, t: number): KV {
  if (d === 1n) return wideOf(n, e, 1n, t);
  let twos = 0;
  let fives = 0;
  let r = d;
  while (r % 2n === 0n) {
    r /= 2n;
    twos++;
  }
  while (r % 5n === 0n) {
    r /= 5n;
    fives++;
  }
  if (r === 1n) {
    const k = Math.max(twos, fives);
    return wideOf(n * 2n ** BigInt(k - twos) * 5n ** BigInt(k - fives), e + k, 1n, t);
  }
  return wideOf(n, e, d, 1);
}

// ----------------------------------------------------------------------------------------------------
// Comparison

/**
 * Sign of `a - b`: -1, 0 or 1, or NaN when the kernel cannot tell (overlapping bounds, or two exact
 * values too close to call when the Decimal layer may have rounded one of them).
 */
export function cmp(a: KV, b: KV): number {
  // Fast path without allocation: two untainted small decimals.
  if (a.k === 0 && b.k === 0 && a.d === 1 && b.d === 1 && a.t === 0 && b.t === 0) {
    let ma = a.m;
    let mb = b.m;
    if (a.e !== b.e) {
      if (a.e < b.e) ma = scaleUp(ma, b.e - a.e);
      else mb = scaleUp(mb, a.e - b.e);
    }
    // An overflowed (NaN) side falls through; otherwise the sign of the difference is exact
    // (rounding keeps the sign, and the difference of two safe integers is 0 only when they are equal).
    if (ma === ma && mb === mb) return ma < mb ? -1 : ma > mb ? 1 : 0;
  }
  if (a.k < 2 && b.k < 2) {
    // Two exact values whose floats are clearly apart: the floats' order is theirs (each float is
    // within a few ulps of its value, away from underflow and overflow), without aligning them (an
    // aligned pair beyond 2^53 takes BigInt). A tainted pair so far apart is also far beyond the
    // 1e-30 relative distance below.
    const fa = approx(a);
    const fb = approx(b);
    const ma = fa < 0 ? -fa : fa;
    const mb = fb < 0 ? -fb : fb;
    // Exponents beyond 290 make approx's power of ten subnormal or infinite on the way: not a few ulps.
    if (a.e <= 290 && a.e >= -290 && b.e <= 290 && b.e >= -290 && (ma > 1e-290 || (a.k === 0 && a.m === 0)) && ma < 1e290 && (mb > 1e-290 || (b.k === 0 && b.m === 0)) && mb < 1e290) {
      const diff = fa - fb;
      if ((diff < 0 ? -diff : diff) > (ma + mb) * 2 ** -44) return diff > 0 ? 1 : -1;
    }
  }
  if ((a.k === 3 || b.k === 3) && a.k !== 2 && b.k !== 2) {
    const c = ddCmp(a, b);
    if (c === c) return c;
  } else if (a.k !== 2 && b.k !== 2) {
    // The raw difference: the tainted branch below bounds the cancellation itself (against max(|a|, |b|)).
    const d = sum(a, neg(b));
    if (d.k !== 2) {
      const s = d.k === 0 ? Math.sign(d.m) : d.b > 0n ? 1 : -1;
      if (d.t === 0) return s === 0 ? 0 : s;
      // Tainted: the Decimal layer's operands may each be off in their 40th digit.
      if (s === 0) return NaN;
      const mag = Math.max(Math.abs(approx(a)), Math.abs(approx(b)));
      return Math.abs(approx(d)) > mag * 1e-30 ? s : NaN;
    }
  }
  if (hi(a) < lo(b)) return -1;
  if (lo(a) > hi(b)) return 1;
  return NaN;
}

/** Sign of `a` (NaN when undecided). */
export function sign(a: KV): number {
  if (a.k === 0) return a === TAINTED_ZERO ? NaN : Math.sign(a.m);
  if (a.k === 1) return a.b > 0n ? 1 : -1;
  if (a.k === 3) return ddSign(a);
  return a.lo > 0 ? 1 : a.hi < 0 ? -1 : NaN;
}

/** `cmp` that must decide. */
export function compare(a: KV, b: KV): number {
  const c = cmp(a, b);
  return c === c ? c : undecided();
}

/** The larger of two values: exact when they compare, else the hull of their bounds (which contains the max). */
export function max(a: KV, b: KV): KV {
  const c = cmp(a, b);
  if (c === c) return c >= 0 ? a : b;
  return interval(Math.max(lo(a), lo(b)), Math.max(hi(a), hi(b)));
}

export function min(a: KV, b: KV): KV {
  const c = cmp(a, b);
  if (c === c) return c <= 0 ? a : b;
  return interval(Math.min(lo(a), lo(b)), Math.min(hi(a), hi(b)));
}

export function isZero(a: KV): boolean {
  return a === ZERO;
}

// ----------------------------------------------------------------------------------------------------
// Rounding to a number of decimal places, and the float the Decimal layer would read

/**
 * `a` rounded up (`up`) or down to `dp` decimal places, as an integer count of 10^-dp (a safe
 * integer). The Decimal layer rounds its own value, so: exact untainted values round exactly; tainted
 * ones only when clearly away from the boundary; intervals when both bounds round alike; double-doubles
 * when their whole radius lies strictly inside one unit.
 * @throws UNDECIDED otherwise.
 */
export function scaled(a: KV, dp: number, up: boolean): number {
  if (dp > 22) return undecided();
  if (a.k === 3) return ddScaled(a, dp, up);
  if (a.k === 2) {
    const p = P10[dp]!;
    let l = a.lo * p;
    let h = a.hi * p;
    l -= Math.abs(l) * REL + ABS;
    h += Math.abs(h) * REL + ABS;
    const ql = up ? Math.ceil(l) : Math.floor(l);
    const qh = up ? Math.ceil(h) : Math.floor(h);
    if (ql !== qh || Math.abs(ql) > MAX) return undecided();
    return ql === 0 ? 0 : ql;
  }
  if (a.k === 0) {
    const k = dp - a.e;
    let n: number;
    let den: number;
    if (k >= 0) {
      n = scaleUp(a.m, k);
      den = a.d;
      if (n !== n) return a.t ? undecided() : scaledWide(a, dp, up);
    } else {
      n = a.m;
      den = -k > 22 ? NaN : mulSafe(a.d, P10[-k]!);
      if (den !== den) {
        // |a| * 10^dp = |m| / (d * 10^-k) < 1: the rounding is 0 or +-1.
        if (a.t) return undecided();
        return up ? (n > 0 ? 1 : 0) : n > 0 ? 0 : -1;
      }
    }
    const r = n % den;
    const q0 = (n - r) / den;
    const q = up ? q0 + (r > 0 ? 1 : 0) : q0 - (r < 0 ? 1 : 0);
    if (a.t) {
      // The Decimal layer's value is within ~1e-38 (relative) of ours: decide only away from the boundary.
      const dist = Math.min(Math.abs(r), den - Math.abs(r)) / den;
      if (r === 0 || !(dist > (Math.abs(q0) + 1) * 1e-30)) return undecided();
    }
    return q === 0 ? 0 : q;
  }
  return scaledWide(a, dp, up);
}

function scaledWide(a: KV, dp: number, up: boolean): number {
  const q = scaledExact(a, dp, up);
  if (q > BIG_MAX || q < NEG_BIG_MAX) return undecided();
  const out = Number(q);
  return out === 0 ? 0 : out;
}

/** {@link scaled} of an exact value as a BigInt count of 10^-dp (any size). */
function scaledExact(a: KV, dp: number, up: boolean): bigint {
  const [n0, den0] = big(a);
  const k = dp - a.e;
  const n = k >= 0 ? n0 * b10(k) : n0;
  const den = k >= 0 ? den0 : den0 * b10(-k);
  const r = n % den;
  const q0 = (n - r) / den;
  const q = up ? q0 + (r > 0n ? 1n : 0n) : q0 - (r < 0n ? 1n : 0n);
  if (a.t) {
    const ar = r < 0n ? -r : r;
    const dist = Number(ar < den - ar ? ar : den - ar) / Number(den);
    if (r === 0n || !(dist > (Math.abs(Number(q0)) + 1) * 1e-30)) return undecided();
  }
  return q;
}

/**
 * {@link scaled} as a BigInt, for figures beyond 2^53 units of 10^-dp (a whale at 9 places): exact
 * values of any size; intervals as `scaled` decides them.
 * @throws UNDECIDED as `scaled`.
 */
export function scaledBig(a: KV, dp: number, up: boolean): bigint {
  if (a.k >= 2 || dp > 22) return BigInt(scaled(a, dp, up));
  return scaledExact(a, dp, up);
}

/** Integer count of 10^-dp (a BigInt of any size), exact, as a kernel value; `t` its taint (see the module comment). */
export function fromScaledBig(n: bigint, dp: number, t = 0): KV {
  return wideOf(n, dp, 1n, t);
}

/**
 * The float64 the Decimal layer gets from `toNumber()` of its value (the correctly rounded double of
 * its decimal). Exact untainted values only; otherwise UNDECIDED.
 */
export function decimalLayerNumber(a: KV): number {
  if (a.t || a.k === 2) return undecided();
  if (a.k === 0) {
    if (a.d !== 1) return undecided();
    const e = a.e;
    // One correctly rounded float operation on exact operands, or the correctly rounded string parse.
    if (e >= 0 && e <= 22) return a.m / P10[e]!;
    if (e < 0 && -e <= 22) return a.m * P10[-e]!;
    return Number(`${a.m}e${-e}`);
  }
  if (a.bd !== 1n) return undecided();
  return Number(`${a.b}e${-a.e}`);
}

/** The exact decimal digits of an untainted exact value as a plain string (for rebuilding a Decimal). */
export function exactString(a: KV): string {
  if (a.t || a.k === 2 || (a.k === 0 ? a.d !== 1 : a.bd !== 1n)) return undecided();
  const n = a.k === 0 ? BigInt(a.m) : a.b;
  return scaledStringBig(n, a.e);
}

/** An integer count of 10^-e (a BigInt of any size) as a plain decimal string (as {@link scaledString}). */
export function scaledStringBig(n: bigint, e: number): string {
  if (n === 0n) return '0';
  const negative = n < 0n;
  let s = (negative ? -n : n).toString();
  if (e <= 0) return (negative ? '-' : '') + s + '0'.repeat(-e);
  if (s.length <= e) s = '0'.repeat(e - s.length + 1) + s;
  const int = s.slice(0, s.length - e);
  const frac = s.slice(s.length - e).replace(/0+$/, '');
  return (negative ? '-' : '') + int + (frac ? '.' + frac : '');
}

/**
 * An integer count of 10^-dp as the plain decimal string the Decimal layer prints (`decimalString`:
 * no exponent, no trailing zeros, `'0'` for zero): 1234510 at dp 2 is `'12345.1'`.
 */
export function scaledString(n: number, dp: number): string {
  if (n === 0) return '0';
  const negative = n < 0;
  const a = negative ? -n : n;
  let out: string;
  if (dp === 0) out = integerDigits(a);
  else if (dp > 18) out = scaledDigits(a, dp);
  else {
    // a = hi 10^9 + lo (lo below 10^9, hi below 2^53 / 10^9 < 2^24): int32 halves, split further
    // at the point without a float remainder (which V8 computes by a C call).
    const hi = highE9(a);
    const lo = a - hi * 1e9;
    if (dp <= 9) {
      // The point falls in lo: int = hi 10^(9 - dp) + lo / 10^dp, frac = lo mod 10^dp (below 2^31).
      const p = P10[dp]!;
      const q = Math.floor(lo / p); // exact: lo and p are int32, the quotient is below 10^9
      const frac = lo - q * p;
      const is = hi === 0 ? digits9(q) : integerDigits(hi * P10[9 - dp]! + q);
      out = frac === 0 ? is : is + fraction9(frac * P10[9 - dp]!, true);
    } else {
      // The point falls in hi: int = hi / 10^(dp - 9), frac = (hi mod 10^(dp - 9)) then lo's 9 digits.
      const p = P10[dp - 9]!;
      const q = Math.floor(hi / p);
      const fh = hi - q * p;
      const is = digits9(q);
      // (A ratio's 10 places: its first digit with the point from a table.)
      out = lo === 0 ? (fh === 0 ? is : is + fraction9(fh * P10[18 - dp]!, true)) : is + (dp === 10 ? DOT1[fh]! : '.' + padded(fh, dp - 9)) + fraction9(lo, false);
    }
  }
  return negative ? '-' + out : out;
}
const ZEROS = '0000000000000000000000000';

/** {@link scaledString} for dp beyond 18 (the value is below 1: its digits, zero-padded to dp places, trailing zeros dropped). */
function scaledDigits(a: number, dp: number): string {
  let s = integerDigits(a);
  if (dp >= s.length) s = '0'.repeat(dp - s.length + 1) + s;
  const cut = s.length - dp;
  let end = s.length;
  while (end > cut && s.charCodeAt(end - 1) === 48) end--;
  return end === cut ? s.slice(0, cut) : s.slice(0, cut) + '.' + s.slice(cut, end);
}

/*
 * Digits from tables of three (unpadded and zero-padded) rather than String(x): a number's string is
 * looked up in V8's number-string cache and, for the counts the kernel prints (each seen once), made
 * by a runtime call on a miss, which costs more than a few table reads and joins of short strings.
 */
const D3: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i));
const P3: readonly string[] = Array.from({ length: 1000 }, (_, i) => (i < 10 ? '00' : i < 100 ? '0' : '') + String(i));
const PAD: readonly string[] = Array.from({ length: 10 }, (_, i) => ZEROS.slice(0, i));
/** A fraction's groups: the first after the point, the last without its trailing zeros. */
const DOT3: readonly string[] = P3.map((s) => '.' + s);
const TRIM3: readonly string[] = P3.map((s) => s.replace(/0+$/, ''));
const DOT1: readonly string[] = Array.from({ length: 10 }, (_, i) => '.' + i);

/** The decimal digits of an integer 0 <= x < 10^9. */
function digits9(x: number): string {
  if (x < 1000) return D3[x]!;
  const h = Math.floor(x / 1000);
  const l = x - h * 1000;
  if (x < 1e6) return D3[h]! + P3[l]!;
  const hh = Math.floor(h / 1000);
  return D3[hh]! + P3[h - hh * 1000]! + P3[l]!;
}

/** The `w` digits (w <= 9) of an integer 0 <= x < 10^w, zero-padded on the left. */
function padded(x: number, w: number): string {
  const s = digits9(x);
  return s.length < w ? PAD[w - s.length]! + s : s;
}

/**
 * The nine digits of an integer 0 < y < 10^9, zero-padded on the left, trailing zeros dropped; after
 * the point when `dot`: three groups from the tables, two joins at most (a fraction's digits one by
 * one cost a remainder and a division each, and a join per table).
 */
function fraction9(y: number, dot: boolean): string {
  const g1 = Math.floor(y / 1e6);
  const r = y - g1 * 1e6;
  const g2 = Math.floor(r / 1000);
  const g3 = r - g2 * 1000;
  const head = dot ? DOT3[g1]! : P3[g1]!;
  if (g3 !== 0) return head + P3[g2]! + TRIM3[g3]!;
  if (g2 !== 0) return head + TRIM3[g2]!;
  return dot ? '.' + TRIM3[g1]! : TRIM3[g1]!;
}

/** The decimal digits of a safe integer a >= 0: below 10^9 from the tables, else two parts 9 digits apart. */
function integerDigits(a: number): string {
  if (a < 1e9) return digits9(a);
  const hi = highE9(a); // < 2^53 / 10^9 < 10^9
  return digits9(hi) + padded(a - hi * 1e9, 9);
}

/** `floor(a / 10^9)` of a safe integer a >= 0, exact: the float quotient corrected by the remainder's sign (then `a - hi 10^9` is exact and below 10^9). */
function highE9(a: number): number {
  const hi = Math.floor(a / 1e9);
  const lo = a - hi * 1e9;
  return lo < 0 ? hi - 1 : lo >= 1e9 ? hi + 1 : hi;
}

/** Integer count of 10^-dp, exact, as a kernel value. */
export function fromScaled(n: number, dp: number): KV {
  return small(n, dp);
}

/**
 * An allocation-free exact sum of products of small decimal values (the kernel's per-line sums):
 * `ok` turns false at the first product or partial sum that leaves the small exact range, and the
 * caller then computes the same sum with kernel values.
 */
export class SmallSum {
  m = 0;
  e = 0;
  ok = true;

  reset(): void {
    this.m = 0;
    this.e = 0;
    this.ok = true;
  }

  /** Adds `a * b * c * d` (absent factors are 1). */
  addProduct(a: KV, b: KV, c: KV = ONE, d: KV = ONE): void {
    if (!this.ok) return;
    if (a.k !== 0 || b.k !== 0 || c.k !== 0 || d.k !== 0 || a.d !== 1 || b.d !== 1 || c.d !== 1 || d.d !== 1 || a.t || b.t || c.t || d.t) {
      this.ok = false;
      return;
    }
    let p = a.m * b.m;
    if (!(Math.abs(p) <= MAX)) return this.fail();
    p *= c.m;
    if (!(Math.abs(p) <= MAX)) return this.fail();
    p *= d.m;
    if (!(Math.abs(p) <= MAX)) return this.fail();
    this.addScaled(p, a.e + b.e + c.e + d.e);
  }

  /** Adds `m * 10^-e` (m a safe integer). */
  addScaled(m: number, e: number): void {
    if (!this.ok || m === 0) return;
    if (this.m === 0) {
      this.m = m;
      this.e = e;
      return;
    }
    let acc = this.m;
    let at = this.e;
    if (e > at) {
      acc = scaleUp(acc, e - at);
      at = e;
    } else if (e < at) m = scaleUp(m, at - e);
    // NaN (an overflowed scaling) fails the test; the sum so far stays as it was.
    if (!(Math.abs(acc) + Math.abs(m) <= MAX)) return this.fail();
    this.m = acc + m;
    this.e = at;
  }

  fail(): void {
    this.ok = false;
  }

  value(): KV {
    return small(this.m, this.e);
  }
}
