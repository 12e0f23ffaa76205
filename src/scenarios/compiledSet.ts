/*
 * Internal (not re-exported): what buildRiskArrays derives from a scenario set alone (moves per
 * underlying as float and Decimal, weights), compiled once per set, and the risk arrays built on it
 * per parsed market snapshot. Pure memos in WeakMaps keyed by the objects they derive from.
 *
 * Only trusted sets come here (built by buildScenarioSet, or validated by parseScenarioSet; both deeply
 * frozen), so a memo keyed by a set's identity can never go stale. Moves are compiled per underlying
 * on first use: a snapshot listing 500 underlyings costs only for those the instruments valued need.
 */
import { D, type Decimal } from '../numeric/decimal.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import type { RiskArray } from './RiskArrays.js';
import type { ScenarioSet, VolShock } from './ScenarioSet.js';
import { ownValue } from '../schema/ownValue.js';

/** Risk arrays already built for one parsed snapshot on one compiled set (private: never handed out as they are). */
export interface MarketArrays {
  instruments: Map<string, { array: RiskArray; valuation: InstrumentValuation; m: number; e: number; um: number; ue: number }>;
  assets?: Map<string, RiskArray>;
  /** Tied assets' arrays built so far, one by one (null: the asset has none). */
  assetArrays?: Map<string, RiskArray | null>;
}

/** One underlying's P&L multipliers per scenario: `num[s] / den[s]` exact (absent = 1), `f[s]` its float. */
export interface PnlScale {
  f: Float64Array;
  num: readonly (Decimal | undefined)[];
  den: readonly (Decimal | undefined)[];
}

/** The float and exact weights of a set, in scenario order (frozen, shared). */
export interface CompiledWeights {
  weights: Float64Array;
  weightDecimals: readonly Decimal[];
  weightDivisors: readonly (Decimal | undefined)[];
}

/** One underlying's move in every scenario, float and exact. */
export interface CompiledMoves {
  f: Float64Array;
  d: readonly Decimal[];
  /** The underlying's {@link volStatesOf}, kept here by the first option that reads it. */
  vs?: CompiledVolStates;
}

/** A scenario set compiled for revaluation. */
export interface CompiledSet {
  set: ScenarioSet;
  /** Moves of the set's underlyings compiled so far. */
  moves: Map<string, CompiledMoves>;
  /** Underlyings the set lists. */
  listed: Set<string>;
  /** P&L multipliers per underlying compiled so far (null: no scenario scales it). */
  scales: Map<string, PnlScale | null>;
  weights?: CompiledWeights;
  /** Vol states and time steps per underlying compiled so far. */
  volStates: Map<string, CompiledVolStates>;
}

/**
 * What revalues an underlying's options in every scenario besides its move: the vol state (the
 * scenario's own for that underlying, else its general one) as an index into the distinct states,
 * and the time step in days.
 */
export interface CompiledVolStates {
  states: readonly VolShock[];
  state: Int32Array;
  stepDays: Float64Array;
  /** Whether any scenario has a time step (`stepDays[s] > 0`): a set without one needs no look at them. */
  stepped: boolean;
}

const compiled = new WeakMap<ScenarioSet, CompiledSet>();

/** The compiled form of a trusted (frozen, valid) set, memoised by its identity. */
export function compiledSet(set: ScenarioSet): CompiledSet {
  let c = compiled.get(set);
  if (!c) compiled.set(set, (c = { set, moves: new Map(), scales: new Map(), volStates: new Map(), listed: new Set(set.underlyings) }));
  return c;
}

/**
 * The moves of `underlying` in every scenario (absent from a scenario's `moves`: 0), compiled on
 * first use; undefined when the set does not list the underlying. Moves repeat (every vol state of a
 * price point shares them), so each distinct string is parsed once.
 */
