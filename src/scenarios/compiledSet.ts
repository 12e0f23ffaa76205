/*
 * Internal (not re-exported): what buildRiskArrays derives from a scenario set alone (moves per
 * underlying as float and Decimal, weights), compiled once per set, and the risk arrays built on it
 * per parsed market snapshot. Pure memos in WeakMaps keyed by the objects they derive from.
 *
 * A scenario set is plain, mutable JSON: a memo keyed by its identity is used only after checking
 * that every field the risk arrays read (underlyings, moves, vol state, time step, weight) still
 * holds the value it was compiled from, so a caller who edits a set gets a fresh build. Sets from
 * buildScenarioSet are fresh copies of one memoised canonical set (see `copyOfCanonical`), so
 * they all share that set's compiled entry.
 */
import { D, type Decimal } from '../numeric/decimal.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { ownValue } from '../schema/ownValue.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import type { RiskArray } from './RiskArrays.js';
import type { Scenario, ScenarioSet, SkewData, TermScalingData, VolShock } from './ScenarioSet.js';

/** Risk arrays already built for one parsed snapshot on one compiled set (shared: copy before handing out). */
export interface MarketArrays {
  instruments: Map<string, { array: RiskArray; valuation: InstrumentValuation }>;
  assets?: Map<string, RiskArray>;
}

/** One underlying's P&L multipliers per scenario: `num[s] / den[s]` exact (absent = 1), `f[s]` its float. */
export interface PnlScale {
  f: Float64Array;
  num: (Decimal | undefined)[];
  den: (Decimal | undefined)[];
}

/** The float and exact weights of a set, in scenario order. */
export interface CompiledWeights {
  weights: Float64Array;
  weightDecimals: Decimal[];
  weightDivisors: (Decimal | undefined)[];
}

/** A scenario set compiled for revaluation. */
export interface CompiledSet {
  /** Moves per underlying per scenario, float and exact. */
  f: Map<string, Float64Array>;
  d: Map<string, Decimal[]>;
  /**
   * P&L multipliers per underlying per scenario (the scenarios' `pnlScale`), float and as exact
   * ratios; absent for an underlying no scenario scales.
   */
  scale: Map<string, PnlScale>;
  /** Weights, compiled on first use by `compiledWeights`. */
  weights?: CompiledWeights;
  /** The primitive fields compiled from, in visiting order (see `sameFields`). */
  fields: unknown[];
  markets: WeakMap<MarketSnapshot, MarketArrays>;
}

/**
 * Visits, in a fixed order, every field of a set that buildRiskArrays reads: the underlyings, then
 * per scenario its moves of those underlyings, time step, weight, weight ratio and vol state.
 */
function visit(set: ScenarioSet, f: (v: unknown) => boolean): boolean {
  // Defensive (optional chaining throughout): a malformed hand-written set must fail the way the
  // build fails on it, which it does once the check reports a mismatch; the check never throws.
  const us = set?.underlyings;
  const nu = us?.length;
  if (!f(nu)) return false;
  for (let i = 0; i < nu; i++) if (!f(us[i])) return false;
  const sc = set?.scenarios;
  const ns = sc?.length;
  if (!f(ns)) return false;
  for (let s = 0; s < ns; s++) {
    const x: Scenario | undefined = sc[s];
    const moves = x?.moves;
    if (!f(moves)) return false;
    for (let i = 0; i < nu; i++) if (!f(ownValue(moves, us[i]!))) return false;
    const r = x?.weightRatio;
    if (!(f(x?.timeStepDays) && f(x?.weight) && f(r) && f(r?.[0]) && f(r?.[1]) && visitShock(x?.volShock, f))) return false;
    const byU = x?.volShockByUnderlying;
    const scale = x?.pnlScale;
    if (!(f(byU) && f(scale))) return false;
    for (let i = 0; i < nu; i++) {
      const u = us[i]!;
      if (byU !== undefined && !visitShock(ownValue(byU, u), f)) return false;
      const q = scale !== undefined ? ownValue(scale, u) : undefined;
      if (scale !== undefined && !(f(q) && f(q?.[0]) && f(q?.[1]))) return false;
    }
  }
  return true;
}

/** Visits the fields of one vol state that the revaluation reads. */
function visitShock(v: VolShock | undefined, f: (v: unknown) => boolean): boolean {
  const t: TermScalingData | undefined = v?.termScaling;
  const k: SkewData | undefined = v?.skew;
  if (!(f(v) && f(v?.kind) && f(v?.size) && f(v?.termScaled) && f(v?.minVol) && f(t))) return false;
  if (!(f(t?.referenceDays) && f(t?.floorDays) && f(t?.switchDays) && f(t?.shortPower) && f(t?.longPower) && f(t?.switchInclusive))) return false;
  return f(k) && f(k?.shape) && f(k?.capBase) && f(k?.capPerRootYear) && f(k?.kStarMin) && f(k?.kStarWidth) && f(k?.kStarStatic) && f(k?.kStarPerRootYear);
}

function fieldsOf(set: ScenarioSet): unknown[] {
  const out: unknown[] = [];
  visit(set, (v) => {
    // Objects (the weight ratio, the term scaling) are recorded only as present or absent: their
    // contents are visited as primitives right after.
    out.push(v !== null && typeof v === 'object' ? true : v);
    return true;
  });
  return out;
}

