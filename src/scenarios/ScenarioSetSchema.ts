import * as z from 'zod';
import { decimalString } from '../numeric/rounding.js';
import { customIssue, decimalField, err, idField, LIMITS, recordField, timestampField } from '../schema/fields.js';
import type { ScenarioSet } from './ScenarioSet.js';

const text = z.string(err).max(1024, err);
const finite = z.number(err).refine(Number.isFinite, { error: () => 'expected a finite number', params: { marginCode: 'invalid_value' } });
/** A decimal kept as a plain decimal string (normalised: `'1.0'` -> `'1'`). */
const decimalText = (c: 'any' | 'nonNegative' | 'positive') => decimalField(c).transform(decimalString);

const TermScalingSchema = z.strictObject(
  { referenceDays: finite, floorDays: finite, switchDays: finite, shortPower: finite, longPower: finite, switchInclusive: z.boolean(err).optional() },
  err,
);
const SkewSchema = z.strictObject(
  { shape: z.enum(['linear', 'abs'], err), capBase: finite, capPerRootYear: finite, kStarMin: finite, kStarWidth: finite, kStarStatic: finite, kStarPerRootYear: finite },
  err,
);
const VolShockSchema = z.strictObject(
  {
    id: z.string(err).min(1, err).max(64, err),
    kind: z.enum(['none', 'relative', 'absolute', 'skew'], err),
    size: finite,
    termScaled: z.boolean(err),
    minVol: finite.optional(),
    termScaling: TermScalingSchema.optional(),
    skew: SkewSchema.optional(),
  },
  err,
);
const ScenarioSchema = z.strictObject(
  {
    index: z.int(err).min(0, err),
    id: z.string(err).min(1, err).max(128, err),
    label: text,
    set: z.string(err).min(1, err).max(128, err),
    kind: z.enum(['grid', 'tail', 'user', 'basis'], err),
    moves: recordField(idField, decimalText('any')),
    volShock: VolShockSchema,
    weight: decimalText('nonNegative'),
    weightRatio: z.tuple([decimalText('nonNegative'), decimalText('positive')], err).optional(),
    timeStepDays: finite,
  },
  err,
);
const GroupSchema = z.strictObject({ id: z.string(err).min(1, err).max(128, err), start: z.int(err).min(0, err), end: z.int(err).min(0, err) }, err);

/**
 * A scenario set given from outside (a clearing house's scenarios, e.g. `spanMarginInputs(...).scenarioSet`),
 * checked strictly: every field of {@link ScenarioSet}, decimals as plain decimal strings, `asOf` an
 * ISO-8601 UTC timestamp, each scenario's `index` its position, and every group a block
 * `0 <= start <= end <= scenarios.length` with an `'mm'` group (the scan the margin step runs).
 * Output: a fresh copy (decimals normalised), never the caller's object. Internal (the engine's
 * `supplied` option).
 */
export const ScenarioSetSchema: z.ZodType<ScenarioSet, ScenarioSet> = z
  .strictObject(
    {
      paramsId: z.string(err).min(1, err).max(128, err),
      paramsVersion: z.string(err).min(1, err).max(64, err),
      asOf: timestampField.transform((t) => t.iso),
      underlyings: z.array(idField, err).max(LIMITS.maxInstruments, err),
      ranges: recordField(idField, decimalText('any')),
      groups: z.array(GroupSchema, err).min(1, err).max(64, err),
      scenarios: z.array(ScenarioSchema, err).min(1, err).max(LIMITS.maxScenarios, err),
    },
    err,
  )
  .superRefine((s, ctx) => {
    s.scenarios.forEach((x, i) => {
      if (x.index !== i) customIssue(ctx, 'invalid_value', `scenario ${i} has index ${x.index}; each scenario's index is its position`, x.index, ['scenarios', i, 'index']);
    });
    s.groups.forEach((g, i) => {
      if (g.start > g.end || g.end > s.scenarios.length) customIssue(ctx, 'invalid_value', `group ${g.id} [${g.start}, ${g.end}) is not a block of the ${s.scenarios.length} scenarios`, g.end, ['groups', i]);
    });
    if (!s.groups.some((g) => g.id === 'mm')) customIssue(ctx, 'missing_field', "no 'mm' group: the maintenance scan needs one", s.groups, ['groups']);
  }) as unknown as z.ZodType<ScenarioSet, ScenarioSet>;
