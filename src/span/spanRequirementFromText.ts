import { parseSpanFile } from './parseSpanFile.js';
import type { SpanPositionInput, SpanRequirementOptions } from './SpanPosition.js';
import type { SpanRequirementResult } from './SpanRequirementResult.js';
import { spanRequirement } from './spanRequirement.js';

/**
 * {@link spanRequirement} straight from the file's text: `parseSpanFile(text)` then the requirement.
 * For one-off use (a notebook, a JSON test case); to margin many accounts against one file, parse it
 * once and call `spanRequirement` per account.
 *
 * @param text the SPAN file (`.spn` XML or `.pa2` positional) as a string.
 * @param positions `{ exchange, productCode, productType, period, right?, strike?, quantity }` (contracts, signed).
 * @param options see `spanRequirement`.
 * @returns the requirement with its explanation (money in the account currency, rounded).
 * @throws MarginInputError as `parseSpanFile` and `spanRequirement` do.
 * @example
 * ```ts
 * spanRequirementFromText(text, [{ exchange: 'CBT', productCode: 'C', productType: 'FUT', period: '202603', quantity: '2' }]).maintenance; // e.g. '3500'
 * ```
 */
export function spanRequirementFromText(text: string, positions: readonly SpanPositionInput[], options?: SpanRequirementOptions): SpanRequirementResult {
  return spanRequirement(parseSpanFile(text), positions, options);
}
