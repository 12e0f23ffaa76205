import type { Arithmetic } from '../numeric/Arithmetic.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloatInto, type FloatParts, type FloatRounding } from '../numeric/fromFloat.js';
import { decimalString } from '../numeric/rounding.js';
import { MS_PER_YEAR } from '../pricing/yearFraction.js';
import type { AddOn, Holding } from './Holding.js';
import { holdingValues, type HoldingValues } from './holdingValues.js';
import { groupPlan, PLAN_SCRATCH, rankKeys } from './groupPlan.js';
import { symbolOrder } from './symbolOrder.js';
import type { RollShockParams } from './MarginParameters.js';

/**
 * The roll shock's structure over a list of holdings, as indices into that list (flat, so that the
 * kernel keeps it in a compiled account's ints): `[nFutures, future..., nExpiries, (nMembers, member...)...]`,
 * the futures and perpetuals in symbol order, then each underlying and expiry of the options (with
 * `includeOptions`) in key order, its members in symbol order. Internal.
 */
export type RollShockPlan = ArrayLike<number>;

/** What the roll shock reads of a unit's holdings, by index, in one number layer: besides units, prices and deltas, the rate of each holding's maturity. Internal. */
export interface RollShockValues<T> extends HoldingValues<T> {
  /** The roll-shock rate of holding `i`'s maturity (see {@link rollShockRateAt}). */
  rate(i: number): T;
}

/**
 * The roll-shock rate of a maturity: `max(minAnnualisedMove, annualisedMoveRisk * years)`. Written once
 * for every number layer. Internal.
 *
 * @example
 * ```ts
 * rollShockRate(DECIMAL_ARITHMETIC, D('0.0299'), D('0.01'), D('0.075')).toString(); // '0.01' (0.075 x 0.0299 = 0.0022 is below the floor)
 * ```
 */
export function rollShockRate<T>(A: Arithmetic<T>, years: T, minAnnualisedMove: T, annualisedMoveRisk: T): T {
  return A.max(minAnnualisedMove, A.mul(annualisedMoveRisk, years));
}

const ZERO = new D(0);

/** Rates already computed per parameter block and time to expiry (ms); a bounded, pure memo. */
const rates = new WeakMap<RollShockParams, Map<number, Decimal>>();

/**
 * The rate of a maturity `expiryMs - asOfMs` away (a perpetual or a past expiry: 0 years), exact:
 * `max(minAnnualisedMove, annualisedMoveRisk * (expiry - asOf) / 365 days)`. Where the term is plainly
 * below the floor (by a relative 1e-9 in floats) the rate is the floor without the exact division.
 * Memoised per parameter block and distance to expiry. The Decimal value both number layers read
 * (the kernel converts it once per tick). Internal.
 *
 * @example
 * ```ts
 * rollShockRateAt(undefined, asOfMs, { minAnnualisedMove: D('0.01'), annualisedMoveRisk: D('0.075'), includeOptions: true }).toString(); // '0.01' (a perpetual)
 * ```
 */
export function rollShockRateAt(expiryMs: number | undefined, asOfMs: number, p: RollShockParams): Decimal {
  const ms = expiryMs === undefined || expiryMs <= asOfMs ? 0 : expiryMs - asOfMs;
  let byMs = rates.get(p);
  if (!byMs) rates.set(p, (byMs = new Map()));
  let r = byMs.get(ms);
  if (r === undefined) {
    const below = ms === 0 || p.annualisedMoveRisk.toNumber() * (ms / MS_PER_YEAR) < p.minAnnualisedMove.toNumber() * (1 - 1e-9);
    r = rollShockRate(DECIMAL_ARITHMETIC, below ? ZERO : new D(ms).div(MS_PER_YEAR), p.minAnnualisedMove, p.annualisedMoveRisk);
    if (byMs.size >= 4096) byMs.clear();
    byMs.set(ms, r);
  }
  return r;
}

/**
 * The key of an option's line in a roll shock, `underlying|expiryMs`: the lines are in key order. An
 * expiry has no '|', so a key names one (underlying, expiry). Internal.
 *
 * @example
 * ```ts
 * rollShockKey({ underlying: 'BTC', expiryMs: 1798272000000 }); // 'BTC|1798272000000'
 * ```
 */
export function rollShockKey(h: Pick<Holding<unknown>, 'underlying' | 'expiryMs'>): string {
  return `${h.underlying}|${h.expiryMs}`;
}

