import type { HaircutCurveOf } from '../collateral/haircutValue.js';
import { haircutFor } from '../collateral/collateralComponents.js';
import type { ResolvedParameters } from '../health/resolveParameters.js';
import { marketDataFlags } from '../health/marketDataFlags.js';
import type { AddOnParams, MarginParameters } from '../margin/MarginParameters.js';
import { deltaConversion, holdingUnitPrice } from '../margin/holdingUnitPrice.js';
import { unitAggregateRules, type AggregateTerms } from '../margin/aggregateRules.js';
import type { DeltaShockTerms } from '../margin/deltaShock.js';
import { rollShockRateAt } from '../margin/rollShock.js';
import { groupRange, type RequirementFactors } from '../margin/portfolioRequirement.js';
import { largestWeight } from '../margin/scanRisk.js';
import { fromFloatInto, fromFloatParts, type FloatParts } from '../numeric/fromFloat.js';
import type { Decimal } from '../numeric/decimal.js';
import { accountIssues } from '../schema/checkAccount.js';
import type { Instrument } from '../schema/instrumentSchema.js';
import type { MarketSnapshot } from '../schema/marketSchema.js';
import type { RiskArray, RiskArrays } from '../scenarios/RiskArrays.js';
import { EXACT_PARTS, exactCoefficientAt, exactValueAt, hasExactValues, type HeldArray } from '../scenarios/buildRiskArrays.js';
import type { ScenarioSet } from '../scenarios/ScenarioSet.js';
import type { InstrumentValuation } from '../valuation/InstrumentValuation.js';
import { valueInstrument } from '../valuation/valueInstrument.js';
import { fromDecimal, inWide, inWideMode, KV, reusable, small } from './kv.js';
import type { RollShockTerms } from './rollShockSum.js';

/** The instrument table as the kernel indexes it (one per instruments Map, shared by every tick on it). */
export interface KernelTable {
  instruments: ReadonlyMap<string, Instrument>;
  symbols: string[];
  /**
   * Each symbol's table index, in a dictionary object (no prototype): the reader looks up every line's
   * symbol, and a keyed read of a dictionary costs less than `Map.get` did (about 2% of a raw call,
   * measured in wall clock).
   */
  index: Readonly<Record<string, number | undefined>>;
  insts: Instrument[];
  size: KV[];
  /**
   * Asset names met by compiled accounts (collateral, settlement coins), indexed in order met (append-only);
   * a dictionary object (no prototype), as `index`: read about 8 times a compile.
   */
  assetIndex: Record<string, number | undefined>;
  assetNames: string[];
  /** An empty per-instrument array (`undefined` at every index), which a tick copies: a copy costs a third of a new filled one. */
  noInsts: undefined[];
  /**
   * The per-instrument arrays of the last tick of one call released on this table (see
   * {@link KernelTick.release}), cleared, for the next one: a one-shot decision makes a tick per
   * call, and two arrays by table index (about 5 kB at 500 instruments) cost more to make than
   * the book's few entries cost to clear. `touched`: the indices the tick wrote (empty when spare).
   * `parts`: the exact P&L table of that tick (see {@link partAt}), all NaN when spare: {@link partAt}
   * reads NaN as "not yet converted", so a value left in it would serve another call's P&L; `undefined`
   * when no tick of one call has made one.
   */
  spare: { insts: (KernelInstrument | undefined)[]; state: Uint8Array; touched: number[]; parts: Float64Array | undefined } | undefined;
  /** The compile's per-instrument keys (rank in symbol order, shock-plan keys), one row per instrument; made on first compile. */
  compileKeys: Int32Array | undefined;
}

/** The index of an asset name in a table's asset registry (registered on first use). */
export function assetIndexOf(t: KernelTable, name: string): number {
  let i = t.assetIndex[name];
  if (i === undefined) {
    i = t.assetNames.length;
    t.assetNames.push(name);
    t.assetIndex[name] = i;
  }
  return i;
}

const tables = new WeakMap<ReadonlyMap<string, Instrument>, KernelTable>();

/** Each symbol's table index in a dictionary object (see KernelTable.index). */
function symbolIndex(insts: readonly Instrument[]): Record<string, number | undefined> {
  const o = Object.create(null) as Record<string, number | undefined>;
  for (let k = 0; k < insts.length; k++) o[insts[k]!.symbol] = k;
  return o;
}

/** The kernel's index of an instrument table, made once per table (valid across `withPrices` ticks). */
export function kernelTable(instruments: ReadonlyMap<string, Instrument>): KernelTable {
  let t = tables.get(instruments);
  if (!t) {
    const insts = [...instruments.values()];
    t = { instruments, symbols: insts.map((i) => i.symbol), index: symbolIndex(insts), insts, size: insts.map((i) => fromDecimal(i.contractSize)), assetIndex: Object.create(null) as Record<string, number | undefined>, assetNames: [], noInsts: new Array<undefined>(insts.length).fill(undefined), spare: undefined, compileKeys: undefined };
    tables.set(instruments, t);
  }
  return t;
}

/**
 * A risk array as the kernel scans it: the shared float array, and caches of its exact values per
 * scenario (futures and tied assets: the Decimal layer's exact P&L; options: `fromFloat`'s digits of
 * the float P&L, rounded down for a long and up for a short, as [mantissa, exponent] pairs).
 */
export interface KernelArray {
  arr: RiskArray;
  /** `arr.underlying`, kept here: a unit's scan reads it per entry (one load fewer, from an object already in cache). */
  underlying: string;
  pnl: Float64Array;
  maxAbs: number;
  delta: number;
  /** Exact values (futures, tied assets), converted on first use; undefined for options. */
  exact: (KV | undefined)[] | undefined;
  /** Options: per scenario s, [m, e] rounded down at 4s, up at 4s + 2 (NaN = not yet); made by floatPartsAt on first use. */
  parts: Float64Array | undefined;
  /**
   * An instrument's array: its slot in the tick's exact P&L table (see {@link partAt}; -1: none yet).
   * Kept here, in the object the scan has just read, rather than in a table by instrument: one cache
   * line fewer to miss per entry. Per tick, as the array's other caches (a tick makes its own arrays).
   */
  slot: number;
}

/**
 * Where a tick keeps its copies of the risk arrays' P&L rows: side by side in a few large buffers, in
 * the order the tick meets them. A unit's scan reads a handful of rows per scenario; separately
 * allocated rows sit apart in memory among other allocations, and reading them costs more cache
 * misses than the sums they feed. A tick reads its arrays as they were when it met them (it keeps
 * exact conversions of their values too).
 */
class PnlRows {
  private buf = new Float64Array(0);
  private used = 0;

