import type * as z from 'zod';
import { D } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { parseAfterTrades, portfolioAfterTrades } from '../collateral/portfolioAfterTrades.js';
import { checkTrades, parseTrades, type TradesSchema } from './parseTrades.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { assessmentFrom, type AccountAssessment } from './assessAccount.js';
import type { EvaluationContext } from './EvaluationContext.js';
import { evaluateAccount } from './evaluateAccount.js';
import { resolveParameters } from './resolveParameters.js';
import type { InputOf } from '../schema/InputOf.js';
import type { MarginParameters } from '../margin/MarginParameters.js';
import type { MarginParametersInput } from '../margin/MarginParametersSchema.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';

/**
 * Trades as the caller writes them: `{ symbol, quantity (signed contracts), price?, fee? }`. `price`:
 * a future's price in the quote currency per unit of underlying (> 0); an option's premium per unit of
 * underlying in its settlement currency (coin for an inverse option, as its mark is quoted); default
 * the mark. `fee`: account settlement currency.
 */
export type SimulatedTrade = InputOf<typeof TradesSchema>[number];

/** Result of {@link simulate}. */
export interface Simulation {
  before: AccountAssessment;
  after: AccountAssessment;
  /** after - before, settlement currency. */
  change: { initialMargin: string; maintenanceMargin: string; equity: string };
  /** True when MM after > MM before. */
  increasesRisk: boolean;
  allowed: boolean;
  reason: string;
  /** The portfolio after the trades, in input form. */
  portfolioAfter: PortfolioInput;
}

/**
 * What-if: the account before and after a set of trades, the change in IM, MM and equity, and whether
 * the trades are allowed. Trades follow the library's one model of a closing or opening trade (the
 * reduction plan's too): a trade first closes the account's cross lines of its symbol pro rata as far
 * as it opposes them, realising their value in the instrument's settlement currency (a future's P&L
 * against its entry at the trade price; an option's premium; coin for an inverse instrument) and their
 * accrued funding in the account's settlement currency; the rest opens a new line (a future entered at
 * the trade price, so its P&L against the mark enters equity; an option whose premium, `quantity x
 * price x size`, is paid in its settlement currency). Default price: the mark. `fee` is charged in the
 * account's settlement currency. Closing at the mark moves equity by the fee alone.
 *
 * Rule: a trade that raises MM needs initial equity >= IM after it (risk-neutral trades too); a
 * risk-reducing trade (MM falls) is allowed even while liquidatable.
 *
 * @param portfolio raw or parsed portfolio.
 * @param trades `[{ symbol, quantity, price?, fee? }]`.
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed margin parameters (with optional `health`).
 * @param context optional seam for the batch engine: precomputed margin, and `before` (the account's
 *   assessment at this market, trusted) so that only the after-state is evaluated; see {@link EvaluationContext}.
 * @throws MarginInputError for invalid input (trades: argument `'trades'`).
 * @example
 * ```ts
 * // 25 BTC-PERP at 100,000 on Deribit's standard margin (MM = notional x (1% + BTC held x 0.005%)), buy 1 more:
 * // MM 2,600,000 x 1.13% = 29,380 after, 2,500,000 x 1.125% = 28,125 before; IM after 2,600,000 x 2.13% = 55,380 <= 60,000.
 * const perp = { accountId: 'desk-1', settlementCurrency: 'USDC', positions: [{ symbol: 'BTC-PERP', quantity: '25' }], collateral: [{ asset: 'USDC', balance: '60000' }] };
 * const s = simulate(perp, [{ symbol: 'BTC-PERP', quantity: '1' }], perpMarket('100000'), DERIBIT_STANDARD_MARGIN);
 * s.allowed; // true
 * s.change.maintenanceMargin; // '1255' = 29,380 - 28,125
 * ```
 */
export function simulate(portfolio: PortfolioInput | Portfolio, trades: readonly SimulatedTrade[], market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters, context?: EvaluationContext): Simulation {
  return simulateChecked(portfolio, trades, market, params, context);
}

