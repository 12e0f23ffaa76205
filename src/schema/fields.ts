import * as z from 'zod';
import { D, type Decimal, type DecimalLike } from '../numeric/decimal.js';
import { decimalFromInstance } from './decimalFromInstance.js';
import type { MarginErrorCode } from './MarginInputError.js';

/**
 * Bounds on what the boundary accepts, so that hostile input can neither hang nor overflow us.
 * Amounts: at most 40 significant digits (what the numeric layer holds exactly, see
 * the `D` type's documentation), |x| <= 1e24, and, when not zero, |x| >= 1e-324 (the smallest a JSON
 * number carries); strings at most 64 characters. Prices, strikes and contract sizes (the inputs of
 * the float64 models): at least `minPrice` = 1e-18, so that the models' products and quotients
 * (1/F^3, F/S, size x F x C ...) of inputs in [1e-18, 1e24] stay far inside float64's range
 * (about 1e-308 to 1e308) and never underflow to 0 or overflow to Infinity. Implied volatilities:
 * at most `maxVol` = 100 (10,000%, annualised decimal). Vol-state term scaling (days and powers):
 * days in [0, `maxDays`] (reference days from `minReferenceDays`), powers in [-`maxTermPower`,
 * `maxTermPower`], so that a shocked vol stays finite (a floor of 0 days is no floor: a valued option
 * is at least 1 ms from expiry). Arrays: see each schema; scenario sets hold at most `maxScenarios` scenarios in
 * all (grid, tails, user, IM and joint blocks together).
 */
export const LIMITS = Object.freeze({
  maxDecimalChars: 64,
  maxSignificantDigits: D.precision,
  minDecimalExponent: -324,
  maxAbsAmount: new D('1e24'),
  minPrice: new D('1e-18'),
  maxVol: new D(100),
  maxSymbolChars: 128,
  maxInstruments: 100_000,
  maxPositions: 100_000,
  maxCollateral: 1_000,
  maxScenarios: 100_000,
  maxDays: 36_500,
  minReferenceDays: 0.001,
  maxTermPower: 10,
} as const);

/** A stable message for every zod issue our schemas can raise; set on every schema so that a host's `z.config` cannot change it. */
export function messageFor(iss: { code?: string; expected?: unknown; keys?: unknown; maximum?: unknown; minimum?: unknown; origin?: string; values?: unknown; input?: unknown }): string {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'required field is missing' : `expected ${String(iss.expected)}`;
    case 'unrecognized_keys':
      return `unknown key(s): ${Array.isArray(iss.keys) ? iss.keys.join(', ') : ''}`;
    // A bound says what it bounds: a number's value (our schemas bound numbers inclusively), a string's length or a list's size.
    case 'too_big':
    case 'too_small': {
      const big = iss.code === 'too_big';
      const at = `at ${big ? 'most' : 'least'} ${String(big ? iss.maximum : iss.minimum)}`;
      // 'int': zod's .int() bounds a number to the safe integers (Number.MAX_SAFE_INTEGER), a value bound too;
      // stated only when the field has no tighter bound of its own on that side (toMarginIssues drops it then).
      if (iss.origin === 'number' || iss.origin === 'int') return `must be ${at}, got ${String(iss.input)}`;
      return iss.origin === 'string' ? `too ${big ? 'long' : 'short'} (length ${at})` : `too ${big ? 'many' : 'few'} items (${at})`;
    }
    case 'invalid_value':
      return `expected one of: ${Array.isArray(iss.values) ? iss.values.map(String).join(', ') : ''}`;
    case 'invalid_format':
      return 'invalid format';
    default:
      return 'invalid value';
  }
}

/** `error:` option for schemas: our stable message. */
export const err = { error: (iss: Parameters<typeof messageFor>[0]) => messageFor(iss) };

/** Pushes an issue carrying one of our codes through zod's custom-issue channel. */
export function customIssue(
  ctx: { issues: { push: (i: never) => void } },
  code: MarginErrorCode,
  message: string,
  input: unknown,
  path: (string | number)[] = [],
): void {
  (ctx.issues as unknown as { push: (i: unknown) => void }).push({
    code: 'custom',
    message,
    input,
    path,
    params: { marginCode: code },
  });
}

/**
 * Declares what callers may write for a schema that reads any value at run time. The decimal and
 * timestamp fields take `unknown` on purpose, so that a wrong value gets our code and message (a
 * number where a timestamp goes is `invalid_type` with our text, not zod's union failure); their
 * input type is what a caller should write, so that `z.input` of every schema is the precise JSON
 * input type. Type-level only: returns `schema` itself. Internal.
 *
 * @example
 * ```ts
 * const when = withInput<string>()(timestampField); // callers write an ISO string
 * when.parse('2026-12-25T08:00:00Z').ms; // 1798185600000 (epoch ms: 20,812 days x 86,400,000 + 8 h x 3,600,000)
 * ```
 */
