import * as z from 'zod';
import { D } from '../numeric/decimal.js';
import { customIssue, decimalField, err, idField, LIMITS, recordField } from '../schema/fields.js';
import { scenarioCount, ScenarioSpecSchema, UserScenarioSchema } from '../scenarios/ScenarioSpec.js';
import type { AddOnParams, CollateralCharge, CollateralChargeParams, DeltaShockParams, FuturesTier, LossFactorParams, MarginParameters, OptionTier, RollShockParams } from './MarginParameters.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { HealthParametersSchema } from '../health/HealthParameters.js';
import type { InputOf } from '../schema/InputOf.js';

const nonNeg = () => decimalField('nonNegative');
type Ctx = Parameters<typeof customIssue>[0];

const AddOnSchema = z.strictObject(
  {
    shortOptionMinimum: z
      .strictObject({ rate: nonNeg(), netting: z.enum(['per-strike', 'calls-or-puts'], err).optional(), apply: z.enum(['add', 'floor'], err).optional() }, err)
      .transform((s) => ({ rate: s.rate, netting: s.netting ?? ('per-strike' as const), apply: s.apply ?? ('add' as const) }))
      .optional(),
    nakedShortOption: z.strictObject({ rate: nonNeg() }, err).optional(),
    deltaContingency: z
      .strictObject({ netDeltaRate: nonNeg().optional(), grossOptionRate: nonNeg().optional() }, err)
      .transform((s) => ({ netDeltaRate: s.netDeltaRate ?? new D(0), grossOptionRate: s.grossOptionRate ?? new D(0) }))
      .optional(),
    calendarSpread: z
      .strictObject({ rate: nonNeg(), includeOptions: z.boolean(err).optional() }, err)
      .transform((s) => ({ rate: s.rate, includeOptions: s.includeOptions ?? false }))
      .optional(),
    concentration: z
      .strictObject(
        {
          measure: z.enum(['scanRisk', 'grossNotional'], err),
          rate: nonNeg().optional(),
          bands: z.array(z.strictObject({ upTo: decimalField('positive').optional(), multiplier: nonNeg() }, err), err).min(1, err).max(100, err),
        },
        err,
      )
      .transform((c, ctx) => {
        c.bands.forEach((b, i) => {
          const prev = c.bands[i - 1];
          if (i < c.bands.length - 1 && b.upTo === undefined) customIssue(ctx, 'invalid_parameters', 'only the last band may be unbounded', b, ['bands', i, 'upTo']);
          if (prev?.upTo !== undefined && b.upTo !== undefined && !b.upTo.gt(prev.upTo)) customIssue(ctx, 'invalid_parameters', 'band bounds must increase', b.upTo.toFixed(), ['bands', i, 'upTo']);
        });
        return {
          measure: c.measure,
          rate: c.rate ?? new D(1),
          bands: c.bands.map((b) => (b.upTo === undefined ? { multiplier: b.multiplier } : { upTo: b.upTo, multiplier: b.multiplier })),
        };
      })
      .optional(),
    minimum: z.strictObject({ amount: nonNeg() }, err).optional(),
    futuresContingency: z.strictObject({ rate: nonNeg() }, err).optional(),
    confidence: z
      .strictObject(
        {
          futures: z.strictObject({ threshold: decimalField('fraction'), rate: nonNeg() }, err).optional(),
          options: z
            .strictObject({ threshold: decimalField('fraction'), rate: nonNeg(), notional: z.enum(['gross', 'short'], err), withFutures: z.boolean(err).optional() }, err)
            .transform((o) => ({ threshold: o.threshold, rate: o.rate, notional: o.notional, withFutures: o.withFutures ?? false }))
            .optional(),
        },
        err,
      )
      .transform((c) => ({ ...(c.futures ? { futures: c.futures } : {}), ...(c.options ? { options: c.options } : {}) }))
      .optional(),
    depeg: z.strictObject({ threshold: decimalField('positive'), factor: nonNeg() }, err).optional(),
    rollShock: z
      .strictObject({ minAnnualisedMove: nonNeg(), annualisedMoveRisk: nonNeg(), includeOptions: z.boolean(err).optional() }, err)
      .transform((r): RollShockParams => ({ minAnnualisedMove: r.minAnnualisedMove, annualisedMoveRisk: r.annualisedMoveRisk, includeOptions: r.includeOptions ?? false }))
      .optional(),
    deltaShock: z
      .strictObject({ threshold: nonNeg(), incrementPerUnit: nonNeg(), max: nonNeg(), includeOptions: z.boolean(err).optional() }, err)
      .transform((d): DeltaShockParams => ({ threshold: d.threshold, incrementPerUnit: d.incrementPerUnit, max: d.max, includeOptions: d.includeOptions ?? true }))
      .optional(),
  },
  err,
);

