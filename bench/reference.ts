/**
 * Plain float64 reference kernels for the benchmark: what a competent engineer would write by hand
 * with no validation, no Decimal and no explanation tree. Our code is timed against these in the
 * same process, so the printed ratios are the cost of exactness and explainability.
 */

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// coefficients as in his CALERF (netlib specfun). erfc without allocation.
const A0 = 3.1611237438705656, A1 = 113.864154151050156, A2 = 377.485237685302021, A3 = 3209.37758913846947, A4 = 0.185777706184603153;
const B0 = 23.6012909523441209, B1 = 244.024637934444173, B2 = 1282.61652607737228, B3 = 2844.23683343917062;
const C0 = 0.564188496988670089, C1 = 8.88314979438837594, C2 = 66.1191906371416295, C3 = 298.635138197400131, C4 = 881.95222124176909, C5 = 1712.04761263407058, C6 = 2051.07837782607147, C7 = 1230.33935479799725, C8 = 2.15311535474403846e-8;
const D0 = 15.7449261107098347, D1 = 117.693950891312499, D2 = 537.181101862009858, D3 = 1621.38957456669019, D4 = 3290.79923573345963, D5 = 4362.61909014324716, D6 = 3439.36767414372164, D7 = 1230.33935480374942;
const P0 = 0.305326634961232344, P1 = 0.360344899949804439, P2 = 0.125781726111229246, P3 = 0.0160837851487422766, P4 = 6.58749161529837803e-4, P5 = 0.0163153871373020978;
const Q0 = 2.56852019228982242, Q1 = 1.87295284992346725, Q2 = 0.527905102951428412, Q3 = 0.0605183413124413191, Q4 = 0.00233520497626869185;
const SQRPI = 0.56418958354775628695;

export function refErfc(x: number): number {
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    const z = y * y;
    let num = A4 * z, den = z;
    num = (num + A0) * z; den = (den + B0) * z;
    num = (num + A1) * z; den = (den + B1) * z;
    num = (num + A2) * z; den = (den + B2) * z;
    return 1 - (x * (num + A3)) / (den + B3);
  }
  if (y <= 4) {
    let num = C8 * y, den = y;
    num = (num + C0) * y; den = (den + D0) * y;
    num = (num + C1) * y; den = (den + D1) * y;
    num = (num + C2) * y; den = (den + D2) * y;
    num = (num + C3) * y; den = (den + D3) * y;
    num = (num + C4) * y; den = (den + D4) * y;
    num = (num + C5) * y; den = (den + D5) * y;
    num = (num + C6) * y; den = (den + D6) * y;
    r = (num + C7) / (den + D7);
  } else {
    const z = 1 / (y * y);
    let num = P5 * z, den = z;
    num = (num + P0) * z; den = (den + Q0) * z;
    num = (num + P1) * z; den = (den + Q1) * z;
    num = (num + P2) * z; den = (den + Q2) * z;
    num = (num + P3) * z; den = (den + Q3) * z;
    r = (SQRPI - (z * (num + P4)) / (den + Q4)) / y;
  }
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  r = Math.exp(-ysq * ysq) * Math.exp(-del) * r;
  return x < 0 ? 2 - r : r;
}

export const refNormCdf = (x: number): number => 0.5 * refErfc(-x * Math.SQRT1_2);

/** Black-76 price, right = 1 call / -1 put. */
export function refBlack76(right: number, F: number, K: number, T: number, vol: number, r: number): number {
  const df = Math.exp(-r * T);
  if (T <= 0 || vol <= 0) return df * Math.max(right * (F - K), 0);
  const s = vol * Math.sqrt(T);
  const d1 = Math.log(F / K) / s + 0.5 * s;
  const d2 = d1 - s;
  return df * right * (F * refNormCdf(right * d1) - K * refNormCdf(right * d2));
}

const INV_SQRT_2PI = 0.3989422804014327;
/** Black-76 price and greeks written into `out` (price, delta, gamma, vega, theta, rho): no allocation. */
export function refBlack76Greeks(right: number, F: number, K: number, T: number, vol: number, r: number, out: Float64Array): void {
  const df = Math.exp(-r * T);
  const sT = Math.sqrt(T);
  const s = vol * sT;
  const d1 = Math.log(F / K) / s + 0.5 * s;
  const d2 = d1 - s;
  const nd1 = refNormCdf(right * d1);
  const nd2 = refNormCdf(right * d2);
  const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  const price = df * right * (F * nd1 - K * nd2);
  out[0] = price;
  out[1] = df * right * nd1;
  out[2] = (df * pdf) / (F * s);
  out[3] = df * F * pdf * sT;
  out[4] = -(df * F * pdf * vol) / (2 * sT) + r * price;
  out[5] = -T * price;
}

/**
 * Scan risk of one book on a scenario grid, the float64 way: reprice every option in every scenario,
 * sum weighted P&L, take the worst loss. `moves[j]`, `volUp[j]` (relative vol shock), `weights[j]`.
 */
