import { eachRollShockLine, rollShockAmount, rollShockTerm, type RollShockPlan, type RollShockValues } from '../margin/rollShock.js';
import type { FloatParts } from '../numeric/fromFloat.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import { DD, DD_REL, ddMulF, ddProd, ddScale10 } from './doubleDouble.js';
import { add, DECIMAL_ROUNDING, ddValue, inWide, KV, SmallSum, ZERO } from './kv.js';
import { LimbSum } from './limbSum.js';

/*
 * The roll shock in the kernel without BigInt per line. A maturity's rate beyond the floor is a
 * 40-digit Decimal (`annualisedMoveRisk * ms / MS_PER_YEAR` does not terminate), held exactly as a wide
 * kernel value; multiplying every line by it in BigInt was a fifth of `figures`. Here the rate's
 * mantissa is cut once into chunks below 10^14 and every line's `|units| x chunk x unitPrice` goes into
 * an exact limb sum (limbSum.ts); the sum becomes one kernel value at the end.
 *
 * Exactness against the Decimal layer, which rounds every product and partial sum to 40 significant
 * digits (half-even): the limb sum is the exact value of the same terms. It is returned untainted only
 * when every product (`|units| x rate`, then `x unitPrice`) and every partial sum has fewer than 40
 * digits (bounded from the mantissas and the finest exponent, with a digit of margin for the float
 * estimates), where the Decimal layer is exact too; otherwise tainted: each of the Decimal layer's
 * roundings moves its value by at most half a unit in the 40th digit of a non-negative term or partial
 * sum, so its total differs from the exact one by far less than the 1e-30 relative distance that
 * `scaled` and `cmp` keep from a boundary for a tainted value.
 *
 * A tainted sum in the fast pass is returned as a double-double (kv.ts, form 3), computed term by term
 * (below), not read from the limbs: its radius is that computation's error plus the Decimal layer's, at most half a unit
 * in the 40th digit per rounding: two per line (each of |units| x rate and x unitPrice, of magnitude
 * at most the term's, with a hair for the rate's rounding carried by the second) and one per partial
 * sum (at most the sum of |terms|), so below (2 lines + 1) x 5e-40 x sum |terms|; the radius takes
 * DECIMAL_ROUNDING (1e-39) x 2 (lines + 2) x sum |terms| (the float estimate of the sum of |terms| is
 * within a few ulps per term). In the wide retry it is exact (BigInt) as before.
 *
 * The fast pass (not wide) reads each line's (rate, unit price) pair from a table the caller keeps per
 * tick and add-on block, by instrument, shared by every account on the tick (`RollShockTerms`): a line
 * is `|units| x Q_eu`, one product, instead of walking the rate and the price per line. An option
 * expiry's line takes its units as fromFloat's digits (eachRollShockLine's `expiryLine`), not as a
 * kernel value: one object fewer per expiry, which was a tenth of the garbage of a call. It sums every
 * line as a double-double, term by term, which is what it returns once the sum is tainted (the common
 * case: a rate beyond the floor has 40 digits, so its first line taints the sum); while the sum may
 * still be untainted it also keeps the 40-digit bound's inputs and an exact sum of the terms as safe
 * integers aligned at the finest exponent (kv.ts's SmallSum: floor-rate lines of short prices and
 * units), returned when the sum stays untainted (every product and partial sum of the Decimal layer is
 * then below 2^53 in units of its last place: exact there too); an untainted sum beyond that is made
 * by the limb pass (`line`, below), as is any sum with a line the fast pass does not take. A term in
 * double-double is `mu x Q_eu`: mu = |units| as a mantissa (a safe integer), eu its exponent, and
 * `Q_eu = R_k x m_P`, with R_k the rate times 10^-k (k = eu plus the price's exponent) as a
 * double-double, made once per rate and k (see `scaledRate`), and m_P the price's mantissa (signed);
 * Q_eu is kept in the pair's record for the exponent of its last line. That Q_eu is not the Decimal
 * layer's order of rounding (`|units| x rate` rounded, then `x unitPrice` rounded) does not matter:
 * the centre approximates the exact sum E = sum |u| r P, and the Decimal layer's own roundings are
 * charged against E apart (above). Error of the centre against E:
 * - R_k: the rate's mantissa as a pair (exact for a small one; a BigInt's nearest float plus the
 *   nearest float to the rest: within 2^-106 of it, one operation), then ddScale10 (one operation per 22
 *   places): within `ops x DD_REL` of r x 10^-k, relative, `ops` counted;
 * - Q_eu: R_k x m_P by one DWTimesFP (within 2 u^2 of its result: one more operation), so within
 *   `ops x DD_REL` of r x 10^-k x m_P, relative (the product of two such relative errors, below 1e-59,
 *   is covered by the SLOP factor and by DD_REL being 64 u^2, many times each step's published bound);
 *   kept only within [1e-250, 1e250];
 * - the term: `(qh + ql) mu` as `p + e1 + q`, where `p + e1 = qh mu` exactly (Dekker's product: mu is
 *   below 2^53, |qh| below 2^996, |p| at least 1e-250, checked) and `q = ql mu` within U |q|; so within
 *   `ops x DD_REL` of |p| plus U |q|;
 * - the running pair (sh, sl), not renormalised per line: `sh + p` exactly as `s + e2` (TwoSum), then
 *   `sl + ((e1 + q) + e2)` by three float additions, each within U of its result (charged on each
 *   computed |result|); renormalised once at the end by TwoSum, exactly;
 * each of these charged on the computed magnitudes (|p|, |q|, the additions' results), then the Decimal layer's
 * own roundings as above, (lines + 2) half-units of the 40th digit of sum |terms| at most, charged as
 * 2 (lines + 2) x DECIMAL_ROUNDING (four times that) on the float sum of the computed |terms| (within
 * 1e-29 + lines x 2^-53 of the exact sum |terms|, which the factor four covers), the whole raised by
 * SLOP for the float arithmetic of the radius itself. (Once the sum is tainted the 40-digit bound's
 * inputs and the exact small sum are no longer needed, nor kept.) Every term, rate, Q_eu and sum stays
 * within [1e-250, 1e250] (else the limb path runs), where these relative bounds hold (no underflow, no
 * overflow). The fast pass's 40-digit bound only chooses between its double-double (tainted) and the
 * limb pass, which decides taint again on its own: a tainted answer for a sum the Decimal layer has
 * exactly is still a bound of it (at worst undecided: the account's Decimal path).
 */

