import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundRequirement } from '../numeric/rounding.js';
import { times } from '../numeric/times.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, Position } from '../schema/portfolioSchema.js';
import type { RiskArrays } from '../scenarios/RiskArrays.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { calendarSpreadCharge } from './calendarSpreadCharge.js';
import { concentrationCharge } from './concentrationCharge.js';
import { deltaContingency } from './deltaContingency.js';
import type { AddOn, Holding } from './Holding.js';
import { interUnitCredit } from './interUnitCredit.js';
import type { AddOnParams, MarginParameters } from './MarginParameters.js';
import type { AggregatedPnlResult, RiskMatrixResult, AddOnResult, BasisFloorResult, CollateralChargesResult, CreditResult, ExpiryPnl, IsolatedResult, JointResult, MarginResult, MarginRow, ScanRiskResult, SpreadCapResult, StandardPositionResult, UnitResult } from './MarginResult.js';
import { minimumCharge } from './minimumCharge.js';
import { nakedShortOptionCharge } from './nakedShortOptionCharge.js';
import { optionGroupMaxLoss, optionGroupMinPayoff, type OptionLeg } from './optionGroupMaxLoss.js';
import { parseMarginParameters } from './parseMarginParameters.js';
import { scanRisk, type ScanEntry, type ScanOutcome } from './scanRisk.js';
import { shortOptionMinimum } from './shortOptionMinimum.js';
import { standardRequirement } from './standardRequirement.js';
import { futuresContingency } from './futuresContingency.js';
import { confidenceCharge } from './confidenceCharge.js';
import { depegCharge } from './depegCharge.js';
import { collateralCharges } from './collateralCharges.js';
import { aggregatedScan, expiryGroups, groupPnl, type ExpiryGroup } from './expiryAggregation.js';
import { basisFloor, type BasisFloorExpiry } from './basisFloor.js';
import { lossFactors, type LossFactors } from './lossFactors.js';
import { fromFloat } from '../numeric/fromFloat.js';
import type { ScenarioSpec } from '../scenarios/ScenarioSpec.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { unitAggregateRules } from './aggregateRules.js';
import { deltaShock } from './deltaShock.js';
import { holdingUnitPrice } from './holdingUnitPrice.js';
import { maintenanceFromInitial } from './maintenanceFromInitial.js';
import { rollShock } from './rollShock.js';

const KIND_ORDER = { position: 0, coin: 1, collateral: 2 } as const;

interface Held {
  symbol: string;
  inst: Instrument;
  qty: Decimal;
  coin: Decimal; // entry-dependent coin amount of an inverse future (sum of q * size / entry)
}

interface UnitData {
  id: string;
  underlyings: Set<string>;
  held: Held[];
  entries: ScanEntry[];
  holdings: Holding[];
}

interface UnitOutcome {
  result: UnitResult;
  mm: Decimal;
  imBase: Decimal;
  scanMm: Decimal;
  scanIm: Decimal;
  restMm: Decimal; // the unit's requirement without its scan risk (for joint sets)
  restIm: Decimal;
  delta: number;
}

/** Everything the per-account path needs, resolved once per call. */
interface Ctx {
  p: MarginParameters;
  m: MarketSnapshot;
  arrays: RiskArrays | undefined;
  /** The settlement currency's peg price (1 when the market has none). */
  peg: Decimal;
  /** True when a scenario spec uses a per-expiry mechanism (static discount, basis floor, skew state). */
  perExpiry: boolean;
  /** Whether each unit reports its risk matrix (per-position vectors): `riskMatrix` asks for it. */
  riskMatrix: boolean;
}

/** Whether a scenario spec needs options grouped by expiry. */
function usesExpiries(spec: ScenarioSpec | undefined): boolean {
  return spec !== undefined && (spec.staticDiscount !== undefined || spec.basisFloor !== undefined || spec.volShocks.some((v) => v.kind === 'skew'));
}

function valuationOf(ctx: Ctx, inst: Instrument): InstrumentValuation {
  // valueInstrument memoises per snapshot and instrument itself: no second cache here.
  return ctx.arrays?.valuations?.get(inst.symbol) ?? valueInstrument(ctx.m, inst);
}

function addOnList(h: readonly Holding[], a: AddOnParams, scan: Decimal, peg: Decimal, m: MarketSnapshot): AddOn[] {
  const out: AddOn[] = [];
  if (a.shortOptionMinimum) out.push(shortOptionMinimum(h, a.shortOptionMinimum));
  if (a.nakedShortOption) out.push(nakedShortOptionCharge(h, a.nakedShortOption));
  if (a.deltaContingency) out.push(deltaContingency(h, a.deltaContingency));
  if (a.calendarSpread) out.push(calendarSpreadCharge(h, a.calendarSpread));
  if (a.concentration) {
    let measure = scan;
    if (a.concentration.measure === 'grossNotional') {
      measure = new D(0);
      for (const x of h) measure = measure.plus(x.units.abs().mul(x.unitPrice));
    }
    out.push(concentrationCharge(measure, a.concentration));
  }
  if (a.minimum) out.push(minimumCharge(h, a.minimum));
  if (a.futuresContingency) out.push(futuresContingency(h, a.futuresContingency));
  if (a.confidence) out.push(...confidenceCharge(h, a.confidence));
  if (a.depeg) out.push(depegCharge(h, a.depeg, peg));
  if (a.rollShock) out.push(rollShock(h, m.asOfMs, a.rollShock));
  if (a.deltaShock) out.push(deltaShock(h, (u) => m.underlyings.get(u)!.index, a.deltaShock));
  return out;
}

