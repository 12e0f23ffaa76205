import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { marginWithArrays } from '../margin/marginFromRiskArrays.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import { riskArraysFor } from '../scenarios/buildRiskArrays.js';
import { scenarioSetOf } from '../scenarios/buildScenarioSet.js';
import { trustedView } from '../scenarios/RiskArraysSchema.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';

/**
 * The margin of portfolios holding only `symbols`, at one market, from risk arrays built once: what
 * the health tools that evaluate one account many times (a reduction plan's candidates, a liquidation
 * search's price points) use instead of `computeMargin` per evaluation. An instrument's array does not
 * depend on which others are built, so the result is byte for byte `computeMargin`'s (the batch engine
 * relies on the same fact). `set`, when given, is the scenario set to use (a set already built for this
 * market and parameters, or one the caller knows to be identical; a set from buildScenarioSet, so
 * frozen and trusted); default: built for `market`. The arrays are the library's own (memoised, never
 * handed out), so the margin step takes them without checking them again. Internal.
 */
export function marginOver(market: MarketSnapshot, params: MarginParameters, symbols: readonly string[], set?: ScenarioSet): (portfolio: Portfolio) => MarginResult {
  const needsArrays = params.mode === 'portfolio' || params.isolated.mode === 'portfolio';
  const view = needsArrays ? trustedView(riskArraysFor(market, set ?? scenarioSetOf(params, market), symbols)) : undefined;
  return (portfolio) => marginWithArrays(portfolio, market, view, params);
}
