import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS, recordField, withInput } from '../schema/fields.js';
import { parseBranded } from '../schema/parseArguments.js';
import { brand } from '../schema/parsedBrand.js';
import type { InputOf } from '../schema/InputOf.js';

/**
 * One band of a tiered haircut: the part of an asset's value (settlement currency) up to `upTo`
 * (and above the previous band's `upTo`) keeps `1 - haircut` of its value. `upTo` absent = no upper
 * bound (only on the last band). Value above the last bounded band counts for nothing, as on
 * Binance's tiered collateral tables.
 */
export interface HaircutTier {
  /** Upper edge of the band, in the settlement currency; undefined = unbounded. */
  upTo?: Decimal;
  /** Haircut applied inside the band, a fraction in [0, 1] (0.025 = the band counts at 97.5%). */
  haircut: Decimal;
}

/**
 * A haircut curve: a flat fraction in [0, 1] for the whole value, or piecewise by value
 * (Binance-style tiered collateral: 0-100M at 100%, 100-120M at 97.5%).
 */
export type HaircutCurve = { kind: 'flat'; haircut: Decimal } | { kind: 'tiered'; tiers: HaircutTier[] };

/** An asset's haircuts: one for initial margin and, where the parameter set has it, a separate one for maintenance. */
export interface AssetHaircut {
  initial: HaircutCurve;
  /** When absent, the initial curve applies to maintenance too. */
  maintenance?: HaircutCurve;
}

/** One band of the borrow maintenance charge: the borrowed value inside the band is charged `rate`. */
export interface BorrowTier {
  /** Upper edge of the band (borrowed value, settlement currency); undefined = unbounded. */
  upTo?: Decimal;
  /** Charge on the borrowed value inside the band, a fraction in [0, 1]. */
  rate: Decimal;
}

/**
 * How collateral is valued. Units: values and band edges in the settlement currency, haircuts and
 * rates as fractions in [0, 1].
 *
 * - `haircuts`: per asset. The settlement currency has no haircut unless it is listed here.
 * - `defaultHaircut`: for any other asset not listed.
 * - `borrowTiers`: maintenance charge on borrowed (negative) balances, piecewise by borrowed value,
 *   summed over assets band by band per asset (each asset's borrowing starts at the first band). An
 *   empty list charges nothing; above the last bounded band the last band's rate continues.
 */
export interface CollateralParameters {
  haircuts: Record<string, AssetHaircut>;
  defaultHaircut: AssetHaircut;
  borrowTiers: BorrowTier[];
}

const TierSchema = z.strictObject({ upTo: decimalField('positive').optional(), haircut: decimalField('fraction') }, err);

const FlatSchema = decimalField('fraction').transform((haircut): HaircutCurve => ({ kind: 'flat', haircut }));

const TieredSchema = z
  .strictObject({ tiers: z.array(TierSchema, err).min(1, err).max(LIMITS.maxCollateral, err) }, err)
  .transform((raw, ctx): HaircutCurve => {
    checkBands(raw.tiers, ctx, ['tiers']);
    return { kind: 'tiered', tiers: raw.tiers.map((t) => (t.upTo === undefined ? { haircut: t.haircut } : { upTo: t.upTo, haircut: t.haircut })) };
  });

/** Band edges must rise strictly, and only the last band may be unbounded. */
function checkBands(bands: { upTo?: Decimal | undefined }[], ctx: Parameters<typeof customIssue>[0], path: (string | number)[]): void {
  bands.forEach((b, i) => {
    const prev = i > 0 ? bands[i - 1] : undefined;
    if (b.upTo === undefined && i < bands.length - 1) {
      customIssue(ctx, 'invalid_parameters', 'only the last band may omit upTo', b, [...path, i, 'upTo']);
    }
    if (b.upTo !== undefined && prev?.upTo !== undefined && !b.upTo.gt(prev.upTo)) {
      customIssue(ctx, 'invalid_parameters', `band edges must increase: ${b.upTo.toFixed()} after ${prev.upTo.toFixed()}`, b, [...path, i, 'upTo']);
    }
  });
}