/** max(scan + additive add-ons, every floor add-on). */
function combine(scan: Decimal, addOns: readonly AddOn[]): Decimal {
  let add = scan;
  let floor = new D(0);
  for (const a of addOns) {
    if (a.apply === 'add') add = add.plus(a.amount);
    else if (a.amount.gt(floor)) floor = a.amount;
  }
  return D.max(add, floor);
}

const addOnJson = (a: AddOn): AddOnResult => ({ name: a.name, amount: decimalString(a.amount), apply: a.apply, inputs: a.inputs });

/** A unit's scan under one spec: the scenario scan, the expiry groups and basis floor when used, and the loss (floor included). */
interface UnitScan {
  out: ScanOutcome;
  groups?: ExpiryGroup[];
  groupPnl?: Decimal[];
  floor?: { amount: Decimal; expiries: BasisFloorExpiry[]; binding: boolean };
  loss: Decimal;
}

const nearest = (x: number) => decimalString(fromFloat(x, 'nearest'));

function scanJson(ctx: Ctx, entries: readonly ScanEntry[], out: ScanOutcome, scan?: UnitScan): ScanRiskResult {
  if (scan?.floor?.binding) {
    const f = scan.floor;
    return {
      amount: decimalString(scan.loss),
      scenario: { id: 'basisFloor', label: 'basis contingency floor (per expiry: worst of the up and down moves x (add + perYear x T))', moves: {}, volShock: 'none', weight: '1' },
      positions: [],
      collateral: [],
      basisFloor: floorJson(f),
    };
  }
  const sc = out.worst >= 0 ? ctx.arrays!.scenarioSet.scenarios[out.worst] : undefined;
  const positions = new Map<string, { quantity: Decimal; pnl: Decimal }>();
  const collateral: ScanRiskResult['collateral'] = [];
  entries.forEach((e, i) => {
    const pnl = out.pnl[i]!;
    if (e.kind === 'collateral') collateral.push({ asset: e.key, balance: decimalString(e.qty), pnl: decimalString(pnl) });
    else {
      const cur = positions.get(e.key);
      if (cur) cur.pnl = cur.pnl.plus(pnl);
      else positions.set(e.key, { quantity: e.qty, pnl });
    }
  });
  const result: ScanRiskResult = {
    amount: decimalString(out.amount),
    scenario: sc ? { id: sc.id, label: sc.label, moves: sc.moves, volShock: sc.volShock.id, weight: sc.weight } : null,
    positions: [...positions].sort(([a], [b]) => compareKeys(a, b)).map(([symbol, x]) => ({ symbol, quantity: decimalString(x.quantity), pnl: decimalString(x.pnl) })),
    collateral,
  };
  if (scan?.groups && scan.groupPnl && sc) {
    const skew = sc.volShock.kind === 'skew';
    result.expiries = scan.groups.map((g, k): ExpiryPnl => {
      const f = groupPnl(entries, g, out.worst, skew);
      let raw = new D(0);
      for (const i of g.members) raw = raw.plus(out.pnl[i]!);
      const pnl = scan.groupPnl![k]!;
      return { underlying: g.underlying, expiry: g.expiry, mark: nearest(g.mark), value: nearest(f.value), factor: nearest(f.factor), pnl: decimalString(pnl), adjustment: decimalString(pnl.minus(raw)) };
    });
  }
  if (scan?.floor) result.basisFloor = floorJson(scan.floor);
  if (out.aggregated && sc) result.aggregated = aggregatedJson(out.aggregated);
  return result;
}

function aggregatedJson(a: NonNullable<ScanOutcome['aggregated']>): AggregatedPnlResult {
  const r = a.rule;
  let rule: AggregatedPnlResult['rule'] = null;
  if (r) {
    rule = { gainFactor: decimalString(r.gainFactor) };
    if (r.gainCap) rule.gainCap = decimalString(r.gainCap);
    if (r.gainRelief) rule.gainRelief = decimalString(r.gainRelief);
    if (r.lossRelief) rule.lossRelief = decimalString(r.lossRelief);
  }
  return { total: decimalString(a.total), adjusted: decimalString(a.adjusted), rule };
}

function floorJson(f: NonNullable<UnitScan['floor']>): BasisFloorResult {
  return {
    amount: decimalString(f.amount),
    binding: f.binding,
    expiries: f.expiries.map((e) => ({ underlying: e.underlying, expiry: e.expiry, up: nearest(e.up), down: nearest(e.down), factor: decimalString(e.factor), loss: decimalString(e.loss) })),
  };
}

