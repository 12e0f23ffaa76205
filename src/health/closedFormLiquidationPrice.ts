import { DEFAULT_DECIMALS } from '../collateral/valueCollateral.js';
import * as z from 'zod';
import { parseArguments } from '../schema/parseArguments.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { decimalField, err } from '../schema/fields.js';
import type { InputOf } from '../schema/InputOf.js';

const Schema = z.strictObject(
  {
    side: z.enum(['long', 'short'], err),
    quantity: decimalField('positive'),
    entryPrice: decimalField('positive'),
    walletBalance: decimalField(),
    maintenanceMarginRate: decimalField('fraction').optional(),
    maintenanceAmount: decimalField().optional(),
    settlement: z.enum(['linear', 'inverse'], err).optional(),
    decimals: z.number(err).int(err).min(0, err).max(18, err).optional(),
  },
  err,
);

/** Arguments of {@link closedFormLiquidationPrice} as the caller writes them. */
export type ClosedFormLiquidationInput = InputOf<typeof Schema>;

/** A closed-form liquidation (or bankruptcy) price. */
export interface ClosedFormLiquidationPrice {
  /**
   * Price (quote currency per unit) at which equity meets maintenance margin, rounded to `decimals`
   * towards the current side (a long's price up, a short's down: the flag never comes late); `null`
   * when no positive price exists (the position cannot be liquidated by the price alone, e.g. a fully
   * funded long).
   */
  price: string | null;
}

/**
 * Liquidation price of a single position in closed form (Binance USDⓈ-M / COIN-M formulas, one-way
 * mode, isolated or a cross account with nothing else in it). With the maintenance rate and amount at 0
 * it is the bankruptcy price (equity = 0).
 *
 * Linear (`Q` units of underlying, entry `E`, wallet `WB` in quote currency, `cum` the maintenance amount):
 * long `(Q*E - WB - cum) / (Q * (1 - MMR))`, short `(WB + Q*E + cum) / (Q * (1 + MMR))`.
 * Inverse (`Q` = contracts x contract size in USD, `WB` and `cum` in coins):
 * long `Q * (1 + MMR) / (WB + cum + Q/E)`, short `Q * (1 - MMR) / (Q/E - WB - cum)`.
 *
 * The maintenance amount `cum` is Binance's, which makes the tiered requirement `notional x MMR - cum`.
 *
 * @param input `{ side, quantity (> 0: units of underlying, or USD for inverse), entryPrice, walletBalance,
 *   maintenanceMarginRate? (default 0), maintenanceAmount? (default 0), settlement? ('linear'), decimals? (8) }`.
 * @throws MarginInputError (argument `'position'`) for a bad field.
 * @example
 * ```ts
 * // Binance FAQ: 500 USDT wallet, long 1,000 USDT of BTCUSDT at 50,000 (0.02 BTC), MMR 0.4%, cum 0:
 * // (0.02 x 50,000 - 500) / (0.02 x 0.996) = 25,100.40...
 * const liq = closedFormLiquidationPrice({ side: 'long', quantity: '0.02', entryPrice: '50000', walletBalance: '500',
 *   maintenanceMarginRate: '0.004', decimals: 2 });
 * liq.price; // '25100.41' (25,100.4016... rounded towards the current side: a long's up)
 * ```
 */
export function closedFormLiquidationPrice(input: ClosedFormLiquidationInput): ClosedFormLiquidationPrice {
  const a = parseArguments(Schema, input, 'position');
  const mmr = a.maintenanceMarginRate ?? new D(0);
  const cum = a.maintenanceAmount ?? new D(0);
  const Q = a.quantity;
  const E = a.entryPrice;
  const WB = a.walletBalance;
  const long = a.side === 'long';
  let num: Decimal;
  let den: Decimal;
  if ((a.settlement ?? 'linear') === 'linear') {
    num = long ? Q.mul(E).minus(WB).minus(cum) : WB.plus(Q.mul(E)).plus(cum);
    den = Q.mul(long ? new D(1).minus(mmr) : new D(1).plus(mmr));
  } else {
    num = Q.mul(long ? new D(1).plus(mmr) : new D(1).minus(mmr));
    den = long ? WB.plus(cum).plus(Q.div(E)) : Q.div(E).minus(WB).minus(cum);
  }
  if (!den.gt(0) || !num.gt(0)) return { price: null };
  // Round towards the current price: up for a long (flag a little early), down for a short.
  const p = num.div(den).toDecimalPlaces(a.decimals ?? DEFAULT_DECIMALS, long ? D.ROUND_CEIL : D.ROUND_FLOOR);
  return { price: p.gt(0) ? decimalString(p) : null };
}
