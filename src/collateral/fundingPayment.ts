import * as z from 'zod';
import { D } from '../numeric/decimal.js';
import { decimalString, roundValue } from '../numeric/rounding.js';
import { decimalField, err } from '../schema/fields.js';
import { parseArguments } from '../schema/parseArguments.js';
import { DEFAULT_DECIMALS } from './valueCollateral.js';
import type { InputOf } from '../schema/InputOf.js';

const FundingSchema = z.strictObject(
  {
    quantity: decimalField(),
    contractSize: decimalField('positive'),
    markPrice: decimalField('positive'),
    fundingRate: decimalField(),
    cap: decimalField('nonNegative').optional(),
    settlement: z.enum(['linear', 'inverse'], err).optional(),
    periods: decimalField('nonNegative').optional(),
    decimals: z.number(err).int(err).min(0, err).max(18, err).optional(),
  },
  err,
);

/** Arguments of {@link fundingPayment} as the caller writes them (decimal strings or numbers). */
export type FundingPaymentInput = InputOf<typeof FundingSchema>;

/** A funding payment: what the position receives (+) or pays (-). */
export interface FundingPayment {
  /** The rate applied after the cap, per funding interval (decimal, 0.0001 = 0.01%). */
  appliedRate: string;
  /** True when the cap clamped the rate. */
  capped: boolean;
  /**
   * Amount the holder receives (+) or pays (-), in the instrument's settlement currency (quote
   * currency for linear, coin for inverse), rounded down (towards -infinity) to `decimals`.
   */
  payment: string;
}

/**
 * Perpetual funding for one position over `periods` funding intervals: the rate is clamped to
 * `[-cap, cap]`, then longs pay shorts when it is positive. Linear: `-q * size * mark * rate * periods`
 * (quote currency); inverse (size in USD): `-q * size / mark * rate * periods` (coin). Pure: the
 * caller accrues the result into `accruedFunding`, which enters equity.
 *
 * @param input `{ quantity (contracts, signed), contractSize, markPrice (quote per unit), fundingRate
 *   (per interval, decimal), cap? (>= 0), settlement? ('linear' default), periods? (default 1; 0.5 = half an
 *   interval), decimals? (default 8) }`.
 * @throws MarginInputError (argument `'funding'`) for a bad field.
 * @example
 * ```ts
 * // 2 BTC long, mark 100,000, rate 1% capped at 0.75%: pays 2 * 100,000 * 0.0075 = 1,500
 * fundingPayment({ quantity: '2', contractSize: '1', markPrice: '100000', fundingRate: '0.01', cap: '0.0075' });
 * // { appliedRate: '0.0075', capped: true, payment: '-1500' }
 * ```
 */
export function fundingPayment(input: FundingPaymentInput): FundingPayment {
  const a = parseArguments(FundingSchema, input, 'funding');
  let rate = a.fundingRate;
  let capped = false;
  if (a.cap !== undefined && rate.abs().gt(a.cap)) {
    rate = rate.gt(0) ? a.cap : a.cap.neg();
    capped = true;
  }
  const periods = a.periods ?? new D(1);
  const base = a.settlement === 'inverse' ? a.quantity.mul(a.contractSize).div(a.markPrice) : a.quantity.mul(a.contractSize).mul(a.markPrice);
  const payment = base.mul(rate).mul(periods).neg();
  return { appliedRate: decimalString(rate), capped, payment: decimalString(roundValue(payment, a.decimals ?? DEFAULT_DECIMALS)) };
}
