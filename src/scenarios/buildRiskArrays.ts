import { black76Price } from '../pricing/black76.js';
import { black76Degenerate, black76FromLegs, black76Legs, black76PriceAt, normalCdfsInto, recalledPrice, RECALLED } from '../pricing/black76Terms.js';
import { forwardAndVolValid } from '../pricing/checkPricingInputs.js';
import { D, type Decimal } from '../numeric/decimal.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { AssetQuote, MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket } from '../schema/parse.js';
import { parseArguments } from '../schema/parseArguments.js';
import { err, idField, LIMITS } from '../schema/fields.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { BOUNDS_MADE } from '../numeric/boundsMade.js';
import { decimalToFloat, integerTimesPow10, limbExponent } from '../numeric/decimalToFloat.js';
import * as z from 'zod';
import { hasVolSource } from '../schema/hasVolSource.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { compiledSet, compiledWeights, movesOf, scaleOf, volStatesOf, type CompiledSet, type MarketArrays, type PnlScale } from './compiledSet.js';
import { marketSlot } from './marketCache.js';
import { handOutRiskArrays } from './RiskArraysSchema.js';
import { scenarioSetArgument } from './ScenarioSetSchema.js';
import { valuationMemo, valueIn } from '../valuation/valueInstrument.js';
import { VALUED } from '../valuation/valuedFloats.js';
import type { RiskArray, RiskArrays } from './RiskArrays.js';
import type { ScenarioSet } from './ScenarioSet.js';
import { shockVol } from './shockVol.js';

/**
 * The float and exact weights of a scenario set, in scenario order: the exact weight of scenario
 * `s` is `weightDecimals[s] / weightDivisors[s]` (divisor absent = 1).
 *
 * @param set from `buildScenarioSet` or `parseScenarioSet` (a hand-written set is validated: argument `scenarioSet`).
 * @returns fresh arrays (the caller's to keep or edit).
 * @throws MarginInputError (argument `scenarioSet`) for a malformed set.
 * @example
 * ```ts
 * // deribit-pm-2023 weighs its extended table's moves min(1, 0.16 / |move|) (deribit-pm weighs every scenario 1)
 * const { weights } = scenarioWeights(buildScenarioSet(PRESETS['deribit-pm-2023'], market));
 * weights[0]; // 1 (grid: -16%, vol up)
 * weights[27]; // 0.2424... = 0.16 / 0.66 (extended table: -66%)
 * ```
 */
export function scenarioWeights(set: ScenarioSet): { weights: Float64Array; weightDecimals: Decimal[]; weightDivisors: (Decimal | undefined)[] } {
  const w = compiledWeights(compiledSet(scenarioSetArgument(set, 'scenarioSet')));
  return { weights: w.weights.slice(), weightDecimals: [...w.weightDecimals], weightDivisors: [...w.weightDivisors] };
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}

// The shared buffer rows are carved from (see pnlRow): 64 KiB, where the next row starts.
const POOL_FLOATS = 8192;
let pool = new Float64Array(0);
let poolUsed = 0;

/**
 * A `pnl` array of `n` scenarios, carved from a shared buffer: a Float64Array of its own costs a
 * separate backing store (an allocation outside the heap, about four times a view of a shared one),
 * and the one-shot decision builds one per held instrument on every call. Views never leave the
 * library as they are (`handOutRiskArrays` copies them) and each is written once, by the build that
 * takes it, so sharing the buffer is invisible. A buffer stays alive while any of its views does: it
 * is small (64 KiB) so that a kept view holds little besides itself, and a row too large for a fair
 * share of it (more than 1,024 scenarios) has its own buffer. A kept row therefore pins its whole
 * 64 KiB buffer, however few of the buffer's other rows are still in use, and the current buffer
 * (`pool`, held by this module) lives as long as the module.
 */
function pnlRow(n: number): Float64Array {
  if (poolUsed + n > pool.length) {
    if (n > POOL_FLOATS / 8) return new Float64Array(n);
    pool = new Float64Array(POOL_FLOATS);
    poolUsed = 0;
  }
  const a = pool.subarray(poolUsed, poolUsed + n);
  poolUsed += n;
  return a;
}

function fromExact(underlying: string, exact: Decimal[], delta: number): RiskArray {
  // A value object met again (scenarios sharing a move) has the float already read.
  const pnl = pnlRow(exact.length);
  for (let s = 0; s < exact.length; s++) {
    const x = exact[s]!;
    pnl[s] = s > 0 && exact[s - 1] === x ? pnl[s - 1]! : decimalToFloat(x);
  }
  return { underlying, pnl, exact, delta, maxAbs: maxAbs(pnl) };
}

/** `x * num[s] / den[s]` where the underlying's P&L is scaled in scenario `s` (a rangeOverMove tail), else `x`. Exact. */
function scaled(x: Decimal, sc: PnlScale | undefined, s: number): Decimal {
  const num = sc?.num[s];
  if (num === undefined) return x;
  const r = x.mul(num).div(sc!.den[s]!);
  return r.isZero() ? new D(0) : r;
}

/**
 * A scaled scenario's move and scale as one factor: `g[s] = move[s] * num[s] / den[s]` where that is
 * an exact (terminating) decimal, with `digits[s]` the significant digits the long way needs (see
 * {@link LinearValues}); undefined where the scenario is unscaled, the factor does not terminate or is 0.
 */
