import { DEFAULT_DECIMALS } from '../collateral/valueCollateral.js';
import * as z from 'zod';
import { parseArguments } from '../schema/parseArguments.js';
import { D } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { decimalField, err } from '../schema/fields.js';
import type { InputOf } from '../schema/InputOf.js';

const Schema = z.strictObject(
  {
    shortage: decimalField('nonNegative'),
    markPrice: decimalField('positive'),
    maintenanceMarginRate: decimalField('fraction'),
    fee: decimalField('fraction').optional(),
    contractSize: decimalField('positive').optional(),
    decimals: z.number(err).int(err).min(0, err).max(18, err).optional(),
  },
  err,
);

/** Arguments of {@link perpLiquidationSize} as the caller writes them. */
export type PerpLiquidationSizeInput = InputOf<typeof Schema>;

/** Result of {@link perpLiquidationSize}. */
export interface PerpLiquidationSize {
  /** Contracts to close, rounded up to `decimals`; `null` when closing cannot help (fee >= MMR). */
  contracts: string | null;
}

/**
 * The smallest closing size of a linear perpetual that removes a margin shortage, in closed form:
 * closing `n` contracts at mark `P` frees `n * size * P * MMR` of maintenance margin and costs
 * `n * size * P * fee`, so `n = shortage / (size * P * (MMR - fee))`.
 *
 * @param input `{ shortage (settlement currency, >= 0: target - equity), markPrice (quote per unit),
 *   maintenanceMarginRate, fee? (fraction of notional, default 0), contractSize? (default 1), decimals? (default 8) }`.
 * @returns contracts rounded up (never too few), or `null` when `fee >= MMR`.
 * @throws MarginInputError (argument `'liquidation'`) for a bad field.
 * @example
 * ```ts
 * perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1' }).contracts; // '1' (10 / (100 x 0.1))
 * perpLiquidationSize({ shortage: '10', markPrice: '100', maintenanceMarginRate: '0.1', fee: '0.01' }).contracts; // '1.11111112' (10 / (100 x (0.1 - 0.01)) = 1.1111111..., rounded up to 8 places)
 * ```
 */
export function perpLiquidationSize(input: PerpLiquidationSizeInput): PerpLiquidationSize {
  const a = parseArguments(Schema, input, 'liquidation');
  const net = a.maintenanceMarginRate.minus(a.fee ?? 0);
  if (a.shortage.isZero()) return { contracts: '0' };
  if (!net.gt(0)) return { contracts: null };
  const n = a.shortage.div(a.markPrice.mul(a.contractSize ?? 1).mul(net));
  return { contracts: decimalString(n.toDecimalPlaces(a.decimals ?? DEFAULT_DECIMALS, D.ROUND_CEIL)) };
}
