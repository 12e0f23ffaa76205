import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import type { RiskArray } from '../scenarios/RiskArrays.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { AGGREGATE_FLOATS, aggregatedFloat, aggregatedPnl, packAggregateRules, type AggregateTerms, type UnitAggregateRules } from './aggregateRules.js';

/**
 * One line of a scan: a position (`quantity` contracts), the coin part of an inverse future, or a
 * collateral balance (units of the asset), with the risk array it moves by.
 */
export interface ScanEntry {
  kind: 'position' | 'coin' | 'collateral';
  key: string;
  qty: Decimal;
  arr: RiskArray;
  /** Options: where the per-expiry mechanisms group it (underlying, expiry ISO and ms, years to expiry, the expiry's rate). */
  option?: { underlying: string; expiry: string; expiryMs: number; years: number; rate: number };
}

/**
 * The outcome of a scan over scenarios `[start, end)`.
 *
 * - `amount`: scan risk, the worst weighted loss floored at 0 (settlement currency, exact, unrounded).
 * - `worst`: index of the worst scenario (-1 with no scenarios or no entries).
 * - `pnl`: exact P&L of each entry in the worst scenario (unweighted), in entry order.
 * - `vector`: the float P&L of all entries together in each scenario of the range.
 */
export interface ScanOutcome {
  amount: Decimal;
  worst: number;
  pnl: Decimal[];
  vector: Float64Array;
  /**
   * With aggregated-vector rules (see `unitAggregateRules`): the vector after them (float, per
   * scenario of the range; the worst case is taken on it) and the worst scenario's exact total P&L
   * before them (`total`) and after (`adjusted`, the negated loss before any weight).
   */
  aggregated?: { vector: Float64Array; total: Decimal; adjusted: Decimal; rule?: AggregateTerms<Decimal> };
}

/** Relative tolerance under which a float scenario loss counts as tied with the float maximum. */
export const SCAN_TOLERANCE = 1e-9;

/**
 * Exact P&L of one entry in scenario `s`: `qty * exact[s]` where the array carries exact values,
 * else `qty * fromFloat(pnl[s])` rounded against the account (down for a long, up for a short).
 *
 * @example
 * ```ts
 * const arr = arrays.instruments.get('BTC-PERP')!; // P&L per contract: 100,050 x -0.16 = -16,008 in scenario 0 (-16%)
 * entryPnl({ kind: 'position', key: 'BTC-PERP', qty: D(2), arr }, 0).toString(); // '-32016'
 * ```
 */
export function entryPnl(e: ScanEntry, s: number): Decimal {
  const ex = e.arr.exact?.[s];
  if (ex !== undefined) return e.qty.mul(ex);
  const x = e.arr.pnl[s]!;
  if (x === 0) return new D(0);
  return e.qty.mul(exactOf(e.arr.pnl, s, e.qty.gt(0) ? 0 : 1));
}

/**
 * `fromFloat(pnl[s])` rounded down (0) or up (1), converted once per array, scenario and direction:
 * the batch engine's arrays are shared by every account, and the conversion is a pure function of
 * the float. The cache is keyed by the array but holds the float it converted beside the Decimal and
 * is used only while `pnl[s]` still equals it: an array edited in place is converted afresh, never
 * read from a stale entry. Weak keys: the cache goes with the arrays.
 */
const converted = new WeakMap<Float64Array, { from: Float64Array; to: (Decimal | undefined)[] }>();

function exactOf(pnl: Float64Array, s: number, up: 0 | 1): Decimal {
  let c = converted.get(pnl);
  if (c === undefined) converted.set(pnl, (c = { from: new Float64Array(2 * pnl.length), to: new Array<Decimal | undefined>(2 * pnl.length) }));
  const k = 2 * s + up;
  const x = pnl[s]!;
  const hit = c.to[k];
  if (hit !== undefined && c.from[k] === x) return hit;
  const d = fromFloat(x, up ? 'against-account-loss' : 'against-account-value');
  c.from[k] = x;
  c.to[k] = d;
  return d;
}

