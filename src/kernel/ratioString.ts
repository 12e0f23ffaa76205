import { scaledString, scaledStringBig, undecided } from './kv.js';

const TEN10 = 10_000_000_000n;

/**
 * `decimalString(num.div(den).toDecimalPlaces(10, ROUND_HALF_EVEN))` of two figures held as integer
 * counts of the same 10^-dp (their ratio does not depend on dp), or null when `den <= 0`: the ratio
 * fields of an assessment, without Decimal. The Decimal layer divides to 40 significant digits first
 * and then rounds to 10 places; the two roundings differ from one correct rounding only when the
 * exact quotient is within a 40th-digit unit of a tie without being one, which this function detects
 * and refuses (UNDECIDED). Internal.
 *
 * @example
 * ```ts
 * ratioString(1, 3); // '0.3333333333' (1/3 to 10 places, half even)
 * ```
 */
export function ratioString(num: number | bigint, den: number | bigint): string | null {
  if (!(den > 0)) return null;
  if (num === 0 || num === 0n) return '0';
  if (typeof num === 'bigint' || typeof den === 'bigint') {
    // Figures beyond 2^53 units (whales at 9 places): the same rule, on the exact path when they do not fit.
    const safe = (x: bigint) => x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= -BigInt(Number.MAX_SAFE_INTEGER);
    const nb = BigInt(num);
    const db = BigInt(den);
    if (safe(nb) && safe(db)) return ratioString(Number(nb), Number(db));
    return exactRatio(nb, db, Math.abs(Number(nb) / Number(db)) * 1e10);
  }
  const r = num / den;
  const y = r * 1e10;
  const ay = Math.abs(y);
  if (ay < 2 ** 50) {
    // y is within 2 ulps of the exact num * 1e10 / den; decide the half-even rounding when the
    // fraction is clearly away from one half.
    const f = ay - Math.floor(ay);
    const margin = ay * 2 ** -50 + 1e-300;
    if (Math.abs(f - 0.5) > margin && f > margin && 1 - f > margin) {
      const q = f < 0.5 ? Math.floor(ay) : Math.floor(ay) + 1;
      return scaledString(y < 0 ? -q : q, 10);
    }
  }
  return exactRatio(BigInt(num), BigInt(den), ay);
}

/** The exact path of {@link ratioString}: `ay` is |num / den| x 1e10 in floats (for the 40th-digit margin). */
function exactRatio(num: bigint, den: bigint, ay: number): string {
  // Exact: q = floor(|num| * 1e10 / den), remainder r.
  const n = (num < 0n ? -num : num) * TEN10;
  const d = den;
  let q = n / d;
  const rem = n - q * d;
  const twice = 2n * rem;
  if (twice !== d && rem !== 0n) {
    // Not a tie: the Decimal layer's 40-digit quotient must not land on the tie either.
    const dist = Number(twice > d ? twice - d : d - twice) / (2 * Number(d)); // distance to the tie, in units of 1e-10
    // The 40-digit quotient is within half a unit of its 40th digit, |quotient| * 5e-40, i.e. ay * 5e-40 in units of 1e-10.
    if (!(dist > Math.max(ay, 1) * 1e-37)) return undecided();
  }
  if (twice > d || (twice === d && q % 2n === 1n)) q += 1n;
  return scaledStringBig(num < 0n ? -q : q, 10);
}
