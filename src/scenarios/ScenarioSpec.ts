import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS, recordField } from '../schema/fields.js';

/**
 * One volatility state of the scenario grid.
 *
 * - `none`: the implied vol is unchanged.
 * - `relative`: multiplicative, `iv' = iv * (1 + size * scale)`, where `scale` is the term scaling
 *   `(referenceDays / max(days, floorDays))^p` when `termScaled` and a {@link TermScaling} is given, else 1
 *   (Deribit / Paradex style). `size` is a relative decimal (0.5 = +50% of the vol, -0.25 = -25%).
 * - `absolute`: vol points, `iv' = iv + size` (SPAN style; 0.05 = +5 vol points).
 *
 * `minVol` floors the shocked vol (annualised decimal), e.g. Deribit's 0.5 floor on the vol-up state.
 * A shocked vol never goes below 0.
 */
export interface VolShockSpec {
  id: string;
  kind: 'none' | 'relative' | 'absolute';
  size: Decimal;
  termScaled: boolean;
  minVol?: Decimal;
}

/**
 * Term scaling of relative vol shocks: `scale = (referenceDays / max(days, floorDays))^p` with
 * `p = shortPower` when days to expiry < `switchDays`, else `longPower`. Days are ACT/365 calendar days,
 * in [0.001, 36,500] (`switchDays` from 0); powers in [-10, 10] (`LIMITS`), so that the scale, and the
 * shocked vol, stay finite.
 */
