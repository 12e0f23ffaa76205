import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { holdingUnits } from './holdingUnits.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString, roundRequirement } from '../numeric/rounding.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot, MarketSnapshotInput } from '../schema/marketSchema.js';
import { parseMarket, parsePortfolio } from '../schema/parse.js';
import type { Portfolio, PortfolioInput, Position } from '../schema/portfolioSchema.js';
import type { RiskArrays } from '../scenarios/RiskArrays.js';
import { riskArraysArgument, type ArraysView } from '../scenarios/RiskArraysSchema.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { compareEntries, nettedHoldings, riskUnitPlan, type PlanContext, type PlanHolding } from './accountPlan.js';
import { ADD_ON_ORDER, concentrationMeasure } from './addOnOrder.js';
import { combineAddOns } from './combineAddOns.js';
import { deltaConversion, holdingDelta, holdingUnitPrice } from './holdingUnitPrice.js';
import { accountRequirement, unitDelta, unitRequirement } from './portfolioRequirement.js';
import { calendarSpreadCharge } from './calendarSpreadCharge.js';
import { concentrationCharge } from './concentrationCharge.js';
import { deltaContingency } from './deltaContingency.js';
import type { AddOn, Holding } from './Holding.js';
import type { AddOnParams, MarginParameters } from './MarginParameters.js';
import type { AggregatedPnlResult, RiskMatrixResult, AddOnResult, BasisFloorResult, CollateralChargesResult, CreditResult, ExpiryPnl, IsolatedResult, JointResult, MarginResult, MarginRow, ScanRiskResult, SpreadCapResult, StandardPositionResult, UnitResult } from './MarginResult.js';
import { minimumCharge } from './minimumCharge.js';
import { nakedShortOptionCharge } from './nakedShortOptionCharge.js';
import { optionGroupMaxLoss, optionGroupMinPayoff, type OptionLeg } from './optionGroupMaxLoss.js';
import { parseMarginParameters } from './parseMarginParameters.js';
import { floatsOf, scanRisk, type ScanEntry, type ScanOutcome } from './scanRisk.js';
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
import { unitAggregateRules } from './aggregateRules.js';
import { deltaShock } from './deltaShock.js';
import { rollShock } from './rollShock.js';
import type { MarginParametersInput } from './MarginParametersSchema.js';

type Held = PlanHolding<Decimal>;

interface UnitData {
  id: string;
  underlyings: readonly string[];
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
  arrays: ArraysView | undefined;
  /**
   * The underlyings whose moves change the account's P&L (held instruments', their settlement coins'
   * and scanned collateral's), in the set's order: the moves a result's scenario lists.
   */
  touched: string[];
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
  // valueInstrument memoises per snapshot and instrument itself: no second cache here. (Risk arrays
  // may carry valuations, but they are the same memoised objects; a caller's are never read.)
  return valueInstrument(ctx.m, inst);
}

function addOnList(h: readonly Holding[], a: AddOnParams, scan: Decimal, peg: Decimal, m: MarketSnapshot): AddOn[] {
  const out: AddOn[] = [];
  // The shared order (the kernel lists the add-ons it covers in the same one).
  for (const kind of ADD_ON_ORDER) {
    if (kind === 'shortOptionMinimum' && a.shortOptionMinimum) out.push(shortOptionMinimum(h, a.shortOptionMinimum));
    if (kind === 'nakedShortOption' && a.nakedShortOption) out.push(nakedShortOptionCharge(h, a.nakedShortOption));
    if (kind === 'deltaContingency' && a.deltaContingency) out.push(deltaContingency(h, a.deltaContingency));
    if (kind === 'calendarSpread' && a.calendarSpread) out.push(calendarSpreadCharge(h, a.calendarSpread));
    if (kind === 'concentration' && a.concentration) out.push(concentrationCharge(concentrationMeasure(DECIMAL_ARITHMETIC, h, a.concentration.measure, scan), a.concentration));
    if (kind === 'minimum' && a.minimum) out.push(minimumCharge(h, a.minimum));
    if (kind === 'futuresContingency' && a.futuresContingency) out.push(futuresContingency(h, a.futuresContingency));
    if (kind === 'confidence' && a.confidence) out.push(...confidenceCharge(h, a.confidence));
    if (kind === 'depeg' && a.depeg) out.push(depegCharge(h, a.depeg, peg));
    if (kind === 'rollShock' && a.rollShock) out.push(rollShock(h, m.asOfMs, a.rollShock));
    if (kind === 'deltaShock' && a.deltaShock) out.push(deltaShock(h, (u) => m.underlyings.get(u)!.index, a.deltaShock));
  }
  return out;
}