export interface ScaledMoves {
  g: (Decimal | undefined)[];
  digits: number[];
}
const scaledMoves = new WeakMap<PnlScale, ScaledMoves>();

/** The factors of {@link ScaledMoves} for one underlying's scale and moves, made once per compiled set and underlying. */
function scaledMovesOf(sc: PnlScale, moves: readonly Decimal[]): ScaledMoves {
  let x = scaledMoves.get(sc);
  if (x === undefined) {
    const n = moves.length;
    x = { g: new Array<Decimal | undefined>(n), digits: new Array<number>(n).fill(0) };
    for (let s = 0; s < n; s++) {
      const num = sc.num[s];
      const den = sc.den[s];
      const m = moves[s]!;
      if (num === undefined || den === undefined || m.isZero()) continue;
      const mn = m.sd() + num.sd();
      if (mn > DIGITS) continue;
      const t = m.mul(num);
      const g = t.div(den);
      // g * den = t, both sides exact (at most 40 digits): g is t / den exactly, not a rounding of it.
      if (g.isZero() || g.sd() + den.sd() > DIGITS || !g.mul(den).eq(t)) continue;
      x.g[s] = g;
      x.digits[s] = Math.max(mn, g.sd());
    }
    scaledMoves.set(sc, x);
  }
  return x;
}

/** decimal.js's precision here: a product of operands with at most this many significant digits in all is exact. */
const DIGITS = D.precision;

/**
 * Where each scenario's linear factor sits among the distinct magnitudes of an underlying's factors:
 * `mags[k]` positive, `move[s]` = +-(k + 1) for the scenario's move +-mags[k] (0 for a zero move),
 * `short[s]` the same for the scaled scenario's one factor `g[s]` (0 where it has none). A grid's moves
 * come in opposite pairs and a tail's factor is the edge move (move * range / move), so a linear
 * exposure needs a product per distinct magnitude, not per scenario. `magN[k] * 10^magP[k]` is
 * `mags[k]` as an integer below 1e14 without trailing zeros and a power of ten (`magN[k]` NaN where
 * the digits do not fit: see {@link coefficientOf}). `fast[s]`: for a nonzero base of at most
 * {@link FAST_BASE_DIGITS} significant digits, the slot whose product is scenario `s`'s value as it is
 * ({@link LinearValues.slotAt} for every such base), 0 where it is read another way.
 */
export interface LinearPlan {
  mags: Decimal[];
  magN: Float64Array;
  magP: Int32Array;
  move: Int32Array;
  short: Int32Array;
  fast: Int32Array;
  scaled: ScaledMoves | undefined;
}

/**
 * The digits of a base with a coefficient (below 1e14, see {@link coefficientOf}) at most. `fast` and
 * {@link LinearValues.slotAt} decide alike for such a base: where `fast[s]` is nonzero, the base's own
 * digit count (at most this) passes slotAt's test too, so the integer reading and the Decimal one
 * take the same product; where it is 0, the integer reading declines (NaN) and the Decimal is read.
 */
const FAST_BASE_DIGITS = 14;
const linearPlans = new WeakMap<readonly Decimal[], LinearPlan>();

/** The {@link LinearPlan} of one underlying's moves and scale, made once per compiled set and underlying. */
function linearPlanOf(moves: readonly Decimal[], sc: PnlScale | undefined): LinearPlan {
  let p = linearPlans.get(moves);
  if (p === undefined) {
    const n = moves.length;
    const mags: Decimal[] = [];
    const byText = new Map<string, number>();
    const slot = (x: Decimal): number => {
      if (x.isZero()) return 0;
      const a = x.abs();
      const t = a.toString();
      let k = byText.get(t);
      if (k === undefined) byText.set(t, (k = mags.push(a) - 1));
      return x.isNeg() ? -(k + 1) : k + 1;
    };
    const sm = sc ? scaledMovesOf(sc, moves) : undefined;
    const move = new Int32Array(n);
    const short = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      move[s] = slot(moves[s]!);
      const g = sm?.g[s];
      if (g !== undefined) short[s] = slot(g);
    }
    const fast = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      if (short[s] !== 0 && FAST_BASE_DIGITS + sm!.digits[s]! <= DIGITS) fast[s] = short[s]!;
      else if (sc?.num[s] === undefined) fast[s] = move[s]!;
    }
    const magN = new Float64Array(mags.length);
    const magP = new Int32Array(mags.length);
    for (let k = 0; k < mags.length; k++) {
      magN[k] = coefficientOf(mags[k]!);
      magP[k] = COEFFICIENT.p;
    }
    linearPlans.set(moves, (p = { mags, magN, magP, move, short, fast, scaled: sm }));
  }
  return p;
}

/**
 * `x.eq(1)` read from decimal.js's representation (sign, exponent of the first digit, base-1e7 limbs,
 * the first holding that digit): `eq` makes a Decimal of its argument on every call, and every linear
 * future of a fresh snapshot asks.
 */
function isOne(x: Decimal): boolean {
  const d = x.d;
  if (d === null || d[0] !== 1 || x.e !== 0 || x.s !== 1) return false;
  for (let i = 1; i < d.length; i++) if (d[i] !== 0) return false;
  return true;
}

