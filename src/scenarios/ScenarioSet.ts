/**
 * A vol state as plain data (floats: it feeds the float64 option model). `size` is a relative
 * decimal for `relative` shocks and vol points (annualised decimal) for `absolute` ones; `minVol`
 * floors the shocked vol. `skew` states carry their shape in `skew` (see `SkewSpec` in ScenarioSpec).
 */
export interface VolShock {
  id: string;
  kind: 'none' | 'relative' | 'absolute' | 'skew';
  size: number;
  termScaled: boolean;
  minVol?: number;
  /** Term scaling for `termScaled` relative shocks (copied from the spec, so each scenario is self-contained). */
  termScaling?: TermScalingData;
  /** The smile tilt of a `skew` state, as floats. */
  skew?: SkewData;
}

/** Term scaling of relative vol shocks (see `TermScaling` in ScenarioSpec), as floats. `switchInclusive` only when true. */
export interface TermScalingData {
  referenceDays: number;
  floorDays: number;
  switchDays: number;
  shortPower: number;
  longPower: number;
  switchInclusive?: boolean;
}

/** A skew vol state's shape (see `SkewSpec` in ScenarioSpec), as floats. */
export interface SkewData {
  shape: 'linear' | 'abs';
  capBase: number;
  capPerRootYear: number;
  kStarMin: number;
  kStarWidth: number;
  kStarStatic: number;
  kStarPerRootYear: number;
}

/**
 * One scenario. `moves` holds relative price moves per underlying as exact decimal strings (-0.04 =
 * -4%; every forward, future and tied asset of that underlying moves by it): grid and tail scenarios
 * list every underlying of the set, user and joint scenarios the ones they move (an underlying the
 * set lists but a scenario leaves out does not move in it);
 * `weight` the decimal fraction of the loss that counts; `timeStepDays` ages options by that many
 * calendar days. `set` names the scan that uses it: `'mm'`, `'im'` or `'joint:<id>'`.
 */
export interface Scenario {
  index: number;
  id: string;
  label: string;
  set: string;
  /** `'basis'`: a basis-floor revaluation (options only, no weight), in its own group. */
  kind: 'grid' | 'tail' | 'user' | 'basis';
  moves: Record<string, string>;
  volShock: VolShock;
  weight: string;
  /**
   * The weight as an exact ratio `[numerator, denominator]` when it is one (a damped tail's
   * `c / |move|`), so that the exact recheck computes `loss * c / |move|` without rounding the weight.
   */
  weightRatio?: [string, string];
  timeStepDays: number;
  /**
   * Per-underlying vol states (`volShocksByUnderlying` of the spec): an option of a listed underlying
   * is revalued under its entry instead of `volShock` (same id, its own size, floor and term scaling).
   */
  volShockByUnderlying?: Record<string, VolShock>;
  /**
   * Per-underlying multipliers of the P&L, as exact ratios `[numerator, denominator]` (decimal
   * strings): every instrument (and tied asset) of that underlying has its P&L in this scenario
   * multiplied by `numerator / denominator` in the risk arrays. A `rangeOverMove` tail's weight
   * `factor * range / |move|`, times the conversion through the index currency at the edge price.
   */
  pnlScale?: Record<string, [string, string]>;
  /** Per-underlying rules on a unit's aggregated P&L in this scenario ({@link AggregateRule}). */
  aggregate?: Record<string, AggregateRule>;
}

/**
 * A rule on a risk unit's aggregated P&L `x` in one scenario (settlement currency, decimal strings),
 * from the spec's `aggregate` section: a loss counts as `min(0, x + lossRelief)` (the dampener;
 * absent = `x`), a gain as `min(gainFactor * max(0, x - gainRelief), gainCap)` (the P&L offset and
 * its cap; `gainRelief` the dampener of a tail gain; absent relief = 0, absent cap = none).
 */
export interface AggregateRule {
  gainFactor: string;
  gainCap?: string;
  gainRelief?: string;
  lossRelief?: string;
}

/**
 * A contiguous block of scenarios used by one scan (`'mm'`, `'im'` or `'joint:<id>'`), or by a basis
 * floor (`'basis'` for the MM spec, `'im:basis'` for the IM spec: scenario `start` moves up, `start + 1` down).
 */
export interface ScenarioGroup {
  id: string;
  start: number;
  end: number;
}

/**
 * A scenario set: plain JSON data built once per parameter set and market snapshot (deeply frozen
 * and shared), or written by hand, or loaded from a clearing house's files (validated by
 * `ScenarioSetSchema`; `parseScenarioSet` validates and freezes one once). `ranges` records each underlying's price range
 * (relative decimal string) for the explanation; `groups` the blocks each scan uses.
 * Vol-state term scaling travels inside each scenario's `volShock`.
 */
export interface ScenarioSet {
  paramsId: string;
  paramsVersion: string;
  asOf: string;
  underlyings: string[];
  ranges: Record<string, string>;
  groups: ScenarioGroup[];
  scenarios: Scenario[];
}