  /** A copy of `pnl` in the current buffer (a new buffer when it is full). */
  copy(pnl: Float64Array): Float64Array {
    const n = pnl.length;
    if (this.used + n > this.buf.length) {
      this.buf = new Float64Array(Math.max(4096, n));
      this.used = 0;
    }
    const out = this.buf.subarray(this.used, this.used + n);
    out.set(pnl);
    this.used += n;
    return out;
  }
}

/*
 * A tick's per-instrument records (KernelArray, KernelInstrument) are made by `new`, not written as
 * object literals: a shared tick's records live as long as its engine, a one-shot tick's are garbage
 * when its call ends (why that matters: see ValuationStart, where a valuation is made).
 */
// Fields `declare`d and assigned in the constructor, in the literal's order: an ES2022 class field is
// defined as undefined before the constructor runs (a float field would first hold undefined).
class KernelArrayRecord implements KernelArray {
  declare arr: RiskArray;
  declare underlying: string;
  declare pnl: Float64Array;
  declare maxAbs: number;
  declare delta: number;
  declare exact: (KV | undefined)[] | undefined;
  declare parts: Float64Array | undefined;
  declare slot: number;
  constructor(arr: RiskArray, rows: PnlRows | undefined) {
    this.arr = arr;
    this.underlying = arr.underlying;
    this.pnl = rows ? rows.copy(arr.pnl) : arr.pnl;
    this.maxAbs = arr.maxAbs;
    this.delta = arr.delta;
    this.exact = hasExactValues(arr) ? new Array<KV | undefined>(arr.pnl.length) : undefined;
    this.parts = undefined;
    this.slot = -1;
  }
}

function kernelArray(arr: RiskArray, rows: PnlRows | undefined): KernelArray {
  return new KernelArrayRecord(arr, rows);
}

/** The exact P&L of one unit in scenario `s` of an array that carries exact values, as the Decimal layer has it. */
export function exactAt(a: KernelArray, s: number): KV {
  const c = a.exact![s];
  if (reusable(c)) return c;
  // A linear exposure's product of integer digits is read as they are (the value fromDecimal gives: the same digits, no trailing zeros).
  const m = exactCoefficientAt(a.arr, s);
  return (a.exact![s] = m === m ? small(m, 0 - EXACT_PARTS.p) : fromDecimal(exactValueAt(a.arr, s)));
}

/** The [mantissa, exponent] of `fromFloat(pnl[s], up ? loss : value)` in `a.parts` at index `4s + 2up`, filled on first use. */
export function floatPartsAt(a: KernelArray, s: number, up: 0 | 1): number {
  const k = 4 * s + 2 * up;
  // Made on first use: most of a fresh tick's options (the one-shot decision's) never get here.
  const c = (a.parts ??= new Float64Array(4 * a.pnl.length).fill(NaN));
  if (c[k] !== c[k]) {
    const [m, e] = fromFloatParts(a.pnl[s]!, up ? 'against-account-loss' : 'against-account-value');
    c[k] = m;
    c[k + 1] = e;
  }
  return k;
}

/**
 * A scenario value packed into one float64 (see {@link partAt}): `m * PART_SHIFT + (e + PART_BIAS)`,
 * exact for `|m| <= 2^46` and `-PART_BIAS <= e < PART_SHIFT - PART_BIAS` (below 2^53).
 */
export const PART_SHIFT = 64;
export const PART_BIAS = 32;
/** The packed value of a scenario value that is not a small decimal in that range (read it another way). */
export const NOT_SMALL = Infinity;
const PART_M_MAX = 2 ** 46;

function packedPart(m: number, e: number): number {
  return Math.abs(m) <= PART_M_MAX && e >= -PART_BIAS && e < PART_SHIFT - PART_BIAS ? m * PART_SHIFT + (e + PART_BIAS) : NOT_SMALL;
}

/**
 * The exact P&L of one contract of an instrument's array `a` in scenario `s` (settlement currency;
 * rounded up for `up` = 1, a short option's), packed
 * (filled on first use): `m 10^-e` as `m * PART_SHIFT + (e + PART_BIAS)`, so that `m` is
 * `Math.floor(p / PART_SHIFT)` and `e` what is left, less the bias (both steps exact: a power of two);
 * {@link NOT_SMALL} when the value is not such a decimal. One float, one cache line per read: a unit's
 * recheck reads one value per entry from a table too large to stay in cache, and with the mantissa and
 * exponent apart it missed twice.
 */
export function partAt(tick: KernelTick, a: KernelArray, s: number, up: 0 | 1): number {
  let P = tick.parts;
  if (P === undefined) {
    // One slot per instrument that has a risk array (partsStride: the one-shot decision's tick holds a
    // few of a large table's instruments, its cache is sized by them, not by the table). A tick of one call
    // takes the last such tick's table when it is large enough (all NaN again: see release), rather
    // than a new buffer outside the heap per call.
    const n = tick.arrays.scenarioSet.scenarios.length * tick.partsStride * 2;
    const kept = tick.spareParts;
    tick.spareParts = undefined;
    P = tick.parts = kept !== undefined && kept.length >= n ? kept : new Float64Array(n).fill(NaN);
    tick.partsUsed = n;
  }
  let slot = a.slot;
  if (slot < 0) slot = a.slot = tick.partsSlots++;
  // A future's exact value is the same either way: one slot for both (half the lines to keep in cache).
  const k = (s * tick.partsStride + slot) * 2 + (a.exact !== undefined ? 0 : up);
  let p = P[k]!;
  if (p !== p) {
    if (a.exact !== undefined) {
      const x = exactAt(a, s);
      p = x.k === 0 && x.d === 1 ? packedPart(x.m, x.e) : NOT_SMALL;
    } else {
      fromFloatInto(a.pnl[s]!, up ? 'against-account-loss' : 'against-account-value', FLOAT_PARTS);
      p = packedPart(FLOAT_PARTS.m, FLOAT_PARTS.e);
    }
    P[k] = p;
  }
  return p;
}
const FLOAT_PARTS: FloatParts = { m: 0, e: 0 };

/** One instrument at one tick, in kernel numbers (made on first use). */
export const LINEAR_FUTURE = 0;
export const INVERSE_FUTURE = 1;
export const OPTION = 2;

export interface KernelInstrument {
  inst: Instrument;
  /** LINEAR_FUTURE, INVERSE_FUTURE or OPTION. */
  kind: number;
  arr: KernelArray | undefined;
  valuation: InstrumentValuation | undefined;
  /** No `checkAccount` issue for a position in it at this tick. */
  ok: boolean;
  /** A price it rests on is stale or doubtful (market-data flag): the kernel leaves such accounts to the Decimal path. */
  flagged: boolean;
  forward: KV;
  index: KV;
  settlementPrice: KV;
  markValue: KV;
  markValueUp: KV;
  unitPrice: KV;
  /** What turns the array's delta into units of underlying (see `deltaConversion`), from the Decimal layer's own values. */
  deltaConversion: readonly [number, number] | undefined;
}

