import * as z from 'zod';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { deepFreeze } from '../schema/deepFreeze.js';
import { customIssue, err, idField, LIMITS, PLAIN_DECIMAL, recordField, timestampField } from '../schema/fields.js';
import { MarginInputError, safeCall, type SafeResult } from '../schema/MarginInputError.js';
import { toMarginIssues } from '../schema/toMarginIssues.js';
import type { AggregateRule, Scenario, ScenarioGroup, ScenarioSet, TermScalingData, VolShock } from './ScenarioSet.js';

type Ctx = Parameters<typeof customIssue>[0];

/**
 * A decimal written as a string (the set is JSON data: moves and weights are exact decimal strings),
 * normalised (`'-0.040'` -> `'-0.04'`). Up to 128 characters: a built set's moves carry up to 40
 * significant digits after leading zeros. `check` adds the field's own bound.
 */
function decimalText(check: (d: Decimal) => string | undefined) {
  return z.unknown().transform((v, ctx): string => {
    if (typeof v !== 'string') {
      customIssue(ctx, v === undefined ? 'missing_field' : 'invalid_type', v === undefined ? 'required field is missing' : 'expected a decimal string like "-0.04"', v);
      return z.NEVER;
    }
    if (v.length > 128 || !PLAIN_DECIMAL.test(v)) {
      customIssue(ctx, 'invalid_decimal', `expected a plain decimal string like "-0.04", got ${JSON.stringify(v.slice(0, 40))}`, v);
      return z.NEVER;
    }
    const d = new D(v);
    const bad = d.abs().gt(LIMITS.maxAbsAmount) ? `magnitude above the accepted bound ${LIMITS.maxAbsAmount.toFixed()}` : check(d);
    if (bad !== undefined) {
      customIssue(ctx, 'invalid_value', bad, v);
      return z.NEVER;
    }
    return decimalString(d);
  });
}

const nonNegativeText = decimalText((d) => (d.lt(0) ? `must be at least 0, got ${d.toFixed()}` : undefined));
const positiveText = decimalText((d) => (d.gt(0) ? undefined : `must be greater than 0, got ${d.toFixed()}`));
/** A relative move: above -1 (a -100% move leaves no price). */
/** A fraction in [0, 1] (the P&L offset: a gain factor above 1 would magnify, not offset). */
const fractionText = decimalText((d) => (d.lt(0) || d.gt(1) ? `must be between 0 and 1, got ${d.toFixed()}` : undefined));
const moveText = decimalText((d) => (d.gt(-1) ? undefined : `a move must be above -1 (-100%), got ${d.toFixed()}`));

const days = (min: number) => z.number(err).min(min, err).max(LIMITS.maxDays, err);
const power = z.number(err).min(-LIMITS.maxTermPower, err).max(LIMITS.maxTermPower, err);

// A floor of 0 days is no floor (Derive's DTE floor may be 0): a valued option is at least 1 ms from expiry.
const TermScalingSchema = z.strictObject(
  {
    referenceDays: days(LIMITS.minReferenceDays),
    floorDays: days(0),
    switchDays: days(0),
    shortPower: power,
    longPower: power,
    switchInclusive: z.boolean(err).optional(),
  },
  err,
);

const finite = z.number(err).min(-LIMITS.maxAbsAmount.toNumber(), err).max(LIMITS.maxAbsAmount.toNumber(), err);
const nonNegative = z.number(err).min(0, err).max(LIMITS.maxAbsAmount.toNumber(), err);

/** A skew (smile tilt) state's shape as floats (see `SkewSpec` in ScenarioSpec): finite numbers, kStar's minimum and width >= 0. */
const SkewDataSchema = z.strictObject(
  {
    shape: z.enum(['linear', 'abs'], err),
    capBase: finite,
    capPerRootYear: finite,
    kStarMin: nonNegative,
    kStarWidth: nonNegative,
    kStarStatic: finite,
    kStarPerRootYear: finite,
  },
  err,
);

