import { DD, DD_REL, ddAdd, ddMulF, ddScale10 } from './doubleDouble.js';
import { fromScaledBig, small, ZERO, type KV } from './kv.js';

/*
 * Base-10^7 limbs held in float64: every limb product is below 10^14 and a few of them summed stay below
 * 2^53, so a product of safe integers is computed exactly limb by limb, without BigInt and without
 * allocating. Base 10^7 (not a power of two) because the alignment of two decimals, and the rounding
 * to a number of decimal places, are then a choice of limb plus a factor below 10^7.
 */
const BASE = 1e7;
// floor(x / BASE) of a safe integer x is exact: the quotient is below 2^30, where the float spacing
// is at most 2^-23, so the correctly rounded quotient is within half of it (6e-8) of the true one,
// less than 10^-7, the least distance from a non-integer quotient to the next integer: rounding never
// carries it across. (A smaller divisor needs the check of floorDiv.)
/** Limbs of the accumulator: the top one only takes carries (and the sign). */
const NL = 16;
/** Decimal places below the point held by the lowest limb: value = sum limbs[i] * 10^(7i - POINT). */
const POINT = 56;
const MAX = Number.MAX_SAFE_INTEGER;
/** Largest |h| for which h * 10^7 + a limb stays a safe integer. */
const LIMIT7 = Math.floor((MAX - BASE) / BASE);
const P7: readonly number[] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7];
/** 10^k as the correctly rounded float, k in [-POINT - 7, POINT + 7] (offset by OFF). */
const OFF = POINT + 7;
const P10F: readonly number[] = Array.from({ length: 2 * OFF + 1 }, (_, i) => Number(`1e${i - OFF}`));
/** 10^k as the correctly rounded float, k in [-UNITS, UNITS] (the unit of a limb, with any shift). */
const UNITS = 200;
const P10U: readonly number[] = Array.from({ length: 2 * UNITS + 1 }, (_, i) => Number(`1e${i - UNITS}`));
/**
 * A product below 2^53 at `10^-e` is placed from limb `(POINT - e) / 7` over four limbs (see `place`),
 * which must leave the top limb free: `POINT - e < 7 (NL - 4)`. The exponents a pending sum may have
 * (see LimbSum.addProduct) are those, `POINT - 7 (NL - 4) + 1 .. POINT`, at `e + ACC_OFF`.
 */
const ACC_OFF = 7 * (NL - 4) - 1 - POINT;
const ACC_LEN = ACC_OFF + POINT + 1;
/** Carries are lazy: each term adds below 10^7 to a limb, so 2^53 / 10^7 terms fit (an account has far fewer). */
const MAX_TERMS = 1 << 24;
const TEN7 = 10n ** 7n;
const TEN14 = 10n ** 14n;
const B7: readonly bigint[] = P7.map((p) => BigInt(p));
/**
 * The Decimal layer (decimal.js at 40 significant digits) computes a product or a sum exactly when it
 * has at most 40 significant digits. Every product and partial sum of the terms is a multiple of
 * 10^-finest and at most the sum of |terms| in magnitude, so `sum |terms| x 10^finest < 10^39` (one
 * digit of margin for the float estimate of that bound) proves all of them exact there.
 */
const DIGITS_BOUND = 1e39;

/**
 * An exact, allocation-free sum of products of short decimals (`m * 10^-e` with `m` a safe integer),
 * held in base-10^7 limbs at a fixed decimal point (56 places below it, 49 above), whose rounding to a
 * number of decimal places is read from the limbs. The kernel's equity sums (futures P&L, option
 * values, funding: 12-digit marks times quantities at 13 to 16 places do not align below 2^53, and
 * as an interval their sum is too wide to decide a 9-place rounding) without BigInt.
 *
 * It also answers for the Decimal layer: a result is given only when every product and partial sum
 * the Decimal layer forms from the same terms has at most 40 significant digits (so that it is exact
 * there too, and equal to this sum). Anything it cannot hold (a term beyond its range, a value past
 * that bound) turns `ok` false or yields NaN, and the caller computes the same sum with kernel values.
 * Internal.
 *
 * @example
 * ```ts
 * const s = new LimbSum();
 * // 19 x 0.122749543961, then -8 x 0.00349935519645:
 * s.addProduct(19, 0, 122749543961, 12, 1, 0, 1, 0);
 * s.addProduct(-8, 0, 349935519645, 14, 1, 0, 1, 0);
 * // 2.332241335259 - 0.0279948415716 = 2.3042464936874, floored to 9 places, in units of 1e-9:
 * s.scaled(9, false); // 2304246493
 * ```
 */