// The power of ten of the last coefficientOf (a scratch: the call is on every linear array).
const COEFFICIENT = { p: 0 };

/**
 * A nonzero Decimal's magnitude as an integer `n < 1e14` without trailing zeros, with
 * `COEFFICIENT.p` set so that `|x| = n * 10^p`; NaN when the digits take more than two of
 * decimal.js's base-1e7 limbs (or x is zero). The same reading of the limbs as `decimalToFloat`.
 */
function coefficientOf(x: Decimal): number {
  const d = x.d;
  if (d === null || d.length > 2 || d[0] === 0) return NaN;
  let p = limbExponent(x);
  let n = d.length === 1 ? d[0]! : d[0]! * 1e7 + d[1]!;
  for (let q = Math.floor(n / 10); q * 10 === n; q = Math.floor(n / 10)) {
    n = q;
    p++;
  }
  COEFFICIENT.p = p;
  return n;
}

/**
 * `base * x` for the nonzero factors of a {@link LinearPlan}, one product per distinct magnitude: the
 * product by `-a` is the product by `a` negated, the same Decimal (decimal.js multiplies magnitudes
 * and rounds them half-even, symmetric in sign; the sign of the result is the product of the signs).
 * A zero move is no product here: {@link LinearValues.at} reads it from {@link LinearValues.zeroMoveFloat}.
 */
class LinearProducts {
  private readonly pos: (Decimal | undefined)[];
  private readonly neg: (Decimal | undefined)[];
  constructor(
    private readonly base: Decimal,
    private readonly mags: readonly Decimal[],
  ) {
    this.pos = new Array<Decimal | undefined>(mags.length);
    this.neg = new Array<Decimal | undefined>(mags.length);
  }

  /** `base * +-mags[|k| - 1]` for the nonzero slot `k` of the plan. */
  of(k: number): Decimal {
    const i = k > 0 ? k - 1 : -k - 1;
    let p = this.pos[i];
    if (p === undefined) this.pos[i] = p = this.base.mul(this.mags[i]!);
    if (k > 0) return p;
    let q = this.neg[i];
    if (q === undefined) this.neg[i] = q = p.neg();
    return q;
  }
}

/**
 * The exact P&L of a linear exposure `base` per scenario, `scaled(base * move[s], sc, s)`, each
 * distinct product computed once (see {@link LinearProducts}) and only when read. A scaled scenario
 * takes one product `base * g[s]` where that is the same Decimal: when `base * move`, its product with
 * `num` and the quotient by `den` are all exact (their digits add up to at most 40), the long way
 * computes the exact value `base * move * num / den`, and so does `base * g` (g exact, the product
 * within 40 digits); elsewhere the long way is taken (it may round: its rounding is the rule's).
 * `plusZero`: a zero unscaled product is +0 (the tied assets' rule) rather than the product itself.
 * Internal; exported for its unit test.
 */
export class LinearValues {
  // Made on the first Decimal read: most scenarios are read as floats only.
  private products: LinearProducts | undefined;
  // The base's significant digits (where the plan has scaled factors), read on the first Decimal read too.
  private baseDigits = -1;
  constructor(
    readonly base: Decimal,
    readonly plan: LinearPlan,
    private readonly moves: readonly Decimal[],
    private readonly sc: PnlScale | undefined,
    private readonly plusZero: boolean,
  ) {}

  /**
   * The plan slot `k` whose product `base * +-mags[|k| - 1]` is scenario `s`'s value as it is, or 0
   * where the value is read another way (a zero move, a zero base, a scaled scenario the long way).
   */
  slotAt(s: number): number {
    // A zero base keeps the long way (whose zero is always +0).
    if (this.base.isZero()) return 0;
    const p = this.plan;
    const sm = p.scaled;
    if (this.baseDigits < 0) this.baseDigits = sm ? this.base.sd() : 0;
    if (sm !== undefined && p.short[s] !== 0 && this.baseDigits + sm.digits[s]! <= DIGITS) return p.short[s]!;
    // Unscaled: the product itself (nonzero: neither factor is zero).
    return this.sc?.num[s] === undefined ? p.move[s]! : 0;
  }

  /**
   * Scenario `s`'s value where it moves the underlying by zero, a signed zero read from the signs
   * (NaN for any other scenario): the one rule for a zero move's value, its float here and its
   * Decimal in {@link at}. Unscaled, decimal.js's zero of sign `x.s * y.s` (its `times`: base x move);
   * a scaled one or a `plusZero` one +0 (the rule of `scaled` and of the tied assets). A grid set has a
   * zero move per vol state (three in Deribit's): every future and tied asset of a fresh snapshot made
   * a Decimal product for each only to read a zero.
   */
  zeroMoveFloat(s: number): number {
    if (this.plan.move[s] !== 0) return NaN;
    if (this.plusZero || this.sc?.num[s] !== undefined) return 0;
    return this.base.s * this.moves[s]!.s < 0 ? -0 : 0;
  }

  /** Scenario `s`'s exact value. */
  at(s: number): Decimal {
    const z = this.zeroMoveFloat(s);
    // A zero move: the Decimal of zeroMoveFloat's signed zero (NaN, any other move, fails the test).
    if (z === 0) return Object.is(z, -0) ? MINUS_ZERO : PLUS_ZERO;
    const k = this.slotAt(s);
    const products = (this.products ??= new LinearProducts(this.base, this.plan.mags));
    if (k !== 0) return products.of(k);
    // Slot 0 with a nonzero move: a zero base or a scaled scenario the long way.
    const x = products.of(this.plan.move[s]!);
    return this.plusZero && x.isZero() ? PLUS_ZERO : scaled(x, this.sc, s);
  }
}

