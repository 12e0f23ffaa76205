/**
 * Stable error codes. Tests and callers match on these, never on message text.
 *
 * - `invalid_type`: wrong JSON type (e.g. an object where a string belongs).
 * - `invalid_decimal`: a string or number that is not a finite plain decimal (`'NaN'`, `'1e5'`, `'0x10'`, `''`).
 * - `unrecognized_key`: a key the schema does not know (keys are rejected, not dropped).
 * - `missing_field`: a required field is absent.
 * - `invalid_value`: a value outside its allowed set or range (enum, bounds).
 * - `invalid_timestamp`: not an ISO-8601 UTC timestamp (`2026-12-25T08:00:00Z`).
 * - `too_many`: an array longer than the documented bound.
 * - `non_positive`: a contract size, strike or price that must be > 0.
 * - `negative_vol`: an implied volatility below 0.
 * - `unknown_symbol`: a position refers to an instrument not in the table.
 * - `duplicate_symbol`: two instruments share a symbol.
 * - `duplicate_asset`: two collateral balances (or asset prices) for the same asset.
 * - `option_missing_strike`, `option_missing_expiry`, `option_missing_right`: an option without them.
 * - `future_has_option_field`: a future with a strike or right.
 * - `missing_mark`: a held instrument without a mark (future price, or option vol/price).
 * - `missing_index`: a held instrument whose underlying has no index price.
 * - `missing_asset_price`: a held asset (collateral or a settlement coin) without a price.
 * - `settlement_currency_mismatch`: portfolio, market or instrument settlement currencies disagree.
 * - `position_expired`: a position whose instrument expires at or before `asOf` (settle it first).
 * - `no_implied_vol`: no volatility reproduces the given option price.
 * - `invalid_parameters`: a parameter set that is inconsistent (e.g. IM below MM).
 * - `missing_risk_array`: the margin step got no risk array for a held instrument (or none at all in portfolio mode).
 */
export type MarginErrorCode =
  | 'invalid_type'
  | 'invalid_decimal'
  | 'unrecognized_key'
  | 'missing_field'
  | 'invalid_value'
  | 'invalid_timestamp'
  | 'too_many'
  | 'non_positive'
  | 'negative_vol'
  | 'unknown_symbol'
  | 'duplicate_symbol'
  | 'duplicate_asset'
  | 'option_missing_strike'
  | 'option_missing_expiry'
  | 'option_missing_right'
  | 'future_has_option_field'
  | 'missing_mark'
  | 'missing_index'
  | 'missing_asset_price'
  | 'settlement_currency_mismatch'
  | 'position_expired'
  | 'no_implied_vol'
  | 'invalid_parameters'
  | 'missing_risk_array';

/** One problem found in an input: a stable code, the path to the field, and a readable message. */
export interface MarginIssue {
  /** Stable machine-readable code. */
  code: MarginErrorCode;
  /** Path from the argument's root, e.g. `['positions', 3, 'quantity']`. */
  path: (string | number)[];
  /** Human-readable explanation naming the field. */
  message: string;
  /** Which argument of the call the path starts in, e.g. `'portfolio'` or `'market'`. */
  argument?: string;
}

/**
 * The one error type the library throws for bad input. Carries every issue found, each with a stable
 * `code` and the `path` of the offending field.
 *
 * @example
 * ```ts
 * try {
 *   parsePortfolio({ accountId: 'a', settlementCurrency: 'USDC', positions: [{ symbol: 'X', quantity: 'NaN' }], collateral: [] });
 * } catch (e) {
 *   if (e instanceof MarginInputError) e.issues[0]; // { code: 'invalid_decimal', path: ['positions', 0, 'quantity'], ... }
 * }
 * ```
 */
export class MarginInputError extends Error {
  /** Every issue found, in input order. */
  readonly issues: MarginIssue[];

  constructor(issues: MarginIssue[]) {
    const first = issues[0];
    const where = first ? `${first.argument ? first.argument + (first.path.length ? '.' : '') : ''}${first.path.join('.')}` : '';
    super(
      first
        ? `${issues.length} invalid input issue${issues.length > 1 ? 's' : ''}; first: [${first.code}] at ${where || '(root)'}: ${first.message}`
        : 'invalid input',
    );
    this.name = 'MarginInputError';
    this.issues = issues;
  }
}

/** The result of a `safe*` call: zod's habit, so no try/catch is needed. */
export type SafeResult<T> = { success: true; data: T } | { success: false; error: MarginInputError };

/**
 * Runs `fn` and turns a thrown {@link MarginInputError} into `{ success: false, error }`.
 * Any other exception is a library bug and is re-thrown.
 *
 * @example
 * ```ts
 * const r = safeCall(() => parsePortfolio(rawBook));
 * if (!r.success) r.error.issues; // [{ code, path, message, argument }]
 * ```
 */
export function safeCall<T>(fn: () => T): SafeResult<T> {
  try {
    return { success: true, data: fn() };
  } catch (e) {
    if (e instanceof MarginInputError) return { success: false, error: e };
    throw e;
  }
}