const VolShockDataSchema = z
  .strictObject(
    {
      id: idField,
      kind: z.enum(['none', 'relative', 'absolute', 'skew'], err),
      size: finite,
      termScaled: z.boolean(err),
      minVol: z.number(err).min(0, err).max(LIMITS.maxVol.toNumber(), err).optional(),
      termScaling: TermScalingSchema.optional(),
      skew: SkewDataSchema.optional(),
    },
    err,
  )
  .transform((v, ctx): VolShock => {
    if (v.kind === 'skew' && v.skew === undefined) customIssue(ctx, 'missing_field', `vol state ${v.id} of kind skew needs its skew shape`, v, ['skew']);
    if (v.kind !== 'skew' && v.skew !== undefined) customIssue(ctx, 'invalid_value', `only a vol state of kind skew takes a skew shape (${v.id} is ${v.kind})`, v.kind, ['skew']);
    // Normalised: -0 becomes 0, and keys keep the builder's order (id, kind, size, termScaled, minVol, termScaling, skew).
    const out: VolShock = { id: v.id, kind: v.kind, size: v.size + 0, termScaled: v.termScaled };
    if (v.minVol !== undefined) out.minVol = v.minVol + 0;
    if (v.termScaling) {
      const t = v.termScaling;
      const s: TermScalingData = { referenceDays: t.referenceDays, floorDays: t.floorDays + 0, switchDays: t.switchDays + 0, shortPower: t.shortPower + 0, longPower: t.longPower + 0 };
      if (t.switchInclusive) s.switchInclusive = true;
      out.termScaling = s;
    }
    if (v.kind === 'skew' && v.skew) {
      const k = v.skew;
      out.skew = { shape: k.shape, capBase: k.capBase + 0, capPerRootYear: k.capPerRootYear + 0, kStarMin: k.kStarMin + 0, kStarWidth: k.kStarWidth + 0, kStarStatic: k.kStarStatic + 0, kStarPerRootYear: k.kStarPerRootYear + 0 };
    }
    return out;
  });

/**
 * A rule on a unit's aggregated P&L in one scenario (see `AggregateRule`): decimal strings, the gain
 * factor in [0, 1], cap and reliefs at least 0 (what a built set holds: the shared worst-scenario
 * search relies on a rule that is monotone, continuous and never steeper than the identity).
 */
const AggregateRuleSchema = z
  .strictObject({ gainFactor: fractionText, gainCap: nonNegativeText.optional(), gainRelief: nonNegativeText.optional(), lossRelief: nonNegativeText.optional() }, err)
  .transform((r): AggregateRule => {
    // Keys in the builder's order.
    const out: AggregateRule = { gainFactor: r.gainFactor };
    if (r.gainCap !== undefined) out.gainCap = r.gainCap;
    if (r.gainRelief !== undefined) out.gainRelief = r.gainRelief;
    if (r.lossRelief !== undefined) out.lossRelief = r.lossRelief;
    return out;
  });

const ScenarioSchema = z.strictObject(
  {
    index: z.number(err).int(err).min(0, err),
    id: z.string(err).min(1, err).max(512, err),
    label: z.string(err).max(100_000, err),
    set: z.string(err).min(1, err).max(512, err),
    kind: z.enum(['grid', 'tail', 'user', 'basis'], err),
    moves: recordField(idField, moveText),
    volShock: VolShockDataSchema,
    weight: nonNegativeText,
    weightRatio: z.tuple([nonNegativeText, positiveText], err).optional(),
    timeStepDays: days(0),
    volShockByUnderlying: recordField(idField, VolShockDataSchema).optional(),
    pnlScale: recordField(idField, z.tuple([nonNegativeText, positiveText], err)).optional(),
    aggregate: recordField(idField, AggregateRuleSchema).optional(),
  },
  err,
);

const GroupSchema = z.strictObject({ id: z.string(err).min(1, err).max(512, err), start: z.number(err).int(err).min(0, err), end: z.number(err).int(err).min(0, err) }, err);

const shape = {
  paramsId: idField,
  paramsVersion: z.string(err).min(1, err).max(64, err),
  asOf: timestampField,
  underlyings: z.array(idField, err).max(LIMITS.maxInstruments, err),
  ranges: recordField(idField, nonNegativeText),
  groups: z.array(GroupSchema, err).max(1_000, err),
  scenarios: z.array(ScenarioSchema, err).max(LIMITS.maxScenarios, err),
};