/** A JSON object (its prototype Object.prototype or null): the tiered form. A decimal.js instance, a Proxy or a class instance is not. */
function isPlainObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  try {
    const proto: unknown = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  } catch {
    return false; // a Proxy whose trap throws: read as a (refused) decimal
  }
}

/**
 * A haircut curve as the caller writes it: a decimal (flat, `'0.05'`) or `{ tiers: [...] }`.
 * Dispatches on the JSON type, so that a wrong flat value reports `invalid_decimal` rather than a
 * union failure.
 */
export const HaircutCurveSchema = withInput<z.input<typeof FlatSchema> | z.input<typeof TieredSchema>>()(z.unknown().transform((v, ctx): HaircutCurve => {
  const tiered = isPlainObject(v);
  const r = tiered ? TieredSchema.safeParse(v) : FlatSchema.safeParse(v);
  if (r.success) return r.data;
  for (const iss of r.error.issues) {
    const code = (iss as { params?: { marginCode?: string } }).params?.marginCode;
    if (code) customIssue(ctx, code as never, iss.message, v, iss.path as (string | number)[]);
    else (ctx.issues as unknown as { push: (i: unknown) => void }).push({ ...iss, input: v });
  }
  return z.NEVER;
}));


/** Schema of one asset's haircuts (`{ initial, maintenance? }`). */
export const AssetHaircutSchema = z.strictObject({ initial: HaircutCurveSchema, maintenance: HaircutCurveSchema.optional() }, err).transform((h): AssetHaircut => {
  const out: AssetHaircut = { initial: h.initial };
  if (h.maintenance !== undefined) out.maintenance = h.maintenance;
  return out;
});

const BorrowTierSchema = z.strictObject({ upTo: decimalField('positive').optional(), rate: decimalField('fraction') }, err);

/** Schema of {@link CollateralParameters}; every field optional, defaults as documented there (no haircuts, no borrow charge). */
export const CollateralParametersSchema = z
  .strictObject(
    {
      haircuts: recordField(idField, AssetHaircutSchema).optional(),
      defaultHaircut: AssetHaircutSchema.optional(),
      borrowTiers: z.array(BorrowTierSchema, err).max(LIMITS.maxCollateral, err).optional(),
    },
    err,
  )
  .transform((raw, ctx): CollateralParameters => {
    const borrowTiers = (raw.borrowTiers ?? []).map((t) => (t.upTo === undefined ? { rate: t.rate } : { upTo: t.upTo, rate: t.rate }));
    checkBands(borrowTiers, ctx, ['borrowTiers']);
    // Sorted keys: the parsed object (and anything echoing it) is the same whatever the input order.
    const haircuts: Record<string, AssetHaircut> = {};
    for (const k of Object.keys(raw.haircuts ?? {}).sort()) haircuts[k] = raw.haircuts![k]!;
    const out: CollateralParameters = { haircuts, defaultHaircut: raw.defaultHaircut ?? { initial: { kind: 'flat', haircut: new D(0) } }, borrowTiers };
    // Branded also when nested in HealthParameters: passed through without a second parse.
    return brand(out, 'collateral-parameters');
  });

/** Collateral parameters as the caller writes them. */
export type CollateralParametersInput = InputOf<typeof CollateralParametersSchema>;

/**
 * Validates collateral parameters (haircuts, borrow tiers). An already-parsed set is returned as is;
 * another parsed value is `invalid_type`.
 *
 * @param input `{ haircuts?: { [asset]: { initial, maintenance? } }, defaultHaircut?, borrowTiers? }`; a curve is a
 *   fraction (`'0.05'`) or `{ tiers: [{ upTo?, haircut }] }`; band edges in the settlement currency.
 * @param argument name echoed in error issues (default `'params'`).
 * @throws MarginInputError with code and path (e.g. `invalid_value` for a haircut above 1, `invalid_parameters` for falling band edges).
 * @example
 * ```ts
 * const p = parseCollateralParameters({ haircuts: { BTC: { initial: '0.05', maintenance: '0.02' } } });
 * p.haircuts.BTC.initial; // { kind: 'flat', haircut: D('0.05') }
 * ```
 */
export function parseCollateralParameters(input: unknown, argument = 'params'): CollateralParameters {
  return parseBranded('collateral-parameters', CollateralParametersSchema, input, argument);
}
