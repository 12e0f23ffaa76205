import * as z from 'zod';
import type { Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS } from '../schema/fields.js';
import type { InputOf } from '../schema/InputOf.js';

/**
 * A position against a SPAN file: which contract (exchange acronym, product code, product type as
 * the file names them, period, and for an option its right and strike) and how many contracts
 * (signed: long +, short -).
 *
 * - `productType`: `'FUT'`, `'OOF'` (option on future), `'OOP'` (option on physical), `'PHY'`,
 *   `'OOC'`, `'CMB'`, ... as in the file.
 * - `period`: the contract's period code, `YYYYMM` or `YYYYMMDD` (or with a week code); for an option,
 *   its own series period. A `YYYYMM` period matches a file period `YYYYMMDD` when only one contract
 *   of the product has that month.
 * - `strike`: in the file's strike units (price units of the underlying).
 */
export interface SpanPosition {
  exchange: string;
  productCode: string;
  productType: string;
  period: string;
  right?: 'C' | 'P';
  strike?: Decimal;
  quantity: Decimal;
}

/** Schema of one {@link SpanPosition} (strict: unknown keys are rejected). `right` accepts `C`/`P` or `call`/`put`. */
export const SpanPositionSchema = z
  .strictObject(
    {
      exchange: idField,
      productCode: idField,
      productType: z.string(err).regex(/^[A-Za-z]{2,6}$/, err),
      period: z.string(err).regex(/^\d{6}[0-9A-Za-z]{0,3}$/, err),
      right: z.enum(['C', 'P', 'call', 'put'], err).optional(),
      strike: decimalField('positive').optional(),
      quantity: decimalField(),
    },
    err,
  )
  .transform((p, ctx): SpanPosition => {
    if ((p.right === undefined) !== (p.strike === undefined)) customIssue(ctx, p.right === undefined ? 'option_missing_right' : 'option_missing_strike', 'an option position needs both right and strike', p, [p.right === undefined ? 'right' : 'strike']);
    const out: SpanPosition = { exchange: p.exchange, productCode: p.productCode, productType: p.productType.toUpperCase(), period: p.period, quantity: p.quantity };
    if (p.right !== undefined) out.right = p.right === 'call' ? 'C' : p.right === 'put' ? 'P' : p.right;
    if (p.strike !== undefined) out.strike = p.strike;
    return out;
  });

/** The positions argument: at most 100,000. */
export const SpanPositionsSchema = z.array(SpanPositionSchema, err).max(LIMITS.maxPositions, err);

/** A position as the caller writes it (decimal strings or numbers). */
export type SpanPositionInput = InputOf<typeof SpanPositionSchema>;

/**
 * Options of `spanRequirement`.
 *
 * - `accountType`: whose rates to use (`'SPEC'`, `'HEDGE'`, `'MEMBER'`, as the file names them;
 *   default: a speculator customer type when the file defines one, else its first maintenance rate).
 * - `requirement`: which figure `requirement` echoes (default `'initial'`).
 * - `currency`: the account's currency (default: the held commodities' currency when they share one);
 *   amounts are converted with the file's conversion factors.
 * - `decimals`: rounding of the results (default: the currency's decimals in the file, else 2).
 * - `optionValue`: `'deduct'` (default) nets the net option value into the requirement, as a broker
 *   quotes what to post; `'separate'` reports risk only (the net option value is then counted in
 *   equity, as this library's health tools do).
 * - `assembly`: `'cme'` (default): `max(scan + intra + spot - inter, SOM)`; `'kdpw'`:
 *   `max(scan + intra + spot, SOM) - inter`, each component rounded to `decimals` first.
 * - `wholeSpreads`: form only whole spreads (default false: fractional spreads, as CME's SPAN does
 *   with composite deltas).
 */
export interface SpanRequirementOptions {
  accountType?: string;
  requirement?: 'initial' | 'maintenance';
  currency?: string;
  decimals?: number;
  optionValue?: 'deduct' | 'separate';
  assembly?: 'cme' | 'kdpw';
  wholeSpreads?: boolean;
}

/** Schema of {@link SpanRequirementOptions}. */
export const SpanRequirementOptionsSchema = z.strictObject(
  {
    accountType: z.string(err).min(1, err).max(32, err).optional(),
    requirement: z.enum(['initial', 'maintenance'], err).optional(),
    currency: z.string(err).min(1, err).max(16, err).optional(),
    decimals: z.number(err).int(err).min(0, err).max(18, err).optional(),
    optionValue: z.enum(['deduct', 'separate'], err).optional(),
    assembly: z.enum(['cme', 'kdpw'], err).optional(),
    wholeSpreads: z.boolean(err).optional(),
  },
  err,
);
