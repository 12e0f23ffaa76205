import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { marginOneShot } from './computeMargin.js';
import type { MarginParameters } from './MarginParameters.js';
import type { MarginParametersInput } from './MarginParametersSchema.js';

/** One risk unit's risk matrix: per-position and per-collateral vectors, the unit's vector before and after the aggregated-vector rules. */
export interface UnitRiskMatrix {
  unit: string;
  positions: { symbol: string; pnl: number[] }[];
  collateral: { asset: string; pnl: number[] }[];
  /** The unit's vector (all entries together; Deribit's `pre_aggregated_risk_vectors`). */
  vector: number[];
  /** After the aggregated-vector rules (Deribit's `aggregated_risk_vectors`); the vector itself without rules. */
  aggregated: number[];
}

/** The risk matrix of an account: the MM scenarios (ids, in order) and each portfolio unit's vectors. */
export interface RiskMatrixReport {
  paramsId: string;
  paramsVersion: string;
  settlementCurrency: string;
  scenarios: string[];
  units: UnitRiskMatrix[];
}

/**
 * The account's risk matrix, Deribit's way (`private/pme/simulate`'s `initial_risk_vectors`,
 * `pre_aggregated_risk_vectors` and `aggregated_risk_vectors`): per portfolio risk unit, every
 * position's P&L (settlement currency, quantity included, an inverse future's coin part too) and every
 * collateral balance's in each MM scenario, the unit's total, and the total after the P&L offset and
 * dampener when the set has them. Floats, in scenario order (`scenarios` names them: for the
 * `deribit-pm` presets the 27 grid entries, move by move from the largest fall, vol up / same / down,
 * then the 8 extended moves, Deribit's `standard` and `extended` vectors in their order). Computed the
 * way `computeMargin` computes the margin (same inputs, same checks).
 *
 * @param portfolio raw JSON or parsed; quantities in contracts.
 * @param market raw JSON or parsed snapshot.
 * @param params a portfolio-mode parameter set.
 * @throws MarginInputError as `computeMargin` does.
 * @example
 * ```ts
 * const rm = riskMatrix(book, market, PRESETS['deribit-pm']);
 * rm.units[0].positions[0].pnl[0]; // the first position's P&L at -16%, vol up (settlement currency)
 * ```
 */
export function riskMatrix(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): RiskMatrixReport {
  const { result: r, set } = marginOneShot(portfolio, market, params, { riskMatrix: true });
  const units = r.units.filter((u) => u.riskMatrix);
  const mm = set?.groups.find((g) => g.id === 'mm');
  return {
    paramsId: r.paramsId,
    paramsVersion: r.paramsVersion,
    settlementCurrency: r.settlementCurrency,
    scenarios: mm ? set!.scenarios.slice(mm.start, mm.end).map((s) => s.id) : [],
    units: units.map((u) => ({ unit: u.unit, positions: u.riskMatrix!.positions, collateral: u.riskMatrix!.collateral, vector: u.pnlVector, aggregated: u.aggregatedVector ?? u.pnlVector })),
  };
}