/** A KernelInstrument made by `new` (see KernelArrayRecord for why not a literal, and why `declare`). */
class KernelInstrumentRecord implements KernelInstrument {
  declare inst: Instrument;
  declare kind: number;
  declare arr: KernelArray | undefined;
  declare valuation: InstrumentValuation | undefined;
  declare ok: boolean;
  declare flagged: boolean;
  declare forward: KV;
  declare index: KV;
  declare settlementPrice: KV;
  declare markValue: KV;
  declare markValueUp: KV;
  declare unitPrice: KV;
  declare deltaConversion: readonly [number, number] | undefined;
  constructor(inst: Instrument, kind: number, arr: KernelArray | undefined, valuation: InstrumentValuation | undefined, ok: boolean, flagged: boolean, forward: KV, index: KV, settlementPrice: KV, markValue: KV, markValueUp: KV, unitPrice: KV, deltaConversion: readonly [number, number] | undefined) {
    this.inst = inst;
    this.kind = kind;
    this.arr = arr;
    this.valuation = valuation;
    this.ok = ok;
    this.flagged = flagged;
    this.forward = forward;
    this.index = index;
    this.settlementPrice = settlementPrice;
    this.markValue = markValue;
    this.markValueUp = markValueUp;
    this.unitPrice = unitPrice;
    this.deltaConversion = deltaConversion;
  }
}

/** An asset at one tick. */
export interface KernelAsset {
  ok: boolean;
  flagged: boolean;
  price: KV | undefined;
  arr: KernelArray | undefined;
  /** The underlying its risk array moves with ('' = not tied). */
  tie: string;
}

/** An add-on parameter block in kernel numbers. */
export interface KernelAddOns {
  source: AddOnParams;
  shortOptionRate?: KV;
  nakedRate?: KV;
  netDeltaRate?: KV;
  grossOptionRate?: KV;
  calendarRate?: KV;
  concentrationRate?: KV;
  concentrationBands?: { upTo?: KV; multiplier: KV }[];
  minimum?: KV;
  /**
   * Roll shock: the rate of each maturity (by expiry: the Decimal layer's own rate, exact), converted
   * on first use, and the same by instrument (table index; a shared tick only, see `KernelTick.indexByInst`).
   */
  rollShockRates?: Map<number | undefined, KV>;
  rollShockByInst?: (KV | undefined)[];
  /** Roll shock: each instrument's `rate x unitPrice` terms (rollShockSum.ts), shared by every account on a shared tick (absent on a tick of one call: the sum keeps them per call). */
  rollShockTerms?: RollShockTerms;
  deltaShock?: DeltaShockTerms<KV>;
}

/** A unit's aggregated-vector rules over one scan range, in floats (the shared search) and kernel numbers (the exact recheck). */
export interface KernelAggregateRules {
  float: Float64Array;
  exact: (AggregateTerms<KV> | undefined)[];
}

// `echo` is never read by a rule (what a venue converter kept but did not use).
const PORTFOLIO_KEYS = new Set(['id', 'version', 'source', 'mode', 'settlementPrecision', 'scenarios', 'collateralInScenarios', 'riskUnits', 'addOns', 'interUnitCredits', 'joint', 'initialMargin', 'standard', 'isolated', 'health', 'maintenanceMargin', 'echo']);
const ADD_ON_KEYS = new Set(['shortOptionMinimum', 'nakedShortOption', 'deltaContingency', 'calendarSpread', 'concentration', 'minimum', 'rollShock', 'deltaShock']);
const IM_KEYS = new Set(['multiplier', 'scenarios', 'addOns', 'floorAtMaintenance']);
// Scenario-spec keys whose effect the risk arrays carry (the kernel reads the arrays: per-underlying
// vol states and term scaling, rangeOverMove tail weights folded into the P&L), and `aggregate`, the
// aggregated-vector rules the kernel's scan applies through the shared rule; a spec key added later
// for a mechanism applied after the arrays (per-expiry aggregation, a basis floor) is not.
const SPEC_KEYS = new Set(['priceRange', 'rangeByUnderlying', 'priceSteps', 'gridOrder', 'volShocks', 'volShocksByUnderlying', 'termScaling', 'termScalingByUnderlying', 'aggregate', 'tails', 'user', 'timeStepDays']);
const VOL_KINDS = new Set(['none', 'relative', 'absolute']);
const SCENARIO_KINDS = new Set(['grid', 'tail', 'user']);

/**
 * Why the kernel does not cover a parameter set (undefined when it does). Whitelists, not blacklists:
 * a mechanism added to the margin model later (a new parameter key, add-on, scenario kind or scan
 * group) is not covered until the kernel learns it, so its accounts fall back visibly
 * (`exact: 'decimal'`) instead of being computed without it.
 */
export function kernelCoverage(p: MarginParameters, arrays: RiskArrays): string | undefined {
  if (p.mode !== 'portfolio') return 'standard mode';
  if (p.settlementPrecision > 12) return 'settlement precision above 12 places';
  for (const k of Object.keys(p)) if (!PORTFOLIO_KEYS.has(k)) return `parameter ${k}`;
  for (const k of Object.keys(p.addOns)) if (!ADD_ON_KEYS.has(k)) return `add-on ${k}`;
  for (const k of Object.keys(p.initialMargin)) if (!IM_KEYS.has(k)) return `initialMargin.${k}`;
  for (const k of Object.keys(p.initialMargin.addOns ?? {})) if (!ADD_ON_KEYS.has(k)) return `add-on ${k}`;
  for (const spec of [p.scenarios, p.initialMargin.scenarios]) {
    if (!spec) continue;
    for (const k of Object.keys(spec)) if (!SPEC_KEYS.has(k)) return `scenario spec ${k}`;
  }
  for (const s of arrays.scenarioSet.scenarios) {
    if (!SCENARIO_KINDS.has(s.kind)) return `scenario kind ${s.kind}`;
    if (!VOL_KINDS.has(s.volShock.kind)) return `vol state ${s.volShock.kind}`;
  }
  for (const g of arrays.scenarioSet.groups) if (g.id !== 'mm' && g.id !== 'im' && !g.id.startsWith('joint:')) return `scenario group ${g.id}`;
  return undefined;
}

/** {@link kernelCoverage} per parameter set and scenario set (both deeply frozen), what it reads: a one-shot decision makes a tick per call. */
const coverages = new WeakMap<MarginParameters, WeakMap<ScenarioSet, string | null>>();
function coverageOf(p: MarginParameters, arrays: RiskArrays): string | undefined {
  let bySet = coverages.get(p);
  if (bySet === undefined) coverages.set(p, (bySet = new WeakMap()));
  let c = bySet.get(arrays.scenarioSet);
  if (c === undefined) bySet.set(arrays.scenarioSet, (c = kernelCoverage(p, arrays) ?? null));
  return c ?? undefined;
}

