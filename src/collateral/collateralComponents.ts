import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { ownValue } from '../schema/ownValue.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { Portfolio } from '../schema/portfolioSchema.js';
import type { AssetHaircut, CollateralParameters } from './CollateralParameters.js';
import { collateralLineValues } from './collateralLineValues.js';

/** One collateral balance valued exactly (Decimal, settlement currency); internal form of {@link CollateralLine}. */
export interface CollateralComponent {
  asset: string;
  balance: Decimal;
  /** Price of one unit in the settlement currency (1 for the settlement currency itself). */
  price: Decimal;
  /** `balance * price`, negative for a debt. */
  value: Decimal;
  /** Value after the initial-margin haircut (debts in full). */
  initialValue: Decimal;
  /** Value after the maintenance haircut (debts in full). */
  maintenanceValue: Decimal;
  /** Borrow maintenance charge on a debt (0 for a positive balance). */
  borrowCharge: Decimal;
}

/** Exact totals of {@link collateralComponents}. */
export interface CollateralTotals {
  lines: CollateralComponent[];
  value: Decimal;
  initialValue: Decimal;
  maintenanceValue: Decimal;
  borrowCharge: Decimal;
}

/** The haircuts that apply to `asset`: listed ones, else none for the settlement currency, else the default. */
export function haircutFor(asset: string, settlementCurrency: string, params: CollateralParameters): AssetHaircut | undefined {
  const listed = ownValue(params.haircuts, asset);
  if (listed) return listed;
  return asset === settlementCurrency ? undefined : params.defaultHaircut;
}

/**
 * Values every non-zero collateral balance exactly, in a canonical order (by asset), so that totals
 * do not depend on input order. Internal: {@link valueCollateral} is the rounded, JSON form.
 *
 * @throws MarginInputError `missing_asset_price` for a held asset without a price.
 */
export function collateralComponents(portfolio: Portfolio, market: MarketSnapshot, params: CollateralParameters): CollateralTotals {
  const lines: CollateralComponent[] = [];
  const balances = portfolio.collateral
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !c.balance.isZero())
    .sort((a, b) => compareKeys(a.c.asset, b.c.asset));
  let value = new D(0);
  let initialValue = new D(0);
  let maintenanceValue = new D(0);
  let charge = new D(0);
  for (const { c, i } of balances) {
    let price: Decimal;
    if (c.asset === market.settlementCurrency) price = new D(1);
    else {
      const q = market.assets.get(c.asset);
      if (!q) throw new MarginInputError([{ code: 'missing_asset_price', path: ['collateral', i, 'asset'], message: `no price for asset ${c.asset} in the market's assets`, argument: 'portfolio' }]);
      price = q.price;
    }
    const h = haircutFor(c.asset, market.settlementCurrency, params);
    const { value: gross, initialValue: iv, maintenanceValue: mv, borrowCharge: bc } = collateralLineValues(DECIMAL_ARITHMETIC, c.balance, price, h, params.borrowTiers);
    lines.push({ asset: c.asset, balance: c.balance, price, value: gross, initialValue: iv, maintenanceValue: mv, borrowCharge: bc });
    value = value.plus(gross);
    initialValue = initialValue.plus(iv);
    maintenanceValue = maintenanceValue.plus(mv);
    charge = charge.plus(bc);
  }
  return { lines, value, initialValue, maintenanceValue, borrowCharge: charge };
}
