import type * as z from 'zod';
import { MarginInputError } from './MarginInputError.js';
import { toMarginIssues } from './toMarginIssues.js';

/**
 * Validates one argument with its strict schema, turning zod issues into our codes with `argument`
 * set (`MarginInputError`). The one boundary step every parser shares: portfolio, market, parameter
 * sets and the argument objects of the small pure functions (funding, liquidation size, auction...).
 * Internal (not re-exported from the package).
 */
export function parseArguments<S extends z.ZodType>(schema: S, input: unknown, argument: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new MarginInputError(toMarginIssues(r.error.issues, input, argument));
  return r.data as z.output<S>;
}
