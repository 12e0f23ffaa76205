/*
 * Exact arithmetic on the library's canonical decimal strings (`decimalString` output: plain, no
 * exponent, no trailing zeros), without Decimal: what the pre-trade check needs from two figures.
 * Internal.
 */

/** A canonical decimal string as its sign, its digits without the point, and its number of decimals. */
function parts(s: string): { neg: boolean; digits: string; scale: number } {
  const neg = s.charCodeAt(0) === 45;
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  return dot < 0 ? { neg, digits: body, scale: 0 } : { neg, digits: body.slice(0, dot) + body.slice(dot + 1), scale: body.length - dot - 1 };
}

const P10: readonly number[] = Array.from({ length: 31 }, (_, i) => 10 ** i);

// The fast reading of one string (see `read`): its value as an integer count of 10^-SCALE, exact
// below 2^53 (at most 15 digits, which float64 holds with all their neighbours).
let VALUE = 0;
let SCALE = 0;

/**
 * Reads a canonical decimal string into VALUE and SCALE (its digits without the point, signed, and
 * its number of decimals), without slicing it; false when it has more than 15 digits (the caller
 * then takes BigInt).
 */
function read(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const neg = i === 1;
  let v = 0;
  let digits = 0;
  let dot = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) dot = i;
    else {
      v = v * 10 + (c - 48);
      // Leading zeros (0.00x) add no digit.
      if (v !== 0 && ++digits > 15) return false;
    }
  }
  VALUE = neg ? -v : v;
  SCALE = dot < 0 ? 0 : n - dot - 1;
  return true;
}

/** `a - b` of two decimal strings, as a decimal string in the same canonical form. */
export function decimalDifference(a: string, b: string): string {
  // Canonical strings: equal text is an equal value (a trade closed at the mark leaves the equity as it was).
  if (a === b) return '0';
  if (read(a)) {
    const x = VALUE;
    const xs = SCALE;
    if (read(b)) {
      const y = VALUE;
      const ys = SCALE;
      const e = xs > ys ? xs : ys;
      const ax = x * P10[e - xs]!;
      const ay = y * P10[e - ys]!;
      // Both below 10^15 once aligned: float64 holds them, and their difference, exactly.
      if (e - xs <= 15 && e - ys <= 15 && Math.abs(ax) < 1e15 && Math.abs(ay) < 1e15) return scaledText(ax - ay, e);
    }
  }
  return limbDifference(a, b) ?? bigDifference(a, b);
}

/** The scale (number of decimals) of a canonical decimal string. */
function scaleOf(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

// The two-limb reading of one string (see `limbs`): its value at scale E as HI 10^15 + LO, both signed as the value.
let HI = 0;
let LO = 0;

/** Reads `s` aligned to `e` decimals (e >= its scale) into HI and LO; false past 30 digits. */
function limbs(s: string, e: number): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const neg = i === 1;
  // Digits once aligned, leading zeros included (they add nothing to either limb): the last 15 go to LO.
  const scale = scaleOf(s);
  const pad = e - scale;
  const total = n - i - (scale > 0 ? 1 : 0) + pad;
  if (total > 30) return false;
  let hi = 0;
  let lo = 0;
  let k = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) continue;
    if (k++ < total - 15) hi = hi * 10 + (c - 48);
    else lo = lo * 10 + (c - 48);
  }
  for (let z = 0; z < pad; z++) {
    if (k++ < total - 15) hi *= 10;
    else lo *= 10;
  }
  HI = neg ? -hi : hi;
  LO = neg ? -lo : lo;
  return true;
}

/**
 * `a - b` with each side aligned as two float64 limbs of 15 digits (exact: each below 10^15, their
 * differences below 2 x 10^15); undefined past 30 digits (BigInt then). A figure of 1e6 at 9 places
 * has 16 digits: the common case of the check's equity.
 */