export class LimbSum {
  /** False once a term could not be held (the caller then sums with kernel values). */
  ok = true;
  private readonly limbs = new Float64Array(NL);
  /** Scratch: a term's product, its next partial product, and the copy a rounding is read from (kept all zeros between uses). */
  private readonly t = new Float64Array(NL);
  private readonly r = new Float64Array(NL);
  private readonly s = new Float64Array(NL);
  /** The limbs written since the reset: [lo, hi). */
  private lo = NL;
  private hi = 0;
  /** The first limb of the last term placed. */
  private at = 0;
  /** Sum of |terms| (float estimate) and the largest term exponent: the 40-digit bound's inputs. */
  private mag = 0;
  private finest = -Infinity;
  private terms = 0;
  /**
   * Pending products below 2^53, summed per exponent in floats while the sum stays a safe integer
   * (exact), at `acc[e + ACC_OFF]`: most of an account's terms share a few exponents (a quantity
   * times a 12-digit value at its own places), so they are placed in the limbs once per exponent,
   * by {@link flush}, instead of once per term. `pending` lists the exponents' indices in use.
   */
  private readonly acc = new Float64Array(ACC_LEN);
  private readonly held = new Uint8Array(ACC_LEN);
  private readonly pending = new Int32Array(ACC_LEN);
  private nPending = 0;

  reset(): void {
    this.drop();
    const l = this.limbs;
    for (let i = this.lo; i < this.hi; i++) l[i] = 0;
    this.lo = NL;
    this.hi = 0;
    this.ok = true;
    this.mag = 0;
    this.finest = -Infinity;
    this.terms = 0;
  }

  fail(): void {
    this.ok = false;
  }

  /**
   * The sum's whole state as numbers (its limbs, then lo, hi, the magnitude, the finest exponent and
   * the count of terms), for {@link load}; undefined when not ok. The pre-trade check keeps a kept
   * account's positions sum so, and reaches the sum after a trade by adding only the lines that changed.
   * @example
   * ```ts
   * const s = new LimbSum();
   * // 19 x 0.122749543961 = 2.332241335259:
   * s.addProduct(19, 0, 122749543961, 12, 1, 0, 1, 0);
   * const saved = s.save()!;
   * s.reset();
   * s.load(saved);
   * s.scaled(9, false); // 2332241335
   * ```
   */
  save(): Float64Array | undefined {
    if (!this.ok) return undefined;
    this.flush();
    const out = new Float64Array(NL + 5);
    out.set(this.limbs);
    out[NL] = this.lo;
    out[NL + 1] = this.hi;
    out[NL + 2] = this.mag;
    out[NL + 3] = this.finest;
    out[NL + 4] = this.terms;
    return out;
  }

  /** The state {@link save} returned, in place of this sum's. */
  load(x: Float64Array): void {
    this.reset();
    const l = this.limbs;
    // As small integers (the fields' representation), not the doubles a Float64Array reads.
    const lo = x[NL]! | 0;
    const hi = x[NL + 1]! | 0;
    for (let i = lo; i < hi; i++) l[i] = x[i]!;
    this.lo = lo;
    this.hi = hi;
    this.mag = x[NL + 2]!;
    this.finest = x[NL + 3]!;
    this.terms = x[NL + 4]! | 0;
  }

