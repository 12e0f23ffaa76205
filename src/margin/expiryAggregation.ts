import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { fromFloat } from '../numeric/fromFloat.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { StaticDiscountSpec } from '../scenarios/ScenarioSpec.js';
import { entryPnl, worstExact, type ScanEntry, type ScanOutcome } from './scanRisk.js';
import type { UnitAggregateRules } from './aggregateRules.js';
import { staticDiscountFactors } from './staticDiscount.js';

/**
 * The options of one underlying and expiry inside a risk unit, valued together in every scenario
 * (the expiry-aggregation step): `members` index the unit's scan entries; `mark` is their float value
 * `sum q * value`; `long` / `short` the static discount factors for a non-negative / negative
 * shocked value (1 without a static discount).
 */
export interface ExpiryGroup {
  underlying: string;
  expiry: string;
  expiryMs: number;
  years: number;
  members: number[];
  /** The members' quantities as floats (hoisted out of the per-scenario loop). */
  qty: number[];
  mark: number;
  long: number;
  short: number;
}

/**
 * Groups a unit's option entries by underlying and expiry (in that order) for the per-expiry
 * mechanisms, with each expiry's static discount factors.
 *
 * @param entries the unit's scan entries, sorted canonically; option entries carry `option`.
 * @throws MarginInputError (`missing_risk_array`) when an option's risk array has no `value` (hand-supplied arrays).
 * @example
 * ```ts
 * // the call of `entries` forms the one group; the perp is not an option
 * expiryGroups(entries, undefined).map((g) => [g.expiry, g.members]); // [['2026-12-25T08:00:00.000Z', [0]]]
 * ```
 */
export function expiryGroups(entries: readonly ScanEntry[], discount: StaticDiscountSpec | undefined): ExpiryGroup[] {
  const byKey = new Map<string, ExpiryGroup>();
  entries.forEach((e, i) => {
    const o = e.option;
    if (!o) return;
    if (e.arr.value === undefined) {
      throw new MarginInputError([{ code: 'missing_risk_array', path: ['instruments', e.key, 'value'], message: `per-expiry mechanisms need the option's value; the risk array of ${e.key} has none`, argument: 'riskArrays' }]);
    }
    const key = `${o.underlying}|${o.expiry}`;
    let g = byKey.get(key);
    if (!g) {
      const f = staticDiscountFactors(o.years, o.rate, discount);
      byKey.set(key, (g = { underlying: o.underlying, expiry: o.expiry, expiryMs: o.expiryMs, years: o.years, members: [], qty: [], mark: 0, long: f.long, short: f.short }));
    }
    const q = e.qty.toNumber();
    g.members.push(i);
    g.qty.push(q);
    g.mark += q * e.arr.value;
  });
  return [...byKey.values()].sort((a, b) => compareKeys(a.underlying, b.underlying) || a.expiryMs - b.expiryMs);
}

/**
 * The float P&L of one expiry group in scenario `s` (settlement currency, unweighted): with
 * `V = sum q * (value + pnl[s])` the group's shocked value, `V * factor - mark` where the factor is
 * `long` for `V >= 0` and `short` below; `-|.|` under a skew state.
 *
 * @example
 * ```ts
 * // one long call worth 100, 200 in scenario 0, long factor 0.95: 200 * 0.95 - 100 = 90
 * const flat = { base: D('0.95'), rateMultiple: D(0), rateAdd: D(0) };
 * const [group] = expiryGroups(entries, { long: flat, short: { ...flat, base: D('1.04') }, shortCappedAtUndiscounted: false });
 * groupPnl(entries, group, 0, false).pnl; // 90 (as a float)
 * ```
 */
export function groupPnl(entries: readonly ScanEntry[], g: ExpiryGroup, s: number, skew: boolean): { value: number; factor: number; pnl: number } {
  let value = 0;
  for (let k = 0; k < g.members.length; k++) {
    const a = entries[g.members[k]!]!.arr;
    value += g.qty[k]! * (a.value! + a.pnl[s]!);
  }
  const factor = value >= 0 ? g.long : g.short;
  let pnl = value * factor - g.mark;
  if (skew && pnl > 0) pnl = -pnl;
  return { value, factor, pnl: pnl === 0 ? 0 : pnl };
}

