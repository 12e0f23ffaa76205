import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import type { RiskArray } from '../scenarios/RiskArrays.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { aggregatedPnl, FLOAT_ARITHMETIC, type AggregateTerms, type UnitAggregateRules } from './aggregateRules.js';

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
 * the float. Weak keys: the cache goes with the arrays.
 */
const converted = new WeakMap<Float64Array, (Decimal | undefined)[]>();

function exactOf(pnl: Float64Array, s: number, up: 0 | 1): Decimal {
  let c = converted.get(pnl);
  if (c === undefined) converted.set(pnl, (c = new Array<Decimal | undefined>(2 * pnl.length)));
  const k = 2 * s + up;
  return (c[k] ??= fromFloat(pnl[s]!, up ? 'against-account-loss' : 'against-account-value'));
}

/**
 * The exact worst weighted loss of a scan from its float P&L vector (scenarios `start ..`): every
 * scenario whose float loss is within {@link SCAN_TOLERANCE} x `scale` (x the largest weight) of the
 * float maximum is recomputed exactly by `exact(s)` (its total P&L, settlement currency, and any
 * detail to keep), weighted by `weightDecimals[s] / weightDivisors[s]`; the largest exact loss wins,
 * ties to the lowest index. The one search behind `scanRisk` and `aggregatedScan`.
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
 * const w = worstExact(vector, weights, weightDecimals, weightDivisors, 0, scale, (s) => ({ total: exactTotal(s), detail: s }));
 * w.loss.toString(); // the worst weighted loss (may be negative: the caller floors it at 0)
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
  let v = vector;
  if (rules) {
    v = new Float64Array(len);
    for (let j = 0; j < len; j++) {
      const r = rules.float[start + j];
      const x = r ? aggregatedPnl(FLOAT_ARITHMETIC, vector[j]!, r) : vector[j]!;
      v[j] = x === 0 ? 0 : x;
    }
  }
  let maxLoss = -Infinity;
  let maxW = 1;
  for (let j = 0; j < len; j++) {
    const w = weights[start + j]!;
    if (w > maxW) maxW = w;
    const loss = -w * v[j]!;
    if (loss > maxLoss) maxLoss = loss;
  }
  const tol = SCAN_TOLERANCE * scale * maxW;
  let best: Decimal | undefined;
  let worst = start;
  let detail: T | undefined;
  let total: Decimal | undefined;
  let adjusted: Decimal | undefined;
  let rule: AggregateTerms<Decimal> | undefined;
  for (let j = 0; j < len; j++) {
    if (-weights[start + j]! * v[j]! < maxLoss - tol) continue;
    const x = exact(start + j);
    const r = rules?.exact[start + j];
    const t = r ? aggregatedPnl(DECIMAL_ARITHMETIC, x.total, r) : x.total;
    const div = weightDivisors[start + j];
    const weighted = t.neg().mul(weightDecimals[start + j]!);
    const loss = div ? weighted.div(div) : weighted;
    if (best === undefined || loss.gt(best)) {
      best = loss;
      worst = start + j;
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
  let scale = 0;
  for (const e of entries) {
    const q = e.qty.toNumber();
    const pnl = e.arr.pnl;
    for (let j = 0; j < len; j++) vector[j] = vector[j]! + q * pnl[start + j]!;
    scale += Math.abs(q) * e.arr.maxAbs;
  }
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