  /**
   * Adds `m1 10^-e1 x m2 10^-e2 x m3 10^-e3 x m4 10^-e4` (safe-integer mantissas, integer exponents;
   * pass `1, 0` for an absent factor). A product below 2^53 joins the pending sum of its exponent (see
   * `acc`), placed in the limbs when that sum would pass 2^53 or the sum is read.
   */
  addProduct(m1: number, e1: number, m2: number, e2: number, m3: number, e3: number, m4: number, e4: number): void {
    if (this.ok === false || m1 === 0 || m2 === 0 || m3 === 0 || m4 === 0) return;
    const e = e1 + e2 + e3 + e4;
    // The product in floats: exact while below 2^53 (integer factors, each then below it too). A
    // partial product past 2^53 leaves the whole past it (each factor is a non-zero integer, at
    // least 1 in magnitude, and rounding is monotone): such a term is placed from its factors.
    const x = m1 * m2 * m3 * m4;
    const ax = Math.abs(x);
    const d = POINT - e;
    // Pending when it is a safe integer at an exponent place takes it at (see ACC_OFF). The rest of
    // a term's cases are a method of their own: this one stays small enough for the optimiser to
    // inline at its callers (a call passes its eight floats boxed, as heap numbers).
    if (!(ax <= MAX && d >= 0 && d < 7 * (NL - 4))) return this.addPlaced(m1, m2, m3, m4, e);
    const i = e + ACC_OFF;
    if (this.held[i] === 0) {
      this.held[i] = 1;
      this.pending[this.nPending++] = i;
      this.acc[i] = x;
    } else {
      const a = this.acc[i]!;
      // An exact float sum while |a| + |x| is a safe integer; else the pending sum goes to the limbs first.
      if (Math.abs(a) + ax <= MAX) this.acc[i] = a + x;
      else {
        this.placeSum(a, e);
        this.acc[i] = x;
      }
    }
    this.mag += ax * P10F[OFF - e]!;
    if (e > this.finest) this.finest = e;
    if (++this.terms > MAX_TERMS) this.fail();
  }

  /** {@link addProduct}'s term that is not pending: placed in the limbs at once. */
  private addPlaced(m1: number, m2: number, m3: number, m4: number, e: number): void {
    const end = this.place(this.limbs, m1, m2, m3, m4, e);
    if (end < 0) return this.fail();
    if (this.at < this.lo) this.lo = this.at;
    if (end > this.hi) this.hi = end;
    this.mag += Math.abs(m1 * m2 * m3 * m4) * P10F[OFF - e]!;
    if (e > this.finest) this.finest = e;
    if (++this.terms > MAX_TERMS) this.fail();
  }

