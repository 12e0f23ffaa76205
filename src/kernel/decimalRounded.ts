import type { Arithmetic } from '../numeric/Arithmetic.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import { KV, small } from './kv.js';
import { D } from '../numeric/decimal.js';

/** The Decimal layer's precision (40 significant digits; its rounding is half-even): the digit the rounding below keeps. */
const PREC = D.precision;
const LEAD = 10n ** BigInt(PREC - 1);

/*
 * The Decimal layer's 40-digit rounding, reproduced on exact kernel values (internal). The kernel's
 * numbers are exact where the Decimal layer rounds, and mark such a result tainted (kv.ts): a bound of
 * the Decimal layer's value, not that value. Where a kernel operation is the very operation the Decimal
 * layer runs on the very same operands (the shared rules run over a number layer: the trade model, the
 * netting), the Decimal layer's value itself is known: the exact result rounded half-even to 40
 * significant digits, as decimal.js rounds every +, -, x and / (numeric/decimal.ts). Holding that value
 * instead of the taint keeps the later decisions exact: a pro-rata close of 1 lot over lines of 19 and 20
 * leaves 18.51282051282051282051282051282051282051 and 19.48717948717948717948717948717948717949,
 * which the Decimal layer nets to exactly 38 (a tainted 37.99999999999999999999999999999999999999999...
 * would leave every rounding of a requirement on 38 lots undecided).
 */

const TEN = 10n;
const MAX_SMALL = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The Decimal layer's value of an exact result `v` of untainted operands (the rounding behind
 * {@link DECIMAL_ROUNDED}): `v` rounded half-even to 40 significant digits (decimal.js rounds every
 * +, -, x and / correctly to its precision, 40, half-even: numeric/decimal.ts), as an untainted plain decimal.
 *
 * @example
 * ```ts
 * // 19/39 = 0.487179 487179 ...: the 41st digit (7) rounds the 40th up
 * exactString(DECIMAL_ROUNDED.div(fromDecimalString('19'), fromDecimalString('39'))); // '0.4871794871794871794871794871794871794872'
 * ```
 */
export function decimalRounded(v: KV): KV {
  let n = v.k === 1 ? v.b : BigInt(v.m);
  let d = v.k === 1 ? v.bd : BigInt(v.d);
  if (n === 0n) return small(0, 0);
  const neg = n < 0n !== d < 0n;
  if (n < 0n) n = -n;
  if (d < 0n) d = -d;
  // n / d lies in (10^(p - 1), 10^(p + 1)) for p = digits(n) - digits(d): PREC (40) digits at scale 39 - p or 40 - p.
  let s = PREC - 1 - (n.toString().length - d.toString().length);
  let q = 0n;
  let num = 0n;
  let den = 0n;
  for (let pass = 0; pass < 2; pass++) {
    num = s >= 0 ? n * TEN ** BigInt(s) : n;
    den = s >= 0 ? d : d * TEN ** BigInt(-s);
    q = num / den;
    if (q >= LEAD) break;
    s++;
  }
  const twice = 2n * (num - q * den);
  if (twice > den || (twice === den && q % 2n === 1n)) q++;
  let e = v.e + s;
  while (q % TEN === 0n) {
    q /= TEN;
    e--;
  }
  if (neg) q = -q;
  return q <= MAX_SMALL && q >= -MAX_SMALL ? small(Number(q), e) : new KV(1, 0, e, 1, 0, { b: q, bd: 1n });
}

/**
 * The operation `f` of the kernel's numbers, returning the Decimal layer's value where its result on
 * untainted operands is one the Decimal layer rounds. Used by the shared rules' callers only where the
 * kernel runs the Decimal layer's very operation.
 *
 * @example
 * ```ts
 * // NETTING.add is rounding(KERNEL_ARITHMETIC.add). The exact sum 12345678901.000000000000000000000000000001
 * // has 41 digits: the Decimal layer holds 12345678901.
 * exactString(NETTING.add(fromDecimalString('0.000000000000000000000000000001'), fromDecimalString('12345678901'))); // '12345678901'
 * ```
 */
export function rounding(f: (a: KV, b: KV) => KV): (a: KV, b: KV) => KV {
  return (a, b) => {
    const v = f(a, b);
    if (v === a || v === b) return v; // an operand (x + 0, x * 1): the Decimal layer's value already
    // Tainted from untainted operands: this operation is one the Decimal layer rounds (kv.ts marks
    // every such exact result). A wide one is also normalised: 18.51...051 + 19.48...949 is 38 with 38
    // zeros as a BigInt, which the fast pass would carry as a wide value (and the scan leave undecided).
    // An interval or a tainted operand stays as it is (booked refuses it).
    if ((a.t | b.t) !== 0) return v;
    if (v.k === 1) return v.t !== 0 || v.b % TEN === 0n ? decimalRounded(v) : v;
    return v.k === 0 && v.t !== 0 ? decimalRounded(v) : v;
  };
}

/**
 * The kernel's numbers with the Decimal layer's 40-digit rounding of each operation (wide mode: every
 * result of exact operands is exact), so that the trade model books, in kernel values, the very
 * amounts `simulate` books in Decimal, its non-terminating pro-rata shares included.
 */
export const DECIMAL_ROUNDED: Arithmetic<KV> = { ...KA, add: rounding(KA.add), sub: rounding(KA.sub), mul: rounding(KA.mul), div: rounding(KA.div) };

/**
 * The kernel's numbers for the netting (`nettedHoldings`): a symbol's lines summed as the Decimal layer
 * sums them (its 40-digit rounding of a sum reproduced), so that lines of 40 digits (a pro-rata close)
 * net to the Decimal layer's holding; the coin quotients of inverse futures stay tainted as before.
 */
export const NETTING: Arithmetic<KV> = { ...KA, add: rounding(KA.add) };