/**
 * The roll-shock rates in kernel numbers, by the Decimal layer's rate (`rollShockRateAt` keeps one per
 * parameter block and time to expiry): exact, so every tick on those parameters shares them (a
 * one-shot figure makes a new tick per call; the roll-shock sum keeps its limbs per rate value too).
 */
const rateValues = new WeakMap<Decimal, KV>();

/**
 * What the kernel reads from one engine (one snapshot and parameter set): instruments, assets, weights
 * and parameters in kernel numbers, converted on first use and kept for the engine's life, plus the
 * per-array conversions of scenario P&L (exact futures values, `fromFloat` digits of option values).
 */
export class KernelTick {
  readonly table: KernelTable;
  readonly coverage: string | undefined;
  readonly dp: number;
  /** The parameter set's IM multiplier and MM-from-IM factor, in kernel numbers. */
  readonly factors: RequirementFactors<KV>;
  readonly band: KV;
  readonly borrowTiers: { upTo?: KV; rate: KV }[];
  // Filled on first use; allocated at full length up front so the array stays packed (fast indexed reads).
  private insts: (KernelInstrument | undefined)[];
  private state: Uint8Array;
  /**
   * A tick of one call: the table indices it wrote in `insts` or `state` (repeats allowed), so that
   * {@link release} clears those entries only (a fill of the table's length is a C++ builtin call of
   * about 12,000 instructions at 500 instruments, for a book's few entries). Undefined on a shared tick.
   */
  private touched: number[] | undefined;
  private readonly assets = new Map<string, KernelAsset>();
  private readonly assetList: (KernelAsset | undefined)[] = [];
  private readonly addOnMemo = new Map<AddOnParams, KernelAddOns>();
  /** The block {@link addOns} answered last, and its answer. */
  private lastBlock: AddOnParams | undefined;
  private lastAddOns: KernelAddOns | undefined;
  private readonly indices = new Map<string, KV>();
  /**
   * {@link underlyingIndexOf}'s cache by table index, on a shared tick only: an array written at an
   * instrument's table index grows to that index (a 500-instrument table's last one: a few kB, made
   * per call on a tick of one call, for a book's few instruments). A tick of one call reads the
   * per-underlying cache instead (one Map lookup by name).
   */
  private readonly indexByInst: (KV | undefined)[] | undefined;
  /** The set's aggregated-vector rules in kernel numbers, by range and mode (a function of the set alone: shared by every tick on it). */
  private readonly rules: AggregateRuleMemo;
  private lastRules: { s0: number; s1: number; wide: boolean; memo: AggregateRuleMemo extends Map<string, infer M> ? M : never } | undefined;
  /** The scenarios of the set's `'mm'` and `'im'` scan groups (`groupRange`, once per tick rather than per unit). */
  readonly mmRange: [number, number] | undefined;
  readonly imRange: [number, number] | undefined;
  private readonly haircuts: (KernelHaircut | null | undefined)[] = [];
  /** The conversions of the parameter set alone, shared by the ticks on it (see {@link perParams}). */
  private readonly ofParams: PerParams;
  private readonly wDec: KV[];
  /**
   * The exact scenario P&L of one contract of every instrument, scenario-major, packed one float per
   * value (see {@link partAt}) at `((s * nArrays + slot) * 2 + up)` (up: rounded up, for a short
   * option; a future's exact value at up = 0 only). NaN: not yet converted. Scenario-major because
   * the worst scenarios of most accounts are the same few: their values stay in cache.
   */
  parts: Float64Array | undefined;
  /** The positions sum's factors by instrument, made by the figures on a shared tick's first use (kernelFigures' termsOf). */
  lineTerms: Float64Array | undefined = undefined;
  /** The slots of `parts` given out (to instruments' arrays, see `KernelArray.slot`). */
  partsSlots = 0;
  partsStride = 0;
  /** The length of `parts` this tick's layout uses (the table may be longer: one kept from an earlier tick of one call). */
  partsUsed = 0;
  /** A tick of one call: the last such tick's `parts`, all NaN, for {@link partAt} to take (see release). */
  spareParts: Float64Array | undefined;
  private readonly wDiv: (KV | undefined)[];
  /** The P&L rows of the arrays this tick has met (see {@link PnlRows}); undefined: the arrays' own rows are read. */
  private readonly rows: PnlRows | undefined;
  /** The held records by table index (see the constructor's `held`; undefined elsewhere), or undefined: the arrays' maps are read. */
  private held: (HeldArray | undefined)[] | undefined;

  /**
   * `shared`: a tick that lives with its engine and serves many accounts (true), or a tick of one call
   * on arrays built for it alone (false: the one-shot decision). A shared tick keeps the P&L rows in
   * its own buffers (see {@link PnlRows}) and the roll shock's per-instrument records in a table by
   * instrument index (see {@link KernelAddOns.rollShockTerms}); a tick of one call does neither: its
   * arrays were made side by side a moment ago and nothing else holds them, and a table by index
   * would be sized by the largest index of the instrument table, not by the book, for one account
   * (the roll-shock sum then keeps its records by holding, for that call; the positions sum reads
   * the tick's values line by line). `heldAt` and `held` (a tick of one call only): the table indices
   * of the instruments with arrays and their memo records in that order, which the arrays' maps then
   * do not list (see riskArraysFor's `held`): read by table index, not looked up by symbol.
   */
  constructor(
    readonly m: MarketSnapshot,
    readonly r: ResolvedParameters,
    readonly arrays: RiskArrays,
    readonly shared = true,
    heldAt?: readonly number[],
    held?: readonly HeldArray[],
  ) {
    this.table = kernelTable(m.instruments);
    this.rows = shared ? new PnlRows() : undefined;
    // Sized by the table at once: written out of index order, a growing array turns sparse (a dictionary).
    this.indexByInst = shared ? (this.table.noInsts.slice() as (KV | undefined)[]) : undefined;
    this.arrs = shared ? (this.table.noInsts.slice() as (KernelArray | undefined)[]) : undefined;
    const spare = shared ? undefined : this.table.spare;
    if (spare !== undefined) {
      this.table.spare = undefined;
      this.insts = spare.insts;
      this.state = spare.state;
      this.touched = spare.touched;
      this.spareParts = spare.parts;
    } else {
      this.insts = this.table.noInsts.slice();
      this.state = new Uint8Array(this.table.insts.length);
      this.touched = shared ? undefined : [];
    }
    // One exact P&L slot per instrument with an array (see partAt).
    this.partsStride = held ? held.length : arrays.instruments.size;
    if (held) {
      // A copy of the empty table-sized array per call (a few hundred slots: far less than the lookups by name).
      const by = (this.held = this.table.noInsts.slice() as (HeldArray | undefined)[]);
      for (let k = 0; k < held.length; k++) by[heldAt![k]!] = held[k];
    }
    this.coverage = coverageOf(r.margin, arrays);
    this.dp = r.margin.settlementPrecision;
    const ofParams = perParams(r, m.settlementCurrency);
    this.factors = ofParams.factors;
    this.band = ofParams.band;
    this.borrowTiers = ofParams.borrowTiers;
    this.ofParams = ofParams;
    const ofSet = perSet(arrays.scenarioSet, arrays.weightDecimals, arrays.weightDivisors);
    this.rules = ofSet.rules;
    this.mmRange = groupRange(arrays.scenarioSet.groups, 'mm');
    this.imRange = groupRange(arrays.scenarioSet.groups, 'im');
    this.wDec = ofSet.wDec;
    this.wDiv = ofSet.wDiv;
  }

