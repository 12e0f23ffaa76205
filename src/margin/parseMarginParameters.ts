import { D } from '../numeric/decimal.js';
import { safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { parseArguments } from '../schema/parseArguments.js';
import type { MarginParameters } from './MarginParameters.js';
import { MarginParametersSchema } from './MarginParametersSchema.js';

// Parameter sets this function produced: passed through without a second parse (a WeakSet, so the
// caller's object gets no visible marker).
const parsed = new WeakSet<object>();

/**
 * Validates a margin parameter set and converts its amounts to Decimal. An already-parsed set is
 * returned as is. Issues carry `argument: 'params'`.
 *
 * @param input a {@link MarginParametersInput}: rates and moves as relative decimals (0.16 = 16%),
 *   vols annualised decimals, days calendar days, amounts in the settlement currency.
 * @throws MarginInputError with every issue's code and path.
 * @example
 * ```ts
 * const params = parseMarginParameters(DERIBIT_PORTFOLIO_MARGIN);
 * params.scenarios?.priceSteps; // 4
 * ```
 */
export function parseMarginParameters(input: unknown): MarginParameters {
  if (input !== null && typeof input === 'object' && parsed.has(input)) return input as MarginParameters;
  const out = parseArguments(MarginParametersSchema, input, 'params');
  parsed.add(freezePlain(out));
  return out;
}

/**
 * Freezes the plain objects and arrays of a parsed set (Decimals are immutable already): derived
 * state (the engine's arrays, computeMargin's cached scenario sets) is keyed by the parsed object, so
 * it must not change under them. Edit a copy (`{ ...params, id: 'x' }` parses afresh).
 */
function freezePlain<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !D.isDecimal(v) && !Object.isFrozen(v)) {
    for (const k of Object.keys(v)) freezePlain((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/**
 * {@link parseMarginParameters} without throwing: `{ success: true, data }` or `{ success: false, error }`.
 *
 * @example
 * ```ts
 * const r = safeParseMarginParameters({ id: 'x' });
 * if (!r.success) r.error.issues[0].code; // 'missing_field'
 * ```
 */
export function safeParseMarginParameters(input: unknown): SafeResult<MarginParameters> {
  return safeCall(() => parseMarginParameters(input));
}