export function refScanRisk(
  book: { right: number; F: number; K: number; T: number; vol: number; qty: number; base: number; isFuture: boolean }[],
  moves: Float64Array,
  volShocks: Float64Array,
  weights: Float64Array,
): number {
  let worst = 0;
  for (let j = 0; j < moves.length; j++) {
    const m = moves[j]!, vs = volShocks[j]!, w = weights[j]!;
    let pnl = 0;
    for (let i = 0; i < book.length; i++) {
      const p = book[i]!;
      if (p.isFuture) pnl += p.qty * p.F * m;
      else pnl += p.qty * (refBlack76(p.right, p.F * (1 + m), p.K, p.T, p.vol * (1 + vs), 0) - p.base);
    }
    const loss = -pnl * w;
    if (loss > worst) worst = loss;
  }
  return worst;
}

/** The physical limit of the many-accounts case: dot products of positions with shared risk arrays. */
export function refDotScan(qty: Float64Array, idx: Int32Array, arrays: Float64Array, nScen: number, scratch: Float64Array): number {
  scratch.fill(0);
  for (let i = 0; i < qty.length; i++) {
    const q = qty[i]!, off = idx[i]! * nScen;
    for (let j = 0; j < nScen; j++) scratch[j]! += q * arrays[off + j]!;
  }
  let worst = 0;
  for (let j = 0; j < nScen; j++) if (-scratch[j]! > worst) worst = -scratch[j]!;
  return worst;
}

/**
 * Reference for SPAN file parsing: one pass over an XML `.spn` text reading every risk-array value
 * (`<a>`) and delta (`<d>`) with `parseFloat`, summed. No validation, no Decimal, no model: the floor
 * for "read the numbers of the file".
 */
export function refScanSpn(text: string): number {
  let sum = 0;
  let i = text.indexOf('<a>');
  while (i >= 0) {
    const e = text.indexOf('<', i + 3);
    sum += parseFloat(text.slice(i + 3, e));
    i = text.indexOf('<a>', e);
  }
  return sum;
}

/** Reference for positional `.pa2` parsing: per 81/82 record, the risk-array values as integers with their signs, summed. */
export function refScanPa2(text: string): number {
  let sum = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) === 56) {
      const n = text.charCodeAt(start + 1) === 49 ? 9 : 7;
      for (let k = 0; k < n; k++) {
        const b = start + 54 + 6 * k;
        const v = parseInt(text.slice(b, b + 5), 10);
        sum += text.charCodeAt(b + 5) === 45 ? -v : v;
      }
    }
    start = end + 1;
  }
  return sum;
}

/**
 * A float64 account of the deribit-pm methodology, prepared once (like `refDotScan`'s arrays): per risk
 * unit its scan entries (quantities and risk-array offsets), the short-option-minimum and
 * calendar-spread units of underlying with the unit price that values them; the equity terms (cash
 * value, futures P&L terms, option values). What a float engine would hold per account.
 */
export interface RefFloatAccount {
  units: { qty: Float64Array; idx: Int32Array; addOnUnits: Float64Array; addOnPrice: Float64Array }[];
  /** Sum of collateral balance x price (no haircut: the default health parameters). */
  cash: number;
  /** Futures: q x size per line with its instrument offset (mark read from `marks`) and entry. */
  futQty: Float64Array;
  futIdx: Int32Array;
  futEntry: Float64Array;
  /** Options: q x the mark value (long down, short up: one float here). */
  optionValue: number;
}

/**
 * The figures of a float64 engine doing the same work as the exact kernel (`engine.figures`): per
 * unit the worst weighted scenario loss over the shared risk arrays (weights applied), plus the
 * add-ons (rate x units x price), MM = sum of the units, IM = multiplier x MM, equity = cash + futures
 * P&L at the marks + option value, the ratios and the status. No exact recheck, no decimal rounding,
 * no strings: the cost of exactness is the ratio of `figures` to this.
 */
export function refFloatFigures(a: RefFloatAccount, arrays: Float64Array, nScen: number, weights: Float64Array, marks: Float64Array, multiplier: number, scratch: Float64Array, out: Float64Array): void {
  let mm = 0;
  for (const u of a.units) {
    scratch.fill(0);
    for (let i = 0; i < u.qty.length; i++) {
      const q = u.qty[i]!, off = u.idx[i]! * nScen;
      for (let j = 0; j < nScen; j++) scratch[j]! += q * arrays[off + j]!;
    }
    let worst = 0;
    for (let j = 0; j < nScen; j++) {
      const loss = -scratch[j]! * weights[j]!;
      if (loss > worst) worst = loss;
    }
    let addOns = 0;
    for (let k = 0; k < u.addOnUnits.length; k++) addOns += u.addOnUnits[k]! * u.addOnPrice[k]!;
    mm += worst + addOns;
  }
  let pnl = 0;
  for (let i = 0; i < a.futQty.length; i++) pnl += a.futQty[i]! * (marks[a.futIdx[i]!]! - a.futEntry[i]!);
  const equity = a.cash + pnl + a.optionValue;
  const im = mm * multiplier;
  out[0] = equity;
  out[1] = im;
  out[2] = mm;
  out[3] = mm > 0 ? equity / mm : 0; // equity / MM
  out[4] = equity < 0 ? 4 : equity < mm ? 3 : equity < 1.25 * mm ? 2 : equity < im ? 1 : 0; // status
}