/** The limbs' point moved 20 places down: a term's last digit may sit 76 places below the point (a 41-place rate x 35 places of units and unit price), the sum below 10^29. */
const SHIFT = 20;
/** Fewer than 40 significant digits (with a digit of margin for the float estimates). */
const DIGITS_BOUND = 1e39;
const TEN7 = 10n ** 7n;
const SPLIT = 1e7;
/** 10^-k as the correctly rounded float (a table: Math.pow per line showed in the profile). */
const P10N: readonly number[] = Array.from({ length: 128 }, (_, k) => Number(`1e-${k}`));
/** 10^k as the correctly rounded float, k in [-128, 128] (offset by 128): `10 ** k` is a slow library call. */
const P10K: readonly number[] = Array.from({ length: 257 }, (_, k) => Number(`1e${k - 128}`));

/** Whether the terms' products and partial sums may pass 40 digits: sum |terms| x 10^finest beyond DIGITS_BOUND. */
function pastDigits(mag: number, finest: number): boolean {
  return mag !== 0 && !(mag * (finest >= -128 && finest <= 128 ? P10K[finest + 128]! : 10 ** finest) < DIGITS_BOUND);
}
const MAX = Number.MAX_SAFE_INTEGER;

/** Magnitudes a double-double term, rate or sum keeps (kv.ts's range for form 3: no underflow, no overflow). */
const DD_MIN = 1e-250;
const DD_MAX = 1e250;
/** Float rounding of the radius computation itself: the radius is raised by this fraction. */
const SLOP = 2 ** -50;
/** The unit roundoff: a float addition or product is within U of its exact result, relative (round to nearest). */
const U = 2 ** -53;
/** The k (decimal places of |units| x unitPrice) whose R_k a rate keeps: [-KOFF, KN - KOFF). */
const KOFF = 40;
const KN = 128;