// A zero move's values (frozen: shared by every linear exposure; Decimals are never edited).
const PLUS_ZERO = Object.freeze(new D(0));
const MINUS_ZERO = Object.freeze(new D(-0));

/**
 * The {@link LinearValues} of a linear exposure `base` over `moves` (scaled by `sc` where a scenario
 * is a tail; `plusZero` as LinearValues), its plan made once per moves array. Internal; exported for
 * the unit test of the zero moves' signs.
 *
 * @example
 * ```ts
 * import { D } from 'portfolio-margin';
 * linearValuesOf(D(-5), [D(0)], undefined, false).at(0).isNeg(); // true: -5 x 0 is decimal.js's -0
 * ```
 */
export function linearValuesOf(base: Decimal, moves: readonly Decimal[], sc: PnlScale | undefined, plusZero: boolean): LinearValues {
  return new LinearValues(base, linearPlanOf(moves, sc), moves, sc, plusZero);
}

/**
 * The risk array of a linear exposure (see {@link LinearValues}) whose exact values are made only
 * where something reads them: the one-shot decision's kernel reads about one scenario per array
 * (through {@link exactValueAt}), so a fresh snapshot's futures and tied assets cost their floats, not
 * 35 Decimals each. `exact` (the Decimal path's and the hand-out's reading) makes them all on first
 * read, the same Decimals as every other reading, and keeps them.
 */
class LinearArray implements RiskArray {
  private values: Decimal[] | undefined;
  constructor(
    readonly underlying: string,
    readonly pnl: Float64Array,
    readonly delta: number,
    readonly maxAbs: number,
    private readonly linear: LinearValues,
    // The base's coefficient and power of ten (see coefficientOf; bn NaN: none).
    private readonly bn: number,
    private readonly bp: number,
  ) {}

  /** See {@link exactCoefficientAt}. */
  coefficientAt(s: number): number {
    const bn = this.bn;
    if (bn !== bn) return NaN;
    const plan = this.linear.plan;
    const k = plan.fast[s]!;
    if (k === 0) return NaN;
    const i = k > 0 ? k - 1 : -k - 1;
    // Below 1e15 (so below 2^53: the float product is the exact one); NaN fails the test.
    let N = bn * plan.magN[i]!;
    if (!(N < 1e15)) return NaN;
    let p = this.bp + plan.magP[i]!;
    for (let q = Math.floor(N / 10); q * 10 === N; q = Math.floor(N / 10)) {
      N = q;
      p++;
    }
    EXACT_PARTS.p = p;
    return k > 0 === this.linear.base.s > 0 ? N : -N;
  }

  get exact(): readonly Decimal[] {
    let v = this.values;
    if (v === undefined) {
      const n = this.pnl.length;
      v = new Array<Decimal>(n);
      for (let s = 0; s < n; s++) v[s] = this.linear.at(s);
      this.values = v;
    }
    return v;
  }

  exactAt(s: number): Decimal {
    return this.values !== undefined ? this.values[s]! : this.linear.at(s);
  }
}

/** Whether a risk array carries exact values, without making a linear array's (see {@link LinearArray}). Internal. */
export function hasExactValues(a: RiskArray): boolean {
  return a instanceof LinearArray || a.exact !== undefined;
}

/** The power of ten of the last {@link exactCoefficientAt} that was a number (a scratch). Internal. */
export const EXACT_PARTS = { p: 0 };

/**
 * `a.exact[s]` as `m * 10^EXACT_PARTS.p`, `m` a signed integer below 1e15 in magnitude without
 * trailing zeros, read without a Decimal, where `a` is a linear exposure whose value in scenario `s` is
 * a product of its base's and the move's digits (see {@link linearArray}); NaN otherwise (read
 * {@link exactValueAt}). The kernel's reading of the same exact value, in its own units. Internal.
 */
export function exactCoefficientAt(a: RiskArray, s: number): number {
  return a instanceof LinearArray ? a.coefficientAt(s) : NaN;
}

/** `a.exact[s]` of an array that carries exact values, a linear array's made for that scenario alone. Internal. */
export function exactValueAt(a: RiskArray, s: number): Decimal {
  return a instanceof LinearArray ? a.exactAt(s) : a.exact![s]!;
}

/**
 * The risk array of a linear exposure `base` (see {@link LinearValues}). `pnl[s]` is the float of the
 * exact value: for a value `+-base * mags[k]` whose integer digits multiply below 2^53 at a scale
 * within 10^+-22, `N * 10^p` (or `N / 10^-p`) is one IEEE operation on exact operands, the correctly
 * rounded value, which is `decimalToFloat` of the Decimal product (below 2^53, at most 16 digits: exact
 * at decimal.js's 40; a negated product is the same magnitude); any other value is read as a Decimal.
 */
