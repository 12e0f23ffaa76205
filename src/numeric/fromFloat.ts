import { D, type Decimal } from './decimal.js';
import { BOUNDS_MADE } from './boundsMade.js';
import { P10 } from './powersOfTen.js';

/**
 * Significant digits kept when a float64 model value becomes a Decimal. float64 carries 15-17
 * significant digits, but model error (normal CDF, exp/log) is around 1e-14 relative, so digits
 * past the 12th are noise; keeping 12 makes the Decimal reproducible across runtimes.
 */
export const FLOAT_SIGNIFICANT_DIGITS = 12;

/** Which way a float model value is rounded when it becomes a Decimal. */
export type FloatRounding = 'against-account-loss' | 'against-account-value' | 'nearest';

/**
 * The one place where a float64 model value (an option value, a scenario P&L, a greek) becomes a
 * Decimal. It keeps {@link FLOAT_SIGNIFICANT_DIGITS} significant digits and rounds against the
 * account: a loss or requirement (`'against-account-loss'`) rounds towards +infinity, a value credited
 * to the account (`'against-account-value'`) towards -infinity. Diagnostics that are neither (greeks)
 * use `'nearest'` (half-even).
 *
 * @param x a finite float64, in whatever unit the caller's model returns.
 * @param rounding the conservative direction.
 * @throws RangeError if `x` is not finite: a model that produced NaN or Infinity is a library bug,
 *   never something to pass on.
 * @example
 * ```ts
 * fromFloat(0.1 + 0.2, 'against-account-value').toString(); // '0.3'
 * fromFloat(1 / 3, 'against-account-loss').toString(); // '0.333333333334' (1/3 to 12 significant digits, rounded up)
 * ```
 */
export function fromFloat(x: number, rounding: FloatRounding): Decimal {
  // The digits of fromFloatParts (decimal.js's reading of the float, kept to 12 significant digits in
  // the given direction, without a Decimal per step): one Decimal made from them, no rounding left.
  fromFloatInto(x, rounding, OUT);
  return decimalOfParts(OUT.m, OUT.e);
}

const OUT: FloatParts = { m: 0, e: 0 };
const LOG_BASE = 7;
const BASE = 1e7;

/**
 * The Decimals {@link decimalOfParts} makes: objects on D's prototype with the own fields decimal.js's
 * constructor gives every Decimal (`constructor`, then `s`, `e`, `d`, assigned in that order), made
 * without running the constructor, whose generic reading of its argument (`new D(0)`) cost several
 * times the object itself: about 20 of them per one-shot decision. decimal.js reads only those fields
 * and the prototype (`instanceof D` holds), so every method, string and comparison sees the same Decimal.
 */
const Blank = function Blank(this: { constructor: unknown; s: number; e: number; d: number[] }, s: number, e: number, d: number[]) {
  this.constructor = D;
  this.s = s;
  this.e = e;
  this.d = d;
} as unknown as new (s: number, e: number, d: number[]) => Decimal;
Blank.prototype = D.prototype;

/**
 * The Decimal `m * 10^-e` (`m` an integer, |m| < 10^12, without trailing zeros) as decimal.js itself
 * stores it, built without its string parser: sign, exponent of the leading digit and base-1e7
 * words whose first holds `(exponent + 1) mod 7` digits (7 when that is 0) and whose last is padded
 * with zeros, exactly the fields `new D(`${m}e${-e}`)` gets (zero: `new D(0)`'s, sign 1, exponent 0,
 * words [0]). A third of an option's valuation was that parse. At most three words: 12 digits and
 * at most 6 of padding fill 18 places, the first word holding at least one.
 */
function decimalOfParts(m: number, e: number): Decimal {
  if (m === 0) return new Blank(1, 0, [0]);
  const a = m < 0 ? -m : m;
  let digits = 1;
  while (digits < 12 && a >= P10[digits]!) digits++;
  const lead = digits - 1 - e;
  let first = (lead + 1) % LOG_BASE;
  if (lead < 0) first += LOG_BASE;
  if (first === 0) first = LOG_BASE;
  // Zeros after the last digit that fill the last word; then the words, last first. A word is the
  // remainder after a floor division (`%` on a float beyond 2^31 is a library call): exact, as
  // `rest / w` (rest < 10^12, w a power of ten) lies at least 1/w from the next integer and rounds
  // by less than that.
  const pad = (LOG_BASE - ((digits - first) % LOG_BASE)) % LOG_BASE;
  const n = 1 + (digits + pad - first) / LOG_BASE;
  const d = n === 1 ? [0] : n === 2 ? [0, 0] : [0, 0, 0];
  let rest = a;
  let j = n - 1;
  if (pad > 0) {
    const q = Math.floor(rest / P10[LOG_BASE - pad]!);
    d[j--] = (rest - q * P10[LOG_BASE - pad]!) * P10[pad]!;
    rest = q;
  }
  for (; j >= 0; j--) {
    const q = Math.floor(rest / BASE);
    d[j] = rest - q * BASE;
    rest = q;
  }
  return new Blank(m < 0 ? -1 : 1, lead, d);
}

