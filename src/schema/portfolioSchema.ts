import * as z from 'zod';
import type { Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS } from './fields.js';
import type { InputOf } from './InputOf.js';

/**
 * One position. `quantity` in contracts, signed (long +, short -). `entryPrice` in the quote
 * currency per unit of underlying (futures; used for unrealised P&L). `isolatedMargin`, when set,
 * puts the position in isolated mode with that allocation (settlement currency). `accruedFunding`:
 * funding accrued but not yet paid, in the settlement currency (+ = receivable).
 */
export interface Position {
  symbol: string;
  quantity: Decimal;
  entryPrice?: Decimal;
  isolatedMargin?: Decimal;
  accruedFunding?: Decimal;
}

/** A collateral balance in units of `asset`; negative = borrowed. */
export interface CollateralBalance {
  asset: string;
  balance: Decimal;
}

/** A validated portfolio (one account). */
export interface Portfolio {
  accountId: string;
  /** Currency in which margin, equity and results are stated (e.g. `USDC`). */
  settlementCurrency: string;
  positions: Position[];
  collateral: CollateralBalance[];
}

export const PositionSchema = z.strictObject(
  {
    symbol: idField,
    quantity: decimalField(),
    entryPrice: decimalField('positive').optional(),
    isolatedMargin: decimalField('nonNegative').optional(),
    accruedFunding: decimalField().optional(),
  },
  err,
);

export const CollateralBalanceSchema = z.strictObject({ asset: idField, balance: decimalField() }, err);

/**
 * Schema of a portfolio. Positions in the same symbol may repeat (they net); collateral assets may
 * not (`duplicate_asset`). At most 100,000 positions and 1,000 balances.
 */
export const PortfolioSchema = z
  .strictObject(
    {
      accountId: idField,
      settlementCurrency: idField,
      positions: z.array(PositionSchema, err).max(LIMITS.maxPositions, err),
      collateral: z.array(CollateralBalanceSchema, err).max(LIMITS.maxCollateral, err),
    },
    err,
  )
  .transform((p, ctx): Portfolio => {
    const seen = new Set<string>();
    p.collateral.forEach((c, i) => {
      if (seen.has(c.asset)) customIssue(ctx, 'duplicate_asset', `collateral asset ${c.asset} appears twice`, c, ['collateral', i, 'asset']);
      seen.add(c.asset);
    });
    const positions = p.positions.map((q) => {
      const out: Position = { symbol: q.symbol, quantity: q.quantity };
      if (q.entryPrice !== undefined) out.entryPrice = q.entryPrice;
      if (q.isolatedMargin !== undefined) out.isolatedMargin = q.isolatedMargin;
      if (q.accruedFunding !== undefined) out.accruedFunding = q.accruedFunding;
      return out;
    });
    return { accountId: p.accountId, settlementCurrency: p.settlementCurrency, positions, collateral: p.collateral };
  });

/** Portfolio as the caller writes it. */
export type PortfolioInput = InputOf<typeof PortfolioSchema>;