/**
 * The scan of a unit under the MM (`'mm'`) or IM (`'im'`) spec, as separate steps: expiry aggregation
 * (when the spec has a static discount or skew states), the scenario scan, then the basis floor.
 */
function unitScan(ctx: Ctx, u: UnitData, which: 'mm' | 'im'): UnitScan | undefined {
  const arrays = ctx.arrays!;
  const range = groupRange(ctx, which);
  if (!range && which === 'im') return undefined;
  const [s0, s1] = range ?? [0, 0];
  const spec = which === 'mm' ? ctx.p.scenarios : ctx.p.initialMargin.scenarios;
  // Aggregated-vector step (Deribit's pnl offset and dampener), when the spec has one: data per scenario.
  const rules = spec?.aggregate ? unitAggregateRules(arrays.scenarioSet, [...u.underlyings].sort(compareKeys), s0, s1) : undefined;
  if (!usesExpiries(spec)) {
    const out = scanRisk(u.entries, arrays.weights, arrays.weightDecimals, arrays.weightDivisors, s0, s1, rules);
    return { out, loss: out.amount };
  }
  const scenarios = arrays.scenarioSet.scenarios;
  const skewAt = (s: number) => scenarios[s]!.volShock.kind === 'skew';
  const groups = expiryGroups(u.entries, spec!.staticDiscount);
  let aggregate = spec!.staticDiscount !== undefined;
  for (let s = s0; s < s1 && !aggregate; s++) aggregate = skewAt(s);
  // Expiry-aggregation step (static discount by the sign of each expiry's value, -|P&L| under skew
  // states), or the plain scan when neither is in play (a basis floor alone still needs the groups).
  let scan: UnitScan;
  if (aggregate) {
    const a = aggregatedScan(u.entries, groups, arrays.weights, arrays.weightDecimals, arrays.weightDivisors, s0, s1, skewAt, rules);
    scan = { out: a, groups, groupPnl: a.groupPnl, loss: a.amount };
  } else {
    const out = scanRisk(u.entries, arrays.weights, arrays.weightDecimals, arrays.weightDivisors, s0, s1, rules);
    scan = { out, loss: out.amount };
  }
  const basis = spec!.basisFloor ? groupRange(ctx, which === 'mm' ? 'basis' : 'im:basis') : undefined;
  if (spec!.basisFloor && basis) {
    // Derive starts the worst-loss search at the basis floor: a scenario replaces it only when strictly worse.
    const f = basisFloor(u.entries, groups, basis[0], spec!.basisFloor, ctx.m.asOfMs);
    const binding = f.amount.gt(0) && !scan.out.amount.gt(f.amount);
    scan.floor = { ...f, binding };
    if (binding) scan.loss = f.amount;
  }
  return scan;
}

function groupRange(ctx: Ctx, id: string): [number, number] | undefined {
  const g = ctx.arrays?.scenarioSet.groups.find((x) => x.id === id);
  return g ? [g.start, g.end] : undefined;
}

/** A float vector as JSON numbers (no -0). */
function plain(v: Float64Array): number[] {
  const a = new Array<number>(v.length);
  for (let j = 0; j < v.length; j++) a[j] = v[j] === 0 ? 0 : v[j]!;
  return a;
}

/**
 * The unit's risk matrix, Deribit's way (its `initial_risk_vectors`): each position's float P&L (its
 * coin part included) and each collateral balance's in every scenario of `[start, start + n)`.
 */
function riskMatrixJson(entries: readonly ScanEntry[], start: number, out: ScanOutcome): RiskMatrixResult {
  const n = out.vector.length;
  const positions = new Map<string, Float64Array>();
  const collateral: { asset: string; v: Float64Array }[] = [];
  for (const e of entries) {
    let v: Float64Array | undefined;
    if (e.kind === 'collateral') collateral.push({ asset: e.key, v: (v = new Float64Array(n)) });
    else {
      // A position and its coin part (an inverse future's) add up in one row.
      v = positions.get(e.key);
      if (!v) positions.set(e.key, (v = new Float64Array(n)));
    }
    const q = e.qty.toNumber();
    for (let j = 0; j < n; j++) v[j] = v[j]! + q * e.arr.pnl[start + j]!;
  }
  return {
    positions: [...positions].sort(([a], [b]) => compareKeys(a, b)).map(([symbol, v]) => ({ symbol, pnl: plain(v) })),
    collateral: collateral.map((c) => ({ asset: c.asset, pnl: plain(c.v) })),
  };
}

