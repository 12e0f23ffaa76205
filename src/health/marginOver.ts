import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { marginFromRiskArrays } from '../margin/marginFromRiskArrays.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import { buildRiskArrays } from '../scenarios/buildRiskArrays.js';
import { buildScenarioSet } from '../scenarios/buildScenarioSet.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';

/**
 * The margin of portfolios holding only `symbols`, at one market, from risk arrays built once: what
 * the health tools that evaluate one account many times (a reduction plan's candidates, a liquidation
 * search's price points) use instead of `computeMargin` per evaluation. An instrument's array does not
 * depend on which others are built, so the result is byte for byte `computeMargin`'s (the batch engine
 * relies on the same fact). `set`, when given, is the scenario set to use (a set already built for this
 * market and parameters, or one the caller knows to be identical); default: built for `market`.
 * Internal.
 */
export function marginOver(market: MarketSnapshot, params: MarginParameters, symbols: readonly string[], set?: ScenarioSet): (portfolio: Portfolio) => MarginResult {
  const needsArrays = params.mode === 'portfolio' || params.isolated.mode === 'portfolio';
  const arrays = needsArrays ? buildRiskArrays(market, set ?? buildScenarioSet(params, market), symbols) : undefined;
  return (portfolio) => marginFromRiskArrays(portfolio, market, arrays, params);
}
