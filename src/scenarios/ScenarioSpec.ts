import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { customIssue, decimalField, err, idField, LIMITS, recordField } from '../schema/fields.js';
import type { InputOf } from '../schema/InputOf.js';

/**
 * A skew (smile tilt) vol state's shape, Derive PMRM_2 style. Per option, with `rt = sqrt(years)`,
 * `k = ln(strike / forward)` (`abs`: `|k|`), `cap = cap.base + cap.perRootYear * rt` and
 * `kStar = max(kStar.min, rt * kStar.width * (kStar.static + rt * kStar.perRootYear))`, the vol is
 * multiplied by `max(0, 1 + min(cap, k * cap / kStar))` for `k >= 0` and by
 * `max(0, 1 + max(-cap, k * cap / kStar))` for `k < 0`: `linear` tilts the smile (one wing up, the
 * other down), `abs` lifts both wings. The price does not move. Inside a scenario, each expiry's P&L
 * under a skew state counts as `-|P&L|` (a gain from the tilt is taken as the loss of the opposite
 * tilt).
 */
export interface SkewSpec {
  shape: 'linear' | 'abs';
  cap: { base: Decimal; perRootYear: Decimal };
  kStar: { min: Decimal; width: Decimal; static: Decimal; perRootYear: Decimal };
}

/**
 * One volatility state of the scenario grid.
 *
 * - `none`: the implied vol is unchanged.
 * - `relative`: multiplicative, `iv' = iv * (1 + size * scale)`, where `scale` is the term scaling
 *   `(referenceDays / max(days, floorDays))^p` when `termScaled` and a {@link TermScaling} is given, else 1
 *   (Deribit / Paradex style). `size` is a relative decimal (0.5 = +50% of the vol, -0.25 = -25%).
 * - `absolute`: vol points, `iv' = iv + size` (SPAN style; 0.05 = +5 vol points).
 * - `skew`: strike-dependent, see {@link SkewSpec} (`skew` holds the shape; `size` is unused, 0).
 *   Only user scenarios without a price move may use it.
 *
 * `minVol` floors the shocked vol (annualised decimal), e.g. Deribit's 0.5 floor on the vol-up state.
 * A shocked vol never goes below 0.
 */
export interface VolShockSpec {
  id: string;
  kind: 'none' | 'relative' | 'absolute' | 'skew';
  size: Decimal;
  termScaled: boolean;
  minVol?: Decimal;
  skew?: SkewSpec;
}

/**
 * Term scaling of relative vol shocks: `scale = (referenceDays / max(days, floorDays))^p` with
 * `p = shortPower` when days to expiry < `switchDays` (`<=` when `switchInclusive`, as Derive's
 * PMRM_2 has it), else `longPower`. Days are ACT/365 calendar days, in [0, 36,500]
 * (`referenceDays` from 0.001, `LIMITS.minReferenceDays`); powers in [-10, 10] (`LIMITS`), so that
 * the scale, and the shocked vol, stay finite: a floor of 0 (no floor) is allowed because a valued
 * option is at least 1 ms (1.16e-8 days) from expiry, so the ratio is at most 36,500 / 1.16e-8.
 */
export interface TermScaling {
  referenceDays: Decimal;
  floorDays: Decimal;
  switchDays: Decimal;
  shortPower: Decimal;
  longPower: Decimal;
  switchInclusive: boolean;
}

/**
 * A sign-dependent static discount on each expiry's shocked option value (Derive PMRM_2), applied
 * per risk unit, underlying and expiry inside every scan scenario: the expiry's options are valued
 * together, and a value `V >= 0` is multiplied by `long.base * e^(-T * (r * long.rateMultiple + long.rateAdd))`,
 * a value `V < 0` by `short.base / e^(-T * (r * short.rateMultiple + short.rateAdd))` (at most `e^(rT)`,
 * the undiscounted value, when `shortCappedAtUndiscounted`); `T` years to expiry, `r` the expiry's
 * rate. The unshocked mark is never discounted, so even the unmoved scenario has a P&L
 * `mark * (factor - 1)`.
 */