function portfolioUnit(ctx: Ctx, u: UnitData): UnitOutcome {
  const { p } = ctx;
  const mmScan = unitScan(ctx, u, 'mm')!;
  const imScanned = unitScan(ctx, u, 'im');
  const imScan = imScanned ?? mmScan;
  // Loss-factor step: the scan loss (floor included) times the MM / IM factor; add-ons unscaled.
  const lf: LossFactors | undefined = p.lossFactor ? lossFactors(p.lossFactor, ctx.peg) : undefined;
  const mmCharge = lf ? mmScan.loss.mul(lf.mm) : mmScan.loss;
  const imCharge = lf ? imScan.loss.mul(lf.im) : imScan.loss;
  const mmAdd = addOnList(u.holdings, p.addOns, mmScan.loss, ctx.peg, ctx.m);
  const imAdd = imScanned || p.initialMargin.addOns ? addOnList(u.holdings, p.initialMargin.addOns ?? p.addOns, imScan.loss, ctx.peg, ctx.m) : mmAdd;
  let mm = combine(mmCharge, mmAdd);
  const imBase = combine(imCharge, imAdd);
  let im: Decimal;
  if (p.maintenanceMargin) {
    // MM from IM: the scan (IM charge) plus add-ons is the initial margin (the set has no IM scenarios,
    // add-ons or multiplier of its own); MM is its fraction.
    im = imBase;
    mm = maintenanceFromInitial(DECIMAL_ARITHMETIC, im, p.maintenanceMargin.factorOfInitial);
  } else {
    const imScaled = imBase.mul(p.initialMargin.multiplier);
    im = p.initialMargin.floorAtMaintenance ? D.max(imScaled, mm) : imScaled;
  }
  let delta = 0;
  for (const e of u.entries) delta += e.qty.toNumber() * e.arr.delta;
  const result: UnitResult = {
    unit: u.id,
    underlyings: [...u.underlyings].sort(compareKeys),
    scanRisk: scanJson(ctx, u.entries, mmScan.out, mmScan),
    addOns: mmAdd.map(addOnJson),
    pnlVector: Array.from(mmScan.out.vector),
    im: decimalString(roundRequirement(im, p.settlementPrecision)),
    mm: decimalString(roundRequirement(mm, p.settlementPrecision)),
  };
  if (imScanned) result.imScanRisk = scanJson(ctx, u.entries, imScanned.out, imScanned);
  if (imAdd !== mmAdd) result.imAddOns = imAdd.map(addOnJson);
  if (lf) {
    result.lossFactors = { mm: decimalString(lf.mm), im: decimalString(lf.im), mmCharge: decimalString(mmCharge), imCharge: decimalString(imCharge) };
    if (lf.depegIncrease) result.lossFactors.imDepegIncrease = decimalString(lf.depegIncrease);
  }
  if (p.maintenanceMargin) result.maintenanceFactor = decimalString(p.maintenanceMargin.factorOfInitial);
  if (mmScan.out.aggregated) result.aggregatedVector = plain(mmScan.out.aggregated.vector);
  if (ctx.riskMatrix) result.riskMatrix = riskMatrixJson(u.entries, groupRange(ctx, 'mm')?.[0] ?? 0, mmScan.out);
  return { result, mm, imBase, scanMm: mmCharge, scanIm: imCharge, restMm: combine(new D(0), mmAdd), restIm: combine(new D(0), imAdd), delta };
}