/**
 * The float P&L vector of a scan, shared by both number layers (the Decimal layer's {@link scanRisk}
 * and the exact kernel): the P&L over scenarios `[start, end)` of the entries summed in the given,
 * canonical order, into `vector`. One function, so both layers see the same floats.
 *
 * @param qty each entry's quantity as the float64 `toNumber()` of its exact value.
 * @param pnl each entry's risk array (P&L per scenario, settlement currency).
 * @param maxAbs each entry's `max |pnl[s]|`.
 * @param vector output, at least `end - start` long.
 * @returns the float error scale: the sum of |qty| x largest |P&L| of the entries.
 * @example
 * ```ts
 * const vector = new Float64Array(2);
 * scanVector(1, Float64Array.of(2), [Float64Array.of(-10, 5)], Float64Array.of(10), 0, 2, vector); // 20; vector [-20, 10]
 * ```
 */
export function scanVector(n: number, qty: Float64Array, pnl: readonly Float64Array[], maxAbs: Float64Array, start: number, end: number, vector: Float64Array): number {
  const len = Math.max(0, end - start);
  if (n === 0) {
    vector.fill(0, 0, len);
    return 0;
  }
  scanPass(n, qty, pnl, start, len, vector, vector, vector, start, 0, 1, vector);
  return scanScale(n, qty, maxAbs);
}

/**
 * The float error scale of a scan's entries: the sum of |qty| x largest |P&L|, in entry order (what
 * {@link scanVector} returns, and {@link scanCandidates} takes as `scale`). Internal.
 *
 * @param qty each entry's quantity as a float64 (as {@link scanVector} takes it).
 * @param maxAbs each entry's `max |pnl[s]|`.
 * @example
 * ```ts
 * scanScale(2, Float64Array.of(2, -3), Float64Array.of(10, 1)); // 23
 * ```
 */
export function scanScale(n: number, qty: Float64Array, maxAbs: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(qty[i]!) * maxAbs[i]!;
  return scale;
}

/**
 * The one pass behind {@link scanVector} and {@link scanCandidates}, shared by both number layers:
 * the entries' P&L summed per scenario (in entry order, from +0), then, with `candidates`, each
 * scenario's step of the candidate search on that sum, in the same pass (the kernel keeps no vector:
 * a scan's float work is a few entries over a few dozen scenarios, where a pass over a stored vector
 * costs as much as the sums). Entries taken up to four at a time: every group but the last in a pass
 * of its own into `acc` (`v + q0 a0 + q1 a1 + ...` is `((v + q0 a0) + q1 a1) + ...`, left to right:
 * the same float sums in the same order as one entry at a time), the last with the search. Internal.
 *
 * @param at the index in each entry's array of the range's first scenario.
 * @param len the number of scenarios (at least 1; `n` at least 1).
 * @param vector output for the sums, at least `len` long, without `candidates` (a search keeps no sums).
 * @param acc scratch for the partial sums of more than four entries, at least `len` long (may be `vector`).
 * @param weights, start, scale, maxW, losses, candidates, rules: as {@link scanCandidates} takes
 *   them (`start`: the range's first scenario; `maxW`: its largest weight, at least 1); without
 *   `candidates`, only the sums.
 * @returns the number of candidates (0 without `candidates`).
 * @example
 * ```ts
 * const c = new Int32Array(2);
 * const v = new Float64Array(2);
 * // 2 x [-10, 5]: sums [-20, 10]; the worst loss is scenario 0's
 * scanPass(1, Float64Array.of(2), [Float64Array.of(-10, 5)], 0, 2, undefined, v, Float64Array.of(1, 1), 0, 20, 1, new Float64Array(2), c); // 1; c[0] === 0
 * ```
 */