function linearArray(underlying: string, base: Decimal, moves: readonly Decimal[], sc: PnlScale | undefined, plusZero: boolean, delta: number): RiskArray {
  const lv = linearValuesOf(base, moves, sc, plusZero);
  const plan = lv.plan;
  const n = moves.length;
  const pnl = pnlRow(n);
  const bn = coefficientOf(base);
  const bp = COEFFICIENT.p;
  // The float of +base * mags[k] per magnitude (NaN: read as a Decimal), negated for the product by -mags[k].
  const m = plan.mags.length;
  if (magFloats.length < m) magFloats = new Float64Array(m);
  // NaN (a base or a magnitude without a coefficient) stays NaN.
  for (let k = 0; k < m; k++) magFloats[k] = integerTimesPow10(bn * plan.magN[k]!, bp + plan.magP[k]!);
  const sign = base.s;
  let top = 0;
  for (let s = 0; s < n; s++) {
    let x: number;
    const k = plan.fast[s]!;
    const v = k > 0 ? magFloats[k - 1]! : k < 0 ? magFloats[-k - 1]! : NaN;
    // Anything else is the float of the Decimal value itself (a zero move's signed zero read from the
    // signs beside it): its sign rules live in LinearValues alone.
    if (v === v) x = k > 0 ? sign * v : -sign * v;
    else {
      x = lv.zeroMoveFloat(s);
      if (x !== x) x = decimalToFloat(lv.at(s));
    }
    pnl[s] = x;
    const a = Math.abs(x);
    if (a > top) top = a;
  }
  return new LinearArray(underlying, pnl, delta, top, lv, bn, bp);
}
// The magnitudes' floats of the linear array being built (a scratch: one per call would be garbage).
let magFloats = new Float64Array(16);

/**
 * The risk array of one valued instrument, or undefined when the set does not list its underlying
 * (or the underlying its settlement coin is tied to): a set that says nothing about an underlying
 * cannot revalue what moves with it.
 */