  /**
   * Ends a tick of one call (a no-op on a shared tick): its per-instrument arrays, cleared, go to the
   * table for the next tick of one call (see {@link KernelTable.spare}). The caller must not use the
   * tick again; it is left with empty arrays (it would remake what it reads, never touch the next
   * tick's).
   */
  release(): void {
    if (this.shared || this.state.length === 0) return;
    const insts = this.insts;
    const state = this.state;
    const touched = this.touched!;
    // Cleared where written (every other entry is clear already): less than allocating the arrays again.
    for (let k = 0; k < touched.length; k++) {
      const i = touched[k]!;
      insts[i] = undefined;
      state[i] = 0;
    }
    touched.length = 0;
    // The exact P&L table, NaN again where this tick's layout reached (the rest is NaN still), for the next one.
    let parts = this.parts;
    if (parts !== undefined) parts.fill(NaN, 0, this.partsUsed);
    else parts = this.spareParts;
    this.parts = this.spareParts = undefined;
    this.insts = [];
    this.state = NO_STATE;
    this.touched = undefined;
    this.table.spare = { insts, state, touched, parts };
  }

  /** `largestWeight` of the scan range `[s0, s0 + len)` (the last range asked kept: a tick scans the same range unit after unit). */
  largestWeight(s0: number, len: number): number {
    if (s0 !== this.lastWeightRange[0] || len !== this.lastWeightRange[1]) {
      this.lastWeightRange = [s0, len];
      this.lastLargestWeight = largestWeight(this.arrays.weights, s0, len);
    }
    return this.lastLargestWeight;
  }
  private lastWeightRange: [number, number] = [-1, -1];
  private lastLargestWeight = 1;

  /** Weight numerator and divisor of scenario `s` (exact weight = dec / div). */
  weightDec(s: number): KV {
    return this.wDec[s]!;
  }
  weightDiv(s: number): KV | undefined {
    return this.wDiv[s];
  }

  /** 1 when a position in instrument `i` is fine at this tick (checks passed, prices unflagged, a risk array), 2 when not. */
  usable(i: number): number {
    // Bits 0-1 of the state byte (bits 2-3 are hasArray's).
    let u = this.state[i]! & 3;
    if (u === 0) {
      const ki = this.instrument(i);
      this.state[i]! |= u = ki.ok && !ki.flagged && ki.arr ? 1 : 2;
      this.touched?.push(i);
    }
    return u;
  }

  /**
   * Whether this tick's risk arrays hold the table's instrument `i`: the arrays do not change under a
   * tick, so each instrument is looked up once per tick, not once per holding of every account
   * compiled on it. Kept in bits 2-3 of the instrument's state byte (4 yes, 8 no, 0 not looked up):
   * not in a WeakMap keyed by the tick, which a one-shot call would add an entry to per call.
   */
  hasArray(i: number): boolean {
    let f = this.state[i]! & 12;
    if (f === 0) {
      this.state[i]! |= f = (this.held ? this.held[i] : this.arrays.instruments.has(this.table.symbols[i]!)) ? 4 : 8;
      this.touched?.push(i);
    }
    return f === 4;
  }

  instrument(i: number): KernelInstrument {
    let k = this.insts[i];
    // Tested against undefined, not for truthiness: a generic ToBoolean per call otherwise.
    if (k === undefined) {
      this.insts[i] = k = this.makeInstrument(i);
      this.touched?.push(i);
      if (this.arrs !== undefined) this.arrs[i] = k.arr;
    }
    return k;
  }

  /**
   * A shared tick's arrays by table index (a unit's decode reads them per entry): without the
   * instrument's record between, a load fewer that misses the cache per entry. Undefined on a tick
   * of one call (sized by the table, not the book). Where it has no array: read {@link instrument}'s `arr`.
   */
  readonly arrs: (KernelArray | undefined)[] | undefined;

  /**
   * Runs the per-instrument checks of {@link makeInstrument} (checkAccount's and the market-data
   * rule's) once for a whole book's instruments (table indices, each with a valuation in the arrays,
   * not yet made), and the per-asset checks of {@link asset} for the assets it reads (`assets`: its
   * collateral and its instruments' settlement coins): when neither finds anything for all of them
   * together, it finds nothing for any one of them (both rules report per position, balance and price,
   * and the union of nothing is nothing), so they are made without asking again. When something is
   * found, nothing is admitted and each is checked alone as before (which says which). The one-shot
   * decision makes a tick per call: one check per book instead of two per held instrument and asset.
   * `checked`: the caller's `checkAccount` of a book holding every one of the instruments passed at
   * this snapshot (that is checkAccount's finding for them already; an asset is checked here still:
   * the book's zero balances were not).
   */
  admit(indices: readonly number[], checked: boolean, assets: Iterable<string> = []): void {
    const insts: Instrument[] = [];
    for (const i of indices) {
      const inst = this.table.insts[i]!;
      if (this.insts[i] !== undefined || (this.held ? this.held[i] : this.arrays.valuations?.get(inst.symbol)) === undefined) return;
      insts.push(inst);
    }
    const names: string[] = [];
    for (const a of assets) if (!this.assets.has(a)) names.push(a);
    if ((!checked || names.length > 0) && this.accountIssuesFound(checked ? [] : insts, names)) return;
    try {
      if (this.marketDataFlagged(insts, names)) return;
    } catch {
      return;
    }
    // Bit 4 of the instrument's state byte (the byte is the tick's own, cleared on release: no set per call).
    const state = this.state;
    for (const i of indices) {
      state[i]! |= ADMITTED;
      this.touched?.push(i);
    }
    if (names.length > 0) this.admittedAssets = new Set(names);
  }
  /** Assets {@link admit} found clear of both checks. */
  private admittedAssets: Set<string> | undefined;

  /**
   * Whether checkAccount's own checks find an issue for a position in any of `insts` or a balance of any
   * of `assets` (a stand-in book of a zero position in each, and a balance of one of each).
   */
  private accountIssuesFound(insts: readonly Instrument[], assets: readonly string[] = []): boolean {
    const m = this.m;
    return accountIssues({ accountId: 'x', settlementCurrency: m.settlementCurrency, positions: insts.map((inst) => ({ symbol: inst.symbol, quantity: ZERO_D })), collateral: assets.map((asset) => ({ asset, balance: ONE_D })) }, m).length > 0;
  }