export interface TermScaling {
  referenceDays: Decimal;
  floorDays: Decimal;
  switchDays: Decimal;
  shortPower: Decimal;
  longPower: Decimal;
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
 * A user scenario: relative `moves` per underlying (absent underlyings do not move), a vol state
 * id (default `'none'`), an optional time step in calendar days and an optional weight (default 1).
 * Joint moves across underlyings make correlated underlyings offset through the scenario itself.
 */
export interface UserScenarioSpec {
  id: string;
  label?: string;
  moves: Record<string, Decimal>;
  volShock?: string;
  timeStepDays?: Decimal;
  weight?: Decimal;
}

/**
 * A scenario specification: price grid x vol states, tails and user scenarios.
 * The grid has `2 * priceSteps + 1` price points `k / priceSteps * range`, k = -steps..steps, each
 * under every vol state; `gridOrder` `'ascending'` lists them from the largest fall up, `'span'` in
 * SPAN's order (0, +1/3, -1/3, +2/3, ...). `timeStepDays` (default 0) ages options in grid and tail
 * scenarios (SPAN's "decrease in time to expiration").
 */
export interface ScenarioSpec {
  priceRange: PriceRangeSpec;
  rangeByUnderlying: Record<string, PriceRangeSpec>;
  priceSteps: number;
  gridOrder: 'ascending' | 'span';
  volShocks: VolShockSpec[];
  termScaling?: TermScaling;
  tails: TailSpec[];
  user: UserScenarioSpec[];
  timeStepDays: Decimal;
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

const VolShockSchema = z
  .strictObject(
    {
      id: idField,
      kind: z.enum(['none', 'relative', 'absolute'], err),
      size: decimalField().optional(),
      termScaled: z.boolean(err).optional(),
      minVol: bounded(0, LIMITS.maxVol.toNumber()).optional(),
    },
    err,
  )
  .transform((v, ctx): VolShockSpec => {
    if (v.kind !== 'none' && v.size === undefined) customIssue(ctx, 'missing_field', `vol shock ${v.id} of kind ${v.kind} needs a size`, v, ['size']);
    const out: VolShockSpec = { id: v.id, kind: v.kind, size: v.size ?? decimalZero(), termScaled: v.termScaled ?? false };
    if (v.minVol !== undefined) out.minVol = v.minVol;
    return out;
  });

function decimalZero(): Decimal {
  return new D(0);
}

const TermScalingSchema = z.strictObject(
  {
    referenceDays: days(LIMITS.minFloorDays),
    floorDays: days(LIMITS.minFloorDays),
    switchDays: days(0),
    shortPower: power(),
    longPower: power(),
  },
  err,
);

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
      moves: recordField(idField, decimalField()),
      volShock: idField.optional(),
      timeStepDays: days(0).optional(),
      weight: nonNeg().optional(),
    },
    err,
  )
  .transform((u, ctx): UserScenarioSpec => {
    for (const [k, m] of Object.entries(u.moves)) if (m.lte(-1)) customIssue(ctx, 'invalid_parameters', `move of ${k} must be above -1 (-100%)`, m.toFixed(), ['moves', k]);
    const out: UserScenarioSpec = { id: u.id, moves: u.moves };
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
      priceRange: PriceRangeSchema,
      rangeByUnderlying: recordField(idField, PriceRangeSchema).optional(),
      priceSteps: z.number(err).int(err).min(0, err).max(64, err),
      gridOrder: z.enum(['ascending', 'span'], err).optional(),
      volShocks: z.array(VolShockSchema, err).min(1, err).max(64, err),
      termScaling: TermScalingSchema.optional(),
      tails: z.array(TailSchema, err).max(1000, err).optional(),
      user: z.array(UserScenarioSchema, err).max(10_000, err).optional(),
      timeStepDays: days(0).optional(),
    },
    err,
  )
  .transform((s, ctx): ScenarioSpec => {
    const ids = new Set<string>();
    s.volShocks.forEach((v, i) => {
      if (v.id === 'none' && v.kind !== 'none') customIssue(ctx, 'invalid_parameters', "the vol-shock id 'none' is reserved for the unchanged state", v.id, ['volShocks', i, 'id']);
      if (ids.has(v.id)) customIssue(ctx, 'invalid_parameters', `vol-shock id ${v.id} appears twice`, v.id, ['volShocks', i, 'id']);
      ids.add(v.id);
    });
    const known = (id: string) => id === 'none' || ids.has(id);
    (s.tails ?? []).forEach((t, i) => {
      if (!known(t.volShock)) customIssue(ctx, 'invalid_parameters', `tail refers to unknown vol shock ${t.volShock}`, t.volShock, ['tails', i, 'volShock']);
    });
    const userIds = new Set<string>();
    (s.user ?? []).forEach((u, i) => {
      if (u.volShock !== undefined && !known(u.volShock)) customIssue(ctx, 'invalid_parameters', `user scenario refers to unknown vol shock ${u.volShock}`, u.volShock, ['user', i, 'volShock']);
      if (userIds.has(u.id)) customIssue(ctx, 'invalid_parameters', `user scenario id ${u.id} appears twice`, u.id, ['user', i, 'id']);
      userIds.add(u.id);
    });
    const out: ScenarioSpec = {
      priceRange: s.priceRange,
      rangeByUnderlying: s.rangeByUnderlying ?? {},
      priceSteps: s.priceSteps,
      gridOrder: s.gridOrder ?? 'ascending',
      volShocks: s.volShocks,
      tails: s.tails ?? [],
      user: s.user ?? [],
      timeStepDays: s.timeStepDays ?? decimalZero(),
    };
    if (s.termScaling) out.termScaling = s.termScaling;
    return out;
  });

/**
 * The number of scenarios a specification builds: `(2 * priceSteps + 1)` price points under every vol
 * state, plus its tails and user scenarios. Known from the parameters alone, before any work.
 *
 * @example
 * ```ts
 * scenarioCount(parseMarginParameters(DERIBIT_PORTFOLIO_MARGIN).scenarios!); // 9 x 3 + 8 = 35
 * ```
 */
export function scenarioCount(spec: ScenarioSpec): number {
  return (2 * spec.priceSteps + 1) * spec.volShocks.length + spec.tails.length + spec.user.length;
}

/** A scenario specification as the caller writes it (decimal strings or numbers). */
export type ScenarioSpecInput = z.input<typeof ScenarioSpecSchema>;
