import type { MarketSnapshot } from '../schema/marketSchema.js';
import { checkAccount } from '../schema/checkAccount.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import { buildRiskArrays } from '../scenarios/buildRiskArrays.js';
import type { RiskArray, RiskArrays } from '../scenarios/RiskArrays.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { buildScenarioSet } from '../scenarios/buildScenarioSet.js';
import type { MarginParameters } from './MarginParameters.js';
import type { MarginResult } from './MarginResult.js';
import { marginFromRiskArrays } from './marginFromRiskArrays.js';
import { parseMarginParameters } from './parseMarginParameters.js';

/**
 * Initial and maintenance margin of one account, one shot: parses the inputs, cross-checks them
 * (`checkAccount`), builds the scenario set and the risk arrays of the held instruments, and runs
 * {@link marginFromRiskArrays}. Same inputs give byte-identical JSON whatever the order of
 * positions, collateral or instruments.
 *
 * @param portfolio raw JSON or parsed; quantities in contracts (signed), balances in asset units.
 * @param market raw JSON or parsed snapshot; prices in quote currency per unit, vols annualised decimals.
 * @param params raw JSON or parsed parameter set (e.g. a preset).
 * @returns a plain-JSON {@link MarginResult}: IM and MM in the settlement currency, rounded up to
 *   `params.settlementPrecision`, with the tree that explains them.
 * @throws MarginInputError with every issue's code and path (argument `portfolio`, `market` or `params`).
 * @example
 * ```ts
 * const r = computeMargin(book, market, DERIBIT_PORTFOLIO_MARGIN);
 * r.initialMargin; // e.g. '41234.57'
 * r.units[0].scanRisk?.scenario?.label; // 'price -16%, vol up'
 * ```
 */
export function computeMargin(portfolio: Portfolio | unknown, market: MarketSnapshot | unknown, params: MarginParameters | unknown): MarginResult {
  const p = parseMarginParameters(params);
  const pf = parsePortfolio(portfolio);
  const m = parseMarket(market);
  checkAccount(pf, m);
  const needsArrays = p.mode === 'portfolio' || p.isolated.mode === 'portfolio';
  if (!needsArrays) return marginFromRiskArrays(pf, m, undefined, p);
  const symbols = [...new Set(pf.positions.map((x) => x.symbol))];
  return marginFromRiskArrays(pf, m, arraysFor(m, p, symbols), p);
}

/**
 * Scenario sets and risk arrays already built, per parsed snapshot and parsed parameter set (both
 * immutable once parsed; weak keys, so the cache goes with them). The scenario set depends only on
 * the pair, and an instrument's array only on the pair and the instrument, never on which other
 * instruments are built with it (the batch engine relies on the same fact), so a later call for the
 * same pair reuses them and builds only symbols not seen yet. The arrays never leave this module.
 */
const built = new WeakMap<MarketSnapshot, WeakMap<MarginParameters, RiskArrays & { instruments: Map<string, RiskArray>; valuations: Map<string, InstrumentValuation> }>>();

function arraysFor(m: MarketSnapshot, p: MarginParameters, symbols: readonly string[]): RiskArrays {
  let byParams = built.get(m);
  if (byParams === undefined) built.set(m, (byParams = new WeakMap()));
  const cached = byParams.get(p);
  if (cached !== undefined && symbols.every((x) => cached.instruments.has(x))) return cached;
  // The same call as without the cache (same symbol list, so the same errors, with the same paths).
  const fresh = buildRiskArrays(m, cached?.scenarioSet ?? buildScenarioSet(p, m), symbols);
  if (cached === undefined) {
    byParams.set(p, { ...fresh, instruments: new Map(fresh.instruments), valuations: new Map(fresh.valuations ?? []) });
    return fresh;
  }
  for (const [k, v] of fresh.instruments) cached.instruments.set(k, v);
  for (const [k, v] of fresh.valuations ?? []) cached.valuations.set(k, v);
  return cached;
}