function standardUnit(ctx: Ctx, u: UnitData): UnitOutcome {
  const std = ctx.p.standard!;
  let im = new D(0);
  let mm = new D(0);
  const positions: StandardPositionResult[] = [];
  const reqs = new Map<string, { im: Decimal; mm: Decimal }>();
  for (const h of u.held) {
    const r = standardRequirement(h.qty, valuationOf(ctx, h.inst), std);
    reqs.set(h.symbol, r);
    positions.push({ symbol: h.symbol, quantity: decimalString(h.qty), rule: r.rule, im: decimalString(r.im), mm: decimalString(r.mm), inputs: r.inputs });
  }
  const spreads: SpreadCapResult[] = [];
  const capped = new Set<string>();
  const bound = std.expiryBound;
  if (std.spreadsMaxLoss || bound) {
    const groups = new Map<string, Held[]>();
    for (const h of u.held) {
      if (h.inst.kind !== 'option' || h.inst.settlement !== 'linear') continue;
      const k = `${h.inst.underlying}|${h.inst.expiry}|${h.inst.settlementCurrency}`;
      groups.set(k, [...(groups.get(k) ?? []), h]);
    }
    for (const [k, hs] of [...groups].sort(([a], [b]) => compareKeys(a, b))) {
      if (hs.length < 2 && !bound) continue;
      const C = valuationOf(ctx, hs[0]!.inst).settlementPrice;
      let maxLoss: Decimal;
      let imMaxLoss: Decimal;
      if (bound) {
        // Derive's expiry bound: value - min(worst payoff, 0) + unpaired x F x net short calls, with the
        // value rounded per side as equity holds it (longs down, shorts up), so that the two cancel.
        const legs: OptionLeg[] = hs.map((h) => {
          const v = valuationOf(ctx, h.inst);
          return { units: h.qty.mul(h.inst.contractSize), strike: h.inst.strike!, right: h.inst.right!, value: h.qty.mul(h.qty.gt(0) ? v.markValue : v.markValueUp) };
        });
        let value = new D(0);
        let calls = new D(0);
        for (const l of legs) {
          value = value.plus(l.value);
          if (l.right === 'call') calls = calls.plus(l.units);
        }
        const base = value.minus(D.min(optionGroupMinPayoff(legs), 0));
        const unpaired = calls.lt(0) ? calls.neg().mul(valuationOf(ctx, hs[0]!.inst).forward) : new D(0);
        maxLoss = base.plus(unpaired.mul(bound.unpairedCalls.mm)).mul(C);
        imMaxLoss = base.plus(unpaired.mul(bound.unpairedCalls.im)).mul(C);
      } else {
        const legs: OptionLeg[] = hs.map((h) => ({ units: h.qty.mul(h.inst.contractSize), strike: h.inst.strike!, right: h.inst.right!, value: h.qty.mul(valuationOf(ctx, h.inst).markValue) }));
        const ml = optionGroupMaxLoss(legs);
        if (ml === undefined) continue;
        maxLoss = imMaxLoss = ml.mul(C);
      }
      let gi = new D(0);
      let gm = new D(0);
      for (const h of hs) {
        gi = gi.plus(reqs.get(h.symbol)!.im);
        gm = gm.plus(reqs.get(h.symbol)!.mm);
      }
      if (!maxLoss.lt(gm) && !imMaxLoss.lt(gi)) continue;
      for (const h of hs) {
        capped.add(h.symbol);
      }
      const [und, exp] = k.split('|');
      const cap: SpreadCapResult = { underlying: und!, expiry: exp!, symbols: hs.map((h) => h.symbol), maxLoss: decimalString(maxLoss), imBefore: decimalString(gi), mmBefore: decimalString(gm) };
      if (bound) cap.imMaxLoss = decimalString(imMaxLoss);
      spreads.push(cap);
      im = im.plus(D.min(gi, imMaxLoss));
      mm = mm.plus(D.min(gm, maxLoss));
    }
  }
  for (const h of u.held) {
    if (capped.has(h.symbol)) continue;
    im = im.plus(reqs.get(h.symbol)!.im);
    mm = mm.plus(reqs.get(h.symbol)!.mm);
  }
  // Add-ons per underlying in a standard-mode set (not for the isolated units of a portfolio-mode set).
  let mmAdd: AddOn[] = [];
  let imAdd: AddOn[] = [];
  if (ctx.p.mode === 'standard') {
    mmAdd = addOnList(u.holdings, ctx.p.addOns, new D(0), ctx.peg, ctx.m);
    imAdd = ctx.p.initialMargin.addOns ? addOnList(u.holdings, ctx.p.initialMargin.addOns, new D(0), ctx.peg, ctx.m) : mmAdd;
    mm = combine(mm, mmAdd);
    im = combine(im, imAdd);
  }
  if (ctx.p.initialMargin.floorAtMaintenance) im = D.max(im, mm);
  const result: UnitResult = {
    unit: u.id,
    underlyings: [...u.underlyings].sort(compareKeys),
    scanRisk: null,
    addOns: mmAdd.map(addOnJson),
    ...(imAdd !== mmAdd ? { imAddOns: imAdd.map(addOnJson) } : {}),
    standard: { positions, spreads },
    pnlVector: [],
    im: decimalString(roundRequirement(im, ctx.p.settlementPrecision)),
    mm: decimalString(roundRequirement(mm, ctx.p.settlementPrecision)),
  };
  const zero = new D(0);
  return { result, mm, imBase: im, scanMm: zero, scanIm: zero, restMm: mm, restIm: im, delta: 0 };
}

function missingArray(kind: string, key: string): never {
  throw new MarginInputError([{ code: 'missing_risk_array', path: [kind, key], message: `no risk array for ${key}; build the risk arrays with this instrument`, argument: 'riskArrays' }]);
}