function limbDifference(a: string, b: string): string | undefined {
  const sa = scaleOf(a);
  const sb = scaleOf(b);
  const e = sa > sb ? sa : sb;
  if (!limbs(a, e)) return undefined;
  const ah = HI;
  const al = LO;
  if (!limbs(b, e)) return undefined;
  let h = ah - HI;
  let l = al - LO;
  // |l| < 10^15 (a carry), then one sign for both limbs (a borrow between them).
  if (l >= 1e15) (h += 1), (l -= 1e15);
  else if (l <= -1e15) (h -= 1), (l += 1e15);
  if (h > 0 && l < 0) (h -= 1), (l += 1e15);
  else if (h < 0 && l > 0) (h += 1), (l -= 1e15);
  if (h === 0) return scaledText(l, e);
  const neg = h < 0;
  let digits = String(neg ? -h : h) + String(neg ? -l : l).padStart(15, '0');
  let end = digits.length;
  let scale = e;
  while (scale > 0 && digits.charCodeAt(end - 1) === 48) (end--), scale--;
  digits = digits.slice(0, end);
  const text = scale === 0 ? digits : digits.length > scale ? digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale) : '0.' + '0'.repeat(scale - digits.length) + digits;
  return neg ? '-' + text : text;
}

/** An integer count of 10^-e (|d| < 2^53) as a canonical decimal string: no trailing zeros, no exponent. */
function scaledText(d: number, e: number): string {
  if (d === 0) return '0';
  while (e > 0 && d % 10 === 0) {
    d /= 10;
    e--;
  }
  const neg = d < 0;
  let abs = String(neg ? -d : d);
  if (e > 0) abs = abs.length <= e ? '0.' + '0'.repeat(e - abs.length) + abs : abs.slice(0, abs.length - e) + '.' + abs.slice(abs.length - e);
  return neg ? '-' + abs : abs;
}

/** `a - b` in BigInt (either side has more than 15 digits once aligned). */
function bigDifference(a: string, b: string): string {
  const x = parts(a);
  const y = parts(b);
  const e = Math.max(x.scale, y.scale);
  const big = (p: { neg: boolean; digits: string; scale: number }) => (p.neg ? -1n : 1n) * BigInt(p.digits) * 10n ** BigInt(e - p.scale);
  const d = big(x) - big(y);
  if (d === 0n) return '0';
  const neg = d < 0n;
  let abs = (neg ? -d : d).toString();
  if (e > 0) {
    if (abs.length <= e) abs = '0'.repeat(e - abs.length + 1) + abs;
    const int = abs.slice(0, abs.length - e);
    const frac = abs.slice(abs.length - e).replace(/0+$/, '');
    abs = frac ? `${int}.${frac}` : int;
  }
  return neg ? '-' + abs : abs;
}

/**
 * The sign of `a - b` for two canonical decimal strings: -1, 0 or 1. Read off the text, no
 * difference printed (the pre-trade check's one comparison): canonical strings have one text per
 * value, no leading zeros before the point and none trailing after it, so two of one sign order by
 * the length of their integer part, then (equal lengths put the points at the same place) as text,
 * a prefix first ('12' < '12.5', '0.5' < '0.51').
 */
export function decimalCompare(a: string, b: string): number {
  if (a === b) return 0;
  const neg = a.charCodeAt(0) === 45;
  if (neg !== (b.charCodeAt(0) === 45)) return neg ? -1 : 1;
  let ia = a.indexOf('.');
  if (ia < 0) ia = a.length;
  let ib = b.indexOf('.');
  if (ib < 0) ib = b.length;
  const m = ia !== ib ? (ia > ib ? 1 : -1) : a > b ? 1 : -1;
  return neg ? -m : m;
}

/**
 * A canonical decimal string as an integer count of 10^-dp (a safe integer), or NaN when it has more
 * than `dp` decimals or the count is not a safe integer: what the pre-trade check keeps of the figures
 * before the trades, so that each check subtracts counts instead of reading both strings.
 * @example
 * ```ts
 * decimalCount('-12.5', 9); // -12500000000
 * decimalCount('0.0000000001', 9); // NaN (10 decimals)
 * ```
 */
export function decimalCount(s: string, dp: number): number {
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const neg = i === 1;
  let v = 0;
  let dot = -1;
  if (i === n) return NaN;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot < 0) dot = i;
    else if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      // Each step exact while below 2^53.
      if (v > Number.MAX_SAFE_INTEGER) return NaN;
    } else return NaN;
  }
  const scale = dot < 0 ? 0 : n - dot - 1;
  if (scale > dp || dp - scale > 15) return NaN;
  v *= P10[dp - scale]!;
  if (!Number.isSafeInteger(v)) return NaN;
  return neg ? -v : v;
}
