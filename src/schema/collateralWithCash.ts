import type { Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import type { Portfolio, PortfolioInput } from './portfolioSchema.js';

/**
 * Parsed collateral balances with `cash` (units of each asset) added, in input form; assets not held
 * yet are appended in asset order. For `settleExpired` (trades book their cash trade by trade in
 * `portfolioAfterTrades`). Internal (not re-exported from the package).
 */
export function collateralWithCash(collateral: Portfolio['collateral'], cash: ReadonlyMap<string, Decimal>): PortfolioInput['collateral'] {
  const out = collateral.map((c) => ({ asset: c.asset, balance: decimalString(c.balance.plus(cash.get(c.asset) ?? 0)) }));
  const held = new Set(collateral.map((c) => c.asset));
  for (const a of [...cash.keys()].sort()) if (!held.has(a)) out.push({ asset: a, balance: decimalString(cash.get(a)!) });
  return out;
}