export function withInput<I>() {
  // Through `unknown`: relating a zod schema to `z.ZodType` structurally costs seconds of type checking.
  return <S extends z.core.$ZodType>(schema: S): z.ZodType<z.output<S>, I> => schema as unknown as z.ZodType<z.output<S>, I>;
}

/** A plain decimal literal: optional sign, digits, optional fraction; no exponent, hex, `NaN` or `Infinity`. */
export const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Constraint applied after parsing a decimal. */
export type DecimalConstraint = 'any' | 'positive' | 'nonNegative' | 'fraction' | 'price' | 'priceOrZero';

/**
 * What the schemas that check a value by hand accept, for generating a JSON Schema of the inputs (zod
 * sees only `unknown` or a custom check there): a decimal field's constraint, the schemas a value may
 * match, or the one schema it is written as. Internal, and private to this library (zod's global
 * registry is the host's).
 */
export const inputForms = new WeakMap<object, { decimal?: DecimalConstraint; anyOf?: readonly z.ZodType[]; like?: z.ZodType }>();

/**
 * A decimal amount: a plain decimal string (`'123.45'`, no exponent, no hex, no `NaN`), a finite
 * JSON number, or a decimal.js instance (read by its fields, see `decimalFromInstance`), turned into
 * our Decimal. Numbers are read through their shortest round-trip string, so `0.1` becomes exactly
 * `0.1`. Every form meets the same bounds ({@link LIMITS}): at most 40 significant digits, so that the
 * value is held exactly (a 46-digit quantity used to be rounded half-even before the requirement was
 * rounded up), |x| <= 1e24 and, if not zero, |x| >= 1e-324.
 */
export function decimalField(constraint: DecimalConstraint = 'any'): z.ZodType<Decimal, DecimalLike> {
  const schema = withInput<DecimalLike>()(z.unknown().transform((v, ctx): Decimal => {
    let d: Decimal | undefined;
    if (typeof v === 'string') {
      if (v.length > LIMITS.maxDecimalChars || !PLAIN_DECIMAL.test(v)) {
        customIssue(ctx, 'invalid_decimal', `expected a plain decimal string like "123.45", got ${JSON.stringify(v.slice(0, 40))}`, v);
        return z.NEVER;
      }
      d = new D(v);
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        customIssue(ctx, 'invalid_decimal', `expected a finite number, got ${String(v)}`, v);
        return z.NEVER;
      }
      d = new D(v);
    } else {
      const r = v !== null && typeof v === 'object' ? decimalFromInstance(v, LIMITS.maxSignificantDigits, LIMITS.minDecimalExponent, LIMITS.maxAbsAmount.e) : { kind: 'other' as const };
      if (r.kind === 'refused') {
        customIssue(ctx, 'invalid_decimal', r.reason, undefined);
        return z.NEVER;
      }
      if (r.kind === 'other') {
        customIssue(ctx, v === undefined ? 'missing_field' : 'invalid_type', v === undefined ? 'required field is missing' : 'expected a decimal string or a number', undefined);
        return z.NEVER;
      }
      d = r.value;
    }
    if (d.sd() > LIMITS.maxSignificantDigits) {
      customIssue(ctx, 'invalid_decimal', `more than ${LIMITS.maxSignificantDigits} significant digits (the numeric layer holds ${LIMITS.maxSignificantDigits} exactly)`, v);
      return z.NEVER;
    }
    if (d.abs().gt(LIMITS.maxAbsAmount)) {
      customIssue(ctx, 'invalid_decimal', `magnitude above the accepted bound ${LIMITS.maxAbsAmount.toFixed()}`, v);
      return z.NEVER;
    }
    if (d.isZero()) d = new D(0); // no -0 past the boundary
    if ((constraint === 'positive' || constraint === 'price') && !d.gt(0)) {
      customIssue(ctx, 'non_positive', `must be greater than 0, got ${d.toFixed()}`, v);
      return z.NEVER;
    }
    // A price, strike or contract size feeds the float64 models: below LIMITS.minPrice their
    // products underflow (see LIMITS). Zero stays allowed where the field allows it (an option's mark).
    if ((constraint === 'price' || constraint === 'priceOrZero') && d.gt(0) && d.lt(LIMITS.minPrice)) {
      customIssue(ctx, 'invalid_value', `below the smallest accepted price or size ${LIMITS.minPrice.toFixed()} (LIMITS.minPrice), got ${d.toSignificantDigits(6).toExponential()}`, v);
      return z.NEVER;
    }
    if ((constraint === 'nonNegative' || constraint === 'priceOrZero') && d.lt(0)) {
      customIssue(ctx, 'invalid_value', `must be at least 0, got ${d.toFixed()}`, v);
      return z.NEVER;
    }
    if (constraint === 'fraction' && (d.lt(0) || d.gt(1))) {
      customIssue(ctx, 'invalid_value', `must be a fraction in [0, 1], got ${d.toFixed()}`, v);
      return z.NEVER;
    }
    return d;
  }));
  inputForms.set(schema, { decimal: constraint });
  return schema;
}