function buildUnits(ctx: Ctx, held: readonly Held[], collateral: Portfolio['collateral'], withScan: boolean): UnitData[] {
  const { p, m } = ctx;
  const groupOf = new Map<string, string>();
  for (const g of p.riskUnits) for (const u of g.underlyings) groupOf.set(u, g.id);
  const units = new Map<string, UnitData>();
  const unit = (underlying: string): UnitData => {
    const id = groupOf.get(underlying) ?? underlying;
    let u = units.get(id);
    if (!u) units.set(id, (u = { id, underlyings: new Set(), held: [], entries: [], holdings: [] }));
    u.underlyings.add(underlying);
    return u;
  };
  for (const h of held) {
    const inst = h.inst;
    const u = unit(inst.underlying);
    u.held.push(h);
    const unitPrice = holdingUnitPrice(m, inst);
    let delta = 0;
    if (withScan) {
      const arr = ctx.arrays!.instruments.get(h.symbol) ?? missingArray('instruments', h.symbol);
      const entry: ScanEntry = { kind: 'position', key: h.symbol, qty: h.qty, arr };
      if (ctx.perExpiry && inst.kind === 'option') {
        const v = valuationOf(ctx, inst);
        entry.option = { underlying: inst.underlying, expiry: inst.expiry!, expiryMs: inst.expiryMs!, years: v.years, rate: v.rate };
      }
      u.entries.push(entry);
      // The array's delta is settlement currency per quote unit of index move; the add-ons read units of
      // underlying, which is that times index / unitPrice (1 when the unit price is the index itself).
      const index = m.underlyings.get(inst.underlying)!.index;
      delta = h.qty.toNumber() * arr.delta;
      if (!unitPrice.eq(index)) delta = (delta * index.toNumber()) / unitPrice.toNumber();
      if (!h.coin.isZero()) {
        const ca = ctx.arrays!.assets.get(inst.settlementCurrency);
        if (ca) unit(ca.underlying).entries.push({ kind: 'coin', key: h.symbol, qty: h.coin, arr: ca });
      }
    }
    const hold: Holding = { symbol: h.symbol, kind: inst.kind, underlying: inst.underlying, units: times(h.qty, inst.contractSize), unitPrice, delta };
    if (inst.kind === 'future' && inst.settlement === 'inverse') hold.units = hold.units.div(valuationOf(ctx, inst).forward);
    if (inst.right) hold.right = inst.right;
    if (inst.strike) hold.strike = inst.strike;
    if (inst.expiryMs !== undefined) hold.expiryMs = inst.expiryMs;
    const conf = priceConfidence(m, inst);
    if (conf !== undefined) hold.confidence = conf;
    const ic = m.underlyings.get(inst.underlying)?.confidence;
    if (ic !== undefined) hold.indexConfidence = ic;
    u.holdings.push(hold);
  }
  if (withScan && p.collateralInScenarios) {
    for (const c of [...collateral].sort((a, b) => compareKeys(a.asset, b.asset))) {
      if (c.balance.isZero()) continue;
      const arr = ctx.arrays!.assets.get(c.asset);
      if (arr) unit(arr.underlying).entries.push({ kind: 'collateral', key: c.asset, qty: c.balance, arr });
    }
  }
  const out = [...units.values()].sort((a, b) => compareKeys(a.id, b.id));
  for (const u of out) u.entries.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareKeys(a.key, b.key));
  return out;
}

/** The lowest confidence of the prices an instrument rests on besides its index (see `Holding.confidence`). */
function priceConfidence(m: MarketSnapshot, inst: Instrument): Decimal | undefined {
  let c = m.marks.get(inst.symbol)?.confidence;
  if (inst.kind === 'option') {
    const e = m.underlyings.get(inst.underlying)?.expiries?.get(inst.expiryMs!);
    for (const x of [e?.forwardConfidence, e?.rateConfidence, e?.volConfidence]) if (x !== undefined && (c === undefined || x.lt(c))) c = x;
  }
  return c;
}

function netted(ctx: Ctx, positions: readonly Position[]): Held[] {
  const map = new Map<string, Held>();
  for (const pos of positions) {
    const inst = ctx.m.instruments.get(pos.symbol);
    if (!inst) throw new MarginInputError([{ code: 'unknown_symbol', path: ['positions'], message: `no instrument ${pos.symbol} in the market's instrument table`, argument: 'portfolio' }]);
    let h = map.get(pos.symbol);
    if (!h) map.set(pos.symbol, (h = { symbol: pos.symbol, inst, qty: new D(0), coin: new D(0) }));
    h.qty = h.qty.plus(pos.quantity);
    if (inst.kind === 'future' && inst.settlement === 'inverse' && !pos.quantity.isZero()) {
      // Entry-dependent coin P&L q*size/E behaves like a coin balance; without an entry, E = mark.
      const entry = pos.entryPrice ?? valuationOf(ctx, inst).forward;
      h.coin = h.coin.plus(pos.quantity.mul(inst.contractSize).div(entry));
    }
  }
  return [...map.values()].filter((h) => !h.qty.isZero() || !h.coin.isZero()).sort((a, b) => compareKeys(a.symbol, b.symbol));
}

function rowsOf(units: readonly UnitResult[], prefix = ''): MarginRow[] {
  const rows: MarginRow[] = [];
  for (const u of units) {
    const unit = prefix + u.unit;
    if (u.scanRisk) {
      rows.push({ unit, component: 'scanRisk', name: u.scanRisk.scenario?.id ?? '', amount: u.scanRisk.amount });
      for (const x of u.scanRisk.positions) rows.push({ unit, component: 'position', name: x.symbol, amount: x.pnl });
      for (const x of u.scanRisk.collateral) rows.push({ unit, component: 'collateral', name: x.asset, amount: x.pnl });
    }
    for (const a of u.addOns) rows.push({ unit, component: 'addOn', name: a.name, amount: a.amount });
    for (const x of u.standard?.positions ?? []) {
      rows.push({ unit, component: 'standardIM', name: x.symbol, amount: x.im });
      rows.push({ unit, component: 'standardMM', name: x.symbol, amount: x.mm });
    }
    rows.push({ unit, component: 'im', name: '', amount: u.im });
    rows.push({ unit, component: 'mm', name: '', amount: u.mm });
  }
  return rows;
}

