import type * as z from 'zod';
import { decimalString } from '../numeric/rounding.js';
import type { PortfolioInput, Position, PositionSchema } from './portfolioSchema.js';

/**
 * A parsed position back in input form (decimal strings; optional fields only where present), for
 * the functions that hand back a new portfolio (`simulate` and `reductionPlan` through `portfolioAfterTrades`, `settleExpired`). Internal (not
 * re-exported from the package).
 */
export function positionInput(x: Position): PortfolioInput['positions'][number] {
  const out: z.input<typeof PositionSchema> = { symbol: x.symbol, quantity: decimalString(x.quantity) };
  if (x.entryPrice) out.entryPrice = decimalString(x.entryPrice);
  if (x.isolatedMargin) out.isolatedMargin = decimalString(x.isolatedMargin);
  if (x.accruedFunding) out.accruedFunding = decimalString(x.accruedFunding);
  return out;
}