  /**
   * `(sum + v) x 10^dp` rounded up (`up`) or down to an integer (a safe integer), where `v` is an exact
   * untainted kernel decimal (`m 10^-e`: small, or wide below 2^53 x 10^14, e.g. a cash balance of 19
   * digits after an option premium; 0 when absent); NaN when not decided here (not ok, `v` not of that
   * form, the Decimal layer's bound passed, or the result beyond 2^53). The sum itself is unchanged.
   */
  scaled(dp: number, up: boolean, v: KV = ZERO): number {
    if (!this.ok || v.d !== 1 || v.t !== 0 || !(dp >= 0 && dp <= POINT)) return NaN;
    this.flush();
    // v = (vh 10^14 + vm) 10^-ev: vh = 0 for a small value; a wide one in two safe integers (BigInt
    // division truncates, so both parts carry v's sign).
    let vm = 0;
    let vh = 0;
    if (v.k === 0) vm = v.m;
    else if (v.k === 1 && v.bd === 1n) {
      const b = v.b;
      const q = b / TEN14;
      vh = Number(q);
      vm = Number(b - q * TEN14);
      if (!(Math.abs(vh) <= MAX)) return NaN;
    } else return NaN;
    let mag = this.mag;
    let finest = this.finest;
    const ev = v.e;
    if (vm !== 0 || vh !== 0) {
      if (!(ev <= POINT && ev > POINT - 7 * (NL - 1))) return NaN;
      mag += (Math.abs(vh) * 1e14 + Math.abs(vm)) * P10F[OFF - ev]!;
      if (ev > finest) finest = ev;
    }
    if (mag !== 0 && !(mag * P10F[OFF + finest]! < DIGITS_BOUND)) return NaN;
    const s = this.s;
    const l = this.limbs;
    let lo = this.lo;
    let hi = this.hi;
    for (let i = lo; i < hi; i++) s[i] = l[i]!;
    for (let part = 0; part < 2; part++) {
      const m = part === 0 ? vm : vh;
      if (m === 0) continue;
      const end = part === 0 ? this.place(s, m, 1, 1, 1, ev) : this.place(s, m, 1e14, 1, 1, ev);
      if (end < 0) {
        for (let i = 0; i < NL; i++) s[i] = 0;
        return NaN;
      }
      if (this.at < lo) lo = this.at;
      if (end > hi) hi = end;
    }
    if (lo >= hi) return 0;
    const cut = POINT - dp;
    const ia = (cut / 7) | 0;
    // Carries from the lowest limb written: every limb below `top` into [0, 10^7), `top` signed (the
    // limbs above it are zeros). The digits below the cut are then a non-negative remainder, so the
    // digits above it are the floor.
    const top = normalise(s, lo, hi, ia);
    const pb = P7[cut - 7 * ia]!;
    const head = Math.floor(s[ia]! / pb);
    let rest = s[ia]! - head * pb !== 0;
    for (let i = lo; i < ia && !rest; i++) rest = s[i] !== 0;
    let h = 0;
    let out = NaN;
    for (let i = top; i > ia; i--) {
      if (!(Math.abs(h) <= LIMIT7)) {
        h = Infinity; // beyond 2^53 units: not decided here
        break;
      }
      h = h * BASE + s[i]!;
    }
    const scale = BASE / pb;
    if (Math.abs(h) <= (MAX - BASE) / scale) {
      h = h * scale + head;
      if (up && rest) h += 1;
      out = h === 0 ? 0 : h;
    }
    for (let i = lo; i <= top; i++) s[i] = 0;
    return out;
  }

  /**
   * The sum as an exact kernel value times `10^-shift` (for terms added with an extra factor `1, -shift`,
   * which moves the limbs' decimal point `shift` places down), with taint `t` (the caller's: this sum
   * itself is exact): small when it fits, else wide (one BigInt). Undefined when not ok. The sum
   * itself is unchanged.
   */
  value(shift: number, t: number): KV | undefined {
    if (!this.ok) return undefined;
    this.flush();
    const lo = this.lo;
    const hi = this.hi;
    if (lo >= hi) return ZERO;
    const s = this.s;
    const l = this.limbs;
    for (let i = lo; i < hi; i++) s[i] = l[i]!;
    const top = normalise(s, lo, hi, lo);
    // value = (s[top] 10^(7 (top - z)) + limbs top-1 .. z) 10^(7 z - POINT - shift), z the lowest non-zero limb
    let z = lo;
    while (z < top && s[z] === 0) z++;
    // Trailing zeros dropped (a small value then stays small when it meets others in kernel arithmetic).
    let tz = 0;
    const low = s[z]!;
    if (low !== 0) while (tz < 6 && low % P7[tz + 1]! === 0) tz++;
    const e = POINT + shift - 7 * z - tz;
    const head = s[top]!;
    let out: KV;
    if (z === top) out = small(head / P7[tz]!, e, 1, t);
    else if (top - z === 1 && Math.abs(head) < 2 ** 22) out = small((head * BASE + low) / P7[tz]!, e, 1, t);
    else {
      // Two limbs at a time (below 10^14, exact) into one BigInt.
      let acc = BigInt(head);
      let i = top - 1;
      for (; i > z; i -= 2) acc = acc * TEN14 + BigInt(s[i]! * BASE + s[i - 1]!);
      if (i === z) acc = acc * TEN7 + BigInt(low);
      out = fromScaledBig(tz === 0 ? acc : acc / B7[tz]!, e, t);
    }
    for (let i = lo; i <= top; i++) s[i] = 0;
    return out;
  }

