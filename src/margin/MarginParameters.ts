import type { Decimal } from '../numeric/decimal.js';
import type { ScenarioSpec, UserScenarioSpec } from '../scenarios/ScenarioSpec.js';
import type { HealthParameters } from '../health/HealthParameters.js';

/**
 * Short-option minimum (SPAN / Deribit contingency): `rate * index` (settlement currency) per net
 * short option unit of underlying. `netting: 'per-strike'` nets calls and puts per strike and expiry
 * (Deribit: "0.01 BTC per option for all net short options per strike"); `'calls-or-puts'` charges
 * the larger of short calls and short puts (SPAN). `apply: 'floor'` makes it a minimum for the unit
 * (SPAN), `'add'` adds it (Deribit).
 */
export interface ShortOptionMinimumParams {
  rate: Decimal;
  netting: 'per-strike' | 'calls-or-puts';
  apply: 'add' | 'floor';
}

/**
 * Naked short option charge: `rate * index` per short option unit not covered by a long option of
 * the same right or, for calls, net long futures (puts: net short futures).
 */
export interface NakedShortOptionParams {
  rate: Decimal;
}

/**
 * Delta / futures contingency: `netDeltaRate * |net delta| * index` plus `grossOptionRate * index`
 * per option unit held long or short (Deribit's early "1% of underlying value of all options").
 */
export interface DeltaContingencyParams {
  netDeltaRate: Decimal;
  grossOptionRate: Decimal;
}

/**
 * Calendar / basis charge: `rate * index * min(long, short)` where long and short sum the delta-1
 * exposure (units of underlying) of each expiry bucket (the perpetual is its own bucket);
 * `includeOptions` adds option deltas to their expiry's bucket.
 */
export interface CalendarSpreadParams {
  rate: Decimal;
  includeOptions: boolean;
}

/** One concentration band: the part of the measure up to `upTo` (absent = no bound) is multiplied by `multiplier`. */
export interface ConcentrationBand {
  upTo?: Decimal;
  multiplier: Decimal;
}

/**
 * Concentration by bands with incremental multipliers (OKX style). The measure is the unit's scan
 * risk (`'scanRisk'`) or gross notional (`'grossNotional'`, settlement currency); the add-on is
 * `rate * (banded(measure) - measure)`, `rate` 1 by default. Example: 30,000 in bands [0, 10k] x1,
 * (10k, 70k] x2 gives 50,000, so the add-on is 20,000.
 */
export interface ConcentrationParams {
  measure: 'scanRisk' | 'grossNotional';
  rate: Decimal;
  bands: ConcentrationBand[];
}

/** A minimum charge per risk unit that holds any position (settlement currency). A floor. */
export interface MinimumChargeParams {
  amount: Decimal;
}

/** The add-ons applied per risk unit; each absent one is off. */
export interface AddOnParams {
  shortOptionMinimum?: ShortOptionMinimumParams;
  nakedShortOption?: NakedShortOptionParams;
  deltaContingency?: DeltaContingencyParams;
  calendarSpread?: CalendarSpreadParams;
  concentration?: ConcentrationParams;
  minimum?: MinimumChargeParams;
}

/** A group of underlyings margined together as one risk unit (e.g. BTC and WBTC). */
export interface RiskUnitGroup {
  id: string;
  underlyings: string[];
}

/**
 * SPAN-style inter-unit credit between two risk units: when their net deltas (units of underlying)
 * have opposite signs, `spreads = min(|deltaA| / ratioA, |deltaB| / ratioB)` and the credit is
 * `rate * spreads * (ratioA * scanA / |deltaA| + ratioB * scanB / |deltaB|)`, at most the two scan risks.
 */
export interface InterUnitCreditParams {
  units: [string, string];
  deltaRatio: [Decimal, Decimal];
  rate: Decimal;
}

/**
 * A joint scenario set across risk units: the worst weighted loss of all their positions together
 * under these scenarios replaces the sum of the units' scan risks (add-ons still apply per unit).
 */
export interface JointScenarioParams {
  id: string;
  units: string[];
  scenarios: UserScenarioSpec[];
}

/**
 * Initial margin: `multiplier` (>= 1) times a base that is the maintenance computation itself, or,
 * when `scenarios` and/or `addOns` are given, the same computation with those. IM >= MM always.
 */
export interface InitialMarginParams {
  multiplier: Decimal;
  scenarios?: ScenarioSpec;
  addOns?: AddOnParams;
}

/**
 * Standard margin for futures and perpetuals, as fractions of notional plus a size-scaled term:
 * `IM = notional * (im + units * imPerUnit)`, `MM = notional * (mm + units * mmPerUnit)`, where
 * `units` is the position's size in units of underlying (Deribit linear BTC perp: im 0.02, mm 0.01,
 * perUnit 0.00005 per BTC).
 */
export interface FuturesTier {
  im: Decimal;
  mm: Decimal;
  imPerUnit: Decimal;
  mmPerUnit: Decimal;
}

/**
 * Standard margin for short options (Deribit): per unit of underlying,
 * `IM = max(imBase - OTM/S, imFloor) * S + mark`, `MM = mm * S + mark` for calls and
 * `max(mm * S, putMarkMm * mark) + mark` for puts (S the option's forward; inverse options in coin,
 * S = 1 coin). Long options need nothing.
 */
export interface OptionTier {
  imBase: Decimal;
  imFloor: Decimal;
  mm: Decimal;
  putMarkMm: Decimal;
}

/** Standard (per-position) margin tables. `spreadsMaxLoss` caps each expiry's linear options at their maximum loss. */
export interface StandardParams {
  futures: { default: FuturesTier; byUnderlying: Record<string, FuturesTier> };
  options: { default: OptionTier; byUnderlying: Record<string, OptionTier> };
  spreadsMaxLoss: boolean;
}

/**
 * A margin methodology as data. Every result echoes `id` and `version`; `source` cites the public
 * methodology it follows.
 *
 * - `mode`: `'portfolio'` (scenario scan per risk unit) or `'standard'` (per position).
 * - `settlementPrecision`: decimal places the final requirements round up to (2 for USDC, 8 for BTC).
 * - `collateralInScenarios`: collateral tied to an underlying moves in the scenarios (default true).
 * - `isolated.mode`: how positions with an `isolatedMargin` allocation are margined on their own.
 * - `health`: the account-health parameters (statuses, haircuts, liquidation fees, data staleness;
 *   see {@link HealthParametersSchema}); absent = {@link DEFAULT_HEALTH_PARAMETERS}, which
 *   `assessAccount` echoes as such.
 */
export interface MarginParameters {
  id: string;
  version: string;
  source: string;
  mode: 'portfolio' | 'standard';
  settlementPrecision: number;
  scenarios?: ScenarioSpec;
  collateralInScenarios: boolean;
  riskUnits: RiskUnitGroup[];
  addOns: AddOnParams;
  interUnitCredits: InterUnitCreditParams[];
  joint: JointScenarioParams[];
  initialMargin: InitialMarginParams;
  standard?: StandardParams;
  isolated: { mode: 'standard' | 'portfolio' };
  health?: HealthParameters;
}