function cleanAddOns(a: z.output<typeof AddOnSchema>): AddOnParams {
  const out: AddOnParams = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

const FuturesTierSchema = z
  .strictObject({ im: nonNeg(), mm: nonNeg(), imPerUnit: nonNeg().optional(), mmPerUnit: nonNeg().optional() }, err)
  .transform((t, ctx): FuturesTier => {
    const out = { im: t.im, mm: t.mm, imPerUnit: t.imPerUnit ?? new D(0), mmPerUnit: t.mmPerUnit ?? new D(0) };
    if (out.im.lt(out.mm) || out.imPerUnit.lt(out.mmPerUnit)) customIssue(ctx, 'invalid_parameters', 'futures IM rates must be at least the MM rates', t, []);
    return out;
  });

const OptionTierSchema = z
  .strictObject(
    {
      imBase: nonNeg(),
      imFloor: nonNeg(),
      mm: nonNeg(),
      putMarkMm: nonNeg().optional(),
      reference: z.enum(['forward', 'spot'], err).optional(),
      putImMmMultiple: decimalField('positive').optional(),
      markInRequirement: z.boolean(err).optional(),
      longOptionCredit: z.boolean(err).optional(),
    },
    err,
  )
  .transform(
    (t): OptionTier => ({
      imBase: t.imBase,
      imFloor: t.imFloor,
      mm: t.mm,
      putMarkMm: t.putMarkMm ?? t.mm,
      reference: t.reference ?? 'forward',
      putImMmMultiple: t.putImMmMultiple ?? new D(1),
      markInRequirement: t.markInRequirement ?? true,
      longOptionCredit: t.longOptionCredit ?? true,
    }),
  );

const StandardSchema = z.strictObject(
  {
    futures: z.strictObject({ default: FuturesTierSchema, byUnderlying: recordField(idField, FuturesTierSchema).optional() }, err),
    options: z.strictObject({ default: OptionTierSchema, byUnderlying: recordField(idField, OptionTierSchema).optional() }, err),
    spreadsMaxLoss: z.boolean(err).optional(),
    expiryBound: z.strictObject({ unpairedCalls: z.strictObject({ im: nonNeg(), mm: nonNeg() }, err) }, err).optional(),
  },
  err,
);

const CollateralChargeSchema = z.strictObject(
  { maintenance: decimalField('fraction'), initial: decimalField('fraction'), basis: z.enum(['value', 'index'], err).optional() },
  err,
).transform((c): CollateralCharge => ({ maintenance: c.maintenance, initial: c.initial, basis: c.basis ?? 'value' }));

const CollateralChargesSchema = z
  .strictObject(
    {
      assets: recordField(idField, CollateralChargeSchema).optional(),
      tied: CollateralChargeSchema.optional(),
      confidence: z
        .strictObject(
          { threshold: decimalField('fraction'), rate: nonNeg(), indexCap: z.enum(['tied', 'all'], err).optional(), onlyWhenCredited: z.boolean(err).optional() },
          err,
        )
        .optional(),
    },
    err,
  )
  .transform((c): CollateralChargeParams => {
    // Sorted keys: the parsed object is the same whatever the input order.
    const assets: Record<string, CollateralCharge> = {};
    for (const k of Object.keys(c.assets ?? {}).sort(compareKeys)) assets[k] = c.assets![k]!;
    const out: CollateralChargeParams = { assets };
    if (c.tied) out.tied = c.tied;
    if (c.confidence) out.confidence = { threshold: c.confidence.threshold, rate: c.confidence.rate, indexCap: c.confidence.indexCap ?? 'tied', onlyWhenCredited: c.confidence.onlyWhenCredited ?? false };
    return out;
  });

const EchoEntrySchema = z.strictObject({ path: z.string(err).max(1000, err), value: z.string(err).max(1000, err) }, err);

/**
 * The keys of a parameter set, as a zod shape. Exported so that another module can compose a
 * stricter section (e.g. `health`) without forking this schema.
 */
const marginParametersShape = {
  id: idField,
  version: z.string(err).min(1, err).max(64, err),
  source: z.string(err).min(1, err).max(2000, err),
  mode: z.enum(['portfolio', 'standard'], err),
  settlementPrecision: z.number(err).int(err).min(0, err).max(18, err),
  scenarios: ScenarioSpecSchema.optional(),
  collateralInScenarios: z.boolean(err).optional(),
  riskUnits: z.array(z.strictObject({ id: idField, underlyings: z.array(idField, err).min(1, err).max(1000, err) }, err), err).max(1000, err).optional(),
  addOns: AddOnSchema.optional(),
  interUnitCredits: z
    .array(
      z.strictObject(
        {
          units: z.tuple([idField, idField], err),
          deltaRatio: z.tuple([decimalField('positive'), decimalField('positive')], err),
          rate: decimalField('fraction'),
        },
        err,
      ),
      err,
    )
    .max(10_000, err)
    .optional(),
  joint: z
    .array(z.strictObject({ id: idField, units: z.array(idField, err).min(1, err).max(1000, err), scenarios: z.array(UserScenarioSchema, err).min(1, err).max(100_000, err) }, err), err)
    .max(100, err)
    .optional(),
  initialMargin: z
    .strictObject(
      { multiplier: decimalField('positive').optional(), scenarios: ScenarioSpecSchema.optional(), addOns: AddOnSchema.optional(), floorAtMaintenance: z.boolean(err).optional() },
      err,
    )
    .optional(),
  standard: StandardSchema.optional(),
  isolated: z.strictObject({ mode: z.enum(['standard', 'portfolio'], err) }, err).optional(),
  health: HealthParametersSchema.optional(),
  lossFactor: z
    .strictObject({ mm: nonNeg(), im: nonNeg(), depeg: z.strictObject({ threshold: decimalField('positive'), factor: nonNeg() }, err).optional() }, err)
    .transform((l): LossFactorParams => ({ mm: l.mm, im: l.im, ...(l.depeg ? { depeg: l.depeg } : {}) }))
    .optional(),
  collateralCharges: CollateralChargesSchema.optional(),
  maintenanceMargin: z.strictObject({ factorOfInitial: decimalField('fraction') }, err).optional(),
  echo: z
    .strictObject(
      {
        source: z.string(err).min(1, err).max(200, err),
        unknown: z.array(EchoEntrySchema, err).max(10_000, err),
        notUsed: z.array(EchoEntrySchema, err).max(10_000, err),
      },
      err,
    )
    .optional(),
};

type RawParams = z.output<z.ZodObject<typeof marginParametersShape>>;

/**
 * Cross-field rules and defaults of a parameter set, shared by every schema built from
 * {@link marginParametersShape}. Raises `invalid_parameters` for: IM multiplier below 1 (IM would
 * fall below MM), MM as a fraction of IM together with IM from MM (a multiplier other than 1, IM
 * scenarios or IM add-ons), portfolio mode without `scenarios`, standard mode (or standard isolated mode)
 * without `standard`, a risk unit group listing an underlying twice, joint sets sharing a unit; and
 * `too_many` for a scenario set (grid, tails, user, IM and joint blocks together) above
 * `LIMITS.maxScenarios`.
 */
function refineMarginParameters(p: RawParams, ctx: Ctx): MarginParameters {
  const multiplier = p.initialMargin?.multiplier ?? new D(1);
  if (multiplier.lt(1)) customIssue(ctx, 'invalid_parameters', `initial margin multiplier ${multiplier.toFixed()} is below 1: IM would fall below MM`, multiplier.toFixed(), ['initialMargin', 'multiplier']);
  if (p.maintenanceMargin && p.mode !== 'portfolio') customIssue(ctx, 'invalid_parameters', 'maintenanceMargin.factorOfInitial is a portfolio-mode rule (standard mode has its own IM and MM tables)', p.mode, ['maintenanceMargin']);
  if (p.maintenanceMargin) {
    // Exactly one direction: MM from IM here, so IM is the scan plus add-ons, with nothing on top.
    const im = p.initialMargin;
    const clash = !multiplier.eq(1) ? 'multiplier' : im?.scenarios ? 'scenarios' : im?.addOns ? 'addOns' : undefined;
    if (clash) customIssue(ctx, 'invalid_parameters', `maintenanceMargin.factorOfInitial derives MM from IM; initialMargin.${clash} would derive IM from MM too: use one direction`, clash, ['initialMargin', clash]);
  }
  if (p.mode === 'portfolio' && !p.scenarios) customIssue(ctx, 'invalid_parameters', 'portfolio mode needs a scenarios section', p.mode, ['scenarios']);
  const isolatedMode = p.isolated?.mode ?? (p.standard ? 'standard' : 'portfolio');
  if ((p.mode === 'standard' || isolatedMode === 'standard') && !p.standard) customIssue(ctx, 'invalid_parameters', 'standard margin needs a standard section', p.mode, ['standard']);
  if (isolatedMode === 'portfolio' && !p.scenarios) customIssue(ctx, 'invalid_parameters', 'portfolio isolated mode needs a scenarios section', isolatedMode, ['isolated', 'mode']);
  const seen = new Map<string, string>();
  (p.riskUnits ?? []).forEach((g, i) => {
    g.underlyings.forEach((u, j) => {
      if (seen.has(u)) customIssue(ctx, 'invalid_parameters', `underlying ${u} is in two risk units (${seen.get(u)} and ${g.id})`, u, ['riskUnits', i, 'underlyings', j]);
      seen.set(u, g.id);
    });
  });
  const jointUnits = new Set<string>();
  (p.joint ?? []).forEach((j, i) => {
    j.units.forEach((u, k) => {
      if (jointUnits.has(u)) customIssue(ctx, 'invalid_parameters', `risk unit ${u} is in two joint scenario sets`, u, ['joint', i, 'units', k]);
      jointUnits.add(u);
    });
  });
  // The scenario set is bounded before it is built (LIMITS.maxScenarios over every block together):
  // the issue points at the block that takes the count past the bound.
  let count = 0;
  const blocks: [number, (string | number)[]][] = [];
  if (p.scenarios) blocks.push([scenarioCount(p.scenarios), ['scenarios']]);
  if (p.scenarios && p.initialMargin?.scenarios) blocks.push([scenarioCount(p.initialMargin.scenarios), ['initialMargin', 'scenarios']]);
  if (p.scenarios) (p.joint ?? []).forEach((j, i) => blocks.push([j.scenarios.length, ['joint', i, 'scenarios']]));
  for (const [n, path] of blocks) {
    count += n;
    if (count > LIMITS.maxScenarios) {
      customIssue(ctx, 'too_many', `the scenario set would hold ${blocks.reduce((t, [k]) => t + k, 0)} scenarios, more than ${LIMITS.maxScenarios} (LIMITS.maxScenarios)`, n, path);
      break;
    }
  }
  const out: MarginParameters = {
    id: p.id,
    version: p.version,
    source: p.source,
    mode: p.mode,
    settlementPrecision: p.settlementPrecision,
    collateralInScenarios: p.collateralInScenarios ?? true,
    riskUnits: p.riskUnits ?? [],
    addOns: p.addOns ? cleanAddOns(p.addOns) : {},
    interUnitCredits: (p.interUnitCredits ?? []).map((c) => ({ units: c.units, deltaRatio: c.deltaRatio, rate: c.rate })),
    joint: p.joint ?? [],
    initialMargin: { multiplier, floorAtMaintenance: p.initialMargin?.floorAtMaintenance ?? true },
    isolated: { mode: isolatedMode },
  };
  if (p.lossFactor) out.lossFactor = p.lossFactor;
  if (p.collateralCharges) out.collateralCharges = p.collateralCharges;
  if (p.scenarios) out.scenarios = p.scenarios;
  if (p.initialMargin?.scenarios) out.initialMargin.scenarios = p.initialMargin.scenarios;
  if (p.initialMargin?.addOns) out.initialMargin.addOns = cleanAddOns(p.initialMargin.addOns);
  if (p.standard) {
    out.standard = {
      futures: { default: p.standard.futures.default, byUnderlying: p.standard.futures.byUnderlying ?? {} },
      options: { default: p.standard.options.default, byUnderlying: p.standard.options.byUnderlying ?? {} },
      spreadsMaxLoss: p.standard.spreadsMaxLoss ?? false,
    };
    if (p.standard.expiryBound) out.standard.expiryBound = p.standard.expiryBound;
  }
  if (p.health !== undefined) out.health = p.health;
  if (p.maintenanceMargin) out.maintenanceMargin = p.maintenanceMargin;
  if (p.echo) out.echo = p.echo;
  return out;
}

/**
 * Schema of a margin parameter set (see {@link MarginParameters}). Strict: unknown keys are
 * rejected (`unrecognized_key`); amounts are decimal strings or numbers.
 */
export const MarginParametersSchema = z.strictObject(marginParametersShape, err).transform((p, ctx) => refineMarginParameters(p, ctx));

/** A parameter set as the caller writes it (JSON-like, decimal strings or numbers). */
export type MarginParametersInput = InputOf<typeof MarginParametersSchema>;
