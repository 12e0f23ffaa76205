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

/**
 * Futures contingency: `rate * index` per unit of underlying held in futures and perpetuals, long or
 * short, gross (Derive PMRM_2's perp contingency, `|perp| * spot * percent`).
 */
export interface FuturesContingencyParams {
  rate: Decimal;
}

/**
 * Confidence (oracle) charges: when a price's confidence `c` (a fraction in [0, 1] carried by the
 * market) is below `threshold`, `(1 - c) * rate * notional` is charged (settlement currency).
 *
 * - `futures`: per future or perpetual held, `c = min(index confidence, its mark's confidence)`,
 *   notional `|units| * index`.
 * - `options`: per underlying and expiry held, `c` = the lowest of the index confidence, the expiry's
 *   `forwardConfidence`, `rateConfidence` and `volConfidence`, the held options' mark confidences and,
 *   when `withFutures`, the mark confidences of the futures held in the unit (Derive PMRM_2 folds the
 *   perp's confidence in); notional `units * index` with units gross (`'gross'`: long and short,
 *   PMRM_2) or short only (`'short'`, Derive's standard manager).
 *
 * Usually an initial-margin add-on only (listed under `initialMargin.addOns`).
 */
export interface ConfidenceChargeParams {
  futures?: { threshold: Decimal; rate: Decimal };
  options?: { threshold: Decimal; rate: Decimal; notional: 'gross' | 'short'; withFutures: boolean };
}

/**
 * Stable de-peg charge (Derive's standard manager): when the settlement currency's `market.peg`
 * price `p` is below `threshold`, `(threshold - p) * factor * index` per unit of underlying held in
 * futures (gross) and short options. Usually an initial-margin add-on only.
 */
export interface DepegChargeParams {
  threshold: Decimal;
  factor: Decimal;
}

/**
 * Roll shock (Deribit's 2024 model, `min_annualised_move` and `annualised_move_risk` of the currency):
 * per future and perpetual held, `|units| * max(minAnnualisedMove, annualisedMoveRisk * T) * unitPrice`
 * (units of underlying; `T` years to expiry, ACT/365 from the snapshot, 0 for a perpetual; linear in
 * `T`: an annualised basis move of `annualisedMoveRisk` moves a future of maturity `T` by that times
 * `T`). With `includeOptions`, each expiry's net option delta (units of underlying) adds
 * `|delta| * max(...) * unitPrice` too. Settlement currency: a coin account pays it in coin. Deribit
 * publishes the floor (both public examples sit on it); the term above the floor and the options are
 * choices (see the `deribit-pm` preset).
 */
export interface RollShockParams {
  minAnnualisedMove: Decimal;
  annualisedMoveRisk: Decimal;
  includeOptions: boolean;
}

/**
 * Delta shock (Deribit's 2024 model, `delta_total_liq_shock_threshold`, `m_inc`, `max_delta_shock` of
 * the index): per underlying, with `D = |delta total|` (units of underlying: futures' units, exact,
 * plus the options' deltas when `includeOptions`), `excess = max(0, D - threshold / index)` and the
 * charge `D * min(incrementPerUnit * excess, max) * unitPrice`. `threshold` is in the index's quote
 * currency (USD). Deribit has not published the formula (only that it is 0 below the threshold);
 * this one is the public third-party reading, a documented choice.
 */
export interface DeltaShockParams {
  threshold: Decimal;
  incrementPerUnit: Decimal;
  max: Decimal;
  includeOptions: boolean;
}

