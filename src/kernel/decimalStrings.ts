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

const P10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** `a - b` of two decimal strings, as a decimal string in the same canonical form. */
export function decimalDifference(a: string, b: string): string {
  const x = parts(a);
  const y = parts(b);
  const e = Math.max(x.scale, y.scale);
  let abs: string;
  let neg: boolean;
  if (x.digits.length + e - x.scale <= 15 && y.digits.length + e - y.scale <= 15) {
    // Both below 10^15 once aligned: float64 holds them, and their difference, exactly.
    const d = (x.neg ? -1 : 1) * Number(x.digits) * P10[e - x.scale]! - (y.neg ? -1 : 1) * Number(y.digits) * P10[e - y.scale]!;
    if (d === 0) return '0';
    neg = d < 0;
    abs = String(neg ? -d : d);
  } else {
    const big = (p: { neg: boolean; digits: string; scale: number }) => (p.neg ? -1n : 1n) * BigInt(p.digits) * 10n ** BigInt(e - p.scale);
    const d = big(x) - big(y);
    if (d === 0n) return '0';
    neg = d < 0n;
    abs = (neg ? -d : d).toString();
  }
  if (e > 0) {
    if (abs.length <= e) abs = '0'.repeat(e - abs.length + 1) + abs;
    const int = abs.slice(0, abs.length - e);
    const frac = abs.slice(abs.length - e).replace(/0+$/, '');
    abs = frac ? `${int}.${frac}` : int;
  }
  return neg ? '-' + abs : abs;
}

/** The sign of `a - b` for two decimal strings: -1, 0 or 1. */
export function decimalCompare(a: string, b: string): number {
  const d = decimalDifference(a, b);
  return d === '0' ? 0 : d.charCodeAt(0) === 45 ? -1 : 1;
}