/**
 * Each item's key in {@link rollShockLines}: -1 for a future, else the rank of the option's
 * {@link rollShockKey} among the items' (equal keys, equal ranks; in key order). The one statement of
 * which holding makes which line: the Decimal layer keys a unit's holdings per call, the kernel its
 * instrument table once (the ranks among more keys than a unit's: the same order). Internal.
 *
 * @example
 * ```ts
 * // BTC-PERP, a BTC Dec call, a BTC Mar call, a BTC Dec put
 * Array.from(rollShockKeys([{ kind: 'future', underlying: 'BTC', expiryMs: undefined }, { kind: 'option', underlying: 'BTC', expiryMs: 1798185600000 }, { kind: 'option', underlying: 'BTC', expiryMs: 1806048000000 }, { kind: 'option', underlying: 'BTC', expiryMs: 1798185600000 }])); // [-1, 0, 1, 0]
 * ```
 */
export function rollShockKeys(items: readonly Pick<Holding<unknown>, 'kind' | 'underlying' | 'expiryMs'>[]): Int32Array {
  // The Decimal layer keys a unit's holdings on every call: its options are first told apart by line
  // (sameLine: equal keys, without making one; the latest line tried first, as in symbol order a
  // line's options follow each other), so that a key is made per line, not per option, and none for one line.
  // Past a unit's few holdings (an instrument table's), lines by key in a Map: a scan per option
  // would be quadratic.
  const keys = new Int32Array(items.length);
  const first: number[] = [];
  const byKey = items.length > 16 ? new Map<string, number>() : undefined;
  for (let i = 0; i < items.length; i++) {
    const h = items[i]!;
    let g = -1;
    if (h.kind !== 'future') {
      const key = byKey === undefined ? '' : rollShockKey(h);
      if (byKey === undefined) {
        g = first.length;
        while (--g >= 0 && !sameLine(items[first[g]!]!, h));
      } else g = byKey.get(key) ?? -1;
      if (g < 0) {
        g = first.push(i) - 1;
        byKey?.set(key, g);
      }
    }
    keys[i] = g;
  }
  if (first.length > 1) {
    const rank = rankKeys(first.map((i) => rollShockKey(items[i]!)));
    for (let i = 0; i < keys.length; i++) if (keys[i]! >= 0) keys[i] = rank[keys[i]!]!;
  }
  return keys;
}

/**
 * Whether two options make one roll-shock line: their {@link rollShockKey}s are equal (an expiry has
 * no '|': the same underlying, and expiries that print the same, which distinct numbers never do:
 * `===`, or both NaN).
 */
function sameLine(a: Pick<Holding<unknown>, 'underlying' | 'expiryMs'>, b: Pick<Holding<unknown>, 'underlying' | 'expiryMs'>): boolean {
  return a.underlying === b.underlying && (a.expiryMs === b.expiryMs || (a.expiryMs !== a.expiryMs && b.expiryMs !== b.expiryMs));
}

/**
 * The lines of a roll shock (see {@link RollShockPlan}): one per future and perpetual held, then,
 * with `includeOptions`, one per underlying and expiry of the options held. Depends on the holdings'
 * symbols, kinds, underlyings and expiries only: the Decimal layer plans per call, through
 * {@link rollShockLines} (the rule) with the lines' keys ranked here; the kernel plans a compiled
 * account once, through the same rule with its instrument table's ranks. Internal.
 *
 * @example
 * ```ts
 * // holdings: BTC-PERP, a BTC Dec call, BTC-26MAR27, BTC-25JUN27, ETH-PERP (indices 0 to 4)
 * rollShockPlan(holdings, true); // Int32Array [4, 3, 2, 0, 4, 1, 1, 1]: futures 25JUN27, 26MAR27, BTC-PERP, ETH-PERP; one expiry, the call
 * ```
 */
export function rollShockPlan(holdings: readonly Pick<Holding<unknown>, 'symbol' | 'kind' | 'underlying' | 'expiryMs'>[], includeOptions: boolean): Int32Array {
  const out = new Int32Array(2 + 2 * holdings.length);
  // A copy, not a view: a view of a small typed array gives it an array buffer of its own (a runtime call, malloc'd storage).
  return out.slice(0, rollShockLines(rollShockKeys(holdings), holdings.length, includeOptions, symbolOrder(holdings), out, 0));
}