  /**
   * Whether the market-data rule flags a price any of `insts` or `assets` rests on (a stand-in book of
   * one contract of each instrument: held, so that an option's vol is checked too; and a balance of
   * each asset but the settlement currency, which has no price to flag).
   */
  private marketDataFlagged(insts: readonly Instrument[], assets: readonly string[] = []): boolean {
    const m = this.m;
    const lines = assets.filter((asset) => asset !== m.settlementCurrency).map((asset) => ({ asset, value: ONE_D }));
    return marketDataFlags(m, { positions: insts.map((instrument) => ({ instrument, quantity: ONE_D, notional: ZERO_D })), collateral: { lines } } as never, this.r.health).flags.length > 0;
  }

  private makeInstrument(i: number): KernelInstrument {
    const inst = this.table.insts[i]!;
    const m = this.m;
    const admitted = (this.state[i]! & ADMITTED) !== 0;
    // The checks of checkAccount for a position in this instrument, by checkAccount itself.
    const ok = admitted || !this.accountIssuesFound([inst]);
    // (In the maps, which list no held instrument, when not held: none.)
    const held = this.held?.[i];
    const arr = held ? held.array : this.arrays.instruments.get(inst.symbol);
    let valuation: InstrumentValuation | undefined;
    let flagged = false;
    if (ok) {
      try {
        valuation = (held ? held.valuation : this.arrays.valuations?.get(inst.symbol)) ?? valueInstrument(m, inst);
      } catch {
        valuation = undefined;
      }
      // The market-data rule itself, on this one position (one contract: a held position, so that an
      // option's vol is checked too): does it flag any price the position rests on? Only for a valued
      // instrument (the vol check reads its valuation); an unvalued one is not ok anyway.
      if (valuation !== undefined && !admitted) flagged = this.marketDataFlagged([inst]);
    }
    const z = small(0, 0);
    // A unit price the Decimal layer cannot read (a quote currency without a price) is its error to report.
    let unitPrice: Decimal | undefined;
    if (valuation) {
      try {
        unitPrice = holdingUnitPrice(m, inst);
      } catch {
        valuation = undefined;
      }
    }
    const v = valuation;
    // The valuation's index is the snapshot's Decimal for the underlying, and so are an option's
    // derived forward and a unit price at the index more often than not (the same object): converted
    // once per underlying and tick, in the cache indexOf keeps. Only an exact small value is shared
    // that way, which serves either mode (as `reusable` lets indexOf's own entries: one made in wide
    // mode may be exact where narrow mode would read an interval, which only lets the narrow pass decide).
    let index = z;
    if (v) {
      const kept = this.indices.get(inst.underlying);
      if (kept !== undefined && kept.k === 0 && v.index === m.underlyings.get(inst.underlying)?.index) index = kept;
      else {
        index = fromDecimal(v.index);
        if (kept === undefined && index.k === 0 && v.index === m.underlyings.get(inst.underlying)?.index) this.indices.set(inst.underlying, index);
      }
    }
    // Mark values made from a float in this build come with their digits (HeldArray; a held record's
    // valuation is `v` whenever `v` is read): the value fromDecimal reads from the limbs (the same
    // digits, no trailing zeros), without reading them.
    const digits = held !== undefined && held.m === held.m;
    // Made by `new` (see KernelArrayRecord), the fields in the order of the interface.
    return new KernelInstrumentRecord(
      inst,
      inst.kind === 'option' ? OPTION : inst.settlement === 'linear' ? LINEAR_FUTURE : INVERSE_FUTURE,
      arr ? kernelArray(arr, this.rows) : undefined,
      v,
      ok && v !== undefined,
      flagged,
      v ? (v.forward === v.index ? index : fromDecimal(v.forward)) : z,
      index,
      v ? this.settlementOf(v.settlementPrice) : z,
      v ? (digits ? small(held.m, held.e) : fromDecimal(v.markValue)) : z,
      v ? (digits ? small(held.um, held.ue) : fromDecimal(v.markValueUp)) : z,
      v && unitPrice ? (unitPrice === v.index ? index : fromDecimal(unitPrice)) : z,
      v && unitPrice ? deltaConversion(v.index, unitPrice) : undefined,
    );
  }

  /**
   * A valuation's settlement price in kernel numbers, the last one converted kept: it is one Decimal
   * for many instruments (the valuation's shared 1 for every instrument settled in the settlement
   * currency, else its coin's price), and a one-shot tick makes all of a book's instruments. Only a
   * small value is kept: exact, it serves either mode (as for the index).
   */
  private settlementOf(d: Decimal): KV {
    if (d === this.lastSettlement) return this.lastSettlementKV!;
    const x = fromDecimal(d);
    if (x.k === 0) (this.lastSettlement = d), (this.lastSettlementKV = x);
    return x;
  }
  private lastSettlement: Decimal | undefined;
  private lastSettlementKV: KV | undefined;

  /** An asset by its index in the table's registry (see {@link KernelTick.asset}). */
  assetAt(i: number): KernelAsset {
    let a = this.assetList[i];
    if (a === undefined) {
      const list = this.assetList;
      while (list.length <= i) list.push(undefined);
      list[i] = a = this.asset(this.table.assetNames[i]!);
    }
    return a;
  }

  /** A collateral asset at this tick: checks passed, flagged by the market-data rule, its price, (tied) risk array and tie. */
  asset(name: string): KernelAsset {
    let a = this.assets.get(name);
    if (!a) {
      const m = this.m;
      // The checks of checkAccount and the market-data rule for a balance of it, by the rules themselves (or once for a book: admit).
      const admitted = this.admittedAssets !== undefined && this.admittedAssets.has(name);
      const ok = admitted || !this.accountIssuesFound([], [name]);
      const q = m.assets.get(name);
      const price = name === m.settlementCurrency ? small(1, 0) : q ? fromDecimal(q.price) : undefined;
      const flagged = !admitted && ok && name !== m.settlementCurrency && this.marketDataFlagged([], [name]);
      const arr = this.arrays.assets.get(name);
      a = { ok, flagged, price, arr: arr ? kernelArray(arr, this.rows) : undefined, tie: arr?.underlying ?? '' };
      this.assets.set(name, a);
    }
    return a;
  }

