import { deepFreeze } from '../schema/deepFreeze.js';
import { LIMITS } from '../schema/fields.js';
import { MarginInputError, safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { parseBranded } from '../schema/parseArguments.js';
import { parsedKind } from '../schema/parsedBrand.js';
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
  if (parsedKind(input) === undefined) refuseTooManyScenarios(input);
  // Frozen: derived state (the engine's arrays, cached scenario sets) is keyed by the parsed object,
  // so it must not change under them. Edit a copy (`{ ...params, id: 'x' }` parses afresh). A set
  // parsed before is frozen already, so this returns at once.
  return deepFreeze(parseBranded('margin-parameters', MarginParametersSchema, input, 'params'));
}

/**
 * The scenario bound, checked on the raw input before the schema parses a single scenario: the
 * schema allows 100 joint sets of 100,000 scenarios each, and parsing ten million scenarios only to
 * refuse them would be the very work the bound exists to prevent. Reads array lengths and
 * `priceSteps` only; anything unexpected is left to the schema (which checks the same bound exactly).
 */
function refuseTooManyScenarios(input: unknown): void {
  let total = 0;
  let at: (string | number)[] = [];
  try {
    const rec = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
    const len = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
    const spec = (v: unknown): number => {
      const s = rec(v);
      if (!s) return 0;
      const steps = typeof s.priceSteps === 'number' && Number.isInteger(s.priceSteps) && s.priceSteps >= 0 && s.priceSteps <= 64 ? s.priceSteps : 0;
      return (2 * steps + 1) * len(s.volShocks) + len(s.tails) + len(s.user);
    };
    const p = rec(input);
    if (!p) return;
    const add = (n: number, path: (string | number)[]) => {
      total += n;
      if (total > LIMITS.maxScenarios && at.length === 0) at = path;
    };
    add(spec(p.scenarios), ['scenarios']);
    add(spec(rec(p.initialMargin)?.scenarios), ['initialMargin', 'scenarios']);
    const joint = Array.isArray(p.joint) ? p.joint : [];
    for (let i = 0; i < Math.min(joint.length, 1_000); i++) add(len(rec(joint[i])?.scenarios), ['joint', i, 'scenarios']);
  } catch {
    return; // a hostile getter: the schema reports it
  }
  if (total > LIMITS.maxScenarios) {
    throw new MarginInputError([{ code: 'too_many', path: at, message: `the scenario set would hold ${total} scenarios, more than ${LIMITS.maxScenarios} (LIMITS.maxScenarios)`, argument: 'params' }]);
  }
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
