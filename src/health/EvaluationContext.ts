import type { MarginResult } from '../margin/MarginResult.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import type { AccountAssessment } from './assessAccount.js';

/**
 * Optional seam for callers that hold per-snapshot state, such as the batch engine
 * (`createMarginEngine`): it lets `assessAccount` and `simulate` reuse risk arrays and valuations
 * built once per snapshot instead of building them per call. Results are unchanged as long as the
 * hooks keep their contract.
 *
 * - `margin`: the margin of a parsed portfolio that has passed `checkAccount`, at the call's market and
 *   parameters. Must return exactly what `computeMargin(portfolio, market, params)` returns (default).
 * - `before` (`simulate` only): the account's assessment before the trades at the call's market and
 *   parameters, as `assessAccount` returned it; trusted, so the before-state is not evaluated again.
 *
 * @example
 * ```ts
 * const context: EvaluationContext = { margin: (p) => marginFromRiskArrays(p, market, arrays, params) };
 * assessAccount(book, market, params, context); // same JSON as assessAccount(book, market, params)
 * ```
 */
export interface EvaluationContext {
  /** Margin of a checked portfolio at the call's market and parameters (default: `computeMargin`). */
  margin?: (portfolio: Portfolio) => MarginResult;
  /** `simulate` only: the assessment before the trades, as `assessAccount` returned it. */
  before?: AccountAssessment;
}