export interface StaticDiscountSpec {
  long: { base: Decimal; rateMultiple: Decimal; rateAdd: Decimal };
  short: { base: Decimal; rateMultiple: Decimal; rateAdd: Decimal };
  shortCappedAtUndiscounted: boolean;
}

/**
 * A basis (forward) contingency that floors the scan loss before any loss factor (Derive PMRM_2):
 * each expiry's options are revalued at the relative moves `up` and `down` with vols unchanged,
 * no weight and no static discount; the expiry's floor loss is
 * `max(0, -min(P&L up, P&L down)) * (add + perYear * T)` (T its years to expiry), and the scan loss
 * is at least their sum (the floor wins a tie, and then names the binding "scenario").
 */
export interface BasisFloorSpec {
  up: Decimal;
  down: Decimal;
  add: Decimal;
  perYear: Decimal;
}

/**
 * The price scan range of an underlying, as a relative move (0.16 = the grid spans -16% .. +16%).
 *
 * - `relative`: given directly.
 * - `absolute`: a move in quote currency per unit (SPAN's price scan range), divided by the index.
 * - `volatility`: `z * vol * sqrt(horizonDays / 365)`, with `vol` given or, when absent, the implied
 *   vol of the option nearest the money at the nearest expiry of that underlying; clamped to
 *   [`min`, `max`] when given, and rounded up to 4 decimal places (1 basis point) so that scenario
 *   moves stay short exact decimals.
 */
export type PriceRangeSpec =
  | { kind: 'relative'; range: Decimal }
  | { kind: 'absolute'; amount: Decimal }
  | { kind: 'volatility'; z: Decimal; horizonDays: Decimal; vol?: Decimal; min?: Decimal; max?: Decimal };

/**
 * The weight of a Deribit-style extended-table entry (its 2024 model): each instrument's P&L in the
 * tail counts at `factor * range / |move|` (`range` the price range of the instrument's underlying,
 * `factor` the underlying's entry of `factorByUnderlying` or else `factor`; uncapped, so a factor
 * above 1 acts as given). `pnlCurrency: 'index'` takes the P&L in the index's quote currency (USD)
 * at the scenario price and converts the weighted amount back at the edge price of the grid on the
 * same side, `index * (1 + sign(move) * range)`: for a settlement coin tied to the underlying (a
 * BTC-settled account) that multiplies the coin P&L by `(1 + move) / (1 + sign(move) * range)`; for
 * a settlement currency that does not move (USDC) it changes nothing. `'settlement'` weights the
 * settlement-currency P&L directly. The weight is folded into the risk arrays (the scenario's own
 * `weight` is 1), because it differs per underlying.
 */
export interface RangeOverMoveWeight {
  kind: 'rangeOverMove';
  factor: Decimal;
  factorByUnderlying: Record<string, Decimal>;
  pnlCurrency: 'index' | 'settlement';
}

/**
 * A tail (extreme) scenario: a relative `move` (e.g. -0.66), or `rangeMultiple` times the price
 * range (SPAN: 2 or 3), under the vol state `volShock` (an id from `volShocks`, or `'none'`), with a
 * weight: `coverage` (a fixed fraction of the loss counts, SPAN's 35%), `damped`, weight
 * `min(1, c / |move|)` (Deribit's extended table as Paradex publishes it, c = 0.16), or
 * `rangeOverMove` ({@link RangeOverMoveWeight}: Deribit's 2024 extended table, per underlying, in USD
 * converted at the edge price).
 */
export interface TailSpec {
  move?: Decimal;
  rangeMultiple?: Decimal;
  volShock: string;
  weight: { kind: 'coverage'; fraction: Decimal } | { kind: 'damped'; c: Decimal } | RangeOverMoveWeight;
}

