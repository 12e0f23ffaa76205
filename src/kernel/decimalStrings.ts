/*
 * Exact arithmetic on the library's canonical decimal strings (`decimalString` output: plain, no
 * exponent, no trailing zeros), without Decimal: what the pre-trade check needs from two figures.
 * Internal.
 */

function parts(s: string): [bigint, number] {
  const neg = s.charCodeAt(0) === 45;
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
  const v = BigInt(digits);
  return [neg ? -v : v, dot < 0 ? 0 : body.length - dot - 1];
}

/** `a - b` of two decimal strings, as a decimal string in the same canonical form. */
export function decimalDifference(a: string, b: string): string {
  const [x, ex] = parts(a);
  const [y, ey] = parts(b);
  const e = Math.max(ex, ey);
  const d = x * 10n ** BigInt(e - ex) - y * 10n ** BigInt(e - ey);
  if (d === 0n) return '0';
  const neg = d < 0n;
  let s = (neg ? -d : d).toString();
  if (e > 0) {
    if (s.length <= e) s = '0'.repeat(e - s.length + 1) + s;
    const int = s.slice(0, s.length - e);
    const frac = s.slice(s.length - e).replace(/0+$/, '');
    s = frac ? `${int}.${frac}` : int;
  }
  return neg ? '-' + s : s;
}

/** The sign of `a - b` for two decimal strings: -1, 0 or 1. */
export function decimalCompare(a: string, b: string): number {
  const d = decimalDifference(a, b);
  return d === '0' ? 0 : d.charCodeAt(0) === 45 ? -1 : 1;
}
