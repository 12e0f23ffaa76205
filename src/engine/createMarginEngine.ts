import { assessAccount, type AccountAssessment } from '../health/assessAccount.js';
import type { EvaluationContext } from '../health/EvaluationContext.js';
import { resolveParameters, type ResolvedParameters } from '../health/resolveParameters.js';
import { simulate, type SimulatedTrade } from '../health/simulate.js';
import { computeMargin } from '../margin/computeMargin.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { marginFromRiskArrays } from '../margin/marginFromRiskArrays.js';
import { checkAccount } from '../schema/checkAccount.js';
import { MarginInputError, safeCall, type SafeResult } from '../schema/MarginInputError.js';
import type { MarketPrices, MarketPricesInput, MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio, withPrices } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { buildRiskArrays } from '../scenarios/buildRiskArrays.js';
import { buildScenarioSet } from '../scenarios/buildScenarioSet.js';
import type { AccountFigures } from '../kernel/AccountFigures.js';
import type { CompiledAccountHandle } from '../kernel/CompiledAccountHandle.js';
import { engineFigures } from '../kernel/engineFigures.js';
import type { MarginEngine } from './MarginEngine.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';

function engineFor(m: MarketSnapshot, r: ResolvedParameters): MarginEngine {
  const p = r.margin;
  const scenarioSet = buildScenarioSet(p, m);
  // Every instrument the snapshot can value; an instrument's array does not depend on which others
  // are built, so these equal the arrays computeMargin builds for the held symbols only.
  const riskArrays = buildRiskArrays(m, scenarioSet);
  const needsArrays = p.mode === 'portfolio' || p.isolated.mode === 'portfolio';

  // Margin of a parsed, checked portfolio. A held instrument without a shared array is one the
  // snapshot cannot value: the one-shot path then raises exactly the error computeMargin raises.
  const marginOf = (pf: Portfolio): MarginResult => {
    if (needsArrays) for (const x of pf.positions) if (!riskArrays.instruments.has(x.symbol)) return computeMargin(pf, m, p);
    return marginFromRiskArrays(pf, m, riskArrays, p);
  };
  const context: EvaluationContext = { margin: marginOf };
  // Any value (the safe* variants and the kernel's fallback pass what they were given): parsed first,
  // as assessAccount itself does first (a parsed portfolio passes through), so the errors are its own.
  const assess = (portfolio: unknown): AccountAssessment => assessAccount(parsePortfolio(portfolio), m, p, context);
  // Figures without the tree: the exact kernel, with this engine's assess as the Decimal path.
  const kernel = engineFigures(m, r, riskArrays, assess, (portfolio, trades) => simulate(portfolio, trades, m, p, context));

  const engine: MarginEngine = {
    market: m,
    params: p,
    scenarioSet,
    riskArrays,
    margin(portfolio: PortfolioInput | Portfolio): MarginResult {
      const pf = parsePortfolio(portfolio);
      checkAccount(pf, m);
      return marginOf(pf);
    },
    assess,
    safeAssess(portfolio: unknown): SafeResult<AccountAssessment> {
      return safeCall(() => assess(portfolio));
    },
    assessMany(portfolios: Iterable<PortfolioInput | Portfolio>): AccountAssessment[] {
      const out: AccountAssessment[] = [];
      for (const x of portfolios) out.push(assess(x));
      return out;
    },
    *assessEach(portfolios: Iterable<PortfolioInput | Portfolio>): Generator<AccountAssessment, void, undefined> {
      for (const x of portfolios) yield assess(x);
    },
    *safeAssessEach(portfolios: Iterable<unknown>): Generator<SafeResult<AccountAssessment>, void, undefined> {
      for (const x of portfolios) yield safeCall(() => assess(x));
    },
    simulate(portfolio: PortfolioInput | Portfolio, trades: readonly SimulatedTrade[], before?: AccountAssessment) {
      if (before !== undefined) {
        const id = typeof portfolio === 'object' && portfolio !== null ? portfolio.accountId : undefined;
        const same =
          before.accountId === id && before.asOf === m.asOf && before.params.margin.id === p.id && before.params.margin.version === p.version && before.params.health.id === r.health.id && before.params.health.version === r.health.version;
        if (!same) throw new MarginInputError([{ code: 'invalid_value', path: [], message: 'before is not the assessment of this account at this engine\'s snapshot and parameters', argument: 'before' }]);
        return simulate(portfolio, trades, m, p, { ...context, before });
      }
      return simulate(portfolio, trades, m, p, context);
    },
    compile: kernel.compile,
    figures: kernel.figures,
    check: kernel.check,
    *figuresEach(accounts: Iterable<CompiledAccountHandle | PortfolioInput | Portfolio>): Generator<AccountFigures, void, undefined> {
      for (const x of accounts) yield kernel.figures(x);
    },
    *safeFiguresEach(accounts: Iterable<unknown>): Generator<SafeResult<AccountFigures>, void, undefined> {
      for (const x of accounts) yield safeCall(() => kernel.figures(x));
    },
    withPrices(prices: MarketPricesInput | MarketPrices): MarginEngine {
      return engineFor(withPrices(m, prices), r);
    },
  };
  return Object.freeze(engine);
}

/**
 * Makes a {@link MarginEngine} for one market snapshot and one parameter set: validates both, builds
 * the scenario set, values every instrument of the table and revalues it under every scenario (risk
 * arrays), once. Then `engine.margin`, `engine.assess`, `engine.assessEach` and `engine.simulate` do
 * only per-account work and return, byte for byte, what `computeMargin`, `assessAccount` and
 * `simulate` return for the same inputs.
 *
 * Cost: one Black-76 valuation per option per scenario of the set (a 500-instrument table on the
 * 35-scenario Deribit grid is about 17,500 valuations) plus exact Decimal arrays for futures; memory
 * one `Float64Array` of scenario count per instrument.
 *
 * @param market raw JSON or parsed snapshot: prices in quote currency per unit, vols annualised
 *   decimals (0.65 = 65%), rates continuously compounded, `asOf` ISO-8601 UTC (the valuation time).
 * @param params raw JSON or parsed margin parameter set (a preset, with an optional `health` section).
 * @returns an immutable engine; make a new one per snapshot (`engine.withPrices(prices)` on each tick).
 * @throws MarginInputError (argument `params` or `market`) for invalid parameters or market.
 * @example
 * ```ts
 * const engine = createMarginEngine(market, PRESETS['deribit-pm']);
 * for (const a of engine.assessEach(accounts())) if (a.status !== 'healthy') notify(a.accountId, a.flags);
 * const next = engine.withPrices(tick); // new prices, same instrument table
 * ```
 */
export function createMarginEngine(market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters): MarginEngine {
  const r = resolveParameters(params);
  return engineFor(parseMarket(market), r);
}