/**
 * The dampener of the aggregated extended (tail) vector (Deribit's `extended_dampener`), in the
 * index's quote currency (USD): in each tail scenario with move `m`, a unit's aggregated loss is
 * reduced toward 0 by `(max(|m| / range, 1) - 1) * amount` (`scaling: 'excessOverRange'`, the one
 * public formula, two third-party codes) or by `amount` itself (`'flat'`, more conservative for
 * every move beyond twice the range), converted to the settlement currency at the edge price
 * `index * (1 + sign(m) * range)` (a currency that does not move: at par). Gains of a tail are
 * dropped (`gains: 'drop'`, conservative: an extended gain never offsets anything) or dampened the
 * same way and then kept at `pnlOffset` like a grid gain (`'dampenThenOffset'`). Deribit has not
 * published the formula: both readings are choices; Deribit's examples only show that small books
 * dampen to 0.
 */
export interface DampenerSpec {
  amount: Decimal;
  scaling: 'excessOverRange' | 'flat';
  gains: 'drop' | 'dampenThenOffset';
}

/**
 * Rules on a risk unit's aggregated P&L vector, scenario by scenario, before the worst case (Deribit's
 * `pnl_offset`, `max_offsetable_pnl` and `extended_dampener`, which act on the aggregated vectors,
 * API changelog 2026-01-13). In the price grid a positive aggregated P&L `x` counts as
 * `min(pnlOffset * x, cap)`, with `cap` = `maxOffsetablePnl` (index quote currency, USD) converted to
 * the settlement currency at the higher of the index and the scenario price (absent: no cap); losses
 * are unchanged. Tail scenarios follow `dampener` ({@link DampenerSpec}); without one, a tail is
 * treated like a grid scenario. User scenarios are not changed. In a single-currency account a gain
 * never sets the worst case, so only the dampener can change the margin; the offset shows in the
 * aggregated vector.
 */
export interface AggregateSpec {
  pnlOffset: Decimal;
  maxOffsetablePnl?: Decimal;
  dampener?: DampenerSpec;
}

/**
 * A user scenario: relative `moves` per underlying (absent underlyings move by `move`, or not at
 * all without it), a vol state id (default `'none'`), an optional time step in calendar days and an
 * optional weight (default 1; any weight >= 0, above 1 too). Joint moves across underlyings make
 * correlated underlyings offset through the scenario itself; `move` alone writes a venue's explicit
 * scenario list (spot multiplier `s` = move `s - 1`) without naming the underlying.
 */
export interface UserScenarioSpec {
  id: string;
  label?: string;
  moves: Record<string, Decimal>;
  move?: Decimal;
  volShock?: string;
  timeStepDays?: Decimal;
  weight?: Decimal;
}

/**
 * A scenario specification: price grid x vol states, tails and user scenarios.
 * The grid has `2 * priceSteps + 1` price points `k / priceSteps * range`, k = -steps..steps, each
 * under every vol state; `gridOrder` `'ascending'` lists them from the largest fall up, `'span'` in
 * SPAN's order (0, +1/3, -1/3, +2/3, ...). Without `priceSteps` there is no grid (an explicit list of
 * tails and user scenarios, e.g. Derive's); `priceRange` is then optional. `timeStepDays` (default 0)
 * ages options in grid and tail scenarios (SPAN's "decrease in time to expiration").
 *
 * `staticDiscount` and `basisFloor` switch on the per-expiry mechanisms of Derive's PMRM_2 (see
 * {@link StaticDiscountSpec} and {@link BasisFloorSpec}); `aggregate` Deribit's rules on the
 * aggregated vectors ({@link AggregateSpec}).
 */
export interface ScenarioSpec {
  priceRange?: PriceRangeSpec;
  rangeByUnderlying: Record<string, PriceRangeSpec>;
  priceSteps?: number;
  gridOrder: 'ascending' | 'span';
  volShocks: VolShockSpec[];
  /**
   * Per-underlying vol states (Deribit's per-index vol ranges): the same ids as `volShocks`, in the
   * same order, with the underlying's own sizes and floors; options of that underlying use them.
   */
  volShocksByUnderlying: Record<string, VolShockSpec[]>;
  termScaling?: TermScaling;
  /** Per-underlying term scaling (Deribit's per-index vega powers), for that underlying's options. */
  termScalingByUnderlying: Record<string, TermScaling>;
  /** Rules on each unit's aggregated P&L vector ({@link AggregateSpec}); absent = none. */
  aggregate?: AggregateSpec;
  tails: TailSpec[];
  user: UserScenarioSpec[];
  timeStepDays: Decimal;
  staticDiscount?: StaticDiscountSpec;
  basisFloor?: BasisFloorSpec;
}