  /**
   * The sum times `10^-shift` (as {@link value}) as a double-double in `DD` (doubleDouble.ts), without
   * BigInt; returns a bound of its absolute error (NaN when not ok, or when the sum is negative, which
   * the bound below does not cover). Read by Horner's rule over the top six limbs (at least 36 digits, more
   * than the 32 a double-double holds), two double-double operations per limb, each within DD_REL of its
   * result (a prefix of non-negative limbs is at most the whole); the limbs below, each in [0, 10^7), are
   * in [0, 1) unit of the last limb read: taken as 1/2 +- 1/2. The sum itself is unchanged.
   */
  approxValue(shift: number): number {
    if (!this.ok) return NaN;
    this.flush();
    const lo = this.lo;
    const hi = this.hi;
    if (lo >= hi) {
      DD.h = DD.l = 0;
      return 0;
    }
    const s = this.s;
    const l = this.limbs;
    for (let i = lo; i < hi; i++) s[i] = l[i]!;
    const end = normalise(s, lo, hi, lo);
    // The highest non-zero limb (the one taking the carry may be zero).
    let top = end;
    while (top > lo && s[top] === 0) top--;
    const last = top - 5 > lo ? top - 5 : lo;
    let h = s[top]!;
    let m = 0;
    let ops = 0;
    let i = top - 1;
    // The top two limbs in one float when exact (below 2^53).
    if (i >= last && h >= 0 && h < 2 ** 29) h = h * BASE + s[i--]!;
    for (; i >= last; i--) {
      ddMulF(h, m, BASE);
      ddAdd(DD.h, DD.l, s[i]!, 0);
      h = DD.h;
      m = DD.l;
      ops += 2;
    }
    let half = 0;
    for (let i = lo; i < last; i++) {
      if (s[i] !== 0) {
        half = 0.5;
        break;
      }
    }
    for (let i = lo; i <= end; i++) s[i] = 0;
    if (h < 0) return NaN;
    if (half !== 0) {
      ddAdd(h, m, half, 0);
      h = DD.h;
      m = DD.l;
      ops++;
    }
    // The unit of limb `last`: 10^(7 last - POINT - shift).
    const k = 7 * last - POINT - shift;
    ops += ddScale10(h, m, k);
    // The float unit is within 2^-53 of 10^k (a correctly rounded table entry): the half unit raised by
    // 2^-50 covers it.
    if (!(k >= -UNITS && k <= UNITS)) return NaN;
    const unit = P10U[UNITS + k]!;
    return Math.abs(DD.h) * ops * DD_REL * (1 + 2 ** -50) + half * unit * (1 + 2 ** -50);
  }

