import { decimalString, roundRequirement, roundValue } from '../numeric/rounding.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import { parseCollateralParameters, type CollateralParametersInput, type CollateralParameters } from './CollateralParameters.js';
import { collateralComponents, type CollateralTotals } from './collateralComponents.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';

/** Default settlement precision (decimal places) when the caller gives none: fine enough for any coin. */
export const DEFAULT_DECIMALS = 8;

/** One collateral balance, valued. Amounts are decimal strings. */
export interface CollateralLine {
  asset: string;
  /** Units of the asset; negative = borrowed. */
  balance: string;
  /** Price of one unit in the settlement currency. */
  price: string;
  /** `balance * price`, settlement currency, rounded down. */
  value: string;
  /** Value after the initial haircut, rounded down (debts count in full). */
  initialValue: string;
  /** Value after the maintenance haircut, rounded down. */
  maintenanceValue: string;
  /** Borrow maintenance charge on a debt, rounded up. */
  borrowCharge: string;
}

/**
 * Collateral of one account valued in the settlement currency. Totals are summed exactly and
 * rounded once (values down, charges up), so they may differ from the sum of the rounded lines by a
 * unit of the last place.
 */
export interface CollateralValuation {
  settlementCurrency: string;
  /** Non-zero balances, sorted by asset. */
  lines: CollateralLine[];
  value: string;
  initialValue: string;
  maintenanceValue: string;
  borrowCharge: string;
}

/**
 * Values an account's collateral: each balance at the snapshot's asset price (settlement currency
 * per unit; the settlement currency itself at 1), after flat or tiered haircuts (separate initial and
 * maintenance curves where given), debts in full plus a tiered borrow maintenance charge.
 *
 * @param portfolio raw or parsed portfolio (balances in units of each asset).
 * @param market raw or parsed market snapshot.
 * @param params raw or parsed {@link CollateralParameters} (default: no haircuts, no borrow charge).
 * @param decimals settlement-currency decimal places for rounding (default {@link DEFAULT_DECIMALS}).
 * @throws MarginInputError for invalid input or a held asset without a price (`missing_asset_price`).
 * @example
 * ```ts
 * valueCollateral(book, market, { haircuts: { BTC: { initial: { tiers: [
 *   { upTo: '100000000', haircut: '0' }, { upTo: '120000000', haircut: '0.025' }] } } } }, 2).initialValue;
 * // 6,000 BTC at 20,000 -> '119500000'
 * ```
 */
export function valueCollateral(
  portfolio: PortfolioInput | Portfolio,
  market: MarketSnapshotInput | MarketSnapshot,
  params: CollateralParametersInput | CollateralParameters = {},
  decimals: number = DEFAULT_DECIMALS,
): CollateralValuation {
  const p = parsePortfolio(portfolio);
  const m = parseMarket(market);
  if (p.settlementCurrency !== m.settlementCurrency) {
    throw new MarginInputError([{ code: 'settlement_currency_mismatch', path: ['settlementCurrency'], message: `portfolio settles in ${p.settlementCurrency} but market prices are in ${m.settlementCurrency}`, argument: 'portfolio' }]);
  }
  return collateralValuation(p.settlementCurrency, collateralComponents(p, m, parseCollateralParameters(params)), decimals);
}

/**
 * The rounded JSON form of exact collateral totals (values down, charges up, to `decimals`).
 * Internal: shared by {@link valueCollateral} and the equity breakdown, so that an assessment builds
 * it from the components it already has.
 */
export function collateralValuation(settlementCurrency: string, c: CollateralTotals, decimals: number): CollateralValuation {
  const v = (x: Parameters<typeof roundValue>[0]) => decimalString(roundValue(x, decimals));
  const r = (x: Parameters<typeof roundRequirement>[0]) => decimalString(roundRequirement(x, decimals));
  return {
    settlementCurrency,
    lines: c.lines.map((l) => ({
      asset: l.asset,
      balance: decimalString(l.balance),
      price: decimalString(l.price),
      value: v(l.value),
      initialValue: v(l.initialValue),
      maintenanceValue: v(l.maintenanceValue),
      borrowCharge: r(l.borrowCharge),
    })),
    value: v(c.value),
    initialValue: v(c.initialValue),
    maintenanceValue: v(c.maintenanceValue),
    borrowCharge: r(c.borrowCharge),
  };
}