function instrumentArray(v: InstrumentValuation, c: CompiledSet): RiskArray | undefined {
  const inst = v.instrument;
  const set = c.set;
  const n = set.scenarios.length;
  const under = movesOf(c, inst.underlying);
  const sc = scaleOf(c, inst.underlying);
  const tied = v.settlementTiedTo;
  const coin = tied !== undefined ? movesOf(c, tied) : undefined;
  if (under === undefined || (tied !== undefined && coin === undefined)) return undefined;
  const mUf = under.f;
  const mUd = under.d;
  const mCf = coin?.f;
  const mCd = coin?.d;
  const C = v.settlementPrice;
  const size = inst.contractSize;
  const F = v.forward;

  if (inst.kind === 'future') {
    // (Made past the linear exposure's return, which keeps no such array.)
    let exact: Decimal[];
    if (inst.settlement === 'linear') {
      // size * (F' - F) in the settlement coin, at the scenario's coin price: exact.
      // A size of 1 (the usual linear contract) leaves the mark as it is: a mark has at most 40
      // significant digits (LIMITS.maxSignificantDigits), decimal.js's precision, so 1 x F is F.
      const sizeF = isOne(size) ? F : size.mul(F);
      // Settled at a price of exactly 1 (the settlement currency itself) and untied: x * 1 is x, and
      // the P&L is the linear exposure sizeF (one product per distinct move magnitude).
      if (!mCd && isOne(C)) return linearArray(inst.underlying, sizeF, mUd, sc, false, v.delta);
      exact = new Array<Decimal>(n);
      for (let s = 0; s < n; s++) {
        const c = mCd ? C.mul(mCd[s]!.plus(1)) : C;
        exact[s] = scaled(sizeF.mul(mUd[s]!).mul(c), sc, s);
      }
    } else {
      // Entry-independent part of an inverse future, size * (C/F - C'/F'); the entry-dependent coin
      // amount size/E behaves like coin collateral and is added per account. When the coin is tied to
      // the underlying, C'/F' = C/F exactly and this part vanishes.
      exact = new Array<Decimal>(n);
      const cOverF = C.div(F);
      const zero = new D(0);
      for (let s = 0; s < n; s++) {
        const m = mUd[s]!;
        const cs = mCd ? C.mul(mCd[s]!.plus(1)) : C;
        const r = cOverF.minus(cs.div(F.mul(m.plus(1)))).mul(size);
        exact[s] = r.isZero() ? zero : scaled(r, sc, s);
      }
    }
    return fromExact(inst.underlying, exact, v.delta);
  }

  // Options: Black-76 at the shocked forward and vol; scenario-invariant terms hoisted.
  const right = inst.right!;
  // The valuation just made read these four Decimals as floats (see VALUED): the same floats, taken
  // as they are. Read from a Float64Array either way, they are raw floats in the loops below, not
  // call results checked for a number at every use.
  const fl = VALUED.floats;
  if (VALUED.valuation !== v) {
    // Nobody's while written: a conversion that threw part way would leave no floats under a name.
    VALUED.valuation = undefined;
    fl[0] = decimalToFloat(F);
    fl[1] = decimalToFloat(inst.strike!);
    fl[2] = decimalToFloat(size);
    fl[3] = decimalToFloat(C);
    // They are this valuation's floats now (never another's under its name).
    VALUED.valuation = v;
  }
  const Ff = fl[0]!;
  const K = fl[1]!;
  const sz = fl[2]!;
  const Cf = fl[3]!;
  const T = v.years;
  const days = T * 365;
  const r = v.rate;
  const iv = v.vol ?? 0;
  const inverse = inst.settlement === 'inverse';
  // A fixed part of the forward (Derive's settlement average) does not move: F' = fixed + (F - fixed)(1 + m).
  const fixed = v.fixedForward?.toNumber();
  const Fvar = fixed === undefined ? Ff : Ff - fixed;
  const F0 = fixed === undefined ? Ff : fixed + Fvar;
  // e^{-rT} and sqrt(T) once per option (per time step when a scenario has one), not per scenario.
  const dfT = Math.exp(-r * T);
  const rootT = Math.sqrt(T);
  // The unshocked price and its log-moneyness, which the valuation has just made (recalled) or made
  // here: the log serves every scenario whose shocked forward is F0 (a zero move) too.
  let base = recalledPrice(right, F0, K, T, iv, r);
  const log0 = base === base ? RECALLED.log : Math.log(F0 / K);
  if (base !== base) base = black76PriceAt(right, F0, K, T, iv, r, dfT, rootT, log0);
  const baseValue = sz * Cf * (inverse ? base / F0 : base);
  const at = { strike: K, forward: F0, years: T };
  const pnl = pnlRow(n);
  const scaleF = sc?.f;
  // The shocked vol depends on the scenario only through its vol state, which many scenarios share
  // (every price point of a grid): computed once per distinct state. The states are kept with the
  // underlying's moves, which this option has found already (a lookup by name fewer).
  const vs = (under.vs ??= volStatesOf(c, inst.underlying));
  const vols = new Array<number>(vs.states.length);
  for (let k = 0; k < vols.length; k++) vols[k] = shockVol(iv, days, vs.states[k]!, at);
  const state = vs.state;
  const stepDays = vs.stepDays;
  // A boolean for the loop below (read from the object it is an untyped value, tested in full per scenario).
  const stepped = vs.stepped === true;
  // Three passes over one scratch row (each array read in a loop costs its checks, so one serves):
  // the first writes each scenario's price to `pnl` where a whole function makes it (a time step, the
  // base point, an input that fails the check, a degenerate Black-76 case) and, where the regular
  // price is made from its two normal probabilities, marks the scenario regular in the row and writes
  // those probabilities' arguments (0 where unused); normalCdfsInto turns them into probabilities in
  // place, with the normal kernel inlined (a call per price boxes its floats: 1.2 MB of garbage per
  // 200-option one-shot call); the last pass
  // makes the regular prices (black76FromLegs) and turns prices into P&L. These are black76Checked's
  // pieces, applied in its order to the same floats: each price is black76PriceAt's bit for bit. The
  // probabilities cannot throw (finite forward and vol, s > 0: normal arguments finite or infinite,
  // never NaN), so an input that fails the check still throws in the first pass, as in one pass.
  // The mark is written for every scenario, not read off the price (NaN for "not made yet"), so a
  // made price that were NaN stays NaN instead of being priced from another scenario's probabilities.
  // Row layout: scenario s's two arguments (then probabilities) at 2s and 2s + 1, its forward at 2n + s,
  // its mark at 3n + s (1: regular, priced in the last pass; 0: its price is in `pnl`).
  let row = priceRow;
  if (row.length < 4 * n) {
    row = new Float64Array(4 * n);
    // Kept for the next option only up to 1,024 scenarios (as pnlRow): a set of up to 100,000 would
    // otherwise keep 3.2 MB of scratch as long as the module.
    if (n <= POOL_FLOATS / 8) priceRow = row;
  }
  const atF = 2 * n;
  const atM = 3 * n;
  // Every vol state of a price point shares its move (consecutive in a grid): the shocked forward and
  // its log-moneyness are computed once per run of equal moves (the same floats, so the same bits).
  let move = NaN;
  let Fs = 0;
  let logFK = 0;
  for (let s = 0; s < n; s++) {
    const m = mUf[s]!;
    if (m !== move) {
      move = m;
      Fs = fixed === undefined ? Ff * (1 + m) : fixed + Fvar * (1 + m);
      logFK = Fs === F0 ? log0 : Math.log(Fs / K);
    }
    let Ts = T;
    if (stepped) {
      const step = stepDays[s]!;
      if (step > 0) Ts = Math.max(0, T - step / 365);
    }
    const vol = vols[state[s]!]!;
    const j = 2 * s;
    row[atF + s] = Fs;
    let regular = 0;
    // Each price made here is written where it is made (a regular one is made in the last pass): no
    // variable joins the call results, which would be checked for a number on every scenario.
    if (Ts !== T) pnl[s] = black76Price(right, Fs, K, Ts, vol, r);
    // The unshocked point (move 0, vol state "same", no time step) is the base price itself: the same inputs.
    else if (Fs === F0 && vol === iv) pnl[s] = base;
    // The option-wide inputs passed the check with the base price: only the forward and vol vary
    // (black76PriceAt, the whole check, names the argument where they fail).
    else if (!forwardAndVolValid(Fs, vol)) pnl[s] = black76PriceAt(right, Fs, K, T, vol, r, dfT, rootT, logFK);
    else if (black76Legs(Fs, K, T, vol, rootT, logFK, row, j)) regular = 1;
    else pnl[s] = black76Degenerate(right, Fs, K, T, vol, dfT, rootT);
    // A price made here has arguments 0 (their probabilities are made and never read).
    if (!regular) row[j] = row[j + 1] = 0;
    row[atM + s] = regular;
  }
  normalCdfsInto(row, row, atF);
  // The largest |P&L| is taken as each is written (maxAbs's comparisons, in its order). The optional
  // arrays are tested against undefined, not for truth: an object's truth test is a dozen checks.
  let top = 0;
  for (let s = 0; s < n; s++) {
    const fs = row[atF + s]!;
    const price = row[atM + s] ? black76FromLegs(right, fs, K, dfT, row[2 * s]!, row[2 * s + 1]!) : pnl[s]!;
    const cs = mCf !== undefined ? Cf * (1 + mCf[s]!) : Cf;
    const value = sz * cs * (inverse ? price / fs : price);
    const x = scaleF !== undefined ? (value - baseValue) * scaleF[s]! : value - baseValue;
    pnl[s] = x;
    const a = Math.abs(x);
    if (a > top) top = a;
  }
  return new OptionArray(inst.underlying, pnl, v.delta, top, baseValue);
}

