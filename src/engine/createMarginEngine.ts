import { assessAccount, type AccountAssessment } from '../health/assessAccount.js';
import type { EvaluationContext } from '../health/EvaluationContext.js';
import { resolveParameters, type ResolvedParameters } from '../health/resolveParameters.js';
import { simulate, simulateChecked, type SimulatedTrade } from '../health/simulate.js';
import { computeMargin } from '../margin/computeMargin.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import { groupsNeeded, marginWithArrays } from '../margin/marginFromRiskArrays.js';
import { checkAccount } from '../schema/checkAccount.js';
import { MarginInputError, safeCall, type SafeResult } from '../schema/MarginInputError.js';
import type { MarketPrices, MarketPricesInput, MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio, withPrices } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { riskArraysFor } from '../scenarios/buildRiskArrays.js';
import { scenarioSetOf } from '../scenarios/buildScenarioSet.js';
import { handOutRiskArrays, trustedView } from '../scenarios/RiskArraysSchema.js';
import type { RiskArrays } from '../scenarios/RiskArrays.js';
import type { AccountFigures } from '../kernel/AccountFigures.js';
import type { CompiledAccountHandle } from '../kernel/CompiledAccountHandle.js';
import { engineFigures } from '../kernel/engineFigures.js';
import type { MarginEngine } from './MarginEngine.js';
import type { LiquidationPrices } from '../health/liquidationPrices.js';
import type { ReductionPlan } from '../health/reductionPlan.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import { liquidationPricesOf } from '../health/liquidationPrices.js';
import { reductionPlanOf } from '../health/reductionPlan.js';
import { parseArguments } from '../schema/parseArguments.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';
import { suppliedRiskArrays, SuppliedRiskArraysSchema, type SuppliedRiskArraysInput } from '../scenarios/suppliedRiskArrays.js';
import { MarginEngineOptionsSchema, type MarginEngineOptions, type SuppliedRiskArraysOption } from './MarginEngineOptions.js';
import { trustScenarioSet } from '../scenarios/ScenarioSetSchema.js';

/** A supplied-arrays engine's scenario set (parsed) and its callback for the arrays at another market. */
interface Supplied {
  set: ScenarioSet;
  at?: (market: MarketSnapshot) => unknown;
}

/** Issues of the supplied arrays reported at their place in `createMarginEngine`'s options. */
function asOption<T>(path: (string | number)[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof MarginInputError)) throw e;
    throw new MarginInputError(e.issues.map((i) => ({ ...i, path: [...path, ...i.path], argument: 'options' })));
  }
}

/**
 * The safe variants' loop: one result per account, and never a throw from the batch itself. Not an
 * iterable, or an iterator that throws (its `[Symbol.iterator]()` or a `next()`: a failed read of the
 * caller's source) or whose `next()` returns a non-object (for...of's TypeError), ends the batch with
 * one failure (`invalid_type` / `invalid_value`, `argument`).
 */
function* safeEach<R>(xs: Iterable<unknown>, argument: string, each: (x: unknown) => R): Generator<SafeResult<R>, void, undefined> {
  const failed = (e: unknown): SafeResult<R> => ({
    success: false,
    error: e instanceof MarginInputError ? e : new MarginInputError([{ code: 'invalid_value', path: [], message: `the iterable threw: ${e instanceof Error ? e.message : String(e)}`, argument }]),
  });
  let it: Iterator<unknown>;
  try {
    it = iterableArgument(xs, argument)[Symbol.iterator]();
  } catch (e) {
    return void (yield failed(e));
  }
  let done = false;
  try {
    for (;;) {
      let value: unknown;
      try {
        const step: unknown = it.next();
        // As for...of reads it: a result that is not an object is a TypeError (not a `done` of
        // undefined, read forever), and `done` ends the batch when truthy, not only when `true`.
        if (Object(step) !== step) throw new TypeError(`iterator result ${String(step)} is not an object`);
        if ((done = !!(step as IteratorResult<unknown>).done)) return;
        value = (step as IteratorResult<unknown>).value;
      } catch (e) {
        done = true;
        return void (yield failed(e));
      }
      yield safeCall(() => each(value));
    }
  } finally {
    // The consumer stopped early (break): close the source, as for...of does.
    if (!done) it.return?.();
  }
}

/**
 * A batch argument, refused with a `MarginInputError` when it cannot be iterated (a JavaScript caller's
 * `null`, one account or a string where an array of them goes) instead of the runtime's bare TypeError.
 */