/**
 * The one refusal of a `before` that is not this account's result (the engine's `simulate` and `check`
 * both call it after every portfolio and trade error, so both raise the same issue in the same order).
 * Only `undefined` means "none": `null` or any non-object is refused like another account's result.
 *
 * @param same whether an object `before` is this account's (each method's own test).
 * @throws MarginInputError `invalid_value` (argument `'before'`, path `[]`).
 * @example
 * ```ts
 * refuseForeignBefore(undefined, () => false); // returns: no before given
 * try {
 *   refuseForeignBefore(null, () => true);
 * } catch (e) {
 *   (e as MarginInputError).issues[0]; // { code: 'invalid_value', path: [], argument: 'before', ... }
 * }
 * ```
 */
export function refuseForeignBefore<B extends object>(before: B | null | undefined, same: (b: B) => boolean): void {
  if (before !== undefined && (typeof before !== 'object' || before === null || !same(before))) {
    throw new MarginInputError([{ code: 'invalid_value', path: [], message: "before is not this account's result from this engine (its snapshot and parameters)", argument: 'before' }]);
  }
}

/**
 * {@link simulate}, with the engine's test of a given `before` (see {@link refuseForeignBefore}), made
 * after the portfolio and the trades are checked. Internal.
 *
 * @example
 * ```ts
 * const s = simulateChecked(book, [], market, params, { before: engine.assess(book) }, (b) => b.accountId === book.accountId);
 * s.change.maintenanceMargin; // '0' (no trade)
 * ```
 */
export function simulateChecked(portfolio: PortfolioInput | Portfolio, trades: readonly SimulatedTrade[], market: MarketSnapshotInput | MarketSnapshot, params: MarginParametersInput | MarginParameters, context?: EvaluationContext, sameBefore?: (before: AccountAssessment, accountId: string) => boolean): Simulation {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const r = resolveParameters(params);
  const t = parseTrades(trades);
  checkAccount(p, m);
  checkTrades(t, m);
  if (sameBefore) refuseForeignBefore(context?.before, (b) => sameBefore(b, p.accountId));
  const portfolioAfter = portfolioAfterTrades(p, m, t);
  const p2 = parseAfterTrades(portfolioAfter);
  checkAccount(p2, m);
  const given = context?.before;
  const s1 = given ? undefined : evaluateAccount(p, m, r.margin, r.health, context);
  const s2 = evaluateAccount(p2, m, r.margin, r.health, context);
  const before = given ?? assessmentFrom(s1!, p, m.asOf, r);
  const after = assessmentFrom(s2, p2, m.asOf, r);
  // Before-state figures: exact from the snapshot, or read back from the given assessment (its strings are exact).
  const b1 = s1 ?? { mm: new D(before.maintenanceMargin), im: new D(before.initialMargin), equity: new D(before.equity) };
  const increasesRisk = s2.mm.gt(b1.mm);
  const reducing = s2.mm.lt(b1.mm);
  let allowed: boolean;
  let reason: string;
  if (reducing) {
    allowed = true;
    reason = `risk-reducing: MM falls from ${decimalString(b1.mm)} to ${decimalString(s2.mm)}`;
  } else {
    allowed = s2.initialEquity.gte(s2.im);
    reason = allowed
      ? `initial equity ${decimalString(s2.initialEquity)} covers IM ${decimalString(s2.im)} after the trade`
      : `${increasesRisk ? 'risk-increasing' : 'risk-neutral'} trade needs initial equity >= IM after it: ${decimalString(s2.initialEquity)} < ${decimalString(s2.im)}`;
  }
  return {
    before,
    after,
    change: { initialMargin: decimalString(s2.im.minus(b1.im)), maintenanceMargin: decimalString(s2.mm.minus(b1.mm)), equity: decimalString(s2.equity.minus(b1.equity)) },
    increasesRisk,
    allowed,
    reason,
    portfolioAfter,
  };
}