/**
 * A rate's mantissa in base-10^7 limbs (lowest first, three zeros before, four after: see
 * LimbSum.addProductLimbs), their count, the mantissa as a float and the rate's exponent; for the
 * double-double terms, the mantissa as a pair (`mh + ml`, within `mops` operations of it) and the
 * rate times 10^-k per k, filled on first use (`rk[3 (k + KOFF)]`: centre's two parts and its
 * operation count; NaN not yet made, 0 out of range).
 */
export interface RateLimbs {
  f: Float64Array;
  n: number;
  m: number;
  e: number;
  mh: number;
  ml: number;
  mops: number;
  rk: Float64Array;
}
/** Per rate value (a tick keeps one per maturity): weak, so an old tick's rates and their 3 KB term tables go with the tick. */
const rateLimbs = new WeakMap<KV, RateLimbs | null>();

/** The limbs of an exact untainted decimal rate (memoised per kernel value: the tick keeps one per maturity), or null. */
function limbsOf(r: KV): RateLimbs | null {
  // The last rates seen first (an account's lines use a few maturities): identity, not a hash lookup.
  if (r === r0) return c0;
  if (r === r1) return c1;
  if (r === r2) return c2;
  if (r === r3) return c3;
  const c = limbsOfRate(r);
  r3 = r2;
  c3 = c2;
  r2 = r1;
  c2 = c1;
  r1 = r0;
  c1 = c0;
  r0 = r;
  c0 = c;
  return c;
}
let r0: KV | undefined;
let r1: KV | undefined;
let r2: KV | undefined;
let r3: KV | undefined;
let c0: RateLimbs | null = null;
let c1: RateLimbs | null = null;
let c2: RateLimbs | null = null;
let c3: RateLimbs | null = null;

function limbsOfRate(r: KV): RateLimbs | null {
  let c = rateLimbs.get(r);
  if (c !== undefined) return c;
  c = null;
  if (r.t === 0 && r.k !== 2 && (r.k === 0 ? r.d === 1 && r.m > 0 : r.bd === 1n && r.b > 0n)) {
    const f: number[] = [0, 0, 0];
    for (let b = r.k === 0 ? BigInt(r.m) : r.b; b !== 0n; b /= TEN7) f.push(Number(b % TEN7));
    // The mantissa as a pair: a small one exactly; a BigInt as its nearest float plus the nearest float
    // to the rest (within 2^-53 of the rest, itself within 2^-53 of the whole: one operation's error).
    const mh = r.k === 0 ? r.m : Number(r.b);
    const ml = r.k === 0 ? 0 : Number(r.b - BigInt(mh));
    c = { f: Float64Array.from([...f, 0, 0, 0, 0]), n: f.length - 3, m: mh, e: r.e, mh, ml, mops: r.k === 0 ? 0 : 1, rk: new Float64Array(3 * KN).fill(NaN) };
  }
  rateLimbs.set(r, c);
  return c;
}

const SUM = new LimbSum();
// The state of one sum (the kernel is synchronous): the values read, the taint, the 40-digit bound's
// inputs, the lines the limbs do not take (summed in kernel values) and whether one forces the whole
// sum back to kernel values.
let values: RollShockValues<KV>;
let taint = 0;
/**
 * The sum's float state: the 40-digit bound's inputs (sum |terms| estimate, finest exponent) and the
 * fast pass's double-double (centre sh + sl, error bound so far, sum of computed |terms|, on which the
 * Decimal layer's roundings are charged). A typed array, not module-level lets: V8 boxes every float
 * stored in a module variable as a new heap number, several per line.
 */
const F = new Float64Array(6);
const MAG = 0;
const FINEST = 1;
const SH = 2;
const SL = 3;
const ERR = 4;
const DMAG = 5;
let rest: KV = ZERO;
let generic = false;
/** Lines in the limbs. */
let lines = 0;

