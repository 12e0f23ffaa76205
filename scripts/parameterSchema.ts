/**
 * The JSON Schema of a margin parameter set as a caller writes it (docs/margin-parameters.schema.json),
 * generated from the zod schema with zod's `z.toJSONSchema`. zod sees `unknown` where a field takes a
 * decimal (a string or a number, checked by hand), so those become patterned strings or numbers here,
 * from the constraint each decimal field registers in `inputForms`.
 *
 * Regenerate with `npm run docs:schema` (runs this file); test/docs/parameterSchema.test.ts fails while the committed
 * file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { MarginParametersSchema } from '../src/margin/MarginParametersSchema.js';
import { inputForms, LIMITS, type DecimalConstraint } from '../src/schema/fields.js';

// The string forms the parser accepts (a plain decimal: no exponent, hex, NaN or Infinity), narrowed
// to each constraint where a pattern can say it; the parser stays the judge of the rest (e.g. -0).
const DIGITS = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
const PATTERNS: Record<DecimalConstraint, string> = {
  any: String.raw`^[+-]?${DIGITS}$`,
  nonNegative: String.raw`^\+?${DIGITS}$`,
  positive: String.raw`^\+?(?=[\d.]*[1-9])${DIGITS}$`,
  fraction: String.raw`^\+?(?:0*1(?:\.0*)?|(?=\.?\d)0*(?:\.\d*)?)$`,
  // Prices and sizes: the sign rules of positive / nonNegative; the parser also refuses 0 < x < LIMITS.minPrice.
  price: String.raw`^\+?(?=[\d.]*[1-9])${DIGITS}$`,
  priceOrZero: String.raw`^\+?${DIGITS}$`,
};
const NUMBER_BOUNDS: Record<DecimalConstraint, Record<string, number>> = {
  any: {},
  nonNegative: { minimum: 0 },
  positive: { exclusiveMinimum: 0 },
  fraction: { minimum: 0, maximum: 1 },
  price: { minimum: LIMITS.minPrice.toNumber() },
  priceOrZero: { minimum: 0 },
};

/** JSON Schema (draft 2020-12) for one decimal amount under a constraint. */
export function decimalJsonSchema(constraint: DecimalConstraint): Record<string, unknown> {
  return {
    anyOf: [
      { type: 'string', pattern: PATTERNS[constraint], maxLength: LIMITS.maxDecimalChars },
      { type: 'number', ...NUMBER_BOUNDS[constraint] },
    ],
  };
}

const DEF_NAMES: Record<DecimalConstraint, string> = { any: 'decimal', nonNegative: 'nonNegativeDecimal', positive: 'positiveDecimal', fraction: 'fraction', price: 'price', priceOrZero: 'priceOrZero' };

const options = {
  io: 'input',
  target: 'draft-2020-12',
  // zod cannot represent a custom check (the records' reserved-key guard): it becomes `{}` here and
  // the override puts in the schema it registered in `inputForms`; one that registered none fails.
  unrepresentable: 'any',
  override: (ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }) => {
    const form = inputForms.get(ctx.zodSchema as object);
    if (!form) {
      const type = (ctx.zodSchema as z.ZodType)._zod.def.type;
      if (type === 'custom') throw new Error('a custom zod check without an input form in inputForms (src/schema/fields.ts) cannot be written as JSON Schema');
      return;
    }
    if (form.decimal) ctx.jsonSchema.$ref = `#/$defs/${DEF_NAMES[form.decimal]}`;
    else if (form.anyOf) ctx.jsonSchema.anyOf = form.anyOf.map((s) => strip(z.toJSONSchema(s, options as never)));
    else if (form.like) Object.assign(ctx.jsonSchema, strip(z.toJSONSchema(form.like, options as never)));
  },
} as const;

const strip = ({ $schema: _, ...rest }: Record<string, unknown>) => rest;

/** The JSON Schema of `MarginParametersInput`, with a title and a description for editors. */
export function parameterJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(MarginParametersSchema, options as never) as Record<string, unknown>;
  const defs = Object.fromEntries((Object.keys(DEF_NAMES) as DecimalConstraint[]).map((c) => [DEF_NAMES[c], decimalJsonSchema(c)]));
  return {
    $schema: s.$schema,
    title: 'portfolio-margin parameter set',
    description:
      'A margin parameter set (MarginParametersInput) as JSON or YAML. Decimal amounts are plain decimal strings ("0.15") or JSON numbers. Generated from the zod schema; the parser (parseMarginParameters) also checks what a schema cannot say (e.g. IM at least MM, rising band edges).',
    ...strip(s),
    $defs: defs,
  };
}

/** The committed file's text. */
export const parameterSchemaText = (): string => `${JSON.stringify(parameterJsonSchema(), null, 2)}\n`;
export const PARAMETER_SCHEMA_FILE = join(__dirname, '..', 'docs', 'margin-parameters.schema.json');

if (require.main === module) writeFileSync(PARAMETER_SCHEMA_FILE, parameterSchemaText());