/** max(scan + additive add-ons, every floor add-on) (the rule shared with the kernel). */
function combine(scan: Decimal, addOns: readonly AddOn[]): Decimal {
  return combineAddOns(DECIMAL_ARITHMETIC, scan, addOns);
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

/** A scenario's moves of the account's underlyings (a fresh object; an underlying the scenario does not move: '0'). */
function movesJson(ctx: Ctx, moves: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of ctx.touched) out[u] = Object.prototype.hasOwnProperty.call(moves, u) ? moves[u]! : '0';
  return out;
}

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
  const sc = out.worst >= 0 ? ctx.arrays!.set.scenarios[out.worst] : undefined;
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
    scenario: sc ? { id: sc.id, label: sc.label, moves: movesJson(ctx, sc.moves), volShock: sc.volShock.id, weight: sc.weight } : null,
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
  const w = arrays.weights;
  const range = groupRange(ctx, which);
  if (!range && which === 'im') return undefined;
  const [s0, s1] = range ?? [0, 0];
  const spec = which === 'mm' ? ctx.p.scenarios : ctx.p.initialMargin.scenarios;
  // Aggregated-vector step (Deribit's pnl offset and dampener), when the spec has one: data per scenario.
  const rules = spec?.aggregate ? unitAggregateRules(arrays.set, [...u.underlyings].sort(compareKeys), s0, s1) : undefined;
  if (!usesExpiries(spec)) {
    const out = scanRisk(u.entries, w.weights, w.weightDecimals, w.weightDivisors, s0, s1, rules);
    return { out, loss: out.amount };
  }
  const scenarios = arrays.set.scenarios;
  const skewAt = (s: number) => scenarios[s]!.volShock.kind === 'skew';
  const groups = expiryGroups(u.entries, spec!.staticDiscount);
  let aggregate = spec!.staticDiscount !== undefined;
  for (let s = s0; s < s1 && !aggregate; s++) aggregate = skewAt(s);
  // Expiry-aggregation step (static discount by the sign of each expiry's value, -|P&L| under skew
  // states), or the plain scan when neither is in play (a basis floor alone still needs the groups).
  let scan: UnitScan;
  if (aggregate) {
    const a = aggregatedScan(u.entries, groups, w.weights, w.weightDecimals, w.weightDivisors, s0, s1, skewAt, rules);
    scan = { out: a, groups, groupPnl: a.groupPnl, loss: a.amount };
  } else {
    const out = scanRisk(u.entries, w.weights, w.weightDecimals, w.weightDivisors, s0, s1, rules);
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
  const g = ctx.arrays?.set.groups.find((x) => x.id === id);
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
  // Loss-factor step: the scan loss (floor included) times the MM / IM factor; add-ons unscaled.
  const lf: LossFactors | undefined = p.lossFactor ? lossFactors(p.lossFactor, ctx.peg) : undefined;
  const r = unitRequirement(
    DECIMAL_ARITHMETIC,
    {
      scan: (which) => unitScan(ctx, u, which),
      addOns: (params, scan) => addOnList(u.holdings, params, scan, ctx.peg, ctx.m),
      factors: lf ? { mm: lf.mm, im: lf.im } : undefined,
    },
    p,
    { multiplier: p.initialMargin.multiplier, maintenanceOfInitial: p.maintenanceMargin?.factorOfInitial },
  );
  const mmScan = r.mmScan;
  const delta = unitDelta(u.entries.length, floatsOf(u.entries, (e) => e.qty.toNumber()), floatsOf(u.entries, (e) => e.arr.delta));
  const result: UnitResult = {
    unit: u.id,
    underlyings: [...u.underlyings].sort(compareKeys),
    scanRisk: scanJson(ctx, u.entries, mmScan.out, mmScan),
    addOns: r.mmAdd.map(addOnJson),
    pnlVector: Array.from(mmScan.out.vector),
    im: decimalString(roundRequirement(r.im, p.settlementPrecision)),
    mm: decimalString(roundRequirement(r.mm, p.settlementPrecision)),
  };
  if (r.imScanned) result.imScanRisk = scanJson(ctx, u.entries, r.imScan.out, r.imScan);
  if (r.imAdd !== r.mmAdd) result.imAddOns = r.imAdd.map(addOnJson);
  if (lf) {
    result.lossFactors = { mm: decimalString(lf.mm), im: decimalString(lf.im), mmCharge: decimalString(r.mmCharge), imCharge: decimalString(r.imCharge) };
    if (lf.depegIncrease) result.lossFactors.imDepegIncrease = decimalString(lf.depegIncrease);
  }
  if (p.maintenanceMargin) result.maintenanceFactor = decimalString(p.maintenanceMargin.factorOfInitial);
  if (mmScan.out.aggregated) result.aggregatedVector = plain(mmScan.out.aggregated.vector);
  if (ctx.riskMatrix) result.riskMatrix = riskMatrixJson(u.entries, groupRange(ctx, 'mm')?.[0] ?? 0, mmScan.out);
  return { result, mm: r.mm, imBase: r.imBase, scanMm: r.mmCharge, scanIm: r.imCharge, restMm: r.restMm, restIm: r.restIm, delta };
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

/** The plan's view of this call's market and arrays, in the Decimal layer. */
function planContext(ctx: Ctx): PlanContext<Decimal> {
  return {
    instruments: ctx.m.instruments,
    params: ctx.p,
    contractSize: (inst) => inst.contractSize,
    forward: (inst) => valuationOf(ctx, inst).forward,
    hasArray: (symbol) => ctx.arrays?.instrument(symbol) !== undefined,
    assetUnderlying: (asset) => ctx.arrays?.asset(asset)?.underlying,
  };
}

/** Netted holdings of positions (the plan shared with the kernel). */
function netted(ctx: Ctx, positions: readonly Position[]): Held[] {
  return nettedHoldings(DECIMAL_ARITHMETIC, positions, planContext(ctx));
}

/**
 * Risk units of netted holdings (the plan shared with the kernel: netting, units, entry order), with
 * the Decimal layer's per-snapshot parts added: each entry's risk array (and, for the per-expiry
 * mechanisms, an option's expiry), and each holding's unit price, delta, size in units of
 * underlying and price confidences.
 */
function buildUnits(ctx: Ctx, held: readonly Held[], collateral: Portfolio['collateral'], withScan: boolean): UnitData[] {
  const { m } = ctx;
  const pc = planContext(ctx);
  return riskUnitPlan(DECIMAL_ARITHMETIC, held, collateral, pc, withScan).map((u) => {
    const entries = u.entries.map((e): ScanEntry => {
      const entry: ScanEntry = { kind: e.kind, key: e.key, qty: e.qty, arr: (e.kind === 'position' ? ctx.arrays!.instrument(e.array) : ctx.arrays!.asset(e.array))! };
      const inst = e.kind === 'position' ? m.instruments.get(e.key)! : undefined;
      if (inst && ctx.perExpiry && inst.kind === 'option') {
        const v = valuationOf(ctx, inst);
        entry.option = { underlying: inst.underlying, expiry: inst.expiry!, expiryMs: inst.expiryMs!, years: v.years, rate: v.rate };
      }
      return entry;
    });
    const holdings = u.held.map((h): Holding => {
      const inst = h.inst;
      const unitPrice = holdingUnitPrice(m, inst);
      // Units of underlying: the array's delta is settlement currency per quote unit of index move.
      const delta = withScan ? holdingDelta(h.qty.toNumber(), ctx.arrays!.instrument(h.symbol)!.delta, deltaConversion(m.underlyings.get(inst.underlying)!.index, unitPrice)) : 0;
      const hold: Holding = { symbol: h.symbol, kind: inst.kind, underlying: inst.underlying, units: holdingUnits(DECIMAL_ARITHMETIC, h.qty, inst.contractSize, inst, () => valuationOf(ctx, inst).forward), unitPrice, delta };
      if (inst.right) hold.right = inst.right;
      if (inst.strike) hold.strike = inst.strike;
      if (inst.expiryMs !== undefined) hold.expiryMs = inst.expiryMs;
      const conf = priceConfidence(m, inst);
      if (conf !== undefined) hold.confidence = conf;
      const ic = m.underlyings.get(inst.underlying)?.confidence;
      if (ic !== undefined) hold.indexConfidence = ic;
      return hold;
    });
    return { id: u.id, underlyings: u.underlyings, held: u.held, entries, holdings };
  });
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
 * The risk arrays are checked on every call (argument `riskArrays`, see `RiskArraysSchema`): the
 * scenario set (unless it is a frozen set from `buildScenarioSet` or `parseScenarioSet`), the weights
 * against the set's own, and each record the account uses (one finite entry per scenario, its own
 * underlying); edited arrays are read as they now are. A result's scenario lists the moves of the
 * underlyings the account touches (held instruments', their settlement coins', scanned collateral's).
 *
 * @param portfolio raw or parsed; quantities in contracts.
 * @param market raw or parsed snapshot the arrays were built from.
 * @param riskArrays from `buildRiskArrays` or `suppliedRiskArrays` (portfolio mode).
 * @param params raw or parsed parameter set.
 * @param options `riskMatrix: true` adds each portfolio unit's per-position vectors (`units[].riskMatrix`,
 *   what the `riskMatrix` function reports); off by default, as the vectors are for display.
 * @returns a plain-JSON {@link MarginResult}; money in the settlement currency.
 * @throws MarginInputError (`missing_risk_array`) when a held instrument has no array; argument
 *   `riskArrays` for malformed arrays, a scenario group the parameters scan that the set lacks, or
 *   another settlement currency.
 * @example
 * ```ts
 * const set = buildScenarioSet(params, market);
 * const arrays = buildRiskArrays(market, set);
 * const results: MarginResult[] = [];
 * for (const account of accounts()) results.push(marginFromRiskArrays(account, market, arrays, params));
 * ```
 */
export function marginFromRiskArrays(
  portfolio: PortfolioInput | Portfolio,
  market: MarketSnapshotInput | MarketSnapshot,
  riskArrays: RiskArrays | undefined,
  params: MarginParametersInput | MarginParameters,
  options?: { riskMatrix?: boolean },
): MarginResult {
  const p = parseMarginParameters(params);
  const pf = parsePortfolio(portfolio);
  const m = parseMarket(market);
  const needsArrays = p.mode === 'portfolio' || (p.isolated.mode === 'portfolio' && pf.positions.some((x) => x.isolatedMargin !== undefined));
  if (needsArrays && riskArrays === undefined) throw new MarginInputError([{ code: 'missing_risk_array', path: [], message: 'portfolio mode needs risk arrays', argument: 'riskArrays' }]);
  // Risk arrays are the caller's (copies, or built by hand): checked on every call, each record
  // only when the account uses it, so that an edited array is read as it now is, or refused.
  const view = riskArrays === undefined ? undefined : riskArraysArgument(riskArrays, m, groupsNeeded(p));
  return marginWithArrays(pf, m, view, p, options);
}

/** The scenario groups the parameters scan (a basis floor's revaluations included). Internal. */
export function groupsNeeded(p: MarginParameters): string[] {
  if (p.mode !== 'portfolio' && p.isolated.mode !== 'portfolio') return [];
  const im = p.initialMargin.scenarios;
  return [
    'mm',
    ...(im ? ['im'] : []),
    ...(p.scenarios?.basisFloor ? ['basis'] : []),
    ...(im?.basisFloor ? ['im:basis'] : []),
    ...(p.mode === 'portfolio' ? p.joint.map((j) => `joint:${j.id}`) : []),
  ];
}

/** Set position of each underlying, per set (for listing moves in the set's order). */
const setOrder = new WeakMap<object, Map<string, number>>();

/** The underlyings whose moves change what the account holds (see `Ctx.touched`), from its netted holdings. */
function touchedUnderlyings(p: MarginParameters, m: MarketSnapshot, held: readonly Held[], collateral: Portfolio['collateral'], arrays: ArraysView | undefined): string[] {
  if (!arrays) return [];
  let order = setOrder.get(arrays.set);
  if (!order) setOrder.set(arrays.set, (order = new Map(arrays.set.underlyings.map((u, i) => [u, i]))));
  const t = new Set<string>();
  const add = (u: string | undefined) => {
    if (u !== undefined && order.has(u)) t.add(u);
  };
  for (const h of held) {
    add(h.inst.underlying);
    if (h.inst.settlementCurrency !== m.settlementCurrency) add(m.assets.get(h.inst.settlementCurrency)?.underlying);
  }
  if (p.collateralInScenarios) for (const c of collateral) if (!c.balance.isZero()) add(m.assets.get(c.asset)?.underlying);
  return [...t].sort((a, b) => order.get(a)! - order.get(b)!);
}

/**
 * {@link marginFromRiskArrays} on parsed inputs and checked (or the library's own) arrays. Internal:
 * computeMargin and the batch engine call it with arrays they built.
 */
export function marginWithArrays(pf: Portfolio, m: MarketSnapshot, arrays: ArraysView | undefined, p: MarginParameters, options?: { riskMatrix?: boolean }): MarginResult {
  const ctx: Ctx = { p, m, arrays, touched: [], peg: m.peg?.price ?? new D(1), perExpiry: usesExpiries(p.scenarios) || usesExpiries(p.initialMargin.scenarios), riskMatrix: options?.riskMatrix === true };
  const riskArrays = arrays;
  const prec = p.settlementPrecision;
  const crossHeld = netted(ctx, pf.positions.filter((x) => x.isolatedMargin === undefined));
  const isolatedPositions = pf.positions
    .filter((x) => x.isolatedMargin !== undefined && !x.quantity.isZero())
    .sort((a, b) => compareKeys(a.symbol, b.symbol) || a.quantity.comparedTo(b.quantity) || a.isolatedMargin!.comparedTo(b.isolatedMargin!))
    .map((pos) => ({ pos, held: netted(ctx, [pos]) }));
  ctx.touched = touchedUnderlyings(p, m, [...crossHeld, ...isolatedPositions.flatMap((x) => x.held)], pf.collateral, arrays);

  // Cross / portfolio part.
  const units = buildUnits(ctx, crossHeld, pf.collateral, p.mode === 'portfolio');
  const outcomes = units.map((u) => computeUnit(ctx, u, p.mode));

  // Collateral charges inside margin (account level): MM and IM lists, unscaled.
  let charges: CollateralChargesResult | undefined;
  let extra: { mm: Decimal; im: Decimal } | undefined;
  if (p.collateralCharges) {
    const c = collateralCharges(pf.collateral, m, p.collateralCharges);
    const sum = (xs: AddOn[]) => xs.reduce((t, a) => t.plus(a.amount), new D(0));
    const cm = sum(c.mm);
    const ci = sum(c.im);
    extra = { mm: cm, im: ci };
    charges = { mm: decimalString(cm), im: decimalString(ci), addOns: c.mm.map(addOnJson), imAddOns: c.im.map(addOnJson) };
  }
  // Joint sets, credits, the floors: the account rule shared with the kernel.
  const req = accountRequirement(
    DECIMAL_ARITHMETIC,
    p,
    outcomes.map((o) => ({ id: o.result.unit, mm: o.mm, imBase: o.imBase, restMm: o.restMm, restIm: o.restIm, scanMm: o.scanMm, scanIm: o.scanIm, delta: o.delta })),
    riskArrays?.set.groups,
    (members, s0, s1) => {
      const entries = members.flatMap((i) => units[i]!.entries).sort(compareEntries);
      const w = riskArrays!.weights;
      return { ...scanRisk(entries, w.weights, w.weightDecimals, w.weightDivisors, s0, s1), entries };
    },
    { multiplier: p.mode === 'portfolio' ? p.initialMargin.multiplier : new D(1), maintenanceOfInitial: p.maintenanceMargin?.factorOfInitial },
    extra,
  );
  const joint: JointResult[] = req.joint.map((j) => ({ id: j.params.id, units: j.members.map((i) => units[i]!.id), scanRisk: scanJson(ctx, j.scan.entries, j.scan), replacedScanRisk: decimalString(j.replaced) }));
  const credits: CreditResult[] = req.credits.map((c) => ({ units: c.params.units, rate: decimalString(c.params.rate), spreads: c.mm.spreads, amount: decimalString(c.mm.amount), imAmount: decimalString(c.im.amount) }));
  const { mm, im } = req;

  // Isolated positions: each alone against its allocation.
  const isolated: IsolatedResult[] = isolatedPositions
    .map(({ pos, held }) => {
      const [u] = buildUnits(ctx, held, [], p.isolated.mode === 'portfolio');
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