  /**
   * Adds `x 10^-e x F 10^-ef`, where `F` is a non-negative integer given by its `nf` base-10^7 limbs
   * (lowest first, each below 10^7) at `f[3 .. 3 + nf)`, with three zeros before and four after them (so
   * that the product loop reads no bounds), `fm` its value as a float (for the 40-digit bound), and `x`
   * a safe integer: a long decimal (a 40-digit rate) times a short one, limb by limb, without BigInt.
   */
  addProductLimbs(x: number, e: number, f: Float64Array, nf: number, fm: number, ef: number): void {
    if (!this.ok || x === 0) return;
    const E = e + ef;
    const d = POINT - E;
    const ax = Math.abs(x);
    if (!(d >= 0 && d < 7 * (NL - 1)) || !(ax <= MAX)) return this.fail();
    const a = (d / 7) | 0;
    // x 10^b in four limbs t0..t3 (x below 2^53: three limbs, the top one below 91; times 10^b < 10^7).
    const p = P7[d - 7 * a]!;
    const q1 = Math.floor(ax / BASE);
    const q2 = Math.floor(q1 / BASE);
    let y = (ax - q1 * BASE) * p;
    let c = Math.floor(y / BASE);
    const t0 = y - c * BASE;
    y = (q1 - q2 * BASE) * p + c;
    c = Math.floor(y / BASE);
    const t1 = y - c * BASE;
    y = q2 * p + c;
    c = Math.floor(y / BASE);
    const t2 = y - c * BASE;
    const t3 = c;
    // The product of the limbs of x 10^b (up to four) and F's nf fits in their count together: the
    // top limb, which only takes carries, stays free unless the product reaches it.
    const out = nf + (t3 !== 0 ? 4 : t2 !== 0 ? 3 : t1 !== 0 ? 2 : 1);
    if (a + out > NL - 1) return this.fail();
    // The product's limbs, carried: each is at most 4 products below 10^14 plus a carry, far below
    // 2^53.
    const into = this.limbs;
    const sg = x < 0 ? -1 : 1;
    let carry = 0;
    for (let k = 0; k < out; k++) {
      const v = carry + t0 * f[k + 3]! + t1 * f[k + 2]! + t2 * f[k + 1]! + t3 * f[k]!;
      carry = Math.floor(v / BASE);
      into[a + k]! += sg * (v - carry * BASE);
    }
    if (a < this.lo) this.lo = a;
    if (a + out > this.hi) this.hi = a + out;
    this.mag += ax * fm * P10F[OFF - E]!;
    if (E > this.finest) this.finest = E;
    if (++this.terms > MAX_TERMS) this.fail();
  }

  /** The pending sums placed in the limbs (each a safe integer at an exponent that fits: see addProduct), none left pending. */
  private flush(): void {
    const n = this.nPending;
    if (n === 0) return;
    const acc = this.acc;
    for (let j = 0; j < n; j++) {
      const i = this.pending[j]!;
      const a = acc[i]!;
      if (a !== 0) this.placeSum(a, i - ACC_OFF);
      acc[i] = 0;
      this.held[i] = 0;
    }
    this.nPending = 0;
  }

  /** The pending sums dropped (a reset). */
  private drop(): void {
    for (let j = 0; j < this.nPending; j++) {
      const i = this.pending[j]!;
      this.acc[i] = 0;
      this.held[i] = 0;
    }
    this.nPending = 0;
  }

  /** Places a safe integer `x 10^-e` (an exponent addProduct took as pending: it fits) in the limbs. */
  private placeSum(x: number, e: number): void {
    const end = this.place(this.limbs, x, 1, 1, 1, e);
    if (this.at < this.lo) this.lo = this.at;
    if (end > this.hi) this.hi = end;
  }

  /**
   * Adds the exact product `m1 m2 m3 m4 10^-e` to `into` (signed limbs, no carry) from limb `this.at`;
   * the index just past the last limb written, or -1 when it does not fit the limbs.
   */
  private place(into: Float64Array, m1: number, m2: number, m3: number, m4: number, e: number): number {
    const d = POINT - e;
    if (!(d >= 0 && d < 7 * (NL - 1))) return -1;
    const a = (d / 7) | 0;
    const b = d - 7 * a;
    this.at = a;
    const negative = (m1 < 0) !== (m2 < 0) !== (m3 < 0) !== (m4 < 0);
    const f1 = Math.abs(m1), f2 = Math.abs(m2), f3 = Math.abs(m3), f4 = Math.abs(m4);
    if (!(f1 <= MAX && f2 <= MAX && f3 <= MAX && f4 <= MAX)) return -1;
    // The common case: the product is a safe integer. (Once a partial product passes 2^53 the rest
    // are skipped and x stays above it; below, each step is exact.)
    let x = f1 * f2;
    if (x <= MAX) x *= f3;
    if (x <= MAX) x *= f4;
    if (x <= MAX) {
      if (a + 4 > NL - 1) return -1;
      // x 10^b from limb a: x = y 10^(7-b) + low, limb a takes low 10^b (< 10^7), y the next limbs.
      const y = floorDiv(x, P7[7 - b]!);
      const low = remainder;
      const y1 = Math.floor(y / BASE);
      const y2 = Math.floor(y1 / BASE);
      const sg = negative ? -1 : 1;
      into[a]! += sg * (low * P7[b]!);
      into[a + 1]! += sg * (y - y1 * BASE);
      into[a + 2]! += sg * (y1 - y2 * BASE);
      into[a + 3]! += sg * y2;
      return a + 4;
    }
    // Limb by limb.
    const t = this.t;
    let len = split(f1, t, 0);
    len = this.times(len, f2);
    len = this.times(len, f3);
    len = this.times(len, f4);
    len = this.times(len, P7[b]!);
    if (a + len > NL - 1) return -1;
    if (negative) for (let i = 0; i < len; i++) into[a + i]! -= t[i]!;
    else for (let i = 0; i < len; i++) into[a + i]! += t[i]!;
    return a + len;
  }