function crossCheck(raw: z.output<z.ZodObject<typeof shape>>, ctx: Ctx): ScenarioSet {
  const n = raw.scenarios.length;
  const known = new Set<string>();
  raw.underlyings.forEach((u, i) => {
    if (known.has(u)) customIssue(ctx, 'duplicate_key', `underlying ${u} is listed twice`, u, ['underlyings', i]);
    known.add(u);
  });
  for (const u of Object.keys(raw.ranges)) if (!known.has(u)) customIssue(ctx, 'invalid_value', `range for ${u}, which is not in underlyings`, u, ['ranges', u]);
  const groupIds = new Set<string>();
  raw.groups.forEach((g, i) => {
    if (groupIds.has(g.id)) customIssue(ctx, 'duplicate_key', `group ${g.id} appears twice`, g.id, ['groups', i, 'id']);
    groupIds.add(g.id);
    if (g.end < g.start || g.end > n) customIssue(ctx, 'invalid_value', `group ${g.id} must satisfy 0 <= start <= end <= ${n} (the number of scenarios)`, g, ['groups', i, 'end']);
  });
  const scenarios = raw.scenarios.map((s, i): Scenario => {
    if (s.index !== i) customIssue(ctx, 'invalid_value', `scenario at position ${i} says index ${s.index}`, s.index, ['scenarios', i, 'index']);
    for (const u of Object.keys(s.moves)) if (!known.has(u)) customIssue(ctx, 'invalid_value', `move for ${u}, which is not in underlyings`, u, ['scenarios', i, 'moves', u]);
    if (s.weightRatio && !new D(s.weightRatio[0]).div(s.weightRatio[1]).eq(s.weight)) {
      customIssue(ctx, 'invalid_value', `weight ${s.weight} is not weightRatio[0] / weightRatio[1]`, s.weight, ['scenarios', i, 'weight']);
    }
    for (const [key, rec] of [['volShockByUnderlying', s.volShockByUnderlying], ['pnlScale', s.pnlScale], ['aggregate', s.aggregate]] as const) {
      for (const u of Object.keys(rec ?? {})) if (!known.has(u)) customIssue(ctx, 'invalid_value', `${key} for ${u}, which is not in underlyings`, u, ['scenarios', i, key, u]);
    }
    // A per-underlying state is the scenario's state with that underlying's own size, floor and term
    // scaling: the same id and kind (what reads the kind, e.g. the skew aggregation, reads volShock's).
    for (const [u, v] of Object.entries(s.volShockByUnderlying ?? {})) {
      if (v.id !== s.volShock.id || v.kind !== s.volShock.kind) customIssue(ctx, 'invalid_value', `the ${u} vol state (${v.id}, ${v.kind}) is not the scenario's state (${s.volShock.id}, ${s.volShock.kind}) for ${u}`, v.id, ['scenarios', i, 'volShockByUnderlying', u]);
    }
    // Key order as buildScenarioSet writes it, so that a parsed copy of a built set has its bytes.
    const out: Scenario = {
      id: s.id,
      label: s.label,
      set: s.set,
      kind: s.kind,
      moves: s.moves,
      volShock: s.volShock,
      weight: s.weight,
      ...(s.weightRatio ? { weightRatio: s.weightRatio } : {}),
      timeStepDays: s.timeStepDays + 0,
      ...(s.volShockByUnderlying ? { volShockByUnderlying: s.volShockByUnderlying } : {}),
      ...(s.pnlScale ? { pnlScale: s.pnlScale as Record<string, [string, string]> } : {}),
      ...(s.aggregate ? { aggregate: s.aggregate } : {}),
      index: s.index,
    };
    return out;
  });
  const groups = raw.groups.map((g): ScenarioGroup => ({ id: g.id, start: g.start, end: g.end }));
  return { paramsId: raw.paramsId, paramsVersion: raw.paramsVersion, asOf: raw.asOf.iso, underlyings: raw.underlyings, ranges: raw.ranges, groups, scenarios };
}

