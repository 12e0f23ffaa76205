import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { parsePortfolio } from '../schema/parse.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { linesAfterTrades } from './linesAfterTrades.js';

/** A validated trade: signed contracts, optional price (futures: quote per unit; options: premium per unit in the settlement currency) and fee (account settlement currency). */
export interface ParsedTrade {
  symbol: string;
  quantity: Decimal;
  price?: Decimal;
  fee?: Decimal;
}

/**
 * The one model of trading a position, shared by `simulate` and `reductionPlan` (and, through
 * {@link closingValue}, by `settleExpired`). Trades apply in order; each one, against the account's
 * cross (non-isolated) lines of its symbol:
 *
 * - **closes** first, as far as it opposes their net quantity: every line shrinks pro rata (average
 *   cost: the remaining lines keep their entry prices), the closed part's value is paid in cash in the
 *   instrument's settlement currency ({@link closingValue}: a future's P&L against its entry at the
 *   trade price, an option's premium; coin for an inverse instrument), and its share of accrued
 *   funding in the account's settlement currency; a line closed to zero leaves the portfolio;
 * - **opens** the rest: a future as a new line entered at the trade price, so its P&L against the mark
 *   enters equity; an option as a new line whose premium is paid in its settlement currency;
 * - charges its `fee` in the account's settlement currency.
 *
 * Default prices are the mark: a future's mark price; for an option the mark value equity gives the
 * side concerned (a closed long at the value rounded down, a closed short at the value rounded up, an
 * opened line at the side against the account), so that closing at the mark moves equity by exactly
 * the fee. Isolated lines are never touched (a trade opens a cross line next to them). Internal.
 * The rule itself is {@link linesAfterTrades}, written once over a number layer (the engine's `check`
 * runs it in kernel numbers); this is its Decimal run, in input form.
 *
 * @param p parsed portfolio (not mutated).
 * @param m parsed market; every traded symbol must be in its instrument table and valuable.
 * @param trades validated trades (a future's price, when given, > 0).
 * @returns the new portfolio in input form (decimal strings): untouched lines in their order, shrunk
 *   lines in place, opened lines appended; collateral with each trade's cash added in turn (new assets
 *   appended, sorted), so that applying the trades in several calls gives the same balances as one call.
 * @example
 * ```ts
 * // The sample book: 1.5 BTC-PERP long entered at 97,000 with -12.35 accrued funding, 150,000 USDC; mark 100,050.
 * // Selling 4 at the mark closes the 1.5 (USDC 150,000 + 1.5 x (100,050 - 97,000) - 12.35 = 154,562.65) and
 * // opens 2.5 short at the mark; the other balances stay.
 * portfolioAfterTrades(book, market, [{ symbol: 'BTC-PERP', quantity: D(-4) }]).collateral; // [{ asset: 'USDC', balance: '154562.65' }, { asset: 'BTC', balance: '0.75' }, { asset: 'USDT', balance: '25000' }]
 * ```
 */
export function portfolioAfterTrades(p: Portfolio, m: MarketSnapshot, trades: readonly ParsedTrade[]): PortfolioInput {
  const after = linesAfterTrades(DECIMAL_ARITHMETIC, p, p.settlementCurrency, trades, {
    instrument: (symbol) => m.instruments.get(symbol)!,
    contractSize: (inst) => inst.contractSize,
    valuation: (inst) => valueInstrument(m, inst),
    text: (x) => x.toFixed(),
  });
  return {
    accountId: p.accountId,
    settlementCurrency: p.settlementCurrency,
    positions: after.positions.map(positionInput),
    collateral: after.collateral.map((c) => ({ asset: c.asset, balance: decimalString(c.balance) })),
  };
}

/**
 * The portfolio after trades, read back through the boundary (as `simulate` hands it out), with a
 * refusal put on the trades: the caller's portfolio was valid, and the trades made a line or balance
 * the boundary refuses (a pro-rata share rounded at 40 digits whose decimal string passes
 * `LIMITS.maxDecimalChars` after many partial closes; a balance past `LIMITS.maxAbsAmount`). No single
 * trade is at fault, so the path is `[]` and the message names the field of the after-portfolio.
 * Shared by `simulate` and the engine's `check` (its Decimal path), so both refuse alike, and by
 * `reductionPlan`, whose own candidate trade can meet the same limits: there no trade is the caller's,
 * so the refusal is put on `portfolio` (the account the plan cannot be made for), path `[]`, and the
 * message names the candidate. Internal.
 *
 * @param portfolioAfter the portfolio after the trades, in input form.
 * @param argument the argument the refusal is put on (default `'trades'`).
 * @param after the words that open each message (default `'after the trades'`).
 * @returns it parsed.
 * @throws MarginInputError with the boundary's code, argument `argument`, path `[]`.
 * @example
 * ```ts
 * parseAfterTrades(book).positions.length; // 10 (a valid portfolio reads as parsePortfolio reads it)
 * ```
 */
export function parseAfterTrades(portfolioAfter: PortfolioInput, argument = 'trades', after = 'after the trades'): Portfolio {
  try {
    return parsePortfolio(portfolioAfter);
  } catch (e) {
    if (!(e instanceof MarginInputError)) throw e;
    throw new MarginInputError(e.issues.map((i) => ({ code: i.code, path: [], message: `${after}, portfolioAfter${i.path.map((k) => `.${k}`).join('')}: ${i.message}`, argument })));
  }
}