function line(units: KV, i: number): void {
  if (generic) return;
  const P = values.unitPrice(i);
  const r = values.rate(i);
  const c = units.k === 0 && units.d === 1 && units.t === 0 && P.k === 0 && P.d === 1 && P.t === 0 ? limbsOf(r) : null;
  if (c === null) {
    // A term the limbs do not take (rational units of an inverse future, a wide or interval input):
    // in kernel values, as rollShockAmount does. An exact untainted one would make the Decimal layer's
    // sum exact where this one is tainted, so that case (a whale's wide units) sums all in kernel values.
    const term = rollShockTerm(KA, units, r, P);
    if (term.k !== 2 && term.t === 0 && term !== ZERO) generic = true;
    else rest = add(rest, term);
    return;
  }
  if (units.m === 0) return;
  lines++;
  const mu = Math.abs(units.m);
  addLimbs(mu, units.e, P, c);
  const p1 = mu * c.m;
  const p2 = p1 * Math.abs(P.m);
  if (!(p1 < DIGITS_BOUND && p2 < DIGITS_BOUND)) taint = 1;
  const e = units.e + c.e + P.e;
  F[MAG]! += p2 * (e >= 0 && e < P10N.length ? P10N[e]! : 10 ** -e);
  if (e > F[FINEST]!) F[FINEST] = e;
}

/** `|units| x unitPrice x rate` (|units| = mu 10^-eu) into the limbs, exactly (or SUM fails). */
function addLimbs(mu: number, eu: number, P: KV, c: RateLimbs): void {
  const x = mu * P.m;
  if (Math.abs(x) <= MAX) SUM.addProductLimbs(x, eu + P.e - SHIFT, c.f, c.n, c.m, c.e);
  else {
    // |units| x unitPrice beyond 2^53: the larger factor in base-10^7 parts, each times the smaller one
    // (below 2^53 when the smaller is below 2^53 / 10^7; else the sum fails and runs in kernel values).
    // An option expiry's units (a float delta, up to 17 digits) times a price is the common case.
    const sp = P.m < 0 ? -1 : 1;
    const pm = P.m < 0 ? -P.m : P.m;
    const big = mu >= pm ? mu : pm;
    const sml = mu >= pm ? pm : mu;
    if (!(sml <= MAX / SPLIT)) SUM.fail();
    else {
      const b0 = big % SPLIT;
      const b12 = (big - b0) / SPLIT;
      const b1 = b12 % SPLIT;
      const b2 = (b12 - b1) / SPLIT;
      const e0 = eu + P.e - SHIFT;
      SUM.addProductLimbs(sp * b2 * sml, e0 - 14, c.f, c.n, c.m, c.e);
      SUM.addProductLimbs(sp * b1 * sml, e0 - 7, c.f, c.n, c.m, c.e);
      SUM.addProductLimbs(sp * b0 * sml, e0, c.f, c.n, c.m, c.e);
    }
  }
}

/**
 * R_k of a rate (see the module comment) into `DD`, its operation count returned; NaN when out of the
 * double-double's range (the caller then takes the limb path).
 */
function scaledRate(c: RateLimbs, k: number): number {
  const j = 3 * (k + KOFF);
  if (k >= -KOFF && k < KN - KOFF) {
    const h = c.rk[j]!;
    if (h === h) {
      DD.h = h;
      DD.l = c.rk[j + 1]!;
      return h === 0 ? NaN : c.rk[j + 2]!;
    }
  }
  const ops = c.mops + ddScale10(c.mh, c.ml, -(c.e + k));
  const ok = Math.abs(DD.h) >= DD_MIN && Math.abs(DD.h) <= DD_MAX;
  if (k >= -KOFF && k < KN - KOFF) {
    c.rk[j] = ok ? DD.h : 0;
    c.rk[j + 1] = DD.l;
    c.rk[j + 2] = ops;
  }
  return ok ? ops : NaN;
}

// The double-double sum of the fast pass (see the module comment): centre, the absolute error bound of
// the double-double operations so far, and whether a line left it (a term out of range, or one the
// limbs do not take: then the whole sum runs on the limb path, as before).
let bail = false;

/**
 * The fast pass's table of (rate, unit price) pairs, by the caller's key (a tick's instrument index:
 * the pair is fixed for a tick and add-on block, so every account on the tick shares it), one record
 * of STRIDE floats each in one flat array (a line reads one memory line, not an object and its array),
 * made on first use, in this order: |unitPrice's mantissa| times the rate's mantissa as a float and the
 * sum of their exponents (the 40-digit bound's inputs); the unit price's mantissa; SLOTS cached slots
 * `tag, qh, ql`, the last made first; the rate's index in `r` (NaN: not made; -1: a pair the fast
 * pass does not take, a price or rate that is not a short exact decimal); the unit price's exponent. A slot is
 * `Q_eu = R_k x unitPrice's mantissa` (k = eu + unit price's exponent; signed) as a double-double, for
 * the units exponent eu of the line that made it: `tag = 16 eu + ops` (its operation count, below 16),
 * `qh = 0` when out of the double-double's range. Several slots, as the accounts of a tick hold a
 * pair at a few units exponents (a quantity of 10 is 1 x 10^1; an expiry's net delta has as many
 * digits as its float), and one slot was made again at nearly every other line. `r` holds the rates'
 * limbs the records name (few: one per maturity).
 */