function iterableArgument<T>(xs: Iterable<T>, argument: string): Iterable<T> {
  if (typeof xs !== 'object' || xs === null || typeof (xs as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new MarginInputError([{ code: 'invalid_type', path: [], message: 'expected an iterable of accounts', argument }]);
  }
  return xs;
}

/** The supplied arrays at another market (a tick, a moved index), through the option's callback, checked; refused without one. */
function suppliedAt(s: Supplied, market: MarketSnapshot, what: string): RiskArrays {
  if (!s.at) {
    const message = `${what} needs risk arrays at another market; the supplied arrays are for one snapshot: give supplied.riskArraysAt, or create a new engine with the new arrays`;
    throw new MarginInputError([{ code: 'missing_risk_array', path: ['supplied', 'riskArraysAt'], message, argument: 'options' }]);
  }
  const at = s.at;
  return asOption(['supplied', 'riskArraysAt'], () => suppliedRiskArrays(market, s.set, parseArguments(SuppliedRiskArraysSchema, at(market), 'options') as SuppliedRiskArraysInput));
}

function engineFor(m: MarketSnapshot, r: ResolvedParameters, supplied?: Supplied, arrays?: RiskArrays): MarginEngine {
  const p = r.margin;
  // The set is frozen and shared; the arrays are private to the engine (Float64Arrays cannot be
  // frozen): `engine.riskArrays` hands out a copy on every read, so no caller can change what the
  // next account is margined with.
  const scenarioSet = supplied ? supplied.set : scenarioSetOf(p, m);
  // Every instrument the snapshot can value; an instrument's array does not depend on which others
  // are built, so these equal the arrays computeMargin builds for the held symbols only.
  const riskArrays = arrays ?? riskArraysFor(m, scenarioSet);
  const view = trustedView(riskArrays);
  const needsArrays = p.mode === 'portfolio' || p.isolated.mode === 'portfolio';

  // Margin of a parsed, checked portfolio. A held instrument without a shared array is one the
  // snapshot cannot value: the one-shot path then raises exactly the error computeMargin raises.
  // Supplied arrays are the only ones: a held instrument without one is `missing_risk_array`.
  const marginOf = (pf: Portfolio): MarginResult => {
    if (needsArrays && !supplied) for (const x of pf.positions) if (!riskArrays.instruments.has(x.symbol)) return computeMargin(pf, m, p);
    return marginWithArrays(pf, m, needsArrays ? view : undefined, p);
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
    get riskArrays(): RiskArrays {
      return handOutRiskArrays(riskArrays);
    },
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
      for (const x of iterableArgument(portfolios, 'portfolios')) out.push(assess(x));
      return out;
    },
    *assessEach(portfolios: Iterable<PortfolioInput | Portfolio>): Generator<AccountAssessment, void, undefined> {
      for (const x of iterableArgument(portfolios, 'portfolios')) yield assess(x);
    },
    safeAssessEach(portfolios: Iterable<unknown>): Generator<SafeResult<AccountAssessment>, void, undefined> {
      return safeEach(portfolios, 'portfolios', assess);
    },
    simulate(portfolio: PortfolioInput | Portfolio, trades: readonly SimulatedTrade[], before?: AccountAssessment) {
      if (before !== undefined) {
        // Refused (null too: only undefined is "no before") after the portfolio's and the trades' errors, as check does.
        const same = (b: AccountAssessment, id: string) =>
          b.accountId === id && b.asOf === m.asOf && b.params.margin.id === p.id && b.params.margin.version === p.version && b.params.health.id === r.health.id && b.params.health.version === r.health.version;
        return simulateChecked(portfolio, trades, m, p, { ...context, before }, same);
      }
      return simulate(portfolio, trades, m, p, context);
    },
    compile: kernel.compile,
    figures: kernel.figures,
    check: kernel.check,
    *figuresEach(accounts: Iterable<CompiledAccountHandle | PortfolioInput | Portfolio>): Generator<AccountFigures, void, undefined> {
      for (const x of iterableArgument(accounts, 'accounts')) yield kernel.figures(x);
    },
    safeFiguresEach(accounts: Iterable<unknown>): Generator<SafeResult<AccountFigures>, void, undefined> {
      return safeEach(accounts, 'accounts', kernel.figures);
    },
    withPrices(prices: MarketPricesInput | MarketPrices): MarginEngine {
      const m2 = withPrices(m, prices);
      return supplied ? engineFor(m2, r, supplied, suppliedAt(supplied, m2, 'withPrices')) : engineFor(m2, r);
    },
    liquidationPrices(portfolio: PortfolioInput | Portfolio): LiquidationPrices {
      const pf = parsePortfolio(portfolio);
      checkAccount(pf, m);
      if (!supplied) return liquidationPricesOf(pf, m, r);
      const s = supplied;
      // Refused before any work when the arrays cannot follow the moved index.
      if (!s.at) suppliedAt(s, m, 'liquidationPrices');
      const marginAt = (m2: MarketSnapshot) => {
        if (m2 === m) return marginOf;
        const a = suppliedAt(s, m2, 'liquidationPrices');
        const v = trustedView(a);
        return (x: Portfolio) => marginWithArrays(x, m2, v, p);
      };
      return liquidationPricesOf(pf, m, r, { marginAt, scenarios: scenarioSet.scenarios.length });
    },
    reductionPlan(portfolio: PortfolioInput | Portfolio): ReductionPlan {
      const pf = parsePortfolio(portfolio);
      checkAccount(pf, m);
      // Closing trades at the mark leave the market as it is: the supplied arrays serve every step.
      return supplied ? reductionPlanOf(pf, m, r, { margin: marginOf, scenarios: scenarioSet.scenarios.length }) : reductionPlanOf(pf, m, r);
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
 * With `options.supplied` the engine scans risk arrays given from outside instead of revaluing the
 * instruments (a clearing house's SPAN arrays through `spanMarginInputs`): then every method returns
 * what `marginFromRiskArrays` / `assessAccount` with the evaluation context
 * `{ margin: (p) => marginFromRiskArrays(p, market, suppliedRiskArrays(market, scenarioSet, riskArrays), params) }`
 * return; `figures` and `check` equal `assess` and `simulate` as always (kernel, or the Decimal path,
 * `exact: 'decimal'`, where the kernel does not cover a case). `withPrices` and `liquidationPrices`
 * need the arrays at another market: through `supplied.riskArraysAt`, else refused with
 * `missing_risk_array` (argument `options`, path `['supplied', 'riskArraysAt']`). The parameter set
 * must be in portfolio mode (standard mode scans no arrays).
 *
 * Cost: one Black-76 valuation per option per scenario of the set (a 500-instrument table on the
 * 35-scenario Deribit grid is about 17,500 valuations) plus exact Decimal arrays for futures; memory
 * one `Float64Array` of scenario count per instrument. With supplied arrays: a copy of them.
 *
 * @param market raw JSON or parsed snapshot: prices in quote currency per unit, vols annualised
 *   decimals (0.65 = 65%), rates continuously compounded, `asOf` ISO-8601 UTC (the valuation time).
 * @param params raw JSON or parsed margin parameter set (a preset, with an optional `health` section).
 * @param options optional `{ supplied: { scenarioSet, riskArrays, riskArraysAt? } }`: risk arrays as
 *   P&L per long contract per scenario in the settlement currency (see {@link SuppliedRiskArraysOption}).
 * @returns an immutable engine; make a new one per snapshot (`engine.withPrices(prices)` on each tick).
 * @throws MarginInputError (argument `params`, `market` or `options`) for invalid parameters, market
 *   or options (supplied arrays: `unknown_symbol`, `invalid_value` for a wrong length or a non-finite
 *   entry, at `['supplied', 'riskArrays', ...]`).
 * @example
 * ```ts
 * const engine = createMarginEngine(market, PRESETS['deribit-pm']);
 * for (const a of engine.assessEach(accounts())) if (a.status !== 'healthy') notify(a.accountId, a.flags);
 * const next = engine.withPrices(tick); // new prices, same instrument table
 *
 * // A SPAN account on the clearing house's own arrays:
 * const inputs = spanMarginInputs(parseSpanFile(text), positions);
 * const span = createMarginEngine(inputs.market, inputs.parameters, { supplied: { scenarioSet: inputs.scenarioSet, riskArrays: inputs.riskArrays } });
 * span.assess(inputs.portfolio).maintenanceMargin; // scan risk from the file's arrays, less inter credits
 * ```
 */
export function createMarginEngine(market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters, options?: MarginEngineOptions): MarginEngine {
  const r = resolveParameters(params);
  const m = parseMarket(market);
  if (options === undefined) return engineFor(m, r);
  const o = parseArguments(MarginEngineOptionsSchema, options, 'options');
  if (!o.supplied) return engineFor(m, r);
  if (r.margin.mode !== 'portfolio' && r.margin.isolated.mode !== 'portfolio') {
    throw new MarginInputError([{ code: 'invalid_value', path: ['supplied'], message: 'supplied risk arrays need a portfolio-mode parameter set (standard mode scans no arrays)', argument: 'options' }]);
  }
  const set = trustScenarioSet(o.supplied.scenarioSet as ScenarioSet);
  // The engine scans these arrays unchecked afterwards: every group the parameters scan must be there.
  const groups = new Set(set.groups.map((g) => g.id));
  for (const id of groupsNeeded(r.margin)) {
    if (!groups.has(id)) throw new MarginInputError([{ code: 'missing_field', path: ['supplied', 'scenarioSet', 'groups'], message: `the parameters scan the scenario group ${id}, which the set does not have`, argument: 'options' }]);
  }
  const s: Supplied = { set };
  if (o.supplied.riskArraysAt) s.at = o.supplied.riskArraysAt;
  const arrays = asOption(['supplied', 'riskArrays'], () => suppliedRiskArrays(m, s.set, o.supplied!.riskArrays as SuppliedRiskArraysInput));
  return engineFor(m, r, s, arrays);
}
