import * as z from 'zod';
import { MarginInputError, safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { err } from '../schema/fields.js';
import { parseArguments } from '../schema/parseArguments.js';
import { fileError } from './fileText.js';
import { parsePa2 } from './parsePa2.js';
import { parseSpnXml } from './parseSpnXml.js';
import type { SpanFile } from './SpanFile.js';

/** Options of {@link parseSpanFile}: `products` keeps only these combined commodities (their codes, e.g. `['ES', 'NQ']`). */
export interface ParseSpanFileOptions {
  products?: string[];
}

const OptionsSchema = z.strictObject({ products: z.array(z.string(err).min(1, err).max(64, err), err).max(100_000, err).optional() }, err);

/**
 * Reads a clearing house's SPAN risk-parameter file from its text: CME's XML "SPAN 4" format
 * (`.spn`, also NSE Clearing's, ASX's) or the positional expanded unpacked format (`.pa2`), told
 * apart by the first character (`<` for XML, the record type `0` for positional). Pure: reading the
 * file from disk stays with the caller (`fs.readFileSync(path, 'latin1')`).
 *
 * Streaming: the text is scanned once, contract by contract; no document tree of the whole file is
 * built. `products` keeps only the combined commodities a portfolio needs: product families outside
 * them are skipped without reading their contracts, which is both faster and lighter on a 50 MB file.
 *
 * Every number is read exactly (Decimal from the file's digits); the result is deeply frozen.
 * Elements and record types the calculation does not use are listed in `notUsed`, never silently
 * dropped.
 *
 * @param text the whole file as a string.
 * @param options `{ products?: string[] }` combined commodity codes to keep.
 * @returns the validated, deeply frozen {@link SpanFile}.
 * @throws MarginInputError `invalid_span_file` (argument `text`) with the element or record path
 *   and the 1-based `line` of the first problem; `invalid_type` when `text` is not a string.
 * @example
 * ```ts
 * const file = parseSpanFile(readFileSync('cme.20250620.s.pa2', 'latin1'), { products: ['ZC', 'ZS'] });
 * file.combinedCommodities.map((c) => c.code); // ['ZC', 'ZS']
 * ```
 */
export function parseSpanFile(text: string, options?: ParseSpanFileOptions): SpanFile {
  if (typeof text !== 'string') throw new MarginInputError([{ code: 'invalid_type', path: [], message: 'expected the file text as a string', argument: 'text' }]);
  const opts = parseArguments(OptionsSchema, options ?? {}, 'options');
  const products = opts.products ? new Set(opts.products) : undefined;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  const file = text[i] === '<' ? parseSpnXml(text, products) : text.startsWith('0 ', i) ? parsePa2(text, products) : undefined;
  if (file === undefined) throw fileError('not a SPAN file: expected XML (<spanFile>) or a positional file starting with record type 0', [], 1);
  return Object.freeze(file);
}

/**
 * {@link parseSpanFile} without throwing: `{ success: true, data }` or `{ success: false, error }`.
 *
 * @example
 * ```ts
 * const r = safeParseSpanFile(text);
 * if (!r.success) r.error.issues[0]; // { code: 'invalid_span_file', path: [...], line: 12, ... }
 * ```
 */
export function safeParseSpanFile(text: string, options?: ParseSpanFileOptions): SafeResult<SpanFile> {
  return safeCall(() => parseSpanFile(text, options));
}
