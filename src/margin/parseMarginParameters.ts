import { deepFreeze } from '../schema/deepFreeze.js';
import { safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { parseBranded } from '../schema/parseArguments.js';
import type { MarginParameters } from './MarginParameters.js';
import { MarginParametersSchema } from './MarginParametersSchema.js';

/**
 * Validates a margin parameter set and converts its amounts to Decimal. An already-parsed set is
 * returned as is; another parsed value (a health parameter set, a portfolio ...) is `invalid_type`.
 * Issues carry `argument: 'params'`.
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
  // Frozen: derived state (the engine's arrays, cached scenario sets) is keyed by the parsed object,
  // so it must not change under them. Edit a copy (`{ ...params, id: 'x' }` parses afresh). A set
  // parsed before is frozen already, so this returns at once.
  return deepFreeze(parseBranded('margin-parameters', MarginParametersSchema, input, 'params'));
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