/**
 * The roll shock's rule over ranked holdings (see {@link RollShockPlan}): the futures first, in symbol
 * order, then, with `includeOptions`, the options grouped by line, the lines in key order, each
 * one's members in symbol order. The one statement of that structure, which {@link rollShockPlan}
 * (the Decimal layer) and the kernel's compile share. Internal.
 *
 * @param keys by holding index: its key, as {@link rollShockKeys} makes them (-1 a future, else the
 *   rank of the option's {@link rollShockKey}), e.g. among a fixed set (the kernel keys its instrument
 *   table once).
 * @param n how many holdings (the first `n` keys: a caller may pass a kept list).
 * @param order the holdings' indices in symbol order; undefined: the holdings are in that order.
 * @param out where the plan is written: room for `2 + 2 * n` ints from `at`.
 * @returns the offset just past the plan in `out`.
 * @example
 * ```ts
 * // BTC-25JUN27, BTC-26MAR27, a BTC Dec call (key rank 3), BTC-PERP, ETH-PERP, in symbol order
 * const out = new Int32Array(12);
 * rollShockLines([-1, -1, 3, -1, -1], 5, true, undefined, out, 0); // 8: out starts [4, 0, 1, 3, 4, 1, 1, 2]
 * ```
 */
export function rollShockLines(keys: ArrayLike<number>, n: number, includeOptions: boolean, order: ArrayLike<number> | undefined, out: Int32Array, at: number): number {
  // The futures first, then the options' lines.
  const head = at++;
  const s = PLAN_SCRATCH.room(n);
  const sk = s.keys;
  const sm = s.members;
  // Whether an option's line is kept, as 0 or 1.
  const opt = includeOptions ? 1 : 0;
  let count = 0;
  // Without a branch on the holding's kind (a future or an option, as the account's data has them:
  // a mispredicted branch a holding or so): each holding written to both lists, and the list it
  // belongs to moved on by one (a write past a list's end is overwritten, or lies past the plan).
  for (let j = 0; j < n; j++) {
    const i = order ? order[j]! : j;
    const k = keys[i]!;
    const future = k >>> 31;
    out[at] = i;
    at += future;
    sk[count] = k;
    sm[count] = i;
    count += (future ^ 1) & opt;
  }
  out[head] = at - head - 1;
  return groupPlan(out, at, s.keys, s.members, count);
}

/** One line's roll shock: `|units| * rate * unitPrice`. Internal. */
export function rollShockTerm<T>(A: Arithmetic<T>, units: T, rate: T, unitPrice: T): T {
  return A.mul(A.mul(A.abs(units), rate), unitPrice);
}

/** The direction an expiry's net delta is rounded in when it becomes units (away from zero: never understated). */
const EXPIRY_ROUNDING: FloatRounding = 'against-account-loss';

/** An expiry's |net delta| (units of underlying): its members' float deltas summed in symbol order. */
function expiryDelta(plan: RollShockPlan, at: number, v: Pick<HoldingValues<unknown>, 'delta'>): number {
  let delta = 0;
  for (let n = plan[at]!, j = at + 1; n > 0; n--, j++) delta += v.delta(plan[j]!);
  return Math.abs(delta);
}

/**
 * The units of an expiry's line: its options' net delta (units of underlying), a float summed in
 * symbol order, its absolute value rounded away from zero through `fromFloat`. Internal.
 *
 * @param at the offset of the expiry's `nMembers` in the plan.
 * @example
 * ```ts
 * // The plan of the holdings above: the expiry whose member count is at offset 6 holds the short call, delta -2.6.
 * expiryDeltaUnits(DECIMAL_ARITHMETIC, [4, 3, 2, 0, 4, 1, 1, 1], 6, holdingValues(holdings)).toString(); // '2.6'
 * ```
 */
export function expiryDeltaUnits<T>(A: Arithmetic<T>, plan: RollShockPlan, at: number, v: HoldingValues<T>): T {
  return A.fromFloat(expiryDelta(plan, at, v), EXPIRY_ROUNDING);
}

/** The digits of an expiry's units, written in place (the walk is synchronous and `expiryLine` reads them at once). */
const EXPIRY_PARTS: FloatParts = { m: 0, e: 0 };

/**
 * Visits a plan's lines in line order: `line(units, i)` with the line's units (a future's units, an
 * expiry's net delta units; not yet absolute) and the index `i` of the holding whose rate and unit price
 * apply (the future itself, an expiry's first member). The one walk of the plan both sums below use
 * (the Decimal layer's and the kernel's limb sum). Internal.
 *
 * @param expiryLine when given, called for an expiry's line instead of `line`, with its units as the
 *   digits `units.m x 10^-units.e` (m >= 0) that `A.fromFloat` makes its number of (`fromFloatInto`, same
 *   rounding), in an object reused line after line (a float argument would be boxed per call): for a
 *   layer that reads those digits and need not make a number per expiry (the kernel's fast pass).
 * @example
 * ```ts
 * // The plan of the holdings above: lines BTC-25JUN27, BTC-26MAR27, BTC-PERP, ETH-PERP, then the expiry of the call (index 1).
 * const at: number[] = [];
 * eachRollShockLine(DECIMAL_ARITHMETIC, [4, 3, 2, 0, 4, 1, 1, 1], holdingValues(holdings), (_units, i) => at.push(i));
 * at; // [3, 2, 0, 4, 1]
 * ```
 */