const nonNeg = () => decimalField('nonNegative');

/**
 * A decimal in `[min, max]` (`invalid_value` outside): the bounds that keep a shocked vol finite in
 * the float64 models (see `LIMITS`: days, term-scaling powers, vol floors).
 */
function bounded(min: number, max: number) {
  return decimalField().transform((d, ctx) => {
    if (d.lt(min) || d.gt(max)) {
      customIssue(ctx, 'invalid_value', `must be in [${min}, ${max}], got ${d.toFixed()}`, d.toFixed());
      return z.NEVER;
    }
    return d;
  });
}
const days = (min: number) => bounded(min, LIMITS.maxDays);
const power = () => bounded(-LIMITS.maxTermPower, LIMITS.maxTermPower);

const SkewSchema = z.strictObject(
  {
    shape: z.enum(['linear', 'abs'], err),
    cap: z.strictObject({ base: decimalField(), perRootYear: decimalField() }, err),
    kStar: z.strictObject({ min: nonNeg(), width: nonNeg(), static: decimalField(), perRootYear: decimalField() }, err),
  },
  err,
);

const VolShockSchema = z
  .strictObject(
    {
      id: idField,
      kind: z.enum(['none', 'relative', 'absolute', 'skew'], err),
      size: decimalField().optional(),
      termScaled: z.boolean(err).optional(),
      minVol: bounded(0, LIMITS.maxVol.toNumber()).optional(),
      skew: SkewSchema.optional(),
    },
    err,
  )
  .transform((v, ctx): VolShockSpec => {
    if (v.kind !== 'none' && v.kind !== 'skew' && v.size === undefined) customIssue(ctx, 'missing_field', `vol shock ${v.id} of kind ${v.kind} needs a size`, v, ['size']);
    if (v.kind === 'skew' && v.skew === undefined) customIssue(ctx, 'missing_field', `vol shock ${v.id} of kind skew needs a skew shape`, v, ['skew']);
    if (v.kind !== 'skew' && v.skew !== undefined) customIssue(ctx, 'invalid_parameters', `only a vol shock of kind skew takes a skew shape (${v.id} is ${v.kind})`, v, ['skew']);
    const out: VolShockSpec = { id: v.id, kind: v.kind, size: v.size ?? decimalZero(), termScaled: v.termScaled ?? false };
    if (v.minVol !== undefined) out.minVol = v.minVol;
    if (v.kind === 'skew' && v.skew !== undefined) out.skew = v.skew;
    return out;
  });

function decimalZero(): Decimal {
  return new D(0);
}

const TermScalingSchema = z
  .strictObject(
    {
      referenceDays: days(LIMITS.minReferenceDays),
      floorDays: days(0),
      switchDays: days(0),
      shortPower: power(),
      longPower: power(),
      switchInclusive: z.boolean(err).optional(),
    },
    err,
  )
  .transform((t): TermScaling => ({ ...t, switchInclusive: t.switchInclusive ?? false }));

const DiscountLegSchema = z.strictObject({ base: nonNeg(), rateMultiple: decimalField(), rateAdd: decimalField() }, err);

const StaticDiscountSchema = z
  .strictObject({ long: DiscountLegSchema, short: DiscountLegSchema, shortCappedAtUndiscounted: z.boolean(err).optional() }, err)
  .transform((d): StaticDiscountSpec => ({ long: d.long, short: d.short, shortCappedAtUndiscounted: d.shortCappedAtUndiscounted ?? false }));

const BasisFloorSchema = z
  .strictObject({ up: decimalField('positive'), down: decimalField(), add: nonNeg(), perYear: nonNeg() }, err)
  .transform((b, ctx): BasisFloorSpec => {
    if (!b.down.lt(0) || b.down.lte(-1)) customIssue(ctx, 'invalid_parameters', `the basis floor's down move must be in (-1, 0), got ${b.down.toFixed()}`, b.down.toFixed(), ['down']);
    return b;
  });

