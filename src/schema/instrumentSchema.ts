import * as z from 'zod';
import type { Decimal } from '../numeric/decimal.js';
import type { OptionRight } from '../pricing/black76.js';
import { customIssue, decimalField, err, idField, timestampField } from './fields.js';
import type { InputOf } from './InputOf.js';

/** Whether P&L is paid in the quote currency (linear) or in the coin (inverse, coin-margined). */
export type Settlement = 'linear' | 'inverse';

/**
 * A validated instrument: reference data shared by all accounts.
 *
 * Units: `contractSize` is in units of the underlying for linear instruments and for all options
 * (1 = one BTC), and in the quote currency for inverse futures (10 = 10 USD per contract).
 * `strike` is in the quote currency per unit of underlying. `expiryMs` is epoch milliseconds UTC;
 * a future without expiry is a perpetual.
 */
export interface Instrument {
  symbol: string;
  kind: 'future' | 'option';
  underlying: string;
  quoteCurrency: string;
  settlementCurrency: string;
  settlement: Settlement;
  contractSize: Decimal;
  /** ISO-8601 UTC, normalised (`2026-12-25T08:00:00.000Z`); absent for a perpetual. */
  expiry?: string;
  expiryMs?: number;
  right?: OptionRight;
  strike?: Decimal;
}

/**
 * Schema of one instrument. Cross-field rules with their own codes: an option needs `strike`
 * (`option_missing_strike`), `expiry` (`option_missing_expiry`) and `right` (`option_missing_right`);
 * a future carries neither strike nor right (`future_has_option_field`); `contractSize` and `strike`
 * are > 0 (`non_positive`).
 */
export const InstrumentSchema = z
  .strictObject(
    {
      symbol: idField,
      kind: z.enum(['future', 'option'], err),
      underlying: idField,
      quoteCurrency: idField,
      settlementCurrency: idField,
      settlement: z.enum(['linear', 'inverse'], err),
      contractSize: decimalField('positive'),
      expiry: timestampField.optional(),
      right: z.enum(['call', 'put'], err).optional(),
      strike: decimalField('positive').optional(),
    },
    err,
  )
  .transform((raw, ctx): Instrument => {
    if (raw.kind === 'option') {
      if (raw.strike === undefined) customIssue(ctx, 'option_missing_strike', `option ${raw.symbol} has no strike`, raw, ['strike']);
      if (raw.expiry === undefined) customIssue(ctx, 'option_missing_expiry', `option ${raw.symbol} has no expiry`, raw, ['expiry']);
      if (raw.right === undefined) customIssue(ctx, 'option_missing_right', `option ${raw.symbol} has no right (call/put)`, raw, ['right']);
    } else {
      if (raw.strike !== undefined) customIssue(ctx, 'future_has_option_field', `future ${raw.symbol} cannot have a strike`, raw, ['strike']);
      if (raw.right !== undefined) customIssue(ctx, 'future_has_option_field', `future ${raw.symbol} cannot have a right`, raw, ['right']);
    }
    if (raw.settlement === 'linear' && raw.settlementCurrency !== raw.quoteCurrency) {
      customIssue(ctx, 'settlement_currency_mismatch', `linear instrument ${raw.symbol} must settle in its quote currency ${raw.quoteCurrency}`, raw, ['settlementCurrency']);
    }
    const out: Instrument = {
      symbol: raw.symbol,
      kind: raw.kind,
      underlying: raw.underlying,
      quoteCurrency: raw.quoteCurrency,
      settlementCurrency: raw.settlementCurrency,
      settlement: raw.settlement,
      contractSize: raw.contractSize,
    };
    if (raw.expiry) {
      out.expiry = raw.expiry.iso;
      out.expiryMs = raw.expiry.ms;
    }
    if (raw.right) out.right = raw.right;
    if (raw.strike) out.strike = raw.strike;
    return out;
  });

/** Instrument as the caller writes it (decimal strings or numbers). */
export type InstrumentInput = InputOf<typeof InstrumentSchema>;