export function eachRollShockLine<T>(A: Arithmetic<T>, plan: RollShockPlan, v: HoldingValues<T>, line: (units: T, i: number) => void, expiryLine?: (units: Readonly<FloatParts>, i: number) => void): void {
  let k = 0;
  for (let n = plan[k++]!; n > 0; n--) {
    const i = plan[k++]!;
    line(v.units(i), i);
  }
  for (let g = plan[k++]!; g > 0; g--) {
    if (expiryLine === undefined) line(expiryDeltaUnits(A, plan, k, v), plan[k + 1]!);
    else {
      fromFloatInto(expiryDelta(plan, k, v), EXPIRY_ROUNDING, EXPIRY_PARTS);
      expiryLine(EXPIRY_PARTS, plan[k + 1]!);
    }
    k += 1 + plan[k]!;
  }
}

/**
 * The roll shock of a plan's lines: `sum |units| * rate * unitPrice`, in line order, each expiry's line
 * at the rate and unit price of its first member. Written once for every number layer. Internal.
 *
 * @example
 * ```ts
 * const v = { ...holdingValues(holdings), rate: () => D('0.01') };
 * // 0.01 x (100 + 100 + 2) x 100,000 + 0.01 x 10 x 3,500 + 0.01 x 2.6 x 100,000 = 202,000 + 350 + 2,600
 * rollShockAmount(DECIMAL_ARITHMETIC, rollShockPlan(holdings, true), v).toString(); // '204950'
 * ```
 */
export function rollShockAmount<T>(A: Arithmetic<T>, plan: RollShockPlan, v: RollShockValues<T>): T {
  let amount = A.zero;
  eachRollShockLine(A, plan, v, (units, i) => {
    amount = A.add(amount, rollShockTerm(A, units, v.rate(i), v.unitPrice(i)));
  });
  return amount;
}

/**
 * Roll shock (see {@link RollShockParams}): `sum |units| * max(minAnnualisedMove, annualisedMoveRisk * T) * unitPrice`
 * over the futures and perpetuals held (per instrument, gross) and, with `includeOptions`, each
 * expiry's net option delta. Exact for futures.
 *
 * @param holdings the risk unit's holdings.
 * @param asOfMs the snapshot's valuation time (epoch ms): `T` is measured from it, ACT/365.
 * @returns the add-on, amount in the settlement currency.
 * @example
 * ```ts
 * // Deribit's example: +0.314538364 BTC perpetual, -0.001187534 BTC 28JUN24 future (T = 0.0299 y), floor 0.01,
 * // annualised 0.075, BTC-settled: 0.01 x (0.314538364 + 0.001187534) x 1 = 0.00315725898 BTC
 * const deribit: Holding[] = [
 *   { symbol: 'BTC-PERPETUAL', kind: 'future', underlying: 'BTC', units: D('0.314538364'), unitPrice: D(1), delta: 0.314538364 },
 *   { symbol: 'BTC-28JUN24', kind: 'future', underlying: 'BTC', units: D('-0.001187534'), unitPrice: D(1), delta: -0.001187534, expiryMs: asOfMs + 0.0299 * 365 * 86_400_000 },
 * ];
 * rollShock(deribit, asOfMs, { minAnnualisedMove: D('0.01'), annualisedMoveRisk: D('0.075'), includeOptions: true }).amount.toString(); // '0.00315725898'
 * ```
 */
export function rollShock(holdings: readonly Holding[], asOfMs: number, p: RollShockParams): AddOn {
  const plan = rollShockPlan(holdings, p.includeOptions);
  const v: RollShockValues<Decimal> = { ...holdingValues(holdings), rate: (i) => rollShockRateAt(holdings[i]!.expiryMs, asOfMs, p) };
  let futures = ZERO;
  let options = ZERO;
  for (const h of holdings) if (h.kind === 'future') futures = futures.plus(h.units.abs());
  let k = 1 + plan[0]!;
  for (let g = plan[k++]!; g > 0; g--, k += 1 + plan[k]!) options = options.plus(expiryDeltaUnits(DECIMAL_ARITHMETIC, plan, k, v));
  return {
    name: 'rollShock',
    amount: rollShockAmount(DECIMAL_ARITHMETIC, plan, v),
    apply: 'add',
    inputs: {
      minAnnualisedMove: decimalString(p.minAnnualisedMove),
      annualisedMoveRisk: decimalString(p.annualisedMoveRisk),
      includeOptions: p.includeOptions,
      grossFutureUnits: decimalString(futures),
      optionDeltaUnits: decimalString(options),
    },
  };
}