  /**
   * The roll-shock rate of instrument `inst`'s maturity (table index): the Decimal layer's
   * `rollShockRateAt`, converted once per tick, block and expiry, then kept per instrument. Exact in
   * both passes (a 40-digit rate is a BigInt): as an interval, its products are about 1e-14 wide
   * relative, too wide to decide a 9-place requirement of 1e5, and nearly every account would take
   * the wide retry.
   */
  rollShockRateOf(k: KernelAddOns, inst: number): KV {
    const byInst = k.rollShockByInst;
    if (byInst !== undefined) {
      const r = byInst[inst];
      if (r !== undefined) return r;
    }
    const expiryMs = this.table.insts[inst]!.expiryMs;
    const rates = k.rollShockRates!;
    let x = rates.get(expiryMs);
    if (x === undefined) {
      const d = rollShockRateAt(expiryMs, this.m.asOfMs, k.source.rollShock!);
      x = rateValues.get(d);
      if (x === undefined) rateValues.set(d, (x = inWideMode(() => fromDecimal(d))));
      rates.set(expiryMs, x);
    }
    if (byInst !== undefined) byInst[inst] = x;
    return x;
  }

  /** The index of instrument `inst`'s underlying (table index; {@link indexOf}, kept per instrument). */
  underlyingIndexOf(inst: number): KV {
    const byInst = this.indexByInst;
    if (byInst === undefined) return this.indexOf(this.table.insts[inst]!.underlying);
    const r = byInst[inst];
    if (reusable(r)) return r;
    const x = this.indexOf(this.table.insts[inst]!.underlying);
    byInst[inst] = x;
    return x;
  }

  /** An underlying's index in kernel numbers (the snapshot's, as the Decimal layer reads it). */
  indexOf(underlying: string): KV {
    const x = this.indices.get(underlying);
    if (reusable(x)) return x;
    const y = fromDecimal(this.m.underlyings.get(underlying)!.index);
    this.indices.set(underlying, y);
    return y;
  }

  /**
   * A unit's aggregated-vector rules over `[s0, s1)` (the shared `unitAggregateRules`, its exact terms
   * converted once per scenario set), for its underlyings in key order; undefined when it has none there.
   */
  aggregateRules(underlyings: string | readonly string[], s0: number, s1: number): KernelAggregateRules | undefined {
    // Per mode: a term converted outside wide mode may be an interval (a 40-digit dampener in coin).
    // Keyed by range and mode (the last one met kept aside: a tick scans the same range unit after
    // unit), then by the underlyings: the one of a single-underlying unit (the usual case, passed as
    // a string: no array or string built per call), or, in a map of their own, all of them as JSON.
    const w = inWide();
    let last = this.lastRules;
    if (last === undefined || last.s0 !== s0 || last.s1 !== s1 || last.wide !== w) {
      const range = `${w ? 'w' : 'n'}:${s0}:${s1}`;
      let memo = this.rules.get(range);
      if (memo === undefined) this.rules.set(range, (memo = { one: new Map(), many: new Map() }));
      this.lastRules = last = { s0, s1, wide: w, memo };
    }
    const one = typeof underlyings === 'string' ? underlyings : underlyings.length === 1 ? underlyings[0]! : undefined;
    const byUnits = one !== undefined ? last.memo.one : last.memo.many;
    const key = one ?? JSON.stringify(underlyings);
    let r = byUnits.get(key);
    if (r === undefined) {
      const d = unitAggregateRules(this.arrays.scenarioSet, typeof underlyings === 'string' ? [underlyings] : underlyings, s0, s1);
      r = d ? { float: d.float, exact: d.exact.map((t) => (t ? aggregateTerms(t) : undefined)) } : null;
      byUnits.set(key, r);
    }
    return r ?? undefined;
  }

  /**
   * The haircut curves of the table's asset `i` in kernel numbers (the Decimal layer's `haircutFor`
   * decides which apply), kept by index: a collateral line reads them without a hash lookup by name.
   */
  haircutAt(i: number): KernelHaircut | undefined {
    let h = this.haircuts[i];
    if (h === undefined) {
      const asset = this.table.assetNames[i]!;
      // Converted once per parameter set, mode and asset (the tick keeps the first one it reads: its mode's).
      const shared = this.ofParams.haircuts[inWide() ? 1 : 0];
      h = shared.get(asset);
      if (h === undefined) {
        const d = haircutFor(asset, this.m.settlementCurrency, this.r.health.collateral);
        h = d ? { initial: curve(d.initial), ...(d.maintenance ? { maintenance: curve(d.maintenance) } : {}) } : null;
        shared.set(asset, h);
      }
      const list = this.haircuts;
      while (list.length <= i) list.push(undefined);
      list[i] = h;
    }
    return h ?? undefined;
  }

  addOns(a: AddOnParams): KernelAddOns {
    // The last block asked for first (each unit asks for the same one or two blocks): identity, not a hash lookup.
    if (a === this.lastBlock) return this.lastAddOns!;
    let k = this.addOnMemo.get(a);
    if (!k) {
      // A tick of one call takes the block's conversions made by an earlier such tick at the same
      // asOf in the same mode (what it would make itself: the roll-shock rates read the block, the
      // expiry and asOf only); a shared tick keeps its own (its per-instrument tables are its table's).
      const kept = this.shared ? undefined : this.ofParams.addOns[inWide() ? 1 : 0];
      const k1 = kept?.get(a);
      if (k1 !== undefined && k1.asOfMs === this.m.asOfMs) {
        this.addOnMemo.set(a, k1.k);
        this.lastBlock = a;
        return (this.lastAddOns = k1.k);
      }
      k = { source: a };
      if (a.shortOptionMinimum) k.shortOptionRate = fromDecimal(a.shortOptionMinimum.rate);
      if (a.nakedShortOption) k.nakedRate = fromDecimal(a.nakedShortOption.rate);
      if (a.deltaContingency) {
        k.netDeltaRate = fromDecimal(a.deltaContingency.netDeltaRate);
        k.grossOptionRate = fromDecimal(a.deltaContingency.grossOptionRate);
      }
      if (a.calendarSpread) k.calendarRate = fromDecimal(a.calendarSpread.rate);
      if (a.concentration) {
        k.concentrationRate = fromDecimal(a.concentration.rate);
        k.concentrationBands = a.concentration.bands.map((b) => (b.upTo === undefined ? { multiplier: fromDecimal(b.multiplier) } : { upTo: fromDecimal(b.upTo), multiplier: fromDecimal(b.multiplier) }));
      }
      if (a.minimum) k.minimum = fromDecimal(a.minimum.amount);
      if (a.rollShock) {
        k.rollShockRates = new Map();
        // By table index on a shared tick only (see indexByInst: an array written at index i grows to i).
        k.rollShockByInst = this.shared ? (this.table.noInsts.slice() as (KV | undefined)[]) : undefined;
        if (this.shared) k.rollShockTerms = { f: new Float64Array(0), r: [] };
      }
      if (a.deltaShock) k.deltaShock = { threshold: fromDecimal(a.deltaShock.threshold), incrementPerUnit: fromDecimal(a.deltaShock.incrementPerUnit), max: fromDecimal(a.deltaShock.max), includeOptions: a.deltaShock.includeOptions };
      this.addOnMemo.set(a, k);
      kept?.set(a, { asOfMs: this.m.asOfMs, k });
    }
    this.lastBlock = a;
    return (this.lastAddOns = k);
  }

}