  /** t (len normalised limbs) times f (a safe integer), into t; the new length (NL + 1 when it does not fit). */
  private times(len: number, f: number): number {
    if (f === 1 || len > NL) return len;
    const t = this.t;
    const r = this.r;
    const g0 = f % BASE;
    const g12 = (f - g0) / BASE;
    const g1 = g12 % BASE;
    const g2 = (g12 - g1) / BASE;
    const out = len + (g2 !== 0 ? 3 : g1 !== 0 ? 2 : 1);
    if (out > NL) return NL + 1;
    // Each r[k] is a sum of at most 3 products below 10^14, plus a carry: far below 2^53.
    let carry = 0;
    for (let k = 0; k < out; k++) {
      let v = carry;
      if (k < len) v += t[k]! * g0;
      if (k >= 1 && k - 1 < len) v += t[k - 1]! * g1;
      if (k >= 2 && k - 2 < len) v += t[k - 2]! * g2;
      carry = Math.floor(v / BASE);
      r[k] = v - carry * BASE;
    }
    let n = out;
    while (n > 1 && r[n - 1] === 0) n--;
    for (let k = 0; k < n; k++) t[k] = r[k]!;
    return n;
  }
}

/** The limbs of a safe integer x >= 0 into `t` from `at`; the count written. */
function split(x: number, t: Float64Array, at: number): number {
  const q1 = Math.floor(x / BASE);
  const q2 = Math.floor(q1 / BASE);
  t[at] = x - q1 * BASE;
  t[at + 1] = q1 - q2 * BASE;
  t[at + 2] = q2;
  return q2 !== 0 ? 3 : q1 !== 0 ? 2 : 1;
}

/** The remainder of the last {@link floorDiv} (a module scratch: no pair allocated per division). */
let remainder = 0;

/**
 * floor(x / p) for a safe integer x and p >= 1, exact; the remainder (in [0, p)) is left in
 * `remainder`. The float quotient may round up to the next integer when it is large (x / 10 near 2^50),
 * so the remainder is checked and the quotient corrected.
 */
function floorDiv(x: number, p: number): number {
  let q = Math.floor(x / p);
  let r = x - q * p;
  if (r < 0) {
    q -= 1;
    r += p;
  } else if (r >= p) {
    q += 1;
    r -= p;
  }
  remainder = r;
  return q;
}

/**
 * Carries from limb `lo` up: every limb into [0, 10^7) up to the first limb at or above `hi` (the
 * limbs written; zeros above) and above `above`, which takes the signed carry (the value's sign), or
 * up to the top limb; returns that limb's index. Exact: |limb| < 2^53.
 */
function normalise(s: Float64Array, lo: number, hi: number, above: number): number {
  let carry = 0;
  let top = lo;
  for (; ; top++) {
    const x = s[top]! + carry;
    if ((top >= hi && top > above) || top === NL - 1) {
      s[top] = x;
      return top;
    }
    carry = floorDiv(x, BASE);
    s[top] = remainder;
  }
}
