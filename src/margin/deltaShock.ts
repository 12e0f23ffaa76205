import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { FLOAT_SIGNIFICANT_DIGITS } from '../numeric/fromFloat.js';
import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { AddOn, Holding } from './Holding.js';
import { holdingValues, type HoldingValues } from './holdingValues.js';
import { groupPlan, PLAN_SCRATCH, rankKeys } from './groupPlan.js';
import { symbolOrder } from './symbolOrder.js';
import type { DeltaShockParams } from './MarginParameters.js';

/**
 * The delta shock of one underlying: with `D = |delta|` (units of underlying), `excess = max(0, D -
 * threshold / index)` and the charge `D * min(incrementPerUnit * excess, max) * unitPrice`
 * (settlement currency). Written once for every number layer. Internal.
 *
 * @param threshold in the index's quote currency (USD).
 * @param index the underlying's index, quote currency per unit.
 * @example
 * ```ts
 * // 1,000 BTC of delta at 65,000 against 20,000,000 USD: excess 1000 - 307.69 = 692.31 BTC;
 * // rate min(0.00005 x 692.31, 0.1) = 0.0346; charge 1000 x 0.0346 x 1 = 34.6 BTC
 * deltaShockAmount(DECIMAL_ARITHMETIC, D(1000), D(65000), D(1), D(20_000_000), D('0.00005'), D('0.1')).toFixed(4); // '34.6154'
 * ```
 */
export function deltaShockAmount<T>(A: Arithmetic<T>, delta: T, index: T, unitPrice: T, threshold: T, incrementPerUnit: T, max: T): T {
  const d = A.abs(delta);
  // At or below the threshold (D x index <= threshold) there is no excess: no division needed.
  if (A.cmp(A.mul(d, index), threshold) <= 0) return A.zero;
  const excess = A.sub(d, A.div(threshold, index));
  return A.mul(A.mul(d, A.min(A.mul(incrementPerUnit, excess), max)), unitPrice);
}

/**
 * The delta shock's structure over a list of holdings, as indices into that list (flat, so that the
 * kernel keeps it in a compiled account's ints): `[nUnderlyings, (nMembers, member...)...]`, the
 * underlyings in key order, each one's holdings in symbol order, a future as its index `i`, an option
 * as `~i` (negative). Internal.
 */
export type DeltaShockPlan = ArrayLike<number>;

/** What the delta shock reads of a unit's holdings, by index, in one number layer: besides units, prices and deltas, the index of each holding's underlying. Internal. */
export interface DeltaShockValues<T> extends HoldingValues<T> {
  /** The index of holding `i`'s underlying, quote currency per unit. */
  index(i: number): T;
}

/**
 * The delta shock's plan of a unit's holdings (see {@link DeltaShockPlan}). Depends on the holdings'
 * symbols, kinds and underlyings only: the Decimal layer plans per call, through {@link deltaShockLines}
 * (the rule) with the underlyings ranked here; the kernel plans a compiled account once, through the
 * same rule with its instrument table's ranks. Internal.
 *
 * @example
 * ```ts
 * // holdings: BTC-PERP, a BTC Dec call, BTC-26MAR27, BTC-25JUN27, ETH-PERP (indices 0 to 4)
 * deltaShockPlan(holdings); // Int32Array [2, 4, -2, 3, 2, 0, 1, 4]: BTC (the call ~1, 25JUN27, 26MAR27, BTC-PERP), ETH (ETH-PERP)
 * ```
 */
export function deltaShockPlan(holdings: readonly Pick<Holding<unknown>, 'symbol' | 'kind' | 'underlying'>[]): Int32Array {
  const out = new Int32Array(1 + 2 * holdings.length);
  // A copy, not a view: a view of a small typed array gives it an array buffer of its own (a runtime call, malloc'd storage).
  return out.slice(0, deltaShockLines(deltaShockKeys(holdings), holdings.length, symbolOrder(holdings), out, 0));
}

/**
 * Each item's key in {@link deltaShockLines}: its underlying's rank among the items' (in key order),
 * doubled, plus 1 for an option. The one statement of which holding goes to which underlying's line:
 * the Decimal layer keys a unit's holdings per call, the kernel its instrument table once (the ranks
 * among more underlyings than a unit's: the same order). Internal.
 *
 * @example
 * ```ts
 * // ETH-PERP, a BTC call, BTC-PERP
 * Array.from(deltaShockKeys([{ kind: 'future', underlying: 'ETH' }, { kind: 'option', underlying: 'BTC' }, { kind: 'future', underlying: 'BTC' }])); // [2, 1, 0]
 * ```
 */