export function movesOf(c: CompiledSet, underlying: string): CompiledMoves | undefined {
  let mv = c.moves.get(underlying);
  if (mv === undefined && c.listed.has(underlying)) {
    const scenarios = c.set.scenarios;
    const n = scenarios.length;
    const f = new Float64Array(n);
    const d = new Array<Decimal>(n);
    const parsed = new Map<string, Decimal>();
    for (let s = 0; s < n; s++) {
      const own = scenarios[s]!.moves;
      const text = Object.prototype.hasOwnProperty.call(own, underlying) ? own[underlying]! : '0';
      let x = parsed.get(text);
      if (x === undefined) parsed.set(text, (x = new D(text)));
      d[s] = x;
      f[s] = x.toNumber();
    }
    c.moves.set(underlying, (mv = { f, d: Object.freeze(d) }));
  }
  return mv;
}

/** The vol states and time steps of `underlying`'s scenarios (see {@link CompiledVolStates}), compiled on first use and kept. */
export function volStatesOf(c: CompiledSet, underlying: string): CompiledVolStates {
  let v = c.volStates.get(underlying);
  if (v === undefined) {
    const scenarios = c.set.scenarios;
    const states: VolShock[] = [];
    const state = new Int32Array(scenarios.length);
    const stepDays = new Float64Array(scenarios.length);
    scenarios.forEach((x, s) => {
      // A per-underlying vol state (its own size, floor, term scaling) where the scenario has one.
      const shock = x.volShockByUnderlying !== undefined ? (ownValue(x.volShockByUnderlying, underlying) ?? x.volShock) : x.volShock;
      let i = states.indexOf(shock);
      if (i < 0) i = states.push(shock) - 1;
      state[s] = i;
      stepDays[s] = x.timeStepDays;
    });
    c.volStates.set(underlying, (v = { states, state, stepDays, stepped: stepDays.some((d) => d > 0) }));
  }
  return v;
}

/**
 * The float and exact weights of a compiled set: the exact weight of scenario `s` is
 * `weightDecimals[s] / weightDivisors[s]` (divisor absent = 1; a damped tail's `c / |move|` is kept
 * as a ratio, so the exact recheck never rounds the weight). Computed on first use and kept; shared,
 * so the Float64Array is never handed out as it is.
 */
export function compiledWeights(c: CompiledSet): CompiledWeights {
  if (!c.weights) {
    const set = c.set;
    const weightDecimals = Object.freeze(set.scenarios.map((s) => new D(s.weightRatio ? s.weightRatio[0] : s.weight)));
    const weightDivisors = Object.freeze(set.scenarios.map((s) => (s.weightRatio ? new D(s.weightRatio[1]) : undefined)));
    c.weights = { weights: Float64Array.from(set.scenarios, (s) => new D(s.weight).toNumber()), weightDecimals, weightDivisors };
  }
  return c.weights;
}

/**
 * The P&L multipliers of `underlying` per scenario (the scenarios' `pnlScale`: a `rangeOverMove`
 * tail's weight, times the conversion through the index currency at the edge price), as exact ratios
 * and floats; undefined when no scenario of the set scales it. Compiled on first use and kept.
 */
export function scaleOf(c: CompiledSet, underlying: string): PnlScale | undefined {
  let sc = c.scales.get(underlying);
  if (sc === undefined) {
    const scenarios = c.set.scenarios;
    const n = scenarios.length;
    let out: { f: Float64Array; num: (Decimal | undefined)[]; den: (Decimal | undefined)[] } | null = null;
    for (let s = 0; s < n; s++) {
      const ps = scenarios[s]!.pnlScale;
      const q = ps !== undefined && Object.prototype.hasOwnProperty.call(ps, underlying) ? ps[underlying] : undefined;
      if (q === undefined) continue;
      out ??= { f: new Float64Array(n).fill(1), num: new Array<Decimal | undefined>(n), den: new Array<Decimal | undefined>(n) };
      const num = new D(q[0]);
      const den = new D(q[1]);
      out.num[s] = num;
      out.den[s] = den;
      out.f[s] = num.div(den).toNumber();
    }
    c.scales.set(underlying, (sc = out));
  }
  return sc ?? undefined;
}
