import type { ParameterEcho } from './MarginParameters.js';

/** The scenario behind a scan risk, as plain data. `moves` relative decimal strings per underlying; `weight` decimal string. */
export interface ScenarioSummary {
  id: string;
  label: string;
  moves: Record<string, string>;
  volShock: string;
  weight: string;
}

/** A position's P&L (settlement currency, exact decimal string) in the worst scenario; for an inverse future it includes its coin part. */
export interface PositionPnl {
  symbol: string;
  quantity: string;
  pnl: string;
}

/** A collateral balance's P&L (settlement currency) in the worst scenario. */
export interface CollateralPnl {
  asset: string;
  balance: string;
  pnl: string;
}

/**
 * One expiry's options valued together in the worst scenario (per-expiry aggregation): `mark` and
 * `value` their value before and after the scenario's shock (floats printed as decimals, before any
 * static discount), `factor` the static discount applied to `value`, `pnl` the expiry's exact P&L
 * (`value * factor - mark`, `-|.|` under a skew state, unweighted) and `adjustment` what that adds to
 * the sum of the positions' own P&Ls listed in `positions`.
 */
export interface ExpiryPnl {
  underlying: string;
  expiry: string;
  mark: string;
  value: string;
  factor: string;
  pnl: string;
  adjustment: string;
}

/** One expiry's part of a basis floor: P&L at the up and down moves, the factor `add + perYear * T`, and its loss. */
export interface BasisFloorExpiryResult {
  underlying: string;
  expiry: string;
  up: string;
  down: string;
  factor: string;
  loss: string;
}

/** A basis floor on the scan loss: its amount, whether it binds (it then names the scenario), its parts. */
export interface BasisFloorResult {
  amount: string;
  binding: boolean;
  expiries: BasisFloorExpiryResult[];
}

/**
 * Scan risk: worst weighted loss (at least 0, exact, unrounded) with its scenario and the P&L of every
 * position in it. With per-expiry aggregation, `expiries` explains each expiry group of the worst
 * scenario (positions then show their own, undiscounted P&L). With a basis floor, `basisFloor` holds
 * it; when it binds, `amount` is the floor, `scenario` is `{ id: 'basisFloor', ... }` and `positions`
 * and `collateral` are empty.
 */
export interface ScanRiskResult {
  amount: string;
  scenario: ScenarioSummary | null;
  positions: PositionPnl[];
  collateral: CollateralPnl[];
  expiries?: ExpiryPnl[];
  basisFloor?: BasisFloorResult;
  aggregated?: AggregatedPnlResult;
}

/**
 * The worst scenario's aggregated P&L rule (Deribit's P&L offset and dampener, see `AggregateSpec`):
 * the unit's exact total P&L in it (`total`, the sum of `positions` and `collateral`), the total after
 * the rule (`adjusted`, whose loss is the scan risk) and the rule's terms (settlement currency).
 */
export interface AggregatedPnlResult {
  total: string;
  adjusted: string;
  rule: { gainFactor: string; gainCap?: string; gainRelief?: string; lossRelief?: string } | null;
}

/**
 * A unit's risk matrix (Deribit's `initial_risk_vectors`): each position's and collateral balance's float
 * P&L in every MM scenario, in scenario order (a position's coin part and quantity included). Floats, for
 * display and comparison; the margin is computed exactly. Reported when asked for (`riskMatrix`).
 */
export interface RiskMatrixResult {
  positions: { symbol: string; pnl: number[] }[];
  collateral: { asset: string; pnl: number[] }[];
}

/**
 * The loss factors of a unit (when the parameter set has `lossFactor`): MM and IM factors (IM after
 * any de-peg increase, shown as `imDepegIncrease`), and the scan charges `factor * scan loss` that
 * enter MM and the IM base.
 */
export interface LossFactorResult {
  mm: string;
  im: string;
  imDepegIncrease?: string;
  mmCharge: string;
  imCharge: string;
}

/** One add-on: amount (exact), `add` or `floor`, and the inputs behind it. */
export interface AddOnResult {
  name: string;
  amount: string;
  apply: 'add' | 'floor';
  inputs: Record<string, string | number | boolean>;
}

