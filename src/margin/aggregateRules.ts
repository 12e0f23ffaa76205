import type { Arithmetic } from '../numeric/Arithmetic.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { ownValue } from '../schema/ownValue.js';
import type { AggregateRule, ScenarioSet } from '../scenarios/ScenarioSet.js';

/** A rule on a unit's aggregated P&L in one scenario, in one number layer (see `AggregateRule`); an absent relief is 0, an absent cap none. */
export interface AggregateTerms<T> {
  gainFactor: T;
  gainCap?: T;
  gainRelief?: T;
  lossRelief?: T;
}

/**
 * A unit's aggregated P&L `x` in one scenario after the scenario's rule (Deribit's `pnl_offset` with
 * its cap on gains, the extended dampener on tail losses): a loss counts as `min(0, x + lossRelief)`,
 * a gain as `min(gainFactor * max(0, x - gainRelief), gainCap)`. Monotone and continuous in `x`, so
 * the float search for the worst scenario keeps its tolerance. Written once for every number layer
 * (Decimal, the float search, the exact kernel). Internal.
 *
 * @example
 * ```ts
 * aggregatedPnl(DECIMAL_ARITHMETIC, D('-0.05'), { gainFactor: D(0), lossRelief: D('5.6') }).toString(); // '0'
 * ```
 */
export function aggregatedPnl<T>(A: Arithmetic<T>, x: T, r: AggregateTerms<T>): T {
  if (A.sign(x) <= 0) return r.lossRelief === undefined ? x : A.min(A.zero, A.add(x, r.lossRelief));
  const over = r.gainRelief === undefined ? x : A.max(A.zero, A.sub(x, r.gainRelief));
  const kept = A.mul(r.gainFactor, over);
  return r.gainCap === undefined ? kept : A.min(kept, r.gainCap);
}

/**
 * {@link aggregatedPnl} over floats (the worst-scenario search of both layers, through `scanCandidates`'s `rules`;
 * never a reported amount), for the rule whose terms are packed at `terms[o .. o + 4)` (see
 * {@link packFloatTerms}). The generic call costs a call per operation (its arithmetic sites see every
 * layer, so the JIT does not inline them), and terms read from objects of several shapes cost a map
 * check and an unboxing each: two thirds of a deribit-pm scan. So an absent term is packed as the
 * value that leaves the generic rule's result unchanged, bit for bit, and the rule runs without a
 * branch per term: an absent cap as +Infinity (`min(k, +Inf)` is `k`, NaN and -0 included), an absent
 * gain relief as 0 (read only when `x > 0`: `max(0, x - 0)` is `x`), an absent loss relief as -0
 * (`x + -0` is `x` for every x, -0 included, and `min(0, x)` is `x` for every x that is not above 0).
 * A scenario without a rule is packed as the identity (factor 1, no cap, no relief), the same float.
 * It must return the very float the generic returns, for every `x` (NaN, -0 and infinities included)
 * and every terms; a property test holds the two together, so a change to the rule that is not made
 * here fails it. Internal.
 *
 * @example
 * ```ts
 * const t = new Float64Array(AGGREGATE_FLOATS);
 * packFloatTerms({ gainFactor: 0.5 }, t, 0);
 * aggregatedFloat(4, t, 0); // 2: half of the gain kept
 * packFloatTerms({ gainFactor: 0, lossRelief: 1 }, t, 0);
 * aggregatedFloat(-3, t, 0); // -2
 * ```
 */
export function aggregatedFloat(x: number, terms: Float64Array, o: number): number {
  // FLOAT_ARITHMETIC.sign(x) <= 0: NaN and -0 take the loss branch, as there. The offsets as int32
  // sums (`| 0`: o is an int32 index): an index past 2^31 reads undefined either way, and the scan
  // then checks no overflow per term and scenario.
  // `min(0, y)` and `max(0, z)` against the constant 0 as one compare each: the same float for every
  // y and z (NaN passes, -0 stays -0 in min and becomes +0 in max), without Math's NaN and -0 branches.
  if (!(x > 0)) {
    const y = x + terms[(o + 3) | 0]!;
    return y > 0 ? 0 : y;
  }
  const z = x - terms[(o + 2) | 0]!;
  return Math.min(terms[o]! * (z <= 0 ? 0 : z), terms[(o + 1) | 0]!);
}