export function scanPass(
  n: number,
  qty: Float64Array,
  pnl: readonly Float64Array[],
  at: number,
  len: number,
  vector: Float64Array | undefined,
  acc: Float64Array,
  weights: Float64Array,
  start: number,
  scale: number,
  maxW: number,
  losses: Float64Array,
  candidates?: Int32Array,
  rules?: Float64Array,
): number {
  // Scenario indices are integers: as int32 the loops' counters stay untagged, not checked per step.
  at |= 0;
  start |= 0;
  len |= 0;
  let i = 0;
  for (; n - i > 4; i += 4) {
    const q0 = qty[i]!;
    const q1 = qty[i + 1]!;
    const q2 = qty[i + 2]!;
    const q3 = qty[i + 3]!;
    const a0 = pnl[i]!;
    const a1 = pnl[i + 1]!;
    const a2 = pnl[i + 2]!;
    const a3 = pnl[i + 3]!;
    // Each array's length read before the loop: the optimiser then knows inside it that each is a
    // typed array and drops a check per read (-3% of a scan alone, -7% with the indices below).
    if (a0.length + a1.length + a2.length + a3.length + acc.length < 0) return 0;
    // The first group starts from the literal +0 a vector would have been filled with (`0 + x` as
    // `v + x` with v = +0: the same float, -0 included). Indices as `(at + j) | 0`, not counters of
    // their own: a counter's increment is checked for overflow every step, `| 0` wraps (a wrapped index
    // reads undefined, as one past 2^31 would: no array here is that long).
    for (let j = 0; j < len; j++) {
      const r = (at + j) | 0;
      acc[j] = (i === 0 ? 0 : acc[j]!) + q0 * a0[r]! + q1 * a1[r]! + q2 * a2[r]! + q3 * a3[r]!;
    }
  }
  // The last group, one to four entries (an absent one is never read: its array is the first's).
  const k = n - i;
  const first = i === 0;
  const q0 = qty[i]!;
  const q1 = k > 1 ? qty[i + 1]! : 0;
  const q2 = k > 2 ? qty[i + 2]! : 0;
  const q3 = k > 3 ? qty[i + 3]! : 0;
  const a0 = pnl[i]!;
  const a1 = k > 1 ? pnl[i + 1]! : a0;
  const a2 = k > 2 ? pnl[i + 2]! : a0;
  const a3 = k > 3 ? pnl[i + 3]! : a0;
  if (a0.length + a1.length + a2.length + a3.length + acc.length < 0) return 0;
  if (candidates === undefined) {
    for (let j = 0; j < len; j++) vector![j] = groupSum(first ? 0 : acc[j]!, k, q0, a0, q1, a1, q2, a2, q3, a3, (at + j) | 0);
    return 0;
  }
  // The search's loop tests no option per scenario (each loop-invariant test there is a compare and a
  // branch per step, and their flags crowd the registers the sums need): it always applies a rule,
  // the identity's floats where the unit has none (the same float, see packFloatTerms).
  const R = searchRules(rules, start + len);
  if (R.length + weights.length + losses.length + candidates.length < 0) return 0;
  const tol = SCAN_TOLERANCE * scale * maxW;
  let maxLoss = -Infinity;
  let floor = maxLoss - tol;
  let c = 0;
  for (let j = 0; j < len; j++) {
    const s = (start + j) | 0;
    const loss = -weights[s]! * aggregatedFloat(groupSum(first ? 0 : acc[j]!, k, q0, a0, q1, a1, q2, a2, q3, a3, (at + j) | 0), R, (AGGREGATE_FLOATS * s) | 0);
    // Most scenarios are below the floor: out at once (what the two tests below would decide too, the
    // maximum unchanged: a loss below the floor is not above the maximum unless the tolerance is negative).
    if (loss < floor && !(loss > maxLoss)) continue;
    if (loss > maxLoss) {
      maxLoss = loss;
      floor = maxLoss - tol;
      // The last candidates, which the new maximum puts below the floor, dropped now (the rest after the
      // loop: candidates are not in loss order). A loop within the search's loop also keeps the
      // optimiser from peeling the search's first step into a second copy of its code: that copy,
      // fetched again on every scan, cost more in instruction-cache misses than the checks it saved.
      while (c > 0 && losses[c - 1]! < floor) c--;
    }
    if (!(loss < floor)) {
      candidates[c] = s;
      losses[c++] = loss;
    }
  }
  // Those kept against a lower maximum and not dropped from the end at a new maximum are dropped once,
  // after the loop (the same set: see scanCandidates).
  return dropBelow(candidates, losses, c, floor);
}

/**
 * The last group's sum at index `r` of its entries' arrays: `from` (+0 for a first group, else the
 * partial sum of the entries before it) plus each of its `k` entries' `q x a[r]`, left to right.
 */
function groupSum(from: number, k: number, q0: number, a0: Float64Array, q1: number, a1: Float64Array, q2: number, a2: Float64Array, q3: number, a3: Float64Array, r: number): number {
  let x = from + q0 * a0[r]!;
  if (k > 1) {
    x = x + q1 * a1[r]!;
    if (k > 2) {
      x = x + q2 * a2[r]!;
      if (k > 3) x = x + q3 * a3[r]!;
    }
  }
  return x;
}

