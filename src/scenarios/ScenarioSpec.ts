import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, recordField } from '../schema/fields.js';
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
 * PMRM_2 has it), else `longPower`. Days are ACT/365 calendar days.
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
 * A tail (extreme) scenario: a relative `move` (e.g. -0.66), or `rangeMultiple` times the price
 * range (SPAN: 2 or 3), under the vol state `volShock` (an id from `volShocks`, or `'none'`), with a
 * weight: `coverage` (a fixed fraction of the loss counts, SPAN's 35%) or `damped`, weight
 * `min(1, c / |move|)` (Deribit's extended table as Paradex publishes it, c = 0.16).
 */
export interface TailSpec {
  move?: Decimal;
  rangeMultiple?: Decimal;
  volShock: string;
  weight: { kind: 'coverage'; fraction: Decimal } | { kind: 'damped'; c: Decimal };
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
 * {@link StaticDiscountSpec} and {@link BasisFloorSpec}).
 */
export interface ScenarioSpec {
  priceRange?: PriceRangeSpec;
  rangeByUnderlying: Record<string, PriceRangeSpec>;
  priceSteps?: number;
  gridOrder: 'ascending' | 'span';
  volShocks: VolShockSpec[];
  termScaling?: TermScaling;
  tails: TailSpec[];
  user: UserScenarioSpec[];
  timeStepDays: Decimal;
  staticDiscount?: StaticDiscountSpec;
  basisFloor?: BasisFloorSpec;
}

const nonNeg = () => decimalField('nonNegative');

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
      minVol: nonNeg().optional(),
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
      referenceDays: decimalField('positive'),
      floorDays: nonNeg(),
      switchDays: nonNeg(),
      shortPower: decimalField(),
      longPower: decimalField(),
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
        ],
        err,
      ),
    },
    err,
  )
  .transform((t, ctx): TailSpec => {
    if ((t.move === undefined) === (t.rangeMultiple === undefined)) customIssue(ctx, 'invalid_parameters', 'a tail needs exactly one of move and rangeMultiple', t, []);
    if (t.weight.kind === 'damped' && t.move === undefined) customIssue(ctx, 'invalid_parameters', 'a damped tail weight c/|move| needs a fixed move', t, ['weight']);
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
      timeStepDays: nonNeg().optional(),
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
      termScaling: TermScalingSchema.optional(),
      tails: z.array(TailSchema, err).max(1000, err).optional(),
      user: z.array(UserScenarioSchema, err).max(10_000, err).optional(),
      timeStepDays: nonNeg().optional(),
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
      tails: s.tails ?? [],
      user: s.user ?? [],
      timeStepDays: s.timeStepDays ?? decimalZero(),
    };
    if (s.termScaling) out.termScaling = s.termScaling;
    if (s.staticDiscount) out.staticDiscount = s.staticDiscount;
    if (s.basisFloor) out.basisFloor = s.basisFloor;
    return out;
  });

/** A scenario specification as the caller writes it (decimal strings or numbers). */
export type ScenarioSpecInput = InputOf<typeof ScenarioSpecSchema>;
