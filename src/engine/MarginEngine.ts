import type { AccountAssessment } from '../health/assessAccount.js';
import type { LiquidationPrices } from '../health/liquidationPrices.js';
import type { ReductionPlan } from '../health/reductionPlan.js';
import type { AccountFigures } from '../kernel/AccountFigures.js';
import type { CompiledAccountHandle } from '../kernel/CompiledAccountHandle.js';
import type { PreTradeCheck } from '../kernel/engineFigures.js';
import type { SimulatedTrade, Simulation } from '../health/simulate.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginResult } from '../margin/MarginResult.js';
import type { SafeResult } from '../schema/MarginInputError.js';
import type { MarketPrices, MarketPricesInput, MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import type { RiskArrays } from '../scenarios/RiskArrays.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';

/**
 * A margin engine bound to one market snapshot and one parameter set, made by `createMarginEngine`.
 *
 * Everything that does not depend on the account is done once, when the engine is made: the market
 * and parameters are validated, the scenario set is built, and every instrument of the table is valued
 * (forward, vol, mark value, greeks) and revalued under every scenario (risk arrays, P&L per long
 * contract in the settlement currency). Each call below then does only per-account work (parsing the
 * portfolio, netting, multiply-adds over the shared arrays, the exact recheck of the worst scenario,
 * add-ons, equity, status) and returns, byte for byte (`JSON.stringify`), what the one-shot functions
 * (`computeMargin`, `assessAccount`, `simulate`) return for the same inputs, including the same
 * `MarginInputError` (codes and paths) for a bad account.
 *
 * An engine is immutable and holds no per-account state: share it between any number of callers, and
 * make a new one per snapshot ({@link MarginEngine.withPrices} on every price tick).
 * Money is in the market's settlement currency; quantities in contracts; vols annualised decimals.
 */
export interface MarginEngine {
  /** The validated snapshot the engine prices against (frozen; its tables are read-only Maps). */
  readonly market: MarketSnapshot;
  /** The validated margin parameter set (with its `health` section, if any; deeply frozen). */
  readonly params: MarginParameters;
  /** The scenario set of `params` at `market` (empty in standard mode without scenarios; deeply frozen, shared). */
  readonly scenarioSet: ScenarioSet;
  /**
   * Risk arrays of every instrument of the table that the snapshot can value (P&L of one long
   * contract per scenario, settlement currency) and of every asset tied to an underlying, with each
   * instrument's valuation (with `options.supplied`: the supplied arrays, no valuations, no exact
   * Decimals: each entry goes through `fromFloat`, rounded against the account). The engine's own arrays, shared by every account, stay private: each
   * read of this property returns a fresh copy (new `Float64Array`s in frozen records and read-only
   * maps, about the size of the table times the scenarios), so read it once and keep it; editing it
   * changes nothing the engine computes.
   */
  readonly riskArrays: RiskArrays;

  /**
   * Initial and maintenance margin of one account: the same JSON as
   * `computeMargin(portfolio, engine.market, engine.params)`.
   *
   * @param portfolio raw JSON or parsed; quantities in contracts (signed), balances in asset units.
   * @returns IM and MM in the settlement currency (rounded up to `params.settlementPrecision`) with the tree that explains them.
   * @throws MarginInputError for an invalid portfolio or one the snapshot cannot value (argument `portfolio` or `market`).
   * @example
   * ```ts
   * const engine = createMarginEngine(market, PRESETS['deribit-pm']);
   * engine.margin(book).maintenanceMargin; // e.g. '44956.181606868' (the sample book on deribit-pm)
   * ```
   */
  margin(portfolio: PortfolioInput | Portfolio): MarginResult;

  /**
   * Full health assessment of one account (equity, IM, MM, ratios, excess or shortfall, status, flags):
   * the same JSON as `assessAccount(portfolio, engine.market, engine.params)`.
   *
   * @param portfolio raw JSON or parsed portfolio.
   * @returns equities rounded down and requirements rounded up, in the settlement currency.
   * @throws MarginInputError as `assessAccount` does.
   * @example
   * ```ts
   * const a = engine.assess(book);
   * a.status; // 'healthy' (equity 242,722.17 >= IM 56,195.23: Python reference, no haircut under deribit-pm)
   * a.excess.maintenance; // e.g. '197765.987272287'
   * ```
   */
  assess(portfolio: PortfolioInput | Portfolio): AccountAssessment;

  /**
   * {@link MarginEngine.assess} without throwing: `{ success: true, data }` or `{ success: false, error }`.
   * Takes any value (typed `unknown`: an account not yet checked), checked at run time as `assess` checks it.
   *
   * @example
   * ```ts
   * const r = engine.safeAssess({ accountId: 'a1' });
   * if (!r.success) r.error.issues[0]?.code; // 'missing_field'
   * ```
   */
  safeAssess(portfolio: unknown): SafeResult<AccountAssessment>;

  /**
   * Assesses a batch, in order: `[...engine.assessEach(portfolios)]`. Throws on the first invalid
   * account; use {@link MarginEngine.safeAssessEach} to keep going past bad accounts.
   *
   * @param portfolios raw or parsed portfolios (any iterable).
   * @throws MarginInputError on the first invalid account, or `invalid_type` (argument `portfolios`)
   *   when `portfolios` is not an iterable (null, one account, a string).
   * @example
   * ```ts
   * const results = engine.assessMany([bookA, bookB]);
   * // bookB: MM 104,013.70 <= equity 121,919.98 < MM x (1 + 0.25) = 130,017.13 (default band 0.25; Python reference)
   * results.map((a) => a.status); // ['healthy', 'margin_call']
   * ```
   */
  assessMany(portfolios: Iterable<PortfolioInput | Portfolio>): AccountAssessment[];

  /**
   * Assesses accounts one at a time as the iterable yields them, so a million accounts never sit in
   * memory at once: pass a generator that reads or builds each account lazily, and consume the results
   * as they come. Yields exactly what {@link MarginEngine.assessMany} returns, in the same order.
   *
   * @param portfolios raw or parsed portfolios (any iterable, typically a generator).
   * @throws MarginInputError on the first invalid account (the generator stops there), or `invalid_type`
   *   (argument `portfolios`) when `portfolios` is not an iterable (null, one account, a string).
   * @example
   * ```ts
   * function* accounts() { for (const id of ids) yield loadAccount(id); }
   * for (const a of engine.assessEach(accounts())) if (a.status !== 'healthy') alert(a);
   * ```
   */
  assessEach(portfolios: Iterable<PortfolioInput | Portfolio>): Generator<AccountAssessment, void, undefined>;

  /**
   * {@link MarginEngine.assessEach} that never throws: one `SafeResult` per account, in order, so a
   * batch survives a malformed account. The accounts may be any values (typed `unknown`: data not yet
   * checked), each checked at run time as `assess` checks it. A `portfolios` that is not an iterable
   * yields one failure (`invalid_type`, argument `portfolios`) and nothing else; an iterator that throws
   * (a failed read of the source), or whose `next()` returns a non-object (where for...of throws a
   * TypeError), ends the batch with one failure (`invalid_value`, argument `portfolios`); a `next()`
   * result with a truthy `done` ends it, as it ends for...of.
   *
   * @example
   * ```ts
   * for (const r of engine.safeAssessEach(accounts())) {
   *   if (r.success) store(r.data); else reject(r.error.issues);
   * }
   * ```
   */
  safeAssessEach(portfolios: Iterable<unknown>): Generator<SafeResult<AccountAssessment>, void, undefined>;

  /**
   * Pre-trade check: the account before and after `trades`, the change in IM, MM and equity, and
   * whether the trades are allowed; the same JSON as `simulate(portfolio, trades, engine.market, engine.params)`.
   *
   * Cost: with `before` (the account's assessment at this snapshot, e.g. from this tick's batch) only
   * the after-trade account is evaluated, which costs one assessment; without it, two.
   * `before` must be `engine.assess(portfolio)` for this very portfolio and engine; it is trusted, not
   * recomputed (its accountId, asOf and parameter ids are checked).
   *
   * @param portfolio raw or parsed portfolio.
   * @param trades `[{ symbol, quantity (signed contracts), price? (quote per unit), fee? (settlement currency) }]`.
   * @param before optional `engine.assess(portfolio)`.
   * @throws MarginInputError for invalid input (trades: argument `'trades'`), or, after any such error,
   *   `invalid_value` (argument `'before'`, path `[]`) when `before` belongs to another account, snapshot or
   *   parameter set, or is not an assessment at all (`null`, a number).
   * @example
   * ```ts
   * const before = engine.assess(book);
   * const s = engine.simulate(book, [{ symbol: 'BTC-PERP', quantity: '1' }], before);
   * // deribit-pm: MM = 0.8 x IM, so the trade's IM increase is the MM change / 0.8 (e.g. 13,606.4 / 0.8 = 17,008)
   * s.allowed; // true (equity 242,722.17 covers IM 56,195.23 (Python reference) plus e.g. 17,008: 186,526.94 of room before the trade)
   * s.change.maintenanceMargin; // e.g. '13606.4'
   * ```
   */
  simulate(portfolio: PortfolioInput | Portfolio, trades: readonly SimulatedTrade[], before?: AccountAssessment): Simulation;

  /**
   * Compiles an account once for {@link MarginEngine.figures} and {@link MarginEngine.check}: validates it
   * and checks it against the snapshot (the same `MarginInputError` as `assess` for a bad account), nets
   * and plans it, and returns an opaque, immutable handle that stays valid on every engine of the same
   * instrument table (`withPrices` ticks). Compile again after fills and transfers.
   *
   * @param account raw JSON or parsed portfolio; quantities in contracts, balances in asset units.
   * @returns a handle (its JSON is not part of the API); a handle passes through unchanged.
   * @throws MarginInputError as `assess` does for an invalid account.
   * @example
   * ```ts
   * const handle = engine.compile(book);
   * engine.figures(handle).maintenanceMargin; // e.g. '44956.181606868', as engine.margin(book) gives it
   * engine.withPrices(tick).figures(handle).status; // next tick, same handle
   * ```
   */
  compile(account: CompiledAccountHandle | PortfolioInput | Portfolio): CompiledAccountHandle;

  /**
   * The figures of {@link MarginEngine.assess} without the explanation tree: status, equities, IM and MM,
   * charges, ratios, excess, shortfall and flag codes, each byte for byte the field of the same name of
   * `engine.assess(account)` (`flagCodes` = its flags' codes). Computed by the exact integer kernel
   * (`exact: 'kernel'`), or by the Decimal path when the kernel cannot decide a rounding or does not
   * cover a feature (`exact: 'decimal'`); the figures are the same either way.
   *
   * @param account a handle from {@link MarginEngine.compile} (fastest), or a raw or parsed portfolio.
   * @returns money in the settlement currency: equities rounded down, requirements up.
   * @throws MarginInputError as `assess` does (for a handle: when a price it needs is missing at this tick),
   *   or `invalid_value` (argument `account`) for a handle compiled on another instrument table.
   * @example
   * ```ts
   * const f = engine.figures(engine.compile(book));
   * f.status; // 'healthy' (as engine.assess: equity 242,722.17 >= IM 56,195.23, Python reference)
   * f.exact; // 'kernel'
   * ```
   */
  figures(account: CompiledAccountHandle | PortfolioInput | Portfolio): AccountFigures;

  /**
   * {@link MarginEngine.figures} for each account as the iterable yields it (handles or portfolios),
   * in order. Throws on the first invalid account; use {@link MarginEngine.safeFiguresEach} to keep going.
   *
   * @throws MarginInputError as `figures` does, on the first invalid account (the generator stops there),
   *   or `invalid_type` (argument `accounts`) when `accounts` is not an iterable (null, one account, a string).
   * @example
   * ```ts
   * for (const f of engine.figuresEach(handles)) if (f.status !== 'healthy') notify(f.accountId, f.flagCodes);
   * ```
   */
  figuresEach(accounts: Iterable<CompiledAccountHandle | PortfolioInput | Portfolio>): Generator<AccountFigures, void, undefined>;

  /**
   * {@link MarginEngine.figuresEach} that never throws: one `SafeResult` per account, in order. The
   * accounts may be any values (typed `unknown`: handles, or accounts not yet checked), each checked at
   * run time as `figures` checks it. An `accounts` that is not an iterable yields one failure
   * (`invalid_type`, argument `accounts`) and nothing else; an iterator that throws (a failed read of
   * the source), or whose `next()` returns a non-object (where for...of throws a TypeError), ends the
   * batch with one failure (`invalid_value`, argument `accounts`); a `next()` result with a truthy
   * `done` ends it, as it ends for...of.
   *
   * @example
   * ```ts
   * for (const r of engine.safeFiguresEach(accounts())) if (!r.success) reject(r.error.issues);
   * ```
   */
  safeFiguresEach(accounts: Iterable<unknown>): Generator<SafeResult<AccountFigures>, void, undefined>;

  /**
   * Pre-trade check at kernel speed: whether the trades are allowed, with the figures before and
   * after (no tree) and the change in IM, MM and equity; every field equal to the field of the same
   * name of {@link MarginEngine.simulate} (`before` and `after`: the figures of its assessments). The
   * trades follow the library's one trading model (the one `simulate` and `reductionPlan` use).
   *
   * @param account a handle from {@link MarginEngine.compile} (or a raw or parsed portfolio).
   * @param trades `[{ symbol, quantity (signed contracts), price?, fee? (settlement currency) }]`, as `simulate` takes them.
   * @param before optional: this tick's `engine.figures(account)` (trusted, so only the after-state is computed).
   * @throws MarginInputError as `simulate` does, in the same order and with the same issue: invalid input
   *   (trades: argument `'trades'`), then `invalid_value` (argument `'before'`, path `[]`) when `before`
   *   belongs to another account or is not figures at all (`null`, a number); or `invalid_value` (argument
   *   `'account'`) for a handle compiled on another instrument table, as `figures`.
   * @example
   * ```ts
   * const handle = engine.compile(book);
   * const c = engine.check(handle, [{ symbol: 'BTC-PERP', quantity: '1' }], engine.figures(handle));
   * // deribit-pm: MM = 0.8 x IM, so the trade's IM increase is the MM change / 0.8 (e.g. 13,606.4 / 0.8 = 17,008)
   * c.allowed; // true (as engine.simulate: equity 242,722.17 covers IM 56,195.23 (Python reference) plus e.g. 17,008)
   * c.change.maintenanceMargin; // e.g. '13606.4', as engine.simulate gives it
   * ```
   */
  check(account: CompiledAccountHandle | PortfolioInput | Portfolio, trades: readonly SimulatedTrade[], before?: AccountFigures): PreTradeCheck;

  /**
   * A new engine for a new price tick: same instrument table and parameters, new prices, vols, rates
   * and `asOf`. (An engine with supplied risk arrays takes the tick's arrays from
   * `supplied.riskArraysAt(market)`, or refuses with `missing_risk_array` without that callback.) The prices are validated; the instrument table is not validated again. Scenario set,
   * valuations and risk arrays are rebuilt (price ranges, forwards and vols all move). Equal, byte
   * for byte, to `createMarginEngine(withPrices(engine.market, prices), engine.params)`. The old
   * engine is unchanged.
   *
   * @param prices `{ asOf, settlementCurrency, underlyings, marks, assets }` (raw or parsed `MarketPrices`):
   *   prices in quote currency per unit, vols annualised decimals, rates continuously compounded.
   * @throws MarginInputError (argument `market`) for invalid prices.
   * @example
   * ```ts
   * const next = engine.withPrices({ asOf: '2026-11-29T08:00:01Z', settlementCurrency: 'USDC',
   *   underlyings: { BTC: { index: '100100' } }, marks: { 'BTC-PERP': { price: '100110' } }, assets: {} });
   * ```
   */
  withPrices(prices: MarketPricesInput | MarketPrices): MarginEngine;

  /**
   * Liquidation and bankruptcy prices of the account per underlying, as `liquidationPrices(portfolio,
   * engine.market, engine.params)` returns them (the same JSON for an engine built by the library).
   * On an engine with supplied risk arrays, each moved index takes its arrays from
   * `supplied.riskArraysAt(movedMarket)`; without that callback the call is refused before any work
   * (`missing_risk_array`, argument `options`, path `['supplied', 'riskArraysAt']`) rather than
   * holding one snapshot's arrays at another price.
   *
   * @param portfolio raw or parsed portfolio; quantities in contracts.
   * @returns index levels in quote currency per unit, moves as relative decimals, money in the settlement currency.
   * @throws MarginInputError as `liquidationPrices` does, or `missing_risk_array` as above.
   * @example
   * ```ts
   * engine.liquidationPrices(book).underlyings[0].liquidation.down?.price; // e.g. '50605.26156022'
   * ```
   */
  liquidationPrices(portfolio: PortfolioInput | Portfolio): LiquidationPrices;

  /**
   * The closing trades at the mark that bring the account to the liquidation end, as
   * `reductionPlan(portfolio, engine.market, engine.params)` returns them (the same JSON for an engine
   * built by the library). The market does not move, so an engine with supplied risk arrays uses them
   * for every step.
   *
   * @param portfolio raw or parsed portfolio; quantities in contracts.
   * @returns signed trade quantities in contracts, costs and reliefs in the settlement currency.
   * @throws MarginInputError as `reductionPlan` does.
   * @example
   * ```ts
   * const plan = engine.reductionPlan(book);
   * plan.reachesTarget; // true: plan.after.status is 'reduce_only' or 'healthy'
   * ```
   */
  reductionPlan(portfolio: PortfolioInput | Portfolio): ReductionPlan;
}