export function deltaShockKeys(items: readonly Pick<Holding<unknown>, 'kind' | 'underlying'>[]): Int32Array {
  const keys = rankKeys(items.map((h) => h.underlying));
  for (let i = 0; i < keys.length; i++) keys[i] = 2 * keys[i]! + (items[i]!.kind === 'future' ? 0 : 1);
  return keys;
}

/**
 * The delta shock's rule over keyed holdings (see {@link DeltaShockPlan}): one group per underlying,
 * in key order, each one's holdings in symbol order, a future as its index `i`, an option as `~i`. The
 * one statement of that structure, which {@link deltaShockPlan} (the Decimal layer) and the kernel's
 * compile share. Internal.
 *
 * @param keys by holding index: its key, as {@link deltaShockKeys} makes them (the kernel keys its
 *   instrument table once).
 * @param n how many holdings (the first `n` keys: a caller may pass a kept list).
 * @param order the holdings' indices in symbol order; undefined: the holdings are in that order.
 * @param out where the plan is written: room for `1 + 2 * n` ints from `at`.
 * @returns the offset just past the plan in `out`.
 * @example
 * ```ts
 * // BTC-25JUN27, a BTC call, BTC-PERP, ETH-PERP (BTC rank 0, ETH rank 1), in symbol order
 * const out = new Int32Array(9);
 * deltaShockLines([0, 1, 0, 2], 4, undefined, out, 0); // 7: out starts [2, 3, 0, -2, 2, 1, 3]
 * ```
 */
export function deltaShockLines(keys: ArrayLike<number>, n: number, order: ArrayLike<number> | undefined, out: Int32Array, at: number): number {
  const s = PLAN_SCRATCH.room(n);
  for (let j = 0; j < n; j++) {
    const i = order ? order[j]! : j;
    const k = keys[i]!;
    s.keys[j] = k >> 1;
    // ~i for an option (bit 0 of its key), without a branch on the kind: i ^ -1 is ~i.
    s.members[j] = i ^ -(k & 1);
  }
  return groupPlan(out, at, s.keys, s.members, n);
}

/**
 * An underlying's delta total (units of underlying): its futures' units (exact) plus, with
 * `includeOptions`, its options' deltas (float, summed in symbol order, rounded through `fromFloat`
 * away from zero on the total's side, so that `|total|` is never understated). Written once for every number
 * layer. Internal.
 *
 * @param at the offset of the underlying's `nMembers` in the plan.
 * @example
 * ```ts
 * // The BTC members of the holdings above: futures 2 + 100 - 100, the call's delta -2.6.
 * deltaTotal(DECIMAL_ARITHMETIC, deltaShockPlan(holdings), 1, holdingValues(holdings), true).toString(); // '-0.6'
 * // Deribit's documented example: futures 0.314538364 BTC, options -0.001187534 -> 0.31335083
 * ```
 */
export function deltaTotal<T>(A: Arithmetic<T>, plan: DeltaShockPlan, at: number, v: HoldingValues<T>, includeOptions: boolean): T {
  let futures = A.zero;
  let options = 0;
  for (let n = plan[at]!, j = at + 1; n > 0; n--, j++) {
    const m = plan[j]!;
    if (m >= 0) futures = A.add(futures, v.units(m));
    else if (includeOptions) options += v.delta(~m);
  }
  if (options === 0) return futures;
  // The side of the total, decided exactly (futures >= -options), so every layer sees the same side.
  const up = A.cmp(futures, A.fromFloat(-options, 'nearest')) >= 0;
  return A.add(futures, A.fromFloat(options, up ? 'against-account-loss' : 'against-account-value'));
}

/** The delta shock's parameters in one number layer. */
export interface DeltaShockTerms<T> {
  threshold: T;
  incrementPerUnit: T;
  max: T;
  includeOptions: boolean;
}

/**
 * The delta shock of a plan's underlyings, in key order: `sum deltaShockAmount` of each underlying's
 * |delta total| at the index and unit price of its first holding (symbol order), and the sum of those
 * |totals| (units of underlying). Written once for every number layer. Internal.
 *
 * @param withAbsDelta false when only the amount is wanted (the kernel): `absDelta` is then 0, and an
 *   underlying whose charge the layer's bounds show to be 0 ({@link plainlyBelow}) is skipped.
 * @example
 * ```ts
 * const terms = { threshold: D(20_000_000), incrementPerUnit: D('0.00005'), max: D('0.1'), includeOptions: true }; // Deribit's BTC terms
 * const v = { ...holdingValues(holdings), index: () => D('65666.19') };
 * deltaShockOf(DECIMAL_ARITHMETIC, deltaShockPlan(holdings), v, terms).amount.toString();
 * // '0': |-0.6| BTC and 10 ETH at 65,666.19 are far below 20,000,000
 * ```
 */