function computeUnit(ctx: Ctx, u: UnitData, mode: 'portfolio' | 'standard'): UnitOutcome {
  return mode === 'portfolio' ? portfolioUnit(ctx, u) : standardUnit(ctx, u);
}

/**
 * Margin of one account from precomputed risk arrays: only per-account work (netting, multiply-adds
 * over the arrays, an exact recheck of the worst scenarios, add-ons, credits). The batch engine calls
 * this per account with arrays built once per snapshot; {@link computeMargin} calls it once.
 *
 * Portfolio mode: positions (and collateral tied to an underlying, when `collateralInScenarios`)
 * are grouped into risk units; each unit's MM is `max(scan risk + add-ons, floor add-ons)`; the
 * account MM is the sum less inter-unit credits, with joint scenario sets replacing the sum of their
 * units' scan risks. IM = `max(multiplier * IM base, MM)`. Standard mode: per position (Deribit
 * rules, spreads optionally capped at their maximum loss); `riskArrays` may be undefined.
 * Positions with `isolatedMargin` are margined alone (`params.isolated.mode`), reported in
 * `isolated`, and left out of the account totals.
 *
 * Does not run `checkAccount`; call it first (computeMargin does).
 *
 * @param portfolio raw or parsed; quantities in contracts.
 * @param market raw or parsed snapshot the arrays were built from.
 * @param riskArrays from `buildRiskArrays` or `suppliedRiskArrays` (portfolio mode).
 * @param params raw or parsed parameter set.
 * @param options `riskMatrix: true` adds each portfolio unit's per-position vectors (`units[].riskMatrix`,
 *   what the `riskMatrix` function reports); off by default, as the vectors are for display.
 * @returns a plain-JSON {@link MarginResult}; money in the settlement currency.
 * @throws MarginInputError (`missing_risk_array`) when a held instrument has no array.
 * @example
 * ```ts
 * const set = buildScenarioSet(params, market);
 * const arrays = buildRiskArrays(market, set);
 * for (const account of accounts) results.push(marginFromRiskArrays(account, market, arrays, params));
 * ```
 */