/** The identity's rules (see {@link searchRules}), grown as longer ranges are met up to {@link IDENTITY_KEPT} scenarios; never written after it is packed. */
let IDENTITY_RULES: Float64Array = new Float64Array(0);
/** The longest range whose identity rules are kept (as the risk arrays' price row): a larger one's are its own. */
const IDENTITY_KEPT = 1024;

/**
 * A search's rules over scenarios `0 .. end - 1`: `rules` itself when it reaches `end`; a copy over
 * the identity's floats out to `end` when it is packed for fewer scenarios (read past its end it would
 * be undefined: NaN P&L); the identity's where there are none.
 */
function searchRules(rules: Float64Array | undefined, end: number): Float64Array {
  if (rules === undefined) {
    if (IDENTITY_RULES.length >= AGGREGATE_FLOATS * end) return IDENTITY_RULES;
    const identity = packAggregateRules([], end);
    if (end <= IDENTITY_KEPT) IDENTITY_RULES = identity;
    return identity;
  }
  if (rules.length >= AGGREGATE_FLOATS * end) return rules;
  // The objects' form of earlier versions would be copied as NaN: refused, not scanned.
  if (!(rules instanceof Float64Array)) throw new TypeError('scanCandidates: rules must be a Float64Array packed by packAggregateRules');
  const whole = packAggregateRules([], end);
  whole.set(rules);
  return whole;
}

/** Keeps the first `c` candidates whose loss is not below `floor`, in order; their new count. */
function dropBelow(candidates: Int32Array, losses: Float64Array, c: number, floor: number): number {
  let k = 0;
  for (let i = 0; i < c; i++) {
    const l = losses[i]!;
    if (!(l < floor)) {
      candidates[k] = candidates[i]!;
      losses[k++] = l;
    }
  }
  return k;
}

/**
 * The largest of `weights[start .. start + len)`, at least 1: the weight that scales a scan's float
 * tolerance ({@link scanCandidates}).
 *
 * @example
 * ```ts
 * largestWeight(Float64Array.of(0.5, 2, 1), 0, 3); // 2
 * largestWeight(Float64Array.of(0.5, 0.25), 0, 2); // 1
 * ```
 */
export function largestWeight(weights: Float64Array, start: number, len: number): number {
  let maxW = 1;
  for (let j = 0, s = start; j < len; j++, s++) {
    const w = weights[s]!;
    if (w > maxW) maxW = w;
  }
  return maxW;
}

/** The quantity {@link scanCandidates} passes its vector with, as one entry. */
const UNIT_QTY = Float64Array.of(1);

/**
 * The candidate scenarios of a scan, shared by both number layers: those of the first `len` of
 * `vector` (scenarios `start ..`) whose weighted float loss is within {@link SCAN_TOLERANCE} x `scale`
 * (x the largest weight, at least 1) of the float maximum, ascending. Each layer recomputes them
 * exactly. With `rules` (a unit's aggregated-vector rules, in floats, packed by scenario), each scenario's
 * P&L passes its rule first (`aggregatedFloat`), and `ruled`, if given, receives them (no -0).
 *
 * One pass over the scenarios (rule, weight, maximum and candidates together; `ruled`, when asked
 * for, is written in a loop of its own after it, so it may be `vector` itself): a scan's float work is
 * a few entries over a few dozen scenarios, where each extra pass costs as much as the sums. The
 * candidates are kept against the running maximum and those below the final one dropped after the
 * pass (over the few kept, not the range; those last kept that a new maximum puts below its floor
 * go at once); float subtraction is monotone, so a scenario passed over or dropped against a lower
 * maximum is below the final one too, and the set is the one a second pass against the final maximum
 * would choose.
 *
 * @param vector float P&L per scenario of the range, before any rule (settlement currency).
 * @param weights float weights of all scenarios (indexed by scenario, from `start`).
 * @param scale the float error scale (sum of |qty| x largest |P&L|, as {@link scanVector} returns it).
 * @param candidates output, at least `len` long: scenario indices.
 * @param rules the unit's rules' float terms, packed by scenario ({@link packAggregateRules}, as `UnitAggregateRules.float`;
 *   read as if followed by the identity's floats: a scenario past its end has no rule); undefined: no rules.
 * @param ruled output for the P&L after the rules, at least `len` long (only with `rules`).
 * @param losses scratch, at least `len` long (allocated when absent).
 * @param maxWeight `largestWeight(weights, start, len)`, when the caller keeps it (computed when absent).
 * @returns the number of candidates.
 * @example
 * ```ts
 * const c = new Int32Array(2);
 * scanCandidates(Float64Array.of(-20, 10), 2, Float64Array.of(1, 1), 0, 20, c); // 1; c[0] === 0
 * // with a rule on scenario 0 that relieves a loss by 15: -20 becomes -5, still the worst
 * // packed by scenario (gain factor, cap, gain relief, loss relief; absent: +Infinity, 0, -0), scenario 1 without a rule (the identity)
 * const rules = Float64Array.of(0, Infinity, 0, 15, 1, Infinity, 0, -0);
 * scanCandidates(Float64Array.of(-20, 10), 2, Float64Array.of(1, 1), 0, 20, c, rules); // 1; c[0] === 0
 * ```
 */