export function deltaShockOf<T>(A: Arithmetic<T>, plan: DeltaShockPlan, v: DeltaShockValues<T>, p: DeltaShockTerms<T>, withAbsDelta = true): { amount: T; absDelta: T } {
  let amount = A.zero;
  let absDelta = A.zero;
  // The threshold's lower bound (NaN: no underlying is skipped).
  const threshold = withAbsDelta ? NaN : A.lowerBound(p.threshold);
  let k = 0;
  for (let u = plan[k++]!; u > 0; u--) {
    const m = plan[k + 1]!;
    const first = m >= 0 ? m : ~m;
    const index = v.index(first);
    if (!plainlyBelow(A, plan, k, v, p.includeOptions, threshold, index)) {
      const delta = deltaTotal(A, plan, k, v, p.includeOptions);
      if (withAbsDelta) absDelta = A.add(absDelta, A.abs(delta));
      amount = A.add(amount, deltaShockAmount(A, delta, index, v.unitPrice(first), p.threshold, p.incrementPerUnit, p.max));
    }
    k += 1 + plan[k]!;
  }
  return { amount, absDelta };
}

/** 1 + a unit in the 12th digit: what `fromFloat` may add to a float sum, relative (a constant: `10 **` per call showed in the profile). */
const FROM_FLOAT_GROWTH = 1 + 10 ** (1 - FLOAT_SIGNIFICANT_DIGITS);

/**
 * Whether an underlying's charge is 0 by the layer's float bounds alone: `|delta total| x index` below
 * the threshold with a margin ({@link deltaShockAmount} then returns 0 in every layer, the Decimal
 * layer's 40-digit product included), so that its exact total need not be made. `|total|` is at most
 * the futures' |units| plus the options' |float sum| grown by a unit in its 12th digit (what
 * `fromFloat` may add); the float sums' own roundings are far inside the 1e-9 margin. False whenever
 * a bound is missing (a layer without cheap bounds, NaN).
 *
 * @param threshold a lower bound of the threshold (NaN: none).
 */
function plainlyBelow<T>(A: Arithmetic<T>, plan: DeltaShockPlan, at: number, v: DeltaShockValues<T>, includeOptions: boolean, threshold: number, index: T): boolean {
  if (!(threshold > 0)) return false;
  let futures = 0;
  let options = 0;
  for (let n = plan[at]!, j = at + 1; n > 0; n--, j++) {
    const m = plan[j]!;
    if (m >= 0) {
      const units = v.units(m);
      futures += Math.max(-A.lowerBound(units), A.upperBound(units));
    } else if (includeOptions) options += v.delta(~m);
  }
  const total = futures + Math.abs(options) * FROM_FLOAT_GROWTH;
  return total * Math.max(0, A.upperBound(index)) * (1 + 1e-9) < threshold;
}

/**
 * Delta shock (see {@link DeltaShockParams}), per underlying of the risk unit: `D * min(incrementPerUnit *
 * max(0, D - threshold / index), max) * unitPrice` with `D` the underlying's |delta total|.
 *
 * @param holdings the risk unit's holdings.
 * @param indexOf the index of an underlying (quote currency per unit).
 * @returns the add-on, amount in the settlement currency.
 * @example
 * ```ts
 * // Deribit's example: |0.31335083| BTC x 65,666.19 = 20,577 USD, far below 20,000,000 USD: 0
 * deltaShock(holdings, (u) => D('65666.19'), { threshold: D(20_000_000), incrementPerUnit: D('0.00005'), max: D('0.1'), includeOptions: true }).amount.toString(); // '0'
 * ```
 */
export function deltaShock(holdings: readonly Holding[], indexOf: (underlying: string) => Decimal, p: DeltaShockParams): AddOn {
  const v: DeltaShockValues<Decimal> = { ...holdingValues(holdings), index: (i) => indexOf(holdings[i]!.underlying) };
  const { amount, absDelta } = deltaShockOf(DECIMAL_ARITHMETIC, deltaShockPlan(holdings), v, p);
  return {
    name: 'deltaShock',
    amount,
    apply: 'add',
    inputs: { threshold: decimalString(p.threshold), incrementPerUnit: decimalString(p.incrementPerUnit), max: decimalString(p.max), includeOptions: p.includeOptions, absDeltaUnits: decimalString(absDelta) },
  };
}