/**
 * An option's risk array record as instrumentArray makes it: a plain object (prototype
 * Object.prototype, the fields of an object literal in the same order), made by `new` rather than
 * written as a literal (why: see ValuationStart, where a valuation is made).
 */
const OptionArray = function (this: RiskArray, underlying: string, pnl: Float64Array, delta: number, maxAbs: number, value: number) {
  this.underlying = underlying;
  this.pnl = pnl;
  this.delta = delta;
  this.maxAbs = maxAbs;
  this.value = value;
} as unknown as new (underlying: string, pnl: Float64Array, delta: number, maxAbs: number, value: number) => RiskArray;
OptionArray.prototype = Object.prototype;

// instrumentArray's scratch row: two normal arguments (then probabilities), a forward and a mark per scenario
// (grown to the longest set met up to 1,024 scenarios; a larger set's option has its own, garbage after the call).
let priceRow = new Float64Array(0);

function usable(market: MarketSnapshot, inst: Instrument): boolean {
  if (inst.expiryMs !== undefined && inst.expiryMs <= market.asOfMs) return false;
  if (!market.underlyings.has(inst.underlying)) return false;
  if (inst.settlementCurrency !== market.settlementCurrency && !market.assets.has(inst.settlementCurrency)) return false;
  const mark = market.marks.get(inst.symbol);
  return inst.kind === 'future' ? mark?.price !== undefined : hasVolSource(market, inst, mark);
}

const SymbolsSchema = z.array(idField, err).max(LIMITS.maxInstruments, err).optional();

/**
 * Revalues instruments under every scenario of a set: per instrument, the P&L of one long contract
 * per scenario in the account settlement currency (float64, plus exact Decimals for futures), and
 * per collateral asset tied to an underlying, the P&L of one unit. Computed once per snapshot and
 * scenario set, shared by every account.
 *
 * Every forward and future of an underlying moves by the scenario's relative move; options are
 * revalued with Black-76 at the shocked forward and vol (and after the time step, if any); inverse
 * instruments are valued in their coin and converted at the scenario's coin price (a coin tied to
 * an underlying moves with it).
 *
 * The arrays are memoised per parsed snapshot and scenario set (for a set from `buildScenarioSet` or
 * `parseScenarioSet`; any other set is validated and copied on every call). What you get is yours:
 * fresh `Float64Array`s, in frozen records and read-only maps, so nothing you do to them reaches the
 * memo; `marginFromRiskArrays` checks them again (an edited `pnl` must still be finite, and must
 * still equal its `exact` values where it has them).
 *
 * @param market market snapshot (raw JSON or parsed).
 * @param scenarioSet from `buildScenarioSet`, `parseScenarioSet`, or hand-written (validated: argument `scenarioSet`).
 * @param symbols instruments to revalue; default every instrument the market can value (others are skipped).
 * @throws MarginInputError when a requested symbol is unknown or cannot be valued, or the set is
 *   malformed or does not list a requested instrument's underlying.
 * @example
 * ```ts
 * const arrays = buildRiskArrays(market, buildScenarioSet(DERIBIT_PORTFOLIO_MARGIN, market));
 * arrays.instruments.get('BTC-PERP')!.pnl[0]; // -16008 = 1 * 100050 * -0.16
 * ```
 */
export function buildRiskArrays(market: MarketSnapshotInput | MarketSnapshot, scenarioSet: ScenarioSet, symbols?: readonly string[]): RiskArrays {
  const m = parseMarket(market);
  const set = scenarioSetArgument(scenarioSet, 'scenarioSet');
  const wanted = parseArguments(SymbolsSchema, symbols, 'symbols');
  return handOutRiskArrays(riskArraysFor(m, set, wanted));
}

/**
 * Risk arrays of a parsed snapshot on a trusted set, shared with the memo: internal (computeMargin
 * and the batch engine use them without copying, and never hand them out as they are). `assets`
 * limits the tied assets' arrays to those named (the one-shot decision: the book's collateral and
 * settlement coins), which are the very arrays of the full map. `held` (the one-shot decision's):
 * `symbols` are distinct and in `compareKeys` order already (it orders a book's by the kernel table's
 * symbol ranks, an integer sort), so they are not deduplicated and sorted again, and each one's memo
 * record (its array and valuation) is pushed there in that order instead of being set in the
 * instrument and valuation maps, which stay empty: their one reader, the kernel's tick of one call,
 * takes the records by held position, and nothing is stored by name per instrument but the memo.
 */