export function scanCandidates(
  vector: Float64Array,
  len: number,
  weights: Float64Array,
  start: number,
  scale: number,
  candidates: Int32Array,
  rules?: Float64Array,
  ruled?: Float64Array,
  losses: Float64Array = new Float64Array(len),
  maxWeight?: number,
): number {
  // A clear error for a JavaScript caller without the output, not a crash inside the pass.
  if (!(candidates instanceof Int32Array)) throw new TypeError('scanCandidates: candidates must be an Int32Array at least len long');
  start |= 0;
  len |= 0;
  // The vector as one entry of quantity 1 (`0 + 1 x v` is v, but -0 as +0: equal where losses are
  // compared, and the rules' output is written without -0).
  const c = scanPass(1, UNIT_QTY, [vector], 0, len, undefined, vector, weights, start, scale, maxWeight ?? largestWeight(weights, start, len), losses, candidates, rules);
  // The ruled output after the search: `ruled` may be `vector` itself (each rule applied once).
  if (rules !== undefined && ruled !== undefined) {
    const R = searchRules(rules, start + len);
    for (let j = 0, o = AGGREGATE_FLOATS * start; j < len; j++, o += AGGREGATE_FLOATS) {
      const x = aggregatedFloat(0 + 1 * vector[j]!, R, o);
      ruled[j] = x === 0 ? 0 : x;
    }
  }
  return c;
}

/**
 * `f` of each item, as a Float64Array: what `Float64Array.from(items, f)` makes (each result
 * converted to a float64), by a plain loop, where `from` walks the items through the iterator protocol
 * (a generic property read per step). Internal.
 *
 * @example
 * ```ts
 * floatsOf([{ x: 1 }, { x: 2.5 }], (e) => e.x); // Float64Array [1, 2.5]
 * ```
 */
export function floatsOf<E>(items: readonly E[], f: (item: E) => number): Float64Array {
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = f(items[i]!);
  return out;
}

/**
 * The exact worst weighted loss of a scan from its float P&L vector (scenarios `start ..`): every
 * candidate scenario ({@link scanCandidates}) is recomputed exactly by `exact(s)` (its total P&L,
 * settlement currency, and any detail to keep), weighted by `weightDecimals[s] / weightDivisors[s]`;
 * the largest exact loss wins, ties to the lowest index. The Decimal layer's search behind
 * `scanRisk` and `aggregatedScan`.
 *
 * With `rules` (a unit's aggregated-vector rules), each scenario's P&L passes its rule first, in
 * floats for the search and exactly for the recheck (the rules are monotone and 1-Lipschitz for a
 * gain factor up to 1, so the tolerance still holds); `aggregated` then holds the adjusted vector and
 * the worst scenario's exact total before and after its rule.
 *
 * @param vector float P&L per scenario of the range (all entries together).
 * @param scale the sum of |qty| x largest |P&L| of the entries: the float error scale.
 * @example
 * ```ts
 * // float P&L +50 and -30 in two scenarios of weight 1, recomputed exactly: the worst loss is 30, in scenario 1
 * const exactTotal = [D(50), D(-30)];
 * const w = worstExact(Float64Array.from([50, -30]), weights, weightDecimals, weightDivisors, 0, 200, (s) => ({ total: exactTotal[s], detail: s }));
 * [w.loss.toString(), w.worst]; // ['30', 1] (a loss may be negative: the caller floors it at 0)
 * ```
 */