/** Floats per scenario in a packed rule array ({@link packAggregateRules}): gain factor, gain cap, gain relief, loss relief. */
export const AGGREGATE_FLOATS = 4;

/**
 * Packs a rule's float terms at `into[o .. o + AGGREGATE_FLOATS)` for {@link aggregatedFloat}, each
 * absent term as its neutral value (no terms: the identity rule). Internal.
 *
 * @example
 * ```ts
 * const t = new Float64Array(AGGREGATE_FLOATS);
 * packFloatTerms({ gainFactor: 0, gainCap: 0 }, t, 0); // t: [0, 0, 0, -0]
 * ```
 */
export function packFloatTerms(t: AggregateTerms<number> | undefined, into: Float64Array, o: number): void {
  into[o] = t === undefined ? 1 : t.gainFactor;
  into[o + 1] = t?.gainCap ?? Infinity;
  into[o + 2] = t?.gainRelief ?? 0;
  into[o + 3] = t?.lossRelief ?? -0;
}

/** The float layer of the generic rule: what {@link aggregatedFloat} must equal, bit for bit (its property test). */
export const FLOAT_ARITHMETIC: Arithmetic<number> = {
  zero: 0,
  one: 1,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  abs: (a) => Math.abs(a),
  max: (a, b) => Math.max(a, b),
  min: (a, b) => Math.min(a, b),
  cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  sign: (a) => (a < 0 ? -1 : a > 0 ? 1 : 0),
  isZero: (a) => a === 0,
  toNumber: (a) => a,
  fromFloat: (x) => x,
  lowerBound: (a) => a,
  upperBound: (a) => a,
};

/**
 * A unit's rules over the scenarios of a set: `exact`, indexed by scenario (undefined where a scenario
 * has none), and `float`, the same rules as floats packed by scenario ({@link packAggregateRules}:
 * scenario s's gain factor, gain cap, gain relief and loss relief at `4s .. 4s + 3`, money in the
 * settlement currency; the identity where a scenario has none). A scan reads the floats past the end
 * of `float` as the identity's: a scenario past its end has no rule.
 */
export interface UnitAggregateRules {
  exact: (AggregateTerms<Decimal> | undefined)[];
  float: Float64Array;
}

/**
 * Packs rules by scenario as {@link UnitAggregateRules}' `float` and `scanCandidates`' `rules` take
 * them: for each scenario `s < end`, its terms (`rules[s]`: gain factor, gains cap and relief, loss
 * relief, money in the settlement currency; undefined or past the end of `rules`: no rule, the
 * identity) at `[AGGREGATE_FLOATS x s, AGGREGATE_FLOATS x (s + 1))`, an absent term as its neutral
 * value (cap +Infinity, gain relief 0, loss relief -0).
 *
 * @param rules the rules' float terms, indexed by scenario.
 * @param end the number of scenarios packed (scenarios `0 .. end - 1`).
 * @example
 * ```ts
 * // a rule on scenario 1 only: scenario 0 packed as the identity (1, +Infinity, 0, -0)
 * const packed = packAggregateRules([undefined, { gainFactor: 0, lossRelief: 18 }], 2);
 * packed.length; // 8
 * packed[0]; // 1: scenario 0's gain factor
 * packed[7]; // 18: scenario 1's loss relief
 * ```
 */
export function packAggregateRules(rules: ArrayLike<AggregateTerms<number> | undefined>, end: number): Float64Array {
  const out = new Float64Array(AGGREGATE_FLOATS * end);
  for (let s = 0; s < end; s++) packFloatTerms(rules[s], out, AGGREGATE_FLOATS * s);
  return out;
}

/** A rule's terms in both layers, with the strings they were read from. */
interface ParsedRule {
  src: AggregateRule;
  exact: AggregateTerms<Decimal>;
  float: Float64Array;
}

const parsed = new WeakMap<AggregateRule, ParsedRule>();

/** A rule's float terms, packed (see {@link packFloatTerms}). */
function floatTerms(t: AggregateTerms<Decimal>): Float64Array {
  const f: AggregateTerms<number> = { gainFactor: t.gainFactor.toNumber() };
  if (t.gainCap !== undefined) f.gainCap = t.gainCap.toNumber();
  if (t.gainRelief !== undefined) f.gainRelief = t.gainRelief.toNumber();
  if (t.lossRelief !== undefined) f.lossRelief = t.lossRelief.toNumber();
  const out = new Float64Array(AGGREGATE_FLOATS);
  packFloatTerms(f, out, 0);
  return out;
}