export interface RollShockTerms {
  f: Float64Array;
  r: RateLimbs[];
}
// A record's fields in the order a line that finds its slot reads them (the bound's inputs, then the
// first slot), so that such a line reads 48 bytes of the record rather than its two ends: one memory
// line fewer per line, on a table too large to stay in cache.
const RP = 0;
const RPE = 1;
const PM = 2;
/** Where the slots start. */
const S0 = 3;
const TAG = 0;
const QH = 1;
const QL = 2;
/** Slots per record, each `tag, qh, ql` from `S0 + 3 j`. */
const SLOTS = 4;
const RID = S0 + 3 * SLOTS;
const PE = RID + 1;
const STRIDE = PE + 1;
let terms: Float64Array = new Float64Array(0);
let termRates: RateLimbs[] = [];
let keys: ArrayLike<number> | undefined;
const NONE = new Float64Array(0);
/** The exact sum of the fast pass while every term is a safe integer in mantissas, aligned exactly (kv.ts). */
const SMALL = new SmallSum();
const NO_RATES: RateLimbs[] = [];

/**
 * A table with room for keys below `n` (the records of `old` kept, the rest not made), at least twice
 * `old`'s: keys met in increasing order (a tick's first accounts) copy the table a few times, not once
 * per key.
 */
function termsFor(old: Float64Array, n: number): Float64Array {
  const f = new Float64Array(Math.max(n * STRIDE, 2 * old.length, 16 * STRIDE)).fill(NaN);
  f.set(old);
  return f;
}

// Without a caller's table (a tick of one call: the one-shot decision), one table kept here for every
// such call, keyed by holding, rather than a new one per call (an allocation outside the heap costs
// more than the call's few records): `ownMade` is where the records made in it end, updated as each is
// made (so a call that throws leaves it right), and the next such call clears that far first.
let own = termsFor(NONE, 0);
let ownMade = 0;
let owned = false;
let ownRates: RateLimbs[] = [];

/** Makes the record at `b` for holding `i`'s pair (its slot not yet filled). */
function makeRecord(b: number, i: number): void {
  if (owned && b >= ownMade) ownMade = b + STRIDE;
  const P = values.unitPrice(i);
  const c = P.k === 0 && P.d === 1 && P.t === 0 ? limbsOf(values.rate(i)) : null;
  if (c === null) {
    terms[b + RID] = -1;
    return;
  }
  let id = termRates.indexOf(c);
  if (id < 0) id = termRates.push(c) - 1;
  terms[b + RP] = c.m * Math.abs(P.m);
  terms[b + RPE] = c.e + P.e;
  terms[b + PE] = P.e;
  terms[b + PM] = P.m;
  terms[b + RID] = id;
}

/**
 * `Q_eu` of the pair at `b` into `DD` (`R_k` times the unit price's mantissa, one DWTimesFP: one
 * operation more than R_k's), into the record's slot; its operation count returned, NaN when out of
 * the double-double's range (the caller then takes the limb path).
 */
function slotOf(b: number, eu: number): number {
  let ops = scaledRate(termRates[terms[b + RID]!]!, eu + terms[b + PE]!);
  if (ops === ops) {
    ddMulF(DD.h, DD.l, terms[b + PM]!);
    ops++;
    const a = Math.abs(DD.h);
    if (!(a >= DD_MIN && a <= DD_MAX)) ops = NaN;
  }
  if (ops < 16 || ops !== ops) {
    // The older slots down one place (the oldest dropped), the new one first; none in a record's
    // first slot yet (NaN): every slot is empty (the one-shot's records, made afresh each call).
    const t = b + S0;
    if (terms[t + TAG] === terms[t + TAG]) for (let j = t + 3 * SLOTS - 1; j >= t + 3; j--) terms[j] = terms[j - 3]!;
    terms[t + TAG] = 16 * eu + (ops === ops ? ops : 0);
    terms[t + QH] = ops === ops ? DD.h : 0;
    terms[t + QL] = DD.l;
  }
  return ops;
}