/**
 * {@link fromFloat}'s exact result as a scaled integer, computed without Decimal: `[m, e]` with the value
 * `m * 10^-e`, `|m| < 10^12` and no trailing zeros in `m` (`[0, 0]` for zero). Same digits, same
 * rounding: decimal.js reads a float through its shortest round-trip string (`String(x)`), and
 * `toSignificantDigits(12, rounding)` keeps 12 of those digits, rounded in the given direction; this
 * function does exactly that to the same string. The fast number layer (the kernel) uses it so that
 * an option's scenario P&L is the same exact decimal in both layers.
 *
 * @param x a finite float64.
 * @throws RangeError if `x` is not finite (as fromFloat).
 * @example
 * ```ts
 * fromFloatParts(1 / 3, 'against-account-loss'); // [333333333334, 12], i.e. 0.333333333334
 * ```
 */
export function fromFloatParts(x: number, rounding: FloatRounding): [number, number] {
  fromFloatInto(x, rounding, PARTS);
  return [PARTS.m, PARTS.e];
}

/** {@link fromFloatParts}'s `[m, e]` as the fields of a caller's object (no array per call). */
export interface FloatParts {
  m: number;
  e: number;
}
const PARTS: FloatParts = { m: 0, e: 0 };

/**
 * {@link fromFloatParts} written into `out` (`out.m`, `out.e`) rather than a new array: for the fast
 * number layer's hot paths (an expiry's net delta, a scenario P&L). Internal.
 *
 * @throws RangeError if `x` is not finite (as fromFloat).
 * @example
 * ```ts
 * const out = { m: 0, e: 0 };
 * fromFloatInto(1 / 3, 'against-account-loss', out);
 * out; // { m: 333333333334, e: 12 } (1/3 to 12 significant digits, rounded up)
 * ```
 */
export function fromFloatInto(x: number, rounding: FloatRounding, out: FloatParts): void {
  roundedInto(x, truncatedInto(x, out), out.m, out.e, rounding, out);
}

/** The truncated digits `m * 10^-e` of x (truncatedInto's, and what follows them: `rest`) rounded to 12 significant digits in the given direction, into `out`. */
function roundedInto(x: number, rest: number, m: number, e: number, rounding: FloatRounding, out: FloatParts): void {
  // A float's digits beyond the 12th: the direction, or for 'nearest' the half they make, decides.
  const up = rest > 0 && (rounding === 'nearest' ? rest > 2 || (rest === 2 && m % 2 === 1) : (rounding === 'against-account-loss') !== x < 0);
  if (m > 0) trimZeros(up ? m + 1 : m, e, x < 0, out);
}

/**
 * `[fromFloat(x, 'against-account-value'), fromFloat(x, 'against-account-loss')]` from one reading of
 * x's digits (the two directions differ only in the last kept digit): an option's mark value and its
 * rounded-up twin. One Decimal for both when x has at most 12 significant digits (each direction gives
 * x itself). Internal.
 *
 * @param x a finite float64, in the caller's unit.
 * @throws RangeError if `x` is not finite (as fromFloat).
 * @example
 * ```ts
 * fromFloatBounds(1 / 3).map(String); // ['0.333333333333', '0.333333333334']
 * ```
 */
export function fromFloatBounds(x: number): [Decimal, Decimal] {
  const rest = truncatedInto(x, OUT);
  const m = OUT.m;
  const e = OUT.e;
  roundedInto(x, rest, m, e, 'against-account-value', OUT);
  // The digits noted with the object (see BOUNDS_MADE; nothing from here on throws: no one's digits under another's name).
  const made = BOUNDS_MADE;
  const down = decimalOfParts((made.m = made.um = OUT.m), (made.e = made.ue = OUT.e));
  let up = down;
  if (rest) {
    roundedInto(x, rest, m, e, 'against-account-loss', OUT);
    up = decimalOfParts((made.um = OUT.m), (made.ue = OUT.e));
  }
  made.down = down;
  return [down, up];
}

const LOWEST = P10[FLOAT_SIGNIFICANT_DIGITS - 1]!;
/** How far from a rounding decision the scaled float must be (see truncatedByScaling). */
const MARGIN = 1e-3;
/** `10^j` (the float nearest) at `TEN[j + 12]`, j = -12..34: the decades truncatedByScaling handles. */
const TEN: readonly number[] = Array.from({ length: 47 }, (_, i) => Number(`1e${i - 12}`));
/** A float's bits (the binary exponent, read instead of a logarithm call), and which word holds the exponent on this host. */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
BITS[0] = 1;
const HIGH = WORDS[1] === 0x3ff00000 ? 1 : 0;