/**
 * Schema of a {@link ScenarioSet} written by hand or loaded from a file (sets from `buildScenarioSet`
 * pass it by construction). Strict (unknown keys are `unrecognized_key`). Rules, with their codes:
 * moves and weights are plain decimal strings (`invalid_decimal`), moves above -1, weights >= 0,
 * `weightRatio` `[c, m]` with m > 0 and `weight = c / m` (`invalid_value`); each scenario's `index` is
 * its position; `moves` name listed `underlyings` only (an absent underlying does not move); underlyings
 * and group ids unique (`duplicate_key`); groups within the scenario list; vol states with finite sizes
 * and bounded term scaling (see `LIMITS`), a `skew` state with its shape (Derive's smile tilts); at
 * most `LIMITS.maxScenarios` scenarios (`too_many`). Every kind a built set holds is accepted: grid,
 * tail, user and basis-floor (`'basis'`) scenarios, `'basis'` / `'im:basis'` groups, and the 2024
 * Deribit model's per-scenario data (`volShockByUnderlying`, `pnlScale` ratios with a denominator > 0,
 * `aggregate` rules with a gain factor in [0, 1] and reliefs >= 0; per-underlying states with the
 * scenario's own id and kind), each keyed by listed underlyings. Order is kept, not sorted: the order
 * of `underlyings` is the order in which a result lists a scenario's moves.
 */
export const ScenarioSetSchema = z.strictObject(shape, err).transform(crossCheck);

/** A scenario set as the caller writes it. */
export type ScenarioSetInput = z.input<typeof ScenarioSetSchema>;

/**
 * Sets that cannot change and are known valid: every set buildScenarioSet built and every set
 * parseScenarioSet returned (deeply frozen). Derived data (compiled moves, risk arrays) is memoised
 * by their identity; any other object is validated, and copied, on every call.
 */
const trusted = new WeakSet<object>();

/** Freezes a valid set and marks it trusted. Internal. */
export function trustScenarioSet(set: ScenarioSet): ScenarioSet {
  trusted.add(deepFreeze(set));
  return set;
}

/**
 * A trusted, frozen form of a scenario set argument: the set itself when it is trusted, else a
 * validated, normalised, frozen copy. Issues name `argument` and start at `path`. Internal.
 */
export function scenarioSetArgument(input: unknown, argument: string, path: (string | number)[] = []): ScenarioSet {
  if (input !== null && typeof input === 'object' && trusted.has(input)) return input as ScenarioSet;
  const r = ScenarioSetSchema.safeParse(input);
  if (!r.success) {
    throw new MarginInputError(toMarginIssues(r.error.issues, input, argument).map((i) => ({ ...i, path: [...path, ...i.path] })));
  }
  return trustScenarioSet(r.data);
}

/**
 * Validates a hand-written (or loaded) scenario set once and returns it normalised and deeply
 * frozen, so that `buildRiskArrays`, `suppliedRiskArrays` and `marginFromRiskArrays` use it without
 * checking it again and memoise what they derive from it. A set from `buildScenarioSet` is returned
 * as is. To change a frozen set, edit a copy (`structuredClone(set)`) and parse the copy.
 *
 * @param input a {@link ScenarioSetInput}: moves as relative decimal strings (`'-0.04'` = -4%), weights
 *   as decimal strings (fraction of the loss that counts), vol sizes as floats (relative decimal or vol
 *   points), days as calendar days.
 * @throws MarginInputError (argument `scenarioSet`) with every issue's code and path.
 * @example
 * ```ts
 * const saved = JSON.stringify(buildScenarioSet(params, market)); // a set kept as JSON (a file, a message)
 * const set = parseScenarioSet(JSON.parse(saved));
 * const arrays = buildRiskArrays(market, set);
 * ```
 */
export function parseScenarioSet(input: unknown): ScenarioSet {
  return scenarioSetArgument(input, 'scenarioSet');
}

/**
 * {@link parseScenarioSet} without throwing.
 *
 * @example
 * ```ts
 * safeParseScenarioSet({}).success; // false
 * ```
 */
export function safeParseScenarioSet(input: unknown): SafeResult<ScenarioSet> {
  return safeCall(() => parseScenarioSet(input));
}
