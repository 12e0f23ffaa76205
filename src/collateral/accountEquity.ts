import type { Decimal } from '../numeric/decimal.js';
import { checkPlaces, decimalString, roundValue } from '../numeric/rounding.js';
import { checkAccount } from '../schema/checkAccount.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import { parseCollateralParameters, type CollateralParameters, type CollateralParametersInput } from './CollateralParameters.js';
import { equityComponents, type EquityComponents } from './equityComponents.js';
import { collateralValuation, DEFAULT_DECIMALS, type CollateralValuation } from './valueCollateral.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';

/** One position's contribution to equity (settlement currency, decimal strings, rounded down). */
export interface PositionEquity {
  symbol: string;
  quantity: string;
  /** Futures: unrealised P&L against entry (0 without an entry price). */
  pnl: string;
  /** Options: signed mark value (long +, short -). */
  optionValue: string;
  /** Accrued funding (+ receivable). */
  funding: string;
  /** True when the position is isolated (its figures are then outside the cross sums). */
  isolated: boolean;
}

/**
 * Equity of one account, settlement currency, decimal strings, every figure rounded down (towards
 * -infinity) once from its exact sum.
 */
export interface AccountEquity {
  settlementCurrency: string;
  collateral: CollateralValuation;
  /** Every position, sorted by symbol (then input order); isolated ones are flagged and left out of the cross sums. */
  positions: PositionEquity[];
  futuresPnl: string;
  optionValue: string;
  funding: string;
  /** Sum of isolated allocations, carved out of the cross collateral. */
  isolatedAllocations: string;
  /** Collateral at market value - isolated allocations + futures P&L + option value + funding. */
  equity: string;
  /** Equity with collateral after initial haircuts (compared with IM). */
  initialEquity: string;
  /** Equity with collateral after maintenance haircuts (compared with MM). */
  maintenanceEquity: string;
}

/**
 * Equity of an account: collateral valued in the settlement currency, plus unrealised P&L of futures
 * and perpetuals against their entry price (linear `q * size * (F - E)`, inverse
 * `q * size * (1/E - 1/F)` coins at the coin's price; no entry price = P&L already settled to the mark),
 * plus option mark values (long adds, short subtracts; a model value owed rounds up), plus accrued
 * funding. Positions with an `isolatedMargin` are margined on their own: their allocation leaves the
 * cross collateral (it is part of the account's balances) and their P&L stays out of cross equity.
 *
 * @param portfolio raw or parsed portfolio.
 * @param market raw or parsed market snapshot (`asOf` is the valuation time).
 * @param params raw or parsed collateral parameters (haircuts, borrow tiers); default none.
 * @param decimals settlement-currency decimal places (default {@link DEFAULT_DECIMALS}).
 * @throws MarginInputError for invalid input or a portfolio the market cannot value (`checkAccount`).
 * @example
 * ```ts
 * // dydxBook: 0.1 BTC-PERP long entered at 50,000, 499 USDC; mark 45,010: 499 + 0.1 * (45,010 - 50,000) = 0
 * accountEquity(dydxBook, perpMarket('45010')).equity; // '0'
 * ```
 */
export function accountEquity(
  portfolio: PortfolioInput | Portfolio,
  market: MarketSnapshotInput | MarketSnapshot,
  params: CollateralParametersInput | CollateralParameters = {},
  decimals: number = DEFAULT_DECIMALS,
): AccountEquity {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  checkAccount(p, m);
  const cp = parseCollateralParameters(params);
  return equityBreakdown(p.settlementCurrency, equityComponents(p, m, cp), decimals);
}

/**
 * The rounded JSON form ({@link AccountEquity}) of exact equity components, every figure rounded
 * down to `decimals` once from its exact sum. Internal: {@link accountEquity} and the health
 * assessment (which already holds the components) share it, so equity is computed once per account.
 */
export function equityBreakdown(settlementCurrency: string, e: EquityComponents, decimals: number): AccountEquity {
  checkPlaces(decimals);
  // Zero (the P&L of an option, the option value of a future, absent funding) prints '0' however it rounds.
  const v = (x: Decimal) => (x.isZero() ? '0' : decimalString(roundValue(x, decimals)));
  return {
    settlementCurrency,
    collateral: collateralValuation(settlementCurrency, e.collateral, decimals),
    positions: e.positions.map((l) => ({
      symbol: l.symbol,
      quantity: decimalString(l.quantity),
      pnl: v(l.pnl),
      optionValue: v(l.optionValue),
      funding: v(l.funding),
      isolated: l.isolatedMargin !== undefined,
    })),
    futuresPnl: v(e.futuresPnl),
    optionValue: v(e.optionValue),
    funding: v(e.funding),
    isolatedAllocations: decimalString(e.isolatedAllocations),
    equity: v(e.equity),
    initialEquity: v(e.initialEquity),
    maintenanceEquity: v(e.maintenanceEquity),
  };
}