/** `m / 10` while `m` (a positive integer below 2^53) ends in 0, `e` down by one each time (float operations exact here: no `%`, which is a library call on a float). */
function trimZeros(m: number, e: number, negative: boolean, out: FloatParts): void {
  let q = Math.floor(m / 10);
  while (q * 10 === m) {
    m = q;
    e -= 1;
    q = Math.floor(m / 10);
  }
  out.m = negative ? -m : m;
  out.e = e;
}

/**
 * The first 12 significant digits of |x|'s shortest round-trip string (decimal.js's reading of a
 * float), truncated, as `out.m * 10^-out.e` (`out.m` >= 0; zeros after the digits not yet trimmed;
 * 0 and 0 for a zero), and what the string holds past them (0 nothing, 1 less than half a unit of
 * the 12th digit, 2 exactly half, 3 more):
 * all a rounding to 12 digits needs, in any direction.
 */
function truncatedInto(x: number, out: FloatParts): number {
  if (!Number.isFinite(x)) throw new RangeError(`portfolio-margin: non-finite model value ${x}`);
  out.m = 0;
  out.e = 0;
  if (x === 0) return 0;
  const a = x < 0 ? -x : x;
  const rest = truncatedByScaling(a, out);
  return rest || truncatedByString(a, out);
}

/**
 * truncatedInto without the string, when the float decides it: `y = a * 10^k` scaled into
 * [10^11, 10^12) is within 1.8e-4 of the decimal string's digits at that scale (the shortest
 * round-trip string is within half an ulp of `a`: 1.2e-4 scaled; the product or quotient by an exact
 * power of ten rounds by at most half an ulp of `y` < 2^40: 6.2e-5). So when `y` is at least 1e-3 from
 * an integer and from a half, the string has more than 12 significant digits, its first 12 are
 * `floor(y)`, and the rest is more or less than a half as `y`'s fraction is. Anything closer (about
 * 0.4% of floats, and every short decimal), or out of range: 0, for the string to decide.
 * The decade of `a` comes from its binary exponent (`floor(log2 a) x log10 2`, then one comparison);
 * a decade one off (a power of ten's neighbours) puts `y` outside [10^11, 10^12): the string too, never
 * a wrong digit.
 */
function truncatedByScaling(a: number, out: FloatParts): number {
  BITS[0] = a;
  let d = Math.floor((((WORDS[HIGH]! >>> 20) & 0x7ff) - 1023) * 0.3010299956639812);
  if (d < -12 || d > 33) return 0;
  if (a >= TEN[d + 13]!) d++;
  const k = FLOAT_SIGNIFICANT_DIGITS - 1 - d;
  if (k > 22 || k < -22) return 0;
  const y = k >= 0 ? a * P10[k]! : a / P10[-k]!;
  const f = Math.floor(y);
  const frac = y - f;
  if (f < LOWEST || f >= LOWEST * 10 || frac < MARGIN || frac > 1 - MARGIN || Math.abs(frac - 0.5) < MARGIN) return 0;
  out.m = f;
  out.e = k;
  return frac > 0.5 ? 3 : 1;
}

/** truncatedInto through the shortest round-trip string, as decimal.js reads a float. */
function truncatedByString(a: number, out: FloatParts): number {
  const s = String(a);
  const ePos = s.indexOf('e');
  const mant = ePos < 0 ? s : s.slice(0, ePos);
  const exp10 = ePos < 0 ? 0 : Number(s.slice(ePos + 1));
  const dot = mant.indexOf('.');
  let digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  // value = digits * 10^-(decimals - exp10)
  let e = (dot < 0 ? 0 : mant.length - dot - 1) - exp10;
  let i = 0;
  while (digits.charCodeAt(i) === 48) i++;
  let end = digits.length;
  while (end > i && digits.charCodeAt(end - 1) === 48) end--;
  e -= digits.length - end;
  digits = digits.slice(i, end);
  const cut = digits.length - FLOAT_SIGNIFICANT_DIGITS;
  out.m = Number(digits.slice(0, FLOAT_SIGNIFICANT_DIGITS));
  out.e = cut > 0 ? e - cut : e;
  if (cut <= 0) return 0;
  // The dropped digits are not all zero (trailing zeros were stripped).
  const first = digits.charCodeAt(FLOAT_SIGNIFICANT_DIGITS) - 48;
  return first > 5 || (first === 5 && cut > 1) ? 3 : first === 5 ? 2 : 1;
}