/** True when `set` still has, field for field (Object.is), the values `c` was compiled from. */
function sameFields(c: CompiledSet, set: ScenarioSet): boolean {
  const fields = c.fields;
  let i = 0;
  return (
    visit(set, (v) => i < fields.length && Object.is(v !== null && typeof v === 'object' ? true : v, fields[i++])) && i === fields.length
  );
}

function compile(set: ScenarioSet): CompiledSet {
  const n = set.scenarios.length;
  const f = new Map<string, Float64Array>();
  const d = new Map<string, Decimal[]>();
  for (const u of set.underlyings) {
    const fa = new Float64Array(n);
    const da: Decimal[] = new Array<Decimal>(n);
    set.scenarios.forEach((s, i) => {
      const m = new D(ownValue(s.moves, u) ?? '0');
      da[i] = m;
      fa[i] = m.toNumber();
    });
    f.set(u, fa);
    d.set(u, da);
  }
  const scale = new Map<string, PnlScale>();
  for (const u of set.underlyings) {
    let sc: PnlScale | undefined;
    set.scenarios.forEach((s, i) => {
      const q = s.pnlScale !== undefined ? ownValue(s.pnlScale, u) : undefined;
      if (q === undefined) return;
      sc ??= { f: new Float64Array(n).fill(1), num: new Array<Decimal | undefined>(n), den: new Array<Decimal | undefined>(n) };
      const num = new D(q[0]);
      const den = new D(q[1]);
      sc.num[i] = num;
      sc.den[i] = den;
      sc.f[i] = num.div(den).toNumber();
    });
    if (sc) scale.set(u, sc);
  }
  return { f, d, scale, fields: fieldsOf(set), markets: new WeakMap() };
}

/**
 * The float and exact weights of a compiled set (see `scenarioWeights`), computed on first use
 * from `set` (which has the compiled fields) and kept. Shared: slice before handing out.
 */
export function compiledWeights(c: CompiledSet, set: ScenarioSet): CompiledWeights {
  if (!c.weights) {
    const weightDecimals = set.scenarios.map((s) => new D(s.weightRatio ? s.weightRatio[0] : s.weight));
    const weightDivisors = set.scenarios.map((s) => (s.weightRatio ? new D(s.weightRatio[1]) : undefined));
    c.weights = { weights: Float64Array.from(set.scenarios, (s) => new D(s.weight).toNumber()), weightDecimals, weightDivisors };
  }
  return c.weights;
}

const compiled = new WeakMap<ScenarioSet, CompiledSet>();
/** Copies handed out by buildScenarioSet -> the memoised canonical set they copy. */
const canonicalOf = new WeakMap<ScenarioSet, ScenarioSet>();

/**
 * The compiled form of `set`: memoised by identity (or through the canonical set it was copied
 * from), and used only while every field it was compiled from is unchanged; otherwise compiled
 * afresh (and memoised for this object).
 */
export function compiledSet(set: ScenarioSet): CompiledSet {
  const own = compiled.get(set);
  if (own && sameFields(own, set)) return own;
  const canon = canonicalOf.get(set);
  if (canon) {
    let c = compiled.get(canon);
    if (!c) compiled.set(canon, (c = compile(canon)));
    if (sameFields(c, set)) return c;
  }
  const c = compile(set);
  compiled.set(set, c);
  return c;
}

/**
 * A deep copy of a canonical (memoised, never handed out) scenario set: the same JSON, the same
 * key order, and the same sharing of vol-state objects between scenarios as the canonical set,
 * registered so that `compiledSet` finds the canonical set's compiled entry.
 */
export function copyOfCanonical(canon: ScenarioSet): ScenarioSet {
  const shocks = new Map<VolShock, VolShock>();
  const shockCopy = (v: VolShock): VolShock => {
    let c = shocks.get(v);
    if (!c) {
      c = { ...v };
      if (v.termScaling) c.termScaling = { ...v.termScaling };
      if (v.skew) c.skew = { ...v.skew };
      shocks.set(v, c);
    }
    return c;
  };
  const scenarios = canon.scenarios.map((s): Scenario => {
    const c: Scenario = { ...s, moves: { ...s.moves }, volShock: shockCopy(s.volShock) };
    if (s.weightRatio) c.weightRatio = [s.weightRatio[0], s.weightRatio[1]];
    if (s.volShockByUnderlying) c.volShockByUnderlying = Object.fromEntries(Object.entries(s.volShockByUnderlying).map(([u, v]) => [u, shockCopy(v)]));
    if (s.pnlScale) c.pnlScale = Object.fromEntries(Object.entries(s.pnlScale).map(([u, q]) => [u, [q[0], q[1]]]));
    if (s.aggregate) c.aggregate = Object.fromEntries(Object.entries(s.aggregate).map(([u, r]) => [u, { ...r }]));
    return c;
  });
  const out: ScenarioSet = {
    ...canon,
    underlyings: [...canon.underlyings],
    ranges: { ...canon.ranges },
    groups: canon.groups.map((g) => ({ ...g })),
    scenarios,
  };
  canonicalOf.set(out, canon);
  return out;
}