/** A finite number (NaN and infinities are `invalid_value`, other types `invalid_type`, absent `missing_field`). */
export const finiteNumberField = z.unknown().transform((v, ctx): number => {
  if (typeof v !== 'number') customIssue(ctx, v === undefined ? 'missing_field' : 'invalid_type', v === undefined ? 'required field is missing' : 'expected a finite number', v);
  else if (!Number.isFinite(v)) customIssue(ctx, 'invalid_value', `expected a finite number, got ${String(v)}`, String(v));
  else return v;
  return z.NEVER;
});

/** A value of a non-JSON type (a Float64Array, a Map) checked by `is`: otherwise `invalid_type` (or `missing_field`). */
export function instanceField<T>(is: (v: unknown) => v is T, expected: string) {
  return z.unknown().transform((v, ctx): T => {
    if (is(v)) return v;
    customIssue(ctx, v === undefined ? 'missing_field' : 'invalid_type', v === undefined ? 'required field is missing' : `expected ${expected}`, typeof v);
    return z.NEVER;
  });
}

/**
 * The one name the library refuses. `JSON.parse` gives an object an own `__proto__` key, but a
 * JavaScript record cannot hold it as an ordinary key (assigning it replaces the prototype, and zod's
 * records skip it), so a market whose marks, underlyings or assets were keyed `__proto__` would lose
 * them silently. Refused instead, as a name (`invalid_value`) and as a record key, wherever it appears.
 */
export const RESERVED_NAME = '__proto__';
const reservedMessage = `the name "${RESERVED_NAME}" is reserved (a JavaScript object cannot hold it as an ordinary key); use another name`;
const hasReservedKey = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, RESERVED_NAME);

/** A JSON-friendly identifier (symbol, asset, underlying, account id): 1..128 characters, never `__proto__`. */
export const idField = z
  .string(err)
  .min(1, err)
  .max(LIMITS.maxSymbolChars, err)
  .refine((v) => v !== RESERVED_NAME, { error: () => reservedMessage, params: { marginCode: 'invalid_value' } });

/**
 * A record keyed by the caller's names (marks, underlyings, assets, forwards, haircuts,
 * `byUnderlying`, `rangeByUnderlying`, scenario moves, settlement prices): zod's record, except that
 * an own `__proto__` key is an `invalid_value` issue at that key rather than silently dropped
 * (unknown keys are rejected, never dropped). Every record in every schema is built here.
 */
export function recordField<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V) {
  const record = z.record(key, value, err);
  const noReservedKey = z.custom<z.input<typeof record>>((v) => !hasReservedKey(v), { error: () => reservedMessage, path: [RESERVED_NAME], params: { marginCode: 'invalid_value' } });
  inputForms.set(noReservedKey, { like: record });
  return noReservedKey.pipe(record);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|\+00:00)$/;

/** An ISO-8601 UTC timestamp, e.g. `2026-12-25T08:00:00Z`; parsed to epoch milliseconds. */
export const timestampField = withInput<string>()(z.unknown().transform((v, ctx): { iso: string; ms: number } => {
  if (typeof v !== 'string') {
    customIssue(ctx, v === undefined ? 'missing_field' : 'invalid_type', v === undefined ? 'required field is missing' : 'expected an ISO-8601 UTC timestamp string', v);
    return z.NEVER;
  }
  const ms = ISO_UTC.test(v) ? Date.parse(v) : NaN;
  // Date.parse rolls 2026-02-30 over to March; the round trip rejects such dates.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== v.slice(0, 10)) {
    customIssue(ctx, 'invalid_timestamp', `expected an ISO-8601 UTC timestamp like "2026-12-25T08:00:00Z", got ${JSON.stringify(v.slice(0, 40))}`, v);
    return z.NEVER;
  }
  return { iso: new Date(ms).toISOString(), ms };
}));