/**
 * A line of the fast pass: the double-double term `|units| x Q_eu` and, while the sum may still be
 * untainted, the 40-digit bound's inputs (an untainted sum is then made exactly by the limb pass).
 */
function fastLine(units: KV, i: number): void {
  if (bail) return;
  if (units.k !== 0 || units.d !== 1 || units.t !== 0) {
    bail = true;
    return;
  }
  fastTerm(units.m < 0 ? -units.m : units.m, units.e, i);
}

/** An expiry's line of the fast pass: its units as fromFloat's digits (no kernel value made per expiry). */
function fastExpiry(units: Readonly<FloatParts>, i: number): void {
  if (!bail) fastTerm(units.m, units.e, i);
}

/** {@link fastLine}'s term for |units| = `mu x 10^-eu` (mu a safe integer >= 0). */
function fastTerm(mu: number, eu: number, i: number): void {
  const b = STRIDE * (keys === undefined ? i : keys[i]!);
  if (b >= terms.length) terms = termsFor(terms, b / STRIDE + 1);
  // The cached slot (a slot exists only for a pair the fast pass takes).
  let ops = NaN;
  let t = b + S0;
  for (const end = t + 3 * SLOTS; t < end; t += 3) {
    ops = terms[t + TAG]! - 16 * eu;
    if (ops >= 0 && ops < 16) break;
  }
  let qh: number;
  let ql: number;
  if (ops >= 0 && ops < 16) {
    qh = terms[t + QH]!;
    ql = terms[t + QL]!;
    if (qh === 0) ops = NaN;
  } else {
    if (terms[b + RID]! !== terms[b + RID]!) makeRecord(b, i);
    if (terms[b + RID]! < 0) {
      bail = true;
      return;
    }
    if (mu === 0) return;
    ops = slotOf(b, eu);
    qh = DD.h;
    ql = DD.l;
  }
  if (mu === 0) return;
  lines++;
  if (taint === 0) {
    // The 40-digit bound's inputs, as `line` keeps them: |units| x rate x unitPrice as a float (its
    // |units| x rate below it, up to float rounding, as the unit price's mantissa is a nonzero integer:
    // a zero one has left already, its Q_eu out of range).
    const rp = terms[b + RP]!;
    const x = mu * rp;
    if (!(x < DIGITS_BOUND)) taint = 1;
    const e = eu + terms[b + RPE]!;
    F[MAG]! += x * (e >= 0 && e < P10N.length ? P10N[e]! : 10 ** -e);
    if (e > F[FINEST]!) F[FINEST] = e;
    // The exact sum of small terms: x = |units| x rate x |unitPrice| in mantissas, exact when it is a
    // safe integer (then so is rp, the rate's mantissa times the price's).
    if (x <= MAX) SMALL.addScaled(terms[b + PM]! < 0 ? -x : x, e);
    else SMALL.fail();
  }
  if (ops !== ops) {
    bail = true;
    return;
  }
  // The term: mu x Q_eu (as exact as Q_eu: mu is a safe integer, so qh x mu is Dekker's exact
  // product p + e1, and ql x mu = q rounds by U |q|).
  ddProd(qh, mu);
  const p = DD.h;
  const e1 = DD.l;
  const q = ql * mu;
  const at = Math.abs(p);
  if (!(at >= DD_MIN && at <= DD_MAX)) {
    bail = true;
    return;
  }
  // Into the running pair without renormalising: sh + p exactly as s + e2 (TwoSum), the small parts
  // into sl by three float additions, each within 2^-53 of its result (charged below, with q's own
  // rounding); sh + sl is renormalised once at the end (TwoSum: exact).
  const sh = F[SH]!;
  const s = sh + p;
  const z = s - sh;
  const e2 = sh - (s - z) + (p - z);
  F[SH] = s;
  const a1 = e1 + q;
  const a2 = a1 + e2;
  const sl = F[SL]! + a2;
  F[SL] = sl;
  F[ERR]! += at * ops * DD_REL + (Math.abs(q) + Math.abs(a1) + Math.abs(a2) + Math.abs(sl)) * U;
  F[DMAG]! += at;
}