export function worstExact<T>(
  vector: Float64Array,
  weights: Float64Array,
  weightDecimals: readonly Decimal[],
  weightDivisors: readonly (Decimal | undefined)[],
  start: number,
  scale: number,
  exact: (s: number) => { total: Decimal; detail: T },
  rules?: UnitAggregateRules,
): { loss: Decimal; worst: number; detail: T; aggregated?: ScanOutcome['aggregated'] } {
  const len = vector.length;
  const v = rules ? new Float64Array(len) : vector;
  const candidates = new Int32Array(len);
  const count = scanCandidates(vector, len, weights, start, scale, candidates, rules?.float, v);
  let best: Decimal | undefined;
  let worst = start;
  let detail: T | undefined;
  let total: Decimal | undefined;
  let adjusted: Decimal | undefined;
  let rule: AggregateTerms<Decimal> | undefined;
  for (let c = 0; c < count; c++) {
    const s = candidates[c]!;
    const x = exact(s);
    const r = rules?.exact[s];
    const t = r ? aggregatedPnl(DECIMAL_ARITHMETIC, x.total, r) : x.total;
    const div = weightDivisors[s];
    const weighted = t.neg().mul(weightDecimals[s]!);
    const loss = div ? weighted.div(div) : weighted;
    if (best === undefined || loss.gt(best)) {
      best = loss;
      worst = s;
      detail = x.detail;
      total = x.total;
      adjusted = t;
      rule = r;
    }
  }
  if (rules) {
    const aggregated: NonNullable<ScanOutcome['aggregated']> = { vector: v, total: total!, adjusted: adjusted!.isZero() ? new D(0) : adjusted! };
    if (rule) aggregated.rule = rule;
    return { loss: best!, worst, detail: detail!, aggregated };
  }
  return { loss: best!, worst, detail: detail! };
}

/**
 * Scan risk: the worst weighted scenario loss of the entries over scenarios `[start, end)`, at
 * least 0. The worst scenario is found with floats (entries summed in the given, canonical order);
 * every scenario within {@link SCAN_TOLERANCE} of the float maximum is then recomputed exactly in
 * Decimal and the exact maximum wins (ties: the lowest scenario index), so futures-only books match
 * the decimal hand calculation digit for digit.
 *
 * @param entries sorted canonically by the caller.
 * @param weights float weights of all scenarios; the exact weight is `weightDecimals[s] / weightDivisors[s]`.
 * @param rules the unit's aggregated-vector rules, if the set has them (see {@link worstExact}).
 * @example
 * ```ts
 * const entries = [{ kind: 'position' as const, key: 'BTC-PERP', qty: D(1), arr: arrays.instruments.get('BTC-PERP')! }];
 * const out = scanRisk(entries, arrays.weights, arrays.weightDecimals, arrays.weightDivisors, 0, 27);
 * out.amount.toString(); // e.g. '16008'
 * ```
 */
export function scanRisk(
  entries: readonly ScanEntry[],
  weights: Float64Array,
  weightDecimals: readonly Decimal[],
  weightDivisors: readonly (Decimal | undefined)[],
  start: number,
  end: number,
  rules?: UnitAggregateRules,
): ScanOutcome {
  const len = Math.max(0, end - start);
  const vector = new Float64Array(len);
  // Float64Arrays, as the kernel passes them: one element type at the shared loop.
  const scale = scanVector(entries.length, floatsOf(entries, (e) => e.qty.toNumber()), entries.map((e) => e.arr.pnl), floatsOf(entries, (e) => e.arr.maxAbs), start, end, vector);
  if (len === 0 || entries.length === 0) return { amount: new D(0), worst: len === 0 ? -1 : start, pnl: entries.map(() => new D(0)), vector };
  // Each entry's exact P&L is kept, so the worst scenario's need not be computed a second time.
  const w = worstExact(
    vector,
    weights,
    weightDecimals,
    weightDivisors,
    start,
    scale,
    (s) => {
      const pnl = entries.map((e) => entryPnl(e, s));
      let total = new D(0);
      for (const x of pnl) total = total.plus(x);
      return { total, detail: pnl };
    },
    rules,
  );
  const best = w.loss;
  const worst = w.worst;
  const worstPnl = w.detail;
  const amount = best!.gt(0) ? best! : new D(0);
  for (let j = 0; j < len; j++) if (vector[j] === 0) vector[j] = 0; // no -0 in JSON output
  return w.aggregated ? { amount, worst, pnl: worstPnl, vector, aggregated: w.aggregated } : { amount, worst, pnl: worstPnl, vector };
}
