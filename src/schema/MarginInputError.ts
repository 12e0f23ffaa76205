/**
 * Stable error codes. Tests and callers match on these, never on message text.
 *
 * - `invalid_type`: wrong JSON type (e.g. an object where a string belongs), or a parsed value of
 *   another kind (a parsed portfolio where a market goes), at `path: []` of that argument.
 * - `invalid_decimal`: a string, number or decimal.js instance that is not a finite plain decimal
 *   within the bounds (`'NaN'`, `'1e5'`, `'0x10'`, `''`, more than 40 significant digits, see `LIMITS`).
 * - `unrecognized_key`: a key the schema does not know (keys are rejected, not dropped).
 * - `missing_field`: a required field is absent.
 * - `invalid_value`: a value outside its allowed set or range (enum, bounds), or the reserved name
 *   `__proto__` as a name or record key.
 * - `invalid_timestamp`: not an ISO-8601 UTC timestamp (`2026-12-25T08:00:00Z`).
 * - `too_many`: an array longer than the documented bound.
 * - `non_positive`: a contract size, strike or price that must be > 0.
 * - `negative_vol`: an implied volatility below 0.
 * - `unknown_symbol`: a position refers to an instrument not in the table.
 * - `duplicate_symbol`: two instruments share a symbol.
 * - `duplicate_asset`: two collateral balances (or asset prices) for the same asset.
 * - `duplicate_key`: two keys (or list entries) that name the same thing, e.g. two forward keys for
 *   one instant (`2026-12-25T08:00:00Z` and `2026-12-25T08:00:00.000Z`), or an underlying listed twice.
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
 * - `invalid_span_file`: a SPAN risk-parameter file (`parseSpanFile`) that cannot be read: malformed XML, a
 *   positional record with a bad field, a missing required element; the issue carries the element or
 *   record path and `line` (1-based line number in the file text).
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
  | 'duplicate_key'
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
  | 'missing_risk_array'
  | 'invalid_span_file';

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
  /** For a file read from text (a SPAN risk-parameter file): the 1-based line of the problem. */
  line?: number;
}

/**
 * Registered brand of the error (see {@link MarginInputError}): shared by every copy of the package
 * loaded in one process (its CommonJS and ES module builds, two bundles), so that `instanceof`
 * answers for an error thrown by any of them.
 */
const ERROR_BRAND = Symbol.for('portfolio-margin/MarginInputError');

/**
 * The one error type the library throws for bad input. Carries every issue found, each with a stable
 * `code` and the `path` of the offending field.
 *
 * `instanceof MarginInputError` holds across copies of the package (the CommonJS and the ES module
 * build loaded side by side, the dual-package hazard): the class answers for any error whose
 * prototype carries the registered brand `Symbol.for('portfolio-margin/MarginInputError')`.
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

  /** True for an instance of this class, or of the same class from another copy of the package (its brand). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // Only the base class answers by brand: a subclass keeps the ordinary prototype-chain test.
    if (this !== MarginInputError || value === null || typeof value !== 'object') return false;
    try {
      return (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND] === true;
    } catch {
      return false; // a Proxy whose trap throws is not our error
    }
  }

  static {
    Object.defineProperty(this.prototype, ERROR_BRAND, { value: true, enumerable: false, writable: false, configurable: false });
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
 * if (!r.success) r.error.issues; // e.g. [{ code, path, message, argument }] (the shape of every issue)
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