/** A scan outcome with the exact P&L of each expiry group in the worst scenario. */
export interface AggregatedScanOutcome extends ScanOutcome {
  groupPnl: Decimal[];
}

/**
 * Scan risk with per-expiry aggregation (Derive PMRM_2): in each scenario of `[start, end)`, each
 * expiry group's P&L is {@link groupPnl} (static discount by the sign of the whole expiry's value,
 * `-|P&L|` under a skew state), other entries (futures, collateral) add `qty * pnl`; the weighted
 * worst loss wins, as in `scanRisk`: found in floats, every scenario within the tolerance rechecked
 * exactly (each group's float P&L converted once through `fromFloat`, rounded against the account).
 *
 * @param skewAt true for the scenarios whose vol state is a skew state.
 * @param rules the unit's aggregated-vector rules, if any (see `worstExact`).
 * @example
 * ```ts
 * // scenario 0: call (100 + 100) - 100 = +100, perp -50: +50; scenario 1: call (100 - 60) - 100 = -60,
 * // perp +30: -30. The worst weighted loss is 30, in scenario 1.
 * const out = aggregatedScan(entries, expiryGroups(entries, undefined), weights, weightDecimals, weightDivisors, 0, 2, () => false);
 * [out.amount.toString(), out.worst]; // ['30', 1]
 * ```
 */
export function aggregatedScan(
  entries: readonly ScanEntry[],
  groups: readonly ExpiryGroup[],
  weights: Float64Array,
  weightDecimals: readonly Decimal[],
  weightDivisors: readonly (Decimal | undefined)[],
  start: number,
  end: number,
  skewAt: (s: number) => boolean,
  rules?: UnitAggregateRules,
): AggregatedScanOutcome {
  const len = Math.max(0, end - start);
  const vector = new Float64Array(len);
  const inGroup = new Set<number>();
  for (const g of groups) for (const i of g.members) inGroup.add(i);
  let scale = 0;
  entries.forEach((e, i) => {
    if (inGroup.has(i)) return;
    const q = e.qty.toNumber();
    for (let j = 0; j < len; j++) vector[j] = vector[j]! + q * e.arr.pnl[start + j]!;
    scale += Math.abs(q) * e.arr.maxAbs;
  });
  for (const g of groups) {
    let gs = 0;
    for (const i of g.members) {
      const e = entries[i]!;
      gs += Math.abs(e.qty.toNumber()) * (Math.abs(e.arr.value!) + e.arr.maxAbs);
    }
    scale += gs * Math.max(1, g.long, g.short);
    for (let j = 0; j < len; j++) vector[j] = vector[j]! + groupPnl(entries, g, start + j, skewAt(start + j)).pnl;
  }
  if (len === 0 || entries.length === 0) return { amount: new D(0), worst: len === 0 ? -1 : start, pnl: entries.map(() => new D(0)), vector, groupPnl: groups.map(() => new D(0)) };
  const w = worstExact(vector, weights, weightDecimals, weightDivisors, start, scale, (s) => {
    const pnl = entries.map((e) => entryPnl(e, s));
    let total = new D(0);
    pnl.forEach((x, i) => {
      if (!inGroup.has(i)) total = total.plus(x);
    });
    const gp = groups.map((g) => fromFloat(groupPnl(entries, g, s, skewAt(s)).pnl, 'against-account-value'));
    for (const x of gp) total = total.plus(x);
    return { total, detail: { pnl, gp } };
  }, rules);
  const best = w.loss;
  const worst = w.worst;
  const worstPnl = w.detail.pnl;
  const worstGroups = w.detail.gp;
  const amount = best!.gt(0) ? best! : new D(0);
  for (let j = 0; j < len; j++) if (vector[j] === 0) vector[j] = 0;
  const out: AggregatedScanOutcome = { amount, worst, pnl: worstPnl, vector, groupPnl: worstGroups };
  if (w.aggregated) out.aggregated = w.aggregated;
  return out;
}
