import type * as z from 'zod';
import { MarginInputError } from '../schema/MarginInputError.js';
import { toMarginIssues } from '../schema/toMarginIssues.js';

/**
 * Validates the argument object of a small pure function (funding, liquidation size, auction...) with
 * its strict schema, turning zod issues into our codes with `argument` set. Internal helper.
 */
export function parseArguments<S extends z.ZodType>(schema: S, input: unknown, argument: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new MarginInputError(toMarginIssues(r.error.issues, input, argument));
  return r.data as z.output<S>;
}