/** A standard-mode position requirement (settlement currency, exact). */
export interface StandardPositionResult {
  symbol: string;
  quantity: string;
  rule: string;
  im: string;
  mm: string;
  inputs: Record<string, string>;
}

/**
 * A spread cap in standard mode: the options of one underlying and expiry bounded by their maximum
 * loss (`maxLoss`; with an expiry bound, `maxLoss` is the MM bound and `imMaxLoss` the IM one).
 */
export interface SpreadCapResult {
  underlying: string;
  expiry: string;
  symbols: string[];
  maxLoss: string;
  imBefore: string;
  mmBefore: string;
  imMaxLoss?: string;
}

/**
 * One risk unit. `im` and `mm` are the unit's own requirements rounded up to the settlement
 * precision (totals are summed exactly and rounded once, so units may not add up to the total to
 * the last digit). `pnlVector`: the unit's float P&L in each MM scenario, in scenario order.
 */
export interface UnitResult {
  unit: string;
  underlyings: string[];
  scanRisk: ScanRiskResult | null;
  imScanRisk?: ScanRiskResult;
  addOns: AddOnResult[];
  imAddOns?: AddOnResult[];
  standard?: { positions: StandardPositionResult[]; spreads: SpreadCapResult[] };
  lossFactors?: LossFactorResult;
  /** MM as a fraction of IM (the set's `maintenanceMargin.factorOfInitial`), when the set has it: `mm` = this x `im`. */
  maintenanceFactor?: string;
  pnlVector: number[];
  /**
   * The unit's vector after the aggregated-vector rules (Deribit's `aggregated_risk_vectors`), when the
   * set has them (`scenarios.aggregate`); `pnlVector` is the vector before them. The worst case is taken on it.
   */
  aggregatedVector?: number[];
  /** Each position's and collateral balance's vector, when asked for (`riskMatrix`). */
  riskMatrix?: RiskMatrixResult;
  im: string;
  mm: string;
}

/** An inter-unit credit (subtracted from MM; the IM credit uses the IM scans). */
export interface CreditResult {
  units: [string, string];
  rate: string;
  spreads: number;
  amount: string;
  imAmount: string;
}

/** A joint scenario set's scan, replacing the sum of its units' scan risks. */
export interface JointResult {
  id: string;
  units: string[];
  scanRisk: ScanRiskResult;
  replacedScanRisk: string;
}

/** An isolated position margined alone against its allocation (not part of the account totals). */
export interface IsolatedResult {
  symbol: string;
  quantity: string;
  allocation: string;
  im: string;
  mm: string;
  unit: UnitResult;
}

/**
 * Collateral charges inside margin (account level, when the set has `collateralCharges`): MM and IM
 * totals (exact, unrounded) and their add-ons (per asset haircut; IM confidence charges).
 */
export interface CollateralChargesResult {
  mm: string;
  im: string;
  addOns: AddOnResult[];
  imAddOns: AddOnResult[];
}

/** One line of the flat view: `unit` ('' for account level), `component` (e.g. 'scanRisk', 'addOn', 'position', 'total'), `name`, `amount`. */
export interface MarginRow {
  unit: string;
  component: string;
  name: string;
  amount: string;
}

/**
 * A margin result: plain JSON (money as decimal strings, floats only for diagnostics), ordered
 * deterministically. `initialMargin` and `maintenanceMargin` are in `settlementCurrency`, rounded up
 * to the parameter set's precision; IM >= MM >= 0 (IM may be below MM only when the set says
 * `initialMargin.floorAtMaintenance: false`).
 */
export interface MarginResult {
  paramsId: string;
  paramsVersion: string;
  mode: 'portfolio' | 'standard';
  accountId: string;
  settlementCurrency: string;
  initialMargin: string;
  maintenanceMargin: string;
  units: UnitResult[];
  interUnitCredits: CreditResult[];
  joint: JointResult[];
  isolated: IsolatedResult[];
  collateralCharges?: CollateralChargesResult;
  /** What a venue converter kept but the parameter set does not use (the set's `echo`), when it has one. */
  paramsEcho?: ParameterEcho;
  rows: MarginRow[];
}