/** A record rebuilt with its keys in code-unit order (the parsed set is the same whatever the input order). */
function sortedRecord<T>(r: Record<string, T> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r ?? {}).sort(compareKeys)) out[k] = r![k]!;
  return out;
}

const AggregateSchema = z
  .strictObject(
    {
      pnlOffset: decimalField('fraction'),
      maxOffsetablePnl: nonNeg().optional(),
      dampener: z
        .strictObject({ amount: nonNeg(), scaling: z.enum(['excessOverRange', 'flat'], err).optional(), gains: z.enum(['drop', 'dampenThenOffset'], err).optional() }, err)
        .transform((d): DampenerSpec => ({ amount: d.amount, scaling: d.scaling ?? 'excessOverRange', gains: d.gains ?? 'drop' }))
        .optional(),
    },
    err,
  )
  .transform((a): AggregateSpec => {
    const out: AggregateSpec = { pnlOffset: a.pnlOffset };
    if (a.maxOffsetablePnl !== undefined) out.maxOffsetablePnl = a.maxOffsetablePnl;
    if (a.dampener !== undefined) out.dampener = a.dampener;
    return out;
  });

/** Schema of a {@link PriceRangeSpec}. */
export const PriceRangeSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('relative', err), range: nonNeg() }, err),
    z.strictObject({ kind: z.literal('absolute', err), amount: nonNeg() }, err),
    z.strictObject(
      {
        kind: z.literal('volatility', err),
        z: decimalField('positive'),
        horizonDays: decimalField('positive'),
        vol: nonNeg().optional(),
        min: nonNeg().optional(),
        max: nonNeg().optional(),
      },
      err,
    ),
  ],
  err,
);

const TailSchema = z
  .strictObject(
    {
      move: decimalField().optional(),
      rangeMultiple: decimalField().optional(),
      volShock: idField,
      weight: z.discriminatedUnion(
        'kind',
        [
          z.strictObject({ kind: z.literal('coverage', err), fraction: decimalField('fraction') }, err),
          z.strictObject({ kind: z.literal('damped', err), c: nonNeg() }, err),
          z
            .strictObject(
              {
                kind: z.literal('rangeOverMove', err),
                factor: nonNeg(),
                factorByUnderlying: recordField(idField, nonNeg()).optional(),
                pnlCurrency: z.enum(['index', 'settlement'], err).optional(),
              },
              err,
            )
            .transform((w): RangeOverMoveWeight => ({ kind: 'rangeOverMove', factor: w.factor, factorByUnderlying: sortedRecord(w.factorByUnderlying), pnlCurrency: w.pnlCurrency ?? 'index' })),
        ],
        err,
      ),
    },
    err,
  )
  .transform((t, ctx): TailSpec => {
    if ((t.move === undefined) === (t.rangeMultiple === undefined)) customIssue(ctx, 'invalid_parameters', 'a tail needs exactly one of move and rangeMultiple', t, []);
    if (t.weight.kind === 'damped' && t.move === undefined) customIssue(ctx, 'invalid_parameters', 'a damped tail weight c/|move| needs a fixed move', t, ['weight']);
    if (t.weight.kind === 'rangeOverMove' && (t.move === undefined || t.move.isZero())) customIssue(ctx, 'invalid_parameters', 'a rangeOverMove tail weight factor*range/|move| needs a fixed, non-zero move', t, ['weight']);
    if (t.move !== undefined && t.move.lte(-1)) customIssue(ctx, 'invalid_parameters', 'a move of -100% or less leaves no price', t, ['move']);
    const out: TailSpec = { volShock: t.volShock, weight: t.weight };
    if (t.move !== undefined) out.move = t.move;
    if (t.rangeMultiple !== undefined) out.rangeMultiple = t.rangeMultiple;
    return out;
  });

