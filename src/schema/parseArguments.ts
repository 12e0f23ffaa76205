import type * as z from 'zod';
import { deepFreeze } from './deepFreeze.js';
import { MarginInputError } from './MarginInputError.js';
import { brand, PARSED_KIND_DESCRIPTION, parsedKind, type ParsedKind } from './parsedBrand.js';
import { toMarginIssues } from './toMarginIssues.js';

/**
 * Validates one argument with its strict schema, turning zod issues into our codes with `argument`
 * set (`MarginInputError`). The one boundary step every parser shares: portfolio, market, parameter
 * sets and the argument objects of the small pure functions (funding, liquidation size, auction...).
 * Internal (not re-exported from the package).
 */
export function parseArguments<S extends z.ZodType>(schema: S, input: unknown, argument: string): z.output<S> {
  // A parsed value (a portfolio, a market ...) passed where a raw argument of another kind goes
  // (trades, settlement prices, a parameter wrapper) is one mistake, not a list of its keys.
  const k = parsedKind(input);
  if (k !== undefined) throw new MarginInputError([{ code: 'invalid_type', path: [], message: `expected ${argument}, got a parsed ${PARSED_KIND_DESCRIPTION[k].replace(/^an? /, '')}`, argument }]);
  const r = schema.safeParse(input);
  if (!r.success) throw new MarginInputError(toMarginIssues(r.error.issues, input, argument));
  return r.data as z.output<S>;
}

/**
 * Parses one argument of `kind`: a value already parsed as `kind` (or as one of `alsoAccepted`, e.g. a
 * full market where prices go) is returned as is; a value parsed as another kind is `invalid_type`
 * at `argument` (a parsed portfolio where a market goes is a caller's mistake, not a market); anything
 * else goes through `schema` and comes out branded. Internal.
 *
 * @throws MarginInputError with every issue's code and path.
 */
export function parseBranded<S extends z.ZodType>(kind: ParsedKind, schema: S, input: unknown, argument: string, alsoAccepted: readonly ParsedKind[] = []): z.output<S> {
  const k = parsedKind(input);
  if (k === kind || (k !== undefined && alsoAccepted.includes(k))) return input as z.output<S>;
  if (k !== undefined) {
    throw new MarginInputError([{ code: 'invalid_type', path: [], message: `expected ${PARSED_KIND_DESCRIPTION[kind]} (raw or parsed), got a parsed ${PARSED_KIND_DESCRIPTION[k].replace(/^an? /, '')}`, argument }]);
  }
  // Frozen once branded: a parsed value passes through later calls unchecked, and memos (valuations,
  // scenario sets, risk arrays) are keyed by parsed snapshots, so it must not change in fact.
  return deepFreeze(brand(parseArguments(schema, input, argument) as z.output<S> & object, kind));
}