/**
 * {@link rollShockAmount} in kernel values, the same lines (the shared {@link eachRollShockLine}) summed
 * exactly in limbs: equal to the Decimal layer's value; or, where that one rounds, tainted (in the fast
 * pass a double-double whose radius holds the Decimal layer's value, see above).
 * Falls back to `rollShockAmount` itself when the limbs cannot hold a term. Internal.
 *
 * @param table the (rate, unit price) records of the fast pass (see {@link RollShockTerms}), kept by the
 *   caller while the pairs they describe are fixed (a tick and add-on block); absent: one for this call.
 * @param tableKeys each holding's key in `table` (an instrument's table index): holdings with one key
 *   must have one rate and one unit price.
 * @example
 * ```ts
 * // two perpetuals (both rates at the floor, 0.01): 0.01 x (|2| x 65000 + |-1.5| x 3200) = 1300 + 48 = 1348
 * const v = { units: (i: number) => fromDecimalString(['2', '-1.5'][i]!), unitPrice: (i: number) => fromDecimalString(['65000', '3200'][i]!), delta: () => 0, rate: () => fromDecimalString('0.01') };
 * exactString(rollShockSum([2, 0, 1, 0], v)); // '1348' (exact and untainted)
 * ```
 */
export function rollShockSum(plan: RollShockPlan, v: RollShockValues<KV>, table?: RollShockTerms, tableKeys?: ArrayLike<number>): KV {
  values = v;
  if (!inWide()) {
    taint = 0;
    // Element by element: a fill call costs more than the six stores.
    F[MAG] = F[SH] = F[SL] = F[ERR] = F[DMAG] = 0;
    SMALL.reset();
    F[FINEST] = -Infinity;
    lines = 0;
    bail = false;
    if (table) {
      terms = table.f;
      termRates = table.r;
      keys = tableKeys;
      owned = false;
    } else {
      // Without a caller's table, the one kept here, keyed by holding, cleared of the last such call's records.
      if (ownMade > 0) own.fill(NaN, 0, ownMade);
      ownMade = 0;
      // A new list rather than a length set to 0 (a runtime call per one-shot sum, seen in its profile).
      if (ownRates.length > 0) ownRates = [];
      terms = own;
      termRates = ownRates;
      keys = undefined;
      owned = true;
    }
    eachRollShockLine(KA, plan, v, fastLine, fastExpiry);
    // A grown table back to its keeper.
    if (owned) own = terms;
    else table!.f = terms;
    terms = NONE;
    termRates = NO_RATES;
    if (!bail) {
      if (pastDigits(F[MAG]!, F[FINEST]!)) taint = 1;
      if (taint) {
        // sh + sl renormalised (TwoSum, exact), then the radius.
        const sh = F[SH]!;
        const sl = F[SL]!;
        const h = sh + sl;
        const z = h - sh;
        const l = sh - (h - z) + (sl - z);
        if (Math.abs(h) <= DD_MAX) return ddValue(h, l, (F[ERR]! + F[DMAG]! * 2 * (lines + 2) * DECIMAL_ROUNDING) * (1 + SLOP));
      } else if (lines === 0) return ZERO;
      else if (SMALL.ok) return SMALL.value();
    }
  }
  SUM.reset();
  taint = 0;
  F[MAG] = 0;
  F[FINEST] = -Infinity;
  rest = ZERO;
  generic = false;
  lines = 0;
  eachRollShockLine(KA, plan, v, line);
  if (generic || !SUM.ok) return rollShockAmount(KA, plan, v);
  if (pastDigits(F[MAG]!, F[FINEST]!)) taint = 1;
  if (taint && rest === ZERO && !inWide()) {
    const err = SUM.approxValue(SHIFT);
    if (err === err) return ddValue(DD.h, DD.l, err + F[MAG]! * 2 * (lines + 2) * DECIMAL_ROUNDING);
  }
  const sum = SUM.value(SHIFT, taint | (rest === ZERO ? 0 : 1))!;
  return rest === ZERO ? sum : add(sum, rest);
}