export function riskArraysFor(m: MarketSnapshot, set: ScenarioSet, symbols?: readonly string[], assets?: ReadonlySet<string>, held?: HeldArray[]): RiskArrays {
  const c = compiledSet(set);
  // Risk arrays depend only on the snapshot and the set: memoised in the snapshot's memo, per compiled set.
  const bySet = marketSlot(m, 'riskArrays', newArraysMemo);
  let memo = bySet.get(c);
  if (!memo) bySet.set(c, (memo = { instruments: new Map() }));
  const instruments = new Map<string, RiskArray>();
  const valuations = new Map<string, InstrumentValuation>();
  const byInstrument = valuationMemo(m);
  const wanted = symbols ? (held ? symbols : [...new Set(symbols)].sort(compareKeys)) : [...m.instruments.keys()];
  wanted.forEach((sym) => {
    const inst = m.instruments.get(sym);
    if (!inst) {
      throw new MarginInputError([{ code: 'unknown_symbol', path: [symbols!.indexOf(sym)], message: `no instrument ${sym} in the market`, argument: 'symbols' }]);
    }
    let hit = memo.instruments.get(sym);
    if (hit === undefined || hit.valuation.instrument !== inst) {
      if (!symbols && !usable(m, inst)) return;
      let v: InstrumentValuation;
      try {
        v = valueIn(byInstrument, m, inst);
      } catch (e) {
        if (!symbols && e instanceof MarginInputError) return;
        throw e;
      }
      // A valuation made just now from its float has its mark values' digits noted (BOUNDS_MADE: its
      // mark value up is the same call's second Decimal; valueInstrument sets both from one call).
      const d = BOUNDS_MADE;
      const array = instrumentArray(v, c);
      if (array === undefined) {
        if (!symbols) return;
        const u = movesOf(c, inst.underlying) === undefined ? inst.underlying : v.settlementTiedTo!;
        throw new MarginInputError([{ code: 'invalid_value', path: ['underlyings'], message: `the scenario set does not list underlying ${u}, which ${sym} moves with`, argument: 'scenarioSet' }]);
      }
      memo.instruments.set(sym, (hit = { array, valuation: v, m: d.down === v.markValue ? d.m : NaN, e: d.e, um: d.um, ue: d.ue }));
    } else if (!symbols && !usable(m, inst)) return;
    if (held) held.push(hit);
    else {
      valuations.set(sym, hit.valuation);
      instruments.set(sym, hit.array);
    }
  });
  const built = (memo.assetArrays ??= new Map());
  const assetArray = (asset: string, q: AssetQuote): RiskArray | undefined => {
    let a = built.get(asset);
    if (a === undefined) built.set(asset, (a = tiedAssetArray(m, c, asset, q) ?? null));
    return a ?? undefined;
  };
  let assetMap: Map<string, RiskArray>;
  if (assets) {
    // The requested assets only, in the snapshot's order (as in the full map).
    assetMap = new Map();
    for (const [asset, q] of m.assets) {
      const a = assets.has(asset) ? assetArray(asset, q) : undefined;
      if (a) assetMap.set(asset, a);
    }
  } else {
    if (!memo.assets) {
      const all = new Map<string, RiskArray>();
      for (const [asset, q] of m.assets) {
        const a = assetArray(asset, q);
        if (a) all.set(asset, a);
      }
      memo.assets = all;
    }
    assetMap = memo.assets;
  }
  const w = compiledWeights(c);
  return { scenarioSet: set, settlementCurrency: m.settlementCurrency, weights: w.weights, weightDecimals: w.weightDecimals, weightDivisors: w.weightDivisors, instruments, assets: assetMap, valuations };
}

/**
 * One instrument's risk array and valuation, the memo's record of it, with the digits of the
 * valuation's mark values where they were made from a float in this build (`markValue` is
 * `m * 10^-e`, `markValueUp` `um * 10^-ue`, as `fromFloatBounds` made them: see BOUNDS_MADE; `m`
 * NaN where not known, the others then meaningless). Internal.
 */
export interface HeldArray {
  array: RiskArray;
  valuation: InstrumentValuation;
  m: number;
  e: number;
  um: number;
  ue: number;
}

/** A snapshot's risk-array memo by compiled set (weak keys: the snapshot does not keep a set alive). */
function newArraysMemo(): WeakMap<CompiledSet, MarketArrays> {
  return new WeakMap();
}

/** The risk array of one unit of a collateral asset tied to an underlying (its price moves with it); undefined when it is not tied, or the set does not list that underlying. */
function tiedAssetArray(m: MarketSnapshot, c: CompiledSet, asset: string, q: AssetQuote): RiskArray | undefined {
  if (q.underlying === undefined || asset === m.settlementCurrency) return undefined;
  const md = movesOf(c, q.underlying)?.d;
  if (!md) return undefined;
  // One unit's P&L is the linear exposure price (one product per distinct move magnitude).
  // decimalToFloat is toNumber bit for bit, without its string.
  return linearArray(q.underlying, q.price, md, scaleOf(c, q.underlying), true, decimalToFloat(q.price) / decimalToFloat(m.underlyings.get(q.underlying)!.index));
}