/** The add-ons applied per risk unit; each absent one is off. */
export interface AddOnParams {
  shortOptionMinimum?: ShortOptionMinimumParams;
  nakedShortOption?: NakedShortOptionParams;
  deltaContingency?: DeltaContingencyParams;
  calendarSpread?: CalendarSpreadParams;
  concentration?: ConcentrationParams;
  minimum?: MinimumChargeParams;
  futuresContingency?: FuturesContingencyParams;
  confidence?: ConfidenceChargeParams;
  depeg?: DepegChargeParams;
  rollShock?: RollShockParams;
  deltaShock?: DeltaShockParams;
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
 * when `scenarios` and/or `addOns` are given, the same computation with those. IM >= MM unless
 * `floorAtMaintenance` is false (Derive PMRM_2 has no such floor: with an IM loss factor below the
 * MM one, IM can fall below MM).
 */
export interface InitialMarginParams {
  multiplier: Decimal;
  scenarios?: ScenarioSpec;
  addOns?: AddOnParams;
  floorAtMaintenance: boolean;
}

/**
 * Maintenance margin as a fraction of initial margin (Deribit's 2024 model, `mm_factor`: "IM calculated
 * more precisely instead of 1.2 x MM"): the scan over `scenarios` plus `addOns` is the initial margin,
 * per risk unit and for the account, and MM = `factorOfInitial` x IM (a fraction in [0, 1]). The other
 * direction, IM as a multiple of MM, is `initialMargin.multiplier`: a set uses one of the two, so
 * with this section `initialMargin` may carry neither a multiplier other than 1 nor its own scenarios or add-ons.
 */
export interface MaintenanceMarginParams {
  factorOfInitial: Decimal;
}

/** One entry of a venue's parameter object that the library kept but does not use: its path and value as given. */
export interface EchoEntry {
  path: string;
  value: string;
}

/**
 * What a parameter set made from a venue's own parameter object (`fromDeribitModelParams`) did not
 * use, so that nothing is dropped silently: `unknown` keys the converter does not know (kept, never
 * used), `notUsed` known keys outside the model (cross-margin only: haircut, equity side, correlation
 * set; other currencies' and indices' entries), each sorted by path. Margin results carry it as
 * `paramsEcho`.
 */
export interface ParameterEcho {
  source: string;
  unknown: EchoEntry[];
  notUsed: EchoEntry[];
}

/**
 * Loss factors (portfolio mode): the scan loss (after any basis floor) is multiplied by `mm` for MM
 * and by `im` for the IM base; add-ons and collateral charges are not scaled (Derive PMRM_2's
 * MM/IM loss factors, 0.8 and 1). `depeg` raises the IM factor by `(threshold - p) * factor` while the
 * settlement currency's `market.peg` price `p` is below `threshold`.
 */
export interface LossFactorParams {
  mm: Decimal;
  im: Decimal;
  depeg?: { threshold: Decimal; factor: Decimal };
}

/**
 * How one collateral asset counts inside margin (a requirement, not an equity haircut): with `V` its
 * value (balance x price, settlement currency) and `B` its basis (`'value'`: `V`; `'index'`: balance x
 * the index of the underlying it is tied to, taken at par), the MM charge is `V - (1 - maintenance) * B`
 * and the IM charge `V - (1 - initial) * B` (fractions in [0, 1]; `initial` is the whole IM haircut,
 * not an increment). Debts (negative balances) are not charged. Derive PMRM_2: basis `'value'`,
 * maintenance = its MM haircut, initial = MM + IM haircuts. Derive's standard manager (base assets):
 * basis `'index'`, maintenance `1 - marginFactor`, initial `1 - marginFactor * IMScale`.
 */
export interface CollateralCharge {
  maintenance: Decimal;
  initial: Decimal;
  basis: 'value' | 'index';
}

/**
 * Collateral charges reported inside margin (account level), for venues whose single margin number
 * includes them (Derive): per asset (`assets`), or `tied` for any other asset tied to an underlying.
 * `confidence` adds, to IM, `(1 - c) * rate * B` per charged asset whose confidence `c` is below
 * `threshold`: `c` is the asset price's confidence capped by the index confidence of the underlying it
 * is tied to (`indexCap: 'tied'`), or by every index of the snapshot (`'all'`: Derive PMRM_2, whose
 * snapshot is its one underlying). `onlyWhenCredited` skips assets with no IM credit left.
 * Assets with such a charge should carry no equity haircut in `health.collateral` (it would count twice).
 */
export interface CollateralChargeParams {
  assets: Record<string, CollateralCharge>;
  tied?: CollateralCharge;
  confidence?: { threshold: Decimal; rate: Decimal; indexCap: 'tied' | 'all'; onlyWhenCredited: boolean };
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
 * `max(mm * S, putMarkMm * mark) + mark` for puts (S the option's forward, or the index when
 * `reference` is `'spot'`, which also measures OTM against the index; inverse options in coin,
 * S = 1 coin). A put's IM is at least `putImMmMultiple` x its MM (Derive: 1.05), a call's at least its MM.
 * Long options need nothing.
 *
 * `markInRequirement` (default true, Deribit) keeps the short's mark inside its requirement; false
 * (Derive) leaves it out, as the short's value already lowers equity. `longOptionCredit` (default
 * true) lets a long option's value count as margin; false (Derive) requires it back (the requirement
 * of a long option is its mark value), so only an expiry bound credits it.
 */
export interface OptionTier {
  imBase: Decimal;
  imFloor: Decimal;
  mm: Decimal;
  putMarkMm: Decimal;
  reference: 'forward' | 'spot';
  putImMmMultiple: Decimal;
  markInRequirement: boolean;
  longOptionCredit: boolean;
}

/**
 * Derive's standard-manager expiry bound: per underlying and expiry (single legs too), the options'
 * requirement is at most `value - min(worst payoff, 0) + multiple * F * netShortCalls`, where `value`
 * is their signed mark value, the worst payoff is the lowest of `sum q * intrinsic` at 0 and every
 * strike (no premium), `F` the expiry's forward, `netShortCalls = max(0, -sum of call units)` and
 * `multiple` is `unpairedCalls.im` for IM, `unpairedCalls.mm` for MM.
 */
export interface ExpiryBoundParams {
  unpairedCalls: { im: Decimal; mm: Decimal };
}

/**
 * Standard (per-position) margin tables. `spreadsMaxLoss` caps each expiry's linear options (two
 * legs or more, not net short calls) at their maximum loss against mark; `expiryBound`, when set,
 * replaces it with {@link ExpiryBoundParams}.
 */
export interface StandardParams {
  futures: { default: FuturesTier; byUnderlying: Record<string, FuturesTier> };
  options: { default: OptionTier; byUnderlying: Record<string, OptionTier> };
  spreadsMaxLoss: boolean;
  expiryBound?: ExpiryBoundParams;
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
 * - `lossFactor`: MM / IM multipliers of the scan loss only ({@link LossFactorParams}); absent = 1.
 * - `collateralCharges`: collateral requirements inside margin ({@link CollateralChargeParams}).
 * - `maintenanceMargin`: MM as a fraction of IM ({@link MaintenanceMarginParams}); absent = IM from MM
 *   through `initialMargin`.
 * - `echo`: what a venue converter kept but did not use ({@link ParameterEcho}); never read by a rule.
 *
 * Standard mode applies `addOns` (MM) and `initialMargin.addOns` (IM) per underlying too; isolated
 * units of a portfolio-mode set do not.
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
  lossFactor?: LossFactorParams;
  collateralCharges?: CollateralChargeParams;
  maintenanceMargin?: MaintenanceMarginParams;
  echo?: ParameterEcho;
}