/** Schema of a {@link UserScenarioSpec}. */
export const UserScenarioSchema = z
  .strictObject(
    {
      id: idField,
      label: z.string(err).max(256, err).optional(),
      moves: recordField(idField, decimalField()).optional(),
      move: decimalField().optional(),
      volShock: idField.optional(),
      timeStepDays: days(0).optional(),
      weight: nonNeg().optional(),
    },
    err,
  )
  .transform((u, ctx): UserScenarioSpec => {
    if (u.moves === undefined && u.move === undefined) customIssue(ctx, 'missing_field', `user scenario ${u.id} needs moves or move`, u, ['moves']);
    for (const [k, m] of Object.entries(u.moves ?? {})) if (m.lte(-1)) customIssue(ctx, 'invalid_parameters', `move of ${k} must be above -1 (-100%)`, m.toFixed(), ['moves', k]);
    if (u.move !== undefined && u.move.lte(-1)) customIssue(ctx, 'invalid_parameters', 'move must be above -1 (-100%)', u.move.toFixed(), ['move']);
    const out: UserScenarioSpec = { id: u.id, moves: u.moves ?? {} };
    if (u.move !== undefined) out.move = u.move;
    if (u.label !== undefined) out.label = u.label;
    if (u.volShock !== undefined) out.volShock = u.volShock;
    if (u.timeStepDays !== undefined) out.timeStepDays = u.timeStepDays;
    if (u.weight !== undefined) out.weight = u.weight;
    return out;
  });

/**
 * Schema of a {@link ScenarioSpec}. Cross-field rules (`invalid_parameters`): vol-shock ids unique;
 * `volShocksByUnderlying` lists the ids and kinds of `volShocks` in their order;
 * tails and user scenarios reference a known vol-shock id or `'none'`; user scenario ids unique;
 * at most 64 price steps per side, 64 vol states, 1,000 tails and 10,000 user scenarios.
 */
