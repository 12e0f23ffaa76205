import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { checkAccount } from '../schema/checkAccount.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { riskArraysFor } from '../scenarios/buildRiskArrays.js';
import { scenarioSetOf } from '../scenarios/buildScenarioSet.js';
import { trustedView } from '../scenarios/RiskArraysSchema.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';
import type { MarginParameters } from './MarginParameters.js';
import type { MarginResult } from './MarginResult.js';
import { marginWithArrays } from './marginFromRiskArrays.js';
import { parseMarginParameters } from './parseMarginParameters.js';
import type { MarginParametersInput } from './MarginParametersSchema.js';

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
 * r.initialMargin; // e.g. '56195.227008585' (the sample book)
 * r.units[0].scanRisk?.scenario?.label; // 'price -16%, vol up'
 * ```
 */
export function computeMargin(portfolio: PortfolioInput | Portfolio, market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): MarginResult {
  return marginOneShot(portfolio, market, params, undefined).result;
}

/**
 * computeMargin's body, with `marginFromRiskArrays`'s options (the risk matrix), and the scenario set it used. Internal.
 *
 * @example
 * ```ts
 * const { result, set } = marginOneShot(book, market, params, { riskMatrix: true });
 * result.units[0]!.riskMatrix !== undefined; // true; set is the (frozen, shared) scenario set scanned
 * ```
 */
export function marginOneShot(
  portfolio: PortfolioInput | Portfolio,
  market: MarketSnapshotInput | MarketSnapshot,
  params: MarginParametersInput | MarginParameters,
  options: { riskMatrix?: boolean } | undefined,
): { result: MarginResult; set?: ScenarioSet } {
  const p = parseMarginParameters(params);
  const pf = parsePortfolio(portfolio);
  const m = parseMarket(market);
  checkAccount(pf, m);
  const needsArrays = p.mode === 'portfolio' || p.isolated.mode === 'portfolio';
  if (!needsArrays) return { result: marginWithArrays(pf, m, undefined, p, options) };
  // The memoised set and arrays themselves (never handed out; the set is frozen): the work per call is the account's.
  const symbols = [...new Set(pf.positions.map((x) => x.symbol))];
  const set = scenarioSetOf(p, m);
  return { result: marginWithArrays(pf, m, trustedView(riskArraysFor(m, set, symbols)), p, options), set };
}