/** An asset's haircut curves in kernel numbers (see {@link KernelTick.haircut}). */
type KernelHaircut = { initial: HaircutCurveOf<KV>; maintenance?: HaircutCurveOf<KV> };

/**
 * What a tick converts from its parameter set alone, kept per set (parsed parameters are frozen) so
 * that the ticks on one set share it: a one-shot decision makes a tick per call and converted these
 * on every one (with the add-on blocks and haircuts, each call's). The IM multiplier
 * and MM factor, the margin-call band and the borrow tiers, converted in the mode the tick's
 * constructor runs in (the kept ones serve a tick made in that mode only); the haircut curves by
 * asset and the add-on blocks per mode (index 1: wide), each as a tick makes them in the mode it
 * first asks in, which it then keeps (as it kept its own before).
 */
interface PerParams {
  health: ResolvedParameters['health'];
  settlementCurrency: string;
  wide: boolean;
  factors: RequirementFactors<KV>;
  band: KV;
  borrowTiers: { upTo?: KV; rate: KV }[];
  haircuts: [Map<string, KernelHaircut | null>, Map<string, KernelHaircut | null>];
  addOns: [Map<AddOnParams, { asOfMs: number; k: KernelAddOns }>, Map<AddOnParams, { asOfMs: number; k: KernelAddOns }>];
}
const perParamSets = new WeakMap<MarginParameters, PerParams>();

/**
 * {@link PerParams} of `r` for a snapshot settled in `settlementCurrency` (which picks the haircuts),
 * made on first use; made again when the health section, settlement currency or mode differs from
 * the kept one's (the factors convert in the current mode, as the tick's constructor did).
 * The settlement currency matters: a default haircut covers every asset but the settlement one, so
 * one set's haircut maps differ by currency (a test holds one set across USDC and USDT). The health check
 * never differs in practice (for one `r.margin`, `r.health` is its own health section or the
 * default singleton); it is kept so that the entry can never serve another health section.
 */
function perParams(r: ResolvedParameters, settlementCurrency: string): PerParams {
  let x = perParamSets.get(r.margin);
  const wide = inWide();
  if (x === undefined || x.health !== r.health || x.settlementCurrency !== settlementCurrency || x.wide !== wide) {
    const mmOfIm = r.margin.maintenanceMargin?.factorOfInitial;
    x = {
      health: r.health,
      settlementCurrency,
      wide,
      factors: { multiplier: fromDecimal(r.margin.initialMargin.multiplier), ...(mmOfIm ? { maintenanceOfInitial: fromDecimal(mmOfIm) } : {}) },
      band: fromDecimal(r.health.status.marginCallBand),
      borrowTiers: r.health.collateral.borrowTiers.map((t) => (t.upTo === undefined ? { rate: fromDecimal(t.rate) } : { upTo: fromDecimal(t.upTo), rate: fromDecimal(t.rate) })),
      haircuts: [new Map(), new Map()],
      addOns: [new Map(), new Map()],
    };
    perParamSets.set(r.margin, x);
  }
  return x;
}

/** Aggregated-vector rules by range and mode, then by the unit's underlyings (the one of a single-underlying unit, or all of them as JSON). */
type AggregateRuleMemo = Map<string, { one: Map<string, KernelAggregateRules | null>; many: Map<string, KernelAggregateRules | null> }>;

/**
 * What the kernel derives from a scenario set alone, kept per set object (sets are immutable) so that
 * ticks on one set (a new snapshot with the same scenarios: the one-shot decision on each price tick)
 * share it: the weights in kernel numbers, per mode (as a tick made in that mode converts them), and
 * the aggregated-vector rules (keyed by mode and unit, as KernelTick.aggregateRules reads them).
 */
interface PerSet {
  weightDecimals: readonly Decimal[];
  weightDivisors: readonly (Decimal | undefined)[];
  weights: ({ wDec: KV[]; wDiv: (KV | undefined)[] } | undefined)[];
  rules: AggregateRuleMemo;
}
const perSets = new WeakMap<ScenarioSet, PerSet>();

function perSet(set: ScenarioSet, weightDecimals: readonly Decimal[], weightDivisors: readonly (Decimal | undefined)[]): { rules: PerSet['rules']; wDec: KV[]; wDiv: (KV | undefined)[] } {
  let x = perSets.get(set);
  // Weights are the set's own (compiledWeights); arrays that carry other weight objects get their own conversion.
  if (x === undefined || x.weightDecimals !== weightDecimals || x.weightDivisors !== weightDivisors) {
    x = { weightDecimals, weightDivisors, weights: [], rules: new Map() };
    perSets.set(set, x);
  }
  const mode = inWide() ? 1 : 0;
  const w = (x.weights[mode] ??= { wDec: weightDecimals.map(fromDecimal), wDiv: weightDivisors.map((d) => (d ? fromDecimal(d) : undefined)) });
  return { rules: x.rules, wDec: w.wDec, wDiv: w.wDiv };
}

// Decimal constants for the checks above (the checks read them as a position size / balance only).
import { D } from '../numeric/decimal.js';
const ZERO_D = new D(0);
/** The state-byte bit of an instrument {@link KernelTick.admit} found clear of both checks. */
const ADMITTED = 16;
/** A released tick's state bytes (see KernelTick.release). */
const NO_STATE = new Uint8Array(0);
const ONE_D = new D(1);

function aggregateTerms(t: AggregateTerms<Decimal>): AggregateTerms<KV> {
  const out: AggregateTerms<KV> = { gainFactor: fromDecimal(t.gainFactor) };
  if (t.gainCap !== undefined) out.gainCap = fromDecimal(t.gainCap);
  if (t.gainRelief !== undefined) out.gainRelief = fromDecimal(t.gainRelief);
  if (t.lossRelief !== undefined) out.lossRelief = fromDecimal(t.lossRelief);
  return out;
}

function curve(c: { kind: 'flat'; haircut: Decimal } | { kind: 'tiered'; tiers: { upTo?: Decimal; haircut: Decimal }[] }): HaircutCurveOf<KV> {
  if (c.kind === 'flat') return { kind: 'flat', haircut: fromDecimal(c.haircut) };
  return { kind: 'tiered', tiers: c.tiers.map((t) => (t.upTo === undefined ? { haircut: fromDecimal(t.haircut) } : { upTo: fromDecimal(t.upTo), haircut: fromDecimal(t.haircut) })) };
}

/** The kernel's view of an engine, made once per engine on first use. */
const ticks = new WeakMap<object, KernelTick>();
export function kernelTickOf(key: object, make: () => KernelTick): KernelTick {
  let t = ticks.get(key);
  if (!t) ticks.set(key, (t = make()));
  return t;
}