export const ScenarioSpecSchema = z
  .strictObject(
    {
      priceRange: PriceRangeSchema.optional(),
      rangeByUnderlying: recordField(idField, PriceRangeSchema).optional(),
      priceSteps: z.number(err).int(err).min(0, err).max(64, err).optional(),
      gridOrder: z.enum(['ascending', 'span'], err).optional(),
      volShocks: z.array(VolShockSchema, err).min(1, err).max(64, err),
      volShocksByUnderlying: recordField(idField, z.array(VolShockSchema, err).min(1, err).max(64, err)).optional(),
      termScaling: TermScalingSchema.optional(),
      termScalingByUnderlying: recordField(idField, TermScalingSchema).optional(),
      aggregate: AggregateSchema.optional(),
      tails: z.array(TailSchema, err).max(1000, err).optional(),
      user: z.array(UserScenarioSchema, err).max(10_000, err).optional(),
      timeStepDays: days(0).optional(),
      staticDiscount: StaticDiscountSchema.optional(),
      basisFloor: BasisFloorSchema.optional(),
    },
    err,
  )
  .transform((s, ctx): ScenarioSpec => {
    if (s.priceSteps !== undefined && s.priceRange === undefined) customIssue(ctx, 'missing_field', 'a price grid (priceSteps) needs a priceRange', s, ['priceRange']);
    const skews = new Set(s.volShocks.filter((v) => v.kind === 'skew').map((v) => v.id));
    if (s.priceSteps !== undefined && skews.size) customIssue(ctx, 'invalid_parameters', 'a skew vol state cannot be crossed with the price grid (it takes no price move): list its scenarios as user scenarios', [...skews].join(','), ['volShocks']);
    const ids = new Set<string>();
    s.volShocks.forEach((v, i) => {
      if (v.id === 'none' && v.kind !== 'none') customIssue(ctx, 'invalid_parameters', "the vol-shock id 'none' is reserved for the unchanged state", v.id, ['volShocks', i, 'id']);
      if (ids.has(v.id)) customIssue(ctx, 'invalid_parameters', `vol-shock id ${v.id} appears twice`, v.id, ['volShocks', i, 'id']);
      ids.add(v.id);
    });
    for (const [u, list] of Object.entries(s.volShocksByUnderlying ?? {})) {
      // Same states in the same order: a scenario names one state, each underlying sizes it its own way.
      const same = list.length === s.volShocks.length && list.every((v, i) => v.id === s.volShocks[i]!.id && v.kind === s.volShocks[i]!.kind);
      if (!same) customIssue(ctx, 'invalid_parameters', `volShocksByUnderlying.${u} must list the ids and kinds of volShocks (${s.volShocks.map((v) => `${v.id}:${v.kind}`).join(', ')}) in that order`, u, ['volShocksByUnderlying', u]);
    }
    const known = (id: string) => id === 'none' || ids.has(id);
    (s.tails ?? []).forEach((t, i) => {
      if (!known(t.volShock)) customIssue(ctx, 'invalid_parameters', `tail refers to unknown vol shock ${t.volShock}`, t.volShock, ['tails', i, 'volShock']);
      if (skews.has(t.volShock)) customIssue(ctx, 'invalid_parameters', `a tail moves the price, so it cannot use the skew vol state ${t.volShock}`, t.volShock, ['tails', i, 'volShock']);
      if (t.rangeMultiple !== undefined && s.priceRange === undefined) customIssue(ctx, 'missing_field', 'a tail given as a multiple of the price range needs a priceRange', t, ['tails', i, 'rangeMultiple']);
    });
    const userIds = new Set<string>();
    (s.user ?? []).forEach((u, i) => {
      if (u.volShock !== undefined && !known(u.volShock)) customIssue(ctx, 'invalid_parameters', `user scenario refers to unknown vol shock ${u.volShock}`, u.volShock, ['user', i, 'volShock']);
      if (userIds.has(u.id)) customIssue(ctx, 'invalid_parameters', `user scenario id ${u.id} appears twice`, u.id, ['user', i, 'id']);
      if (u.volShock !== undefined && skews.has(u.volShock) && (Object.values(u.moves).some((m) => !m.isZero()) || (u.move !== undefined && !u.move.isZero()))) {
        customIssue(ctx, 'invalid_parameters', `user scenario ${u.id} uses the skew vol state ${u.volShock}, which takes no price move`, u.id, ['user', i, 'moves']);
      }
      userIds.add(u.id);
    });
    const out: ScenarioSpec = {
      ...(s.priceRange !== undefined ? { priceRange: s.priceRange } : {}),
      rangeByUnderlying: s.rangeByUnderlying ?? {},
      ...(s.priceSteps !== undefined ? { priceSteps: s.priceSteps } : {}),
      gridOrder: s.gridOrder ?? 'ascending',
      volShocks: s.volShocks,
      volShocksByUnderlying: sortedRecord(s.volShocksByUnderlying),
      termScalingByUnderlying: sortedRecord(s.termScalingByUnderlying),
      tails: s.tails ?? [],
      user: s.user ?? [],
      timeStepDays: s.timeStepDays ?? decimalZero(),
    };
    if (s.termScaling) out.termScaling = s.termScaling;
    if (s.staticDiscount) out.staticDiscount = s.staticDiscount;
    if (s.basisFloor) out.basisFloor = s.basisFloor;
    if (s.aggregate) out.aggregate = s.aggregate;
    return out;
  });

/**
 * The number of scenarios a specification builds: `(2 * priceSteps + 1)` price points under every vol
 * state (none without a grid), plus its tails and user scenarios, plus the two revaluations of a basis
 * floor. Known from the parameters alone, before any work.
 *
 * @example
 * ```ts
 * scenarioCount(parseMarginParameters(DERIBIT_PORTFOLIO_MARGIN).scenarios!); // 35 = 9 x 3 + 8
 * ```
 */
export function scenarioCount(spec: ScenarioSpec): number {
  const grid = spec.priceSteps === undefined ? 0 : (2 * spec.priceSteps + 1) * spec.volShocks.length;
  return grid + spec.tails.length + spec.user.length + (spec.basisFloor ? 2 : 0);
}

/** A scenario specification as the caller writes it (decimal strings or numbers). */
export type ScenarioSpecInput = InputOf<typeof ScenarioSpecSchema>;