export function marginFromRiskArrays(
  portfolio: Portfolio | unknown,
  market: MarketSnapshot | unknown,
  riskArrays: RiskArrays | undefined,
  params: MarginParameters | unknown,
  options?: { riskMatrix?: boolean },
): MarginResult {
  const p = parseMarginParameters(params);
  const pf = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const ctx: Ctx = { p, m, arrays: riskArrays, peg: m.peg?.price ?? new D(1), perExpiry: usesExpiries(p.scenarios) || usesExpiries(p.initialMargin.scenarios), riskMatrix: options?.riskMatrix === true };
  const needsArrays = p.mode === 'portfolio' || (p.isolated.mode === 'portfolio' && pf.positions.some((x) => x.isolatedMargin !== undefined));
  if (needsArrays && !riskArrays) throw new MarginInputError([{ code: 'missing_risk_array', path: [], message: 'portfolio mode needs risk arrays', argument: 'riskArrays' }]);
  const prec = p.settlementPrecision;

  // Cross / portfolio part.
  const cross = pf.positions.filter((x) => x.isolatedMargin === undefined);
  const units = buildUnits(ctx, netted(ctx, cross), pf.collateral, p.mode === 'portfolio');
  const outcomes = units.map((u) => computeUnit(ctx, u, p.mode));
  const byId = new Map(outcomes.map((o) => [o.result.unit, o]));

  let mm = new D(0);
  let imBase = new D(0);
  const inJoint = new Map<string, string>();
  const joint: JointResult[] = [];
  if (p.mode === 'portfolio') {
    for (const j of p.joint) {
      const members = units.filter((u) => j.units.includes(u.id));
      if (!members.length) continue;
      const range = groupRange(ctx, `joint:${j.id}`);
      if (!range) continue;
      const entries = members.flatMap((u) => u.entries).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareKeys(a.key, b.key));
      const out = scanRisk(entries, riskArrays!.weights, riskArrays!.weightDecimals, riskArrays!.weightDivisors, range[0], range[1]);
      let replaced = new D(0);
      for (const u of members) {
        const o = byId.get(u.id)!;
        inJoint.set(u.id, j.id);
        replaced = replaced.plus(o.scanMm);
        mm = mm.plus(o.restMm);
        imBase = imBase.plus(o.restIm);
      }
      mm = mm.plus(out.amount);
      imBase = imBase.plus(out.amount);
      joint.push({ id: j.id, units: members.map((u) => u.id), scanRisk: scanJson(ctx, entries, out), replacedScanRisk: decimalString(replaced) });
    }
  }
  for (const o of outcomes) {
    if (inJoint.has(o.result.unit)) continue;
    mm = mm.plus(o.mm);
    imBase = imBase.plus(o.imBase);
  }
  const credits: CreditResult[] = [];
  if (p.mode === 'portfolio') {
    for (const c of p.interUnitCredits) {
      const a = byId.get(c.units[0]);
      const b = byId.get(c.units[1]);
      if (!a || !b || a === b) continue;
      const ja = inJoint.get(c.units[0]);
      if (ja !== undefined && ja === inJoint.get(c.units[1])) continue;
      const cr = interUnitCredit(a.delta, a.scanMm, b.delta, b.scanMm, c);
      const ci = interUnitCredit(a.delta, a.scanIm, b.delta, b.scanIm, c);
      mm = mm.minus(cr.amount);
      imBase = imBase.minus(ci.amount);
      credits.push({ units: c.units, rate: decimalString(c.rate), spreads: cr.spreads, amount: decimalString(cr.amount), imAmount: decimalString(ci.amount) });
    }
  }
  // Collateral charges inside margin (account level): MM and IM lists, unscaled.
  let charges: CollateralChargesResult | undefined;
  if (p.collateralCharges) {
    const c = collateralCharges(pf.collateral, m, p.collateralCharges);
    const sum = (xs: AddOn[]) => xs.reduce((t, a) => t.plus(a.amount), new D(0));
    const cm = sum(c.mm);
    const ci = sum(c.im);
    mm = mm.plus(cm);
    imBase = imBase.plus(ci);
    charges = { mm: decimalString(cm), im: decimalString(ci), addOns: c.mm.map(addOnJson), imAddOns: c.im.map(addOnJson) };
  }
  let im: Decimal;
  if (p.maintenanceMargin && p.mode === 'portfolio') {
    // MM from IM: the units' IM (scan plus add-ons), joint sets, credits and collateral charges are the IM.
    im = D.max(imBase, 0);
    mm = maintenanceFromInitial(DECIMAL_ARITHMETIC, im, p.maintenanceMargin.factorOfInitial);
  } else {
    mm = D.max(mm, 0);
    const imMult = p.mode === 'portfolio' ? p.initialMargin.multiplier : new D(1);
    im = p.initialMargin.floorAtMaintenance ? D.max(imBase.mul(imMult), mm) : D.max(imBase.mul(imMult), 0);
  }

  // Isolated positions: each alone against its allocation.
  const isolated: IsolatedResult[] = pf.positions
    .filter((x) => x.isolatedMargin !== undefined && !x.quantity.isZero())
    .sort((a, b) => compareKeys(a.symbol, b.symbol) || a.quantity.comparedTo(b.quantity) || a.isolatedMargin!.comparedTo(b.isolatedMargin!))
    .map((pos) => {
      const [u] = buildUnits(ctx, netted(ctx, [pos]), [], p.isolated.mode === 'portfolio');
      const o = computeUnit(ctx, u!, p.isolated.mode);
      return { symbol: pos.symbol, quantity: decimalString(pos.quantity), allocation: decimalString(pos.isolatedMargin!), im: o.result.im, mm: o.result.mm, unit: o.result };
    });

  const initialMargin = decimalString(roundRequirement(im, prec));
  const maintenanceMargin = decimalString(roundRequirement(mm, prec));
  const unitResults = outcomes.map((o) => o.result);
  const rows = rowsOf(unitResults);
  for (const j of joint) rows.push({ unit: j.units.join('+'), component: 'jointScanRisk', name: j.id, amount: j.scanRisk.amount });
  for (const c of credits) rows.push({ unit: c.units.join('/'), component: 'credit', name: 'interUnit', amount: c.amount });
  for (const x of isolated) {
    rows.push({ unit: `isolated:${x.symbol}`, component: 'im', name: x.symbol, amount: x.im });
    rows.push({ unit: `isolated:${x.symbol}`, component: 'mm', name: x.symbol, amount: x.mm });
  }
  for (const a of charges?.addOns ?? []) rows.push({ unit: '', component: 'collateralCharge', name: `${a.name}:${String(a.inputs.asset)}`, amount: a.amount });
  for (const a of charges?.imAddOns ?? []) rows.push({ unit: '', component: 'collateralChargeIM', name: `${a.name}:${String(a.inputs.asset)}`, amount: a.amount });
  rows.push({ unit: '', component: 'total', name: 'initialMargin', amount: initialMargin });
  rows.push({ unit: '', component: 'total', name: 'maintenanceMargin', amount: maintenanceMargin });
  return {
    paramsId: p.id,
    paramsVersion: p.version,
    mode: p.mode,
    accountId: pf.accountId,
    settlementCurrency: pf.settlementCurrency,
    initialMargin,
    maintenanceMargin,
    units: unitResults,
    interUnitCredits: credits,
    joint,
    isolated,
    ...(charges ? { collateralCharges: charges } : {}),
    ...(p.echo ? { paramsEcho: { source: p.echo.source, unknown: p.echo.unknown.map((e) => ({ ...e })), notUsed: p.echo.notUsed.map((e) => ({ ...e })) } } : {}),
    rows,
  };
}