/**
 * A rule's terms, parsed once per rule object and kept while its strings are unchanged (a scenario set
 * is plain, mutable JSON; the batch engine's is shared by every account, so this is a per-set cost).
 */
function termsOf(r: AggregateRule): ParsedRule {
  const hit = parsed.get(r);
  const s = hit?.src;
  if (hit && s!.gainFactor === r.gainFactor && s!.gainCap === r.gainCap && s!.gainRelief === r.gainRelief && s!.lossRelief === r.lossRelief) return hit;
  const exact: AggregateTerms<Decimal> = { gainFactor: new D(r.gainFactor) };
  if (r.gainCap !== undefined) exact.gainCap = new D(r.gainCap);
  if (r.gainRelief !== undefined) exact.gainRelief = new D(r.gainRelief);
  if (r.lossRelief !== undefined) exact.lossRelief = new D(r.lossRelief);
  const out: ParsedRule = { src: { ...r }, exact, float: floatTerms(exact) };
  parsed.set(r, out);
  return out;
}

/**
 * Combines the rules of a unit's underlyings in one scenario, an underlying without a rule counting as
 * the identity (factor 1, no cap, no relief): the smallest gain
 * factor, cap and loss relief and the largest gain relief, so that grouping underlyings never lowers a
 * requirement. Undefined when no underlying of the unit has a rule there.
 */
function combined(rules: (AggregateRule | undefined)[]): AggregateTerms<Decimal> | undefined {
  if (rules.every((r) => r === undefined)) return undefined;
  const terms = rules.map((r): AggregateTerms<Decimal> => (r === undefined ? { gainFactor: new D(1) } : termsOf(r).exact));
  const out: AggregateTerms<Decimal> = { gainFactor: D.min(...terms.map((t) => t.gainFactor)) };
  const caps = terms.flatMap((t) => (t.gainCap === undefined ? [] : [t.gainCap]));
  if (caps.length) out.gainCap = D.min(...caps);
  const gainReliefs = terms.flatMap((t) => (t.gainRelief === undefined ? [] : [t.gainRelief]));
  if (gainReliefs.length) out.gainRelief = D.max(...gainReliefs);
  const lossReliefs = terms.flatMap((t) => (t.lossRelief === undefined ? [] : [t.lossRelief]));
  if (lossReliefs.length === terms.length) out.lossRelief = D.min(...lossReliefs);
  return out;
}

/**
 * The aggregated-vector rules of a risk unit (its underlyings, in order) over scenarios
 * `[start, end)` of a set, indexed by scenario; undefined when no scenario of the range has one.
 * Internal.
 *
 * @example
 * ```ts
 * // Scenario 27 of the Deribit grid is the -66% tail; its dampener (0.66 / 0.16 - 1) x 100,000 USD = 312,500, at par in USDC.
 * unitAggregateRules(arrays.scenarioSet, ['BTC'], 0, 35)?.exact[27]?.lossRelief?.toString(); // '312500'
 * ```
 */
export function unitAggregateRules(set: ScenarioSet, underlyings: readonly string[], start: number, end: number): UnitAggregateRules | undefined {
  let out: UnitAggregateRules | undefined;
  const one = underlyings.length === 1 ? underlyings[0]! : undefined;
  for (let s = start; s < end; s++) {
    const a = set.scenarios[s]!.aggregate;
    if (a === undefined) continue;
    if (one !== undefined) {
      // One underlying (the usual unit): its rule's terms as parsed once.
      const r = ownValue(a, one);
      if (r === undefined) continue;
      const t = termsOf(r);
      out ??= { exact: [], float: packAggregateRules([], end) };
      out.exact[s] = t.exact;
      out.float.set(t.float, AGGREGATE_FLOATS * s);
      continue;
    }
    const t = combined(underlyings.map((u) => ownValue(a, u)));
    if (t === undefined) continue;
    out ??= { exact: [], float: packAggregateRules([], end) };
    out.exact[s] = t;
    out.float.set(floatTerms(t), AGGREGATE_FLOATS * s);
  }
  return out;
}
