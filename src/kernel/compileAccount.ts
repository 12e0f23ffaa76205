import { nettedHoldings, releaseLayout, riskUnitGroups, riskUnitId, unitLayout, ENTRY_POSITION, ENTRY_COIN, type PlanContext, type PlanHolding, type PlanPosition, type UnitLayout } from '../margin/accountPlan.js';
import { ADD_ON_ORDER, addOnApply } from '../margin/addOnOrder.js';
import { calendarSpreadParts } from '../margin/calendarSpreadCharge.js';
import { deltaShockKeys, deltaShockLines } from '../margin/deltaShock.js';
import { roomy } from '../numeric/roomy.js';
import type { Holding } from '../margin/Holding.js';
import type { AddOnParams, MarginParameters } from '../margin/MarginParameters.js';
import { holdsAny } from '../margin/minimumCharge.js';
import { nakedShortParts } from '../margin/nakedShortOptionCharge.js';
import type { AddOnPart } from '../margin/ratedSum.js';
import { rollShockKeys, rollShockLines } from '../margin/rollShock.js';
import { shortOptionParts } from '../margin/shortOptionMinimum.js';
import { DECIMAL_ARITHMETIC } from '../numeric/Arithmetic.js';
import { compareKeys } from '../numeric/compareKeys.js';
import { D, type Decimal } from '../numeric/decimal.js';
import { decimalString } from '../numeric/rounding.js';
import { MarginInputError } from '../schema/MarginInputError.js';
import type { Portfolio, PortfolioInput } from '../schema/portfolioSchema.js';
import { positionInput } from '../schema/positionInput.js';
import { KERNEL_ARITHMETIC as KA } from './kernelArithmetic.js';
import { NETTING } from './decimalRounded.js';
import type { FastPortfolio } from './fastPortfolio.js';
import { assetIndexOf, type KernelTable, type KernelTick } from './kernelTick.js';
import { exactString, fromDecimal, inWideMode, KV, NOT_COVERED, UNDECIDED, ZERO } from './kv.js';
import { closeIntList, IntBuffer, intListSize, isWide, openIntList, pushIntList, pushValue, valueAt, valueSize } from './packedValues.js';

/*
 * A compiled account (internal): its inputs and its plan (netting, risk units, scan entries in
 * canonical order, static add-on inputs), built by the shared plan code in kernel numbers and packed
 * into one Int32Array `I` (values: 2 or 3 ints, see packedValues.ts). Layout:
 *
 *   header  [nLines, offColl, nColl, offUnitTable, nUnits, offTies, nTies, offDyn, nDyn, offLines]
 *   line    [inst * 8 + flags (1 entry, 2 isolated, 4 funding), q, entry?, isolated?, funding?]  (input order)
 *   coll    [asset, balance]                                                                (input order)
 *   unit    [nEntries, nMm, nIm (-1: no IM block), entries, MM add-ons, IM add-ons]; each unit is
 *           followed by the values only it refers to, and the unit table lists the units' offsets
 *   entry   position [inst * 4, qRef] | collateral [asset * 4 + 1, balanceRef]
 *           | coin [inst * 4 + 2, asset, valueRef, floatIndex] | coin entered at the mark [inst * 4 + 3, asset, dynIndex]
 *           (refs: offsets of values in I; the position entries are also the unit's holdings, in symbol order)
 *   add-on  [kind * 2 + apply (ADD_ON_ORDER index; 1 floor), n, then n parts [inst, unitsRef]];
 *           n = ADD_FIXED: one amount [ref]; n = ADD_MOVING: inputs that move with the tick (holdings);
 *           n = ADD_PLANNED: the add-on's shared plan (rollShockLines, deltaShockLines: holdings as indices
 *           of the unit's position entries) as a packed list (packedValues.ts), its amounts read at the tick
 *   tie     [asset, underlying (registry index, -1 none)]
 *   dyn     [inst]   inverse futures with a line entered at the mark
 *
 * Asset and underlying names are indices in the table's registry (kernelTick.ts), instruments indices
 * in the table; unit ids stay strings (shared). A 20-position account is about 1 KB of ints.
 */
export class CompiledAccount {
  constructor(
    readonly table: KernelTable,
    /** The parameter set it was planned for (risk-unit groups, add-on blocks). */
    readonly params: MarginParameters,
    readonly accountId: string,
    readonly settlementCurrency: string,
    /** The packed account (layout above); a transient account's may run on past its end (see compileLines). */
    readonly I: Int32Array,
    /** Values that are not small exact decimals (BigInt, rationals), by index. */
    readonly side: KV[] | undefined,
    /** Floats of coin entries (the Decimal layer's `toNumber()` of a 40-digit quotient), by index. */
    readonly floats: number[] | undefined,
    readonly unitIds: string[],
    /** Set when the kernel never covers this account (isolated positions, ...): the Decimal path serves it. */
    readonly notCovered: string | undefined,
    /** The input itself, kept only when its amounts do not fit the kernel's numbers (more than 30 digits). */
    readonly source: PortfolioInput | undefined,
  ) {}
}

export const H_LINES = 0;
export const H_COLL = 1;
export const H_NCOLL = 2;
export const H_UNITS = 3;
export const H_NUNITS = 4;
export const H_TIES = 5;
export const H_NTIES = 6;
export const H_DYN = 7;
export const H_NDYN = 8;
/** Where the lines start: right after the header, except in an incremental recompile (see packed), whose copied units refer to the prior's lines. */
export const H_LINESAT = 9;
export const HEADER = 10;
export const F_ENTRY = 1;
export const F_ISOLATED = 2;
export const F_FUNDING = 4;
export const E_POSITION = 0;
export const E_COLLATERAL = 1;
export const E_COIN = 2;
export const E_COIN_AT_MARK = 3;
export const ADD_FIXED = -1;
export const ADD_MOVING = -2;
export const ADD_PLANNED = -3;

/** One line as read back from a compiled account. */
export interface LineView {
  inst: number;
  q: KV;
  entry?: KV;
  isolated?: KV;
  funding?: KV;
}

/** A line that is also its plan position (same amounts; `at` its instrument), as {@link positionLine} makes them: one object per line. */
export type PositionLine = LineView & PlanPosition<KV>;

/** Where one packed line's values are (see {@link lineAt}); -1: the line has no such value. */
export interface LineAt {
  /** The line's instrument (table index). */
  inst: number;
  q: number;
  entry: number;
  isolated: number;
  funding: number;
  /** Whether one of its values is wide (in the account's side table). */
  wide: boolean;
  /** The offset of the next line. */
  end: number;
}

const LINE_AT: LineAt = { inst: 0, q: 0, entry: -1, isolated: -1, funding: -1, wide: false, end: 0 };

/**
 * The layout of the line at `k` of `I`, as the packing writes it (compileLines: the instrument and
 * flags in one int, then the quantity, entry, isolated margin and funding, each when its flag is
 * set): the one reader of that layout, which every walk of the lines uses. Returns one shared object,
 * overwritten by the next call (the kernel's walks read a line without allocating).
 */
export function lineAt(I: Int32Array, k: number): LineAt {
  const l = LINE_AT;
  const f = I[k]! & 7;
  l.inst = I[k]! >> 3;
  l.q = ++k;
  let wide = isWide(I, k);
  k += valueSize(I, k);
  l.entry = l.isolated = l.funding = -1;
  if (f & F_ENTRY) (l.entry = k), (wide ||= isWide(I, k)), (k += valueSize(I, k));
  if (f & F_ISOLATED) (l.isolated = k), (wide ||= isWide(I, k)), (k += valueSize(I, k));
  if (f & F_FUNDING) (l.funding = k), (wide ||= isWide(I, k)), (k += valueSize(I, k));
  l.wide = wide;
  l.end = k;
  return l;
}

/** The position lines of a compiled account, in input order. */
export function linesOf(c: CompiledAccount): LineView[] {
  const I = c.I;
  const side = c.side ?? [];
  const out: LineView[] = [];
  let k = I[H_LINESAT]!;
  for (let n = I[H_LINES]!; n > 0; n--) {
    const at = lineAt(I, k);
    const l: LineView = { inst: at.inst, q: valueAt(I, side, at.q) };
    if (at.entry >= 0) l.entry = valueAt(I, side, at.entry);
    if (at.isolated >= 0) l.isolated = valueAt(I, side, at.isolated);
    if (at.funding >= 0) l.funding = valueAt(I, side, at.funding);
    k = at.end;
    out.push(l);
  }
  return out;
}

/** The collateral of a compiled account, in input order. */
export function collateralOf(c: CompiledAccount): { asset: string; index: number; balance: KV }[] {
  const I = c.I;
  const out: { asset: string; index: number; balance: KV }[] = [];
  for (let i = 0, k = I[H_COLL]!; i < I[H_NCOLL]!; i++) {
    out.push({ asset: c.table.assetNames[I[k]!]!, index: I[k]!, balance: valueAt(I, c.side ?? [], k + 1) });
    k += 1 + valueSize(I, k + 1);
  }
  return out;
}

/** A position or balance in kernel numbers: exact, or not covered when it has more than 30 significant digits. */
function input(x: { d: number[] | null; e: number; s: number }): KV {
  const v = fromDecimal(x);
  if ((v.k !== 0 && v.k !== 1) || tooLong(v)) throw NOT_COVERED;
  return v;
}

/** What the add-on rules read of a unit's holdings, made on first use and shared by its parameter blocks. */
interface UnitInputs {
  /** Whether an inverse future is held (its units of underlying move with the tick). */
  moving?: boolean;
  /** The holdings a parts rule reads. */
  hs?: PartsHolding[];
}

/**
 * Packs the unit's add-ons of one parameter block (`list`: {@link addOnsOf} the block `a`) into
 * `out` (the account's ints, where the unit is being written), their tick-independent inputs
 * precomputed by the same parts functions the Decimal layer runs per call; inputs that move (deltas,
 * inverse futures' units of underlying) are left to the tick. Each part's units are pre-multiplied by
 * the add-on's rate (exact: the amount `sum units * rate * price` is the same value); a value is
 * written through `valueRef` (placed among the unit's own values, its reference here). Written
 * straight into the ints: no object per add-on. `held`: the unit's `nHeld` holdings, or none when
 * no add-on of the unit's lists reads them (see readsHoldings). `transient`: see compileLines (its
 * shared plans are written in place, one value a slot, rather than packed four to a slot for the
 * memory a kept account holds).
 */
function packAddOns(held: readonly PlanHolding<KV>[], nHeld: number, a: AddOnParams, list: readonly AddOnListing[], table: KernelTable, u: UnitInputs, out: IntBuffer, valueRef: (v: KV) => void, transient: boolean): void {
  for (let x = 0; x < list.length; x++) {
    const kind = list[x]![0];
    out.push(list[x]![1] * 2 + list[x]![2]);
    let parts: { units: KV; inst: number }[];
    if (kind === 'shortOptionMinimum') parts = rated(shortOptionParts(KA, (u.hs ??= partsHoldings(held, table)), a.shortOptionMinimum!.netting), a.shortOptionMinimum!.rate);
    else if (kind === 'nakedShortOption' && !(u.moving ??= holdsInverse(held))) parts = rated(nakedShortParts(KA, (u.hs ??= partsHoldings(held, table))), a.nakedShortOption!.rate);
    else if (kind === 'calendarSpread' && !(u.moving ??= holdsInverse(held)) && !a.calendarSpread!.includeOptions) parts = rated(calendarSpreadParts(KA, (u.hs ??= partsHoldings(held, table)), false), a.calendarSpread!.rate);
    // grossNotional = sum |units| * unitPrice over the holdings: one part per holding (rate 1: the measure).
    else if (kind === 'concentration' && a.concentration!.measure === 'grossNotional' && !(u.moving ??= holdsInverse(held))) parts = (u.hs ??= partsHoldings(held, table)).map((h) => ({ units: KA.abs(h.units), inst: h.inst }));
    else if (kind === 'minimum') {
      out.push(ADD_FIXED);
      valueRef(holdsAny(KA, (u.hs ??= partsHoldings(held, table))) ? fromDecimal(a.minimum!.amount) : ZERO);
      continue;
    }
    // The structure (which holdings make which line, in which order): the rest moves with the tick.
    // The instruments carry the fields the plans read (symbol, kind, underlying, expiryMs), as the holdings do;
    // the roll shock's keys are ranked once per table; a unit's holdings are in symbol order (netted).
    else if (kind === 'rollShock' || kind === 'deltaShock') {
      out.push(ADD_PLANNED);
      // The holdings' keys (the table's, made once per table; written by the caller as it lists the
      // unit's holdings, in symbol order): planned into a scratch list, then packed (no plan array made per unit).
      const n = nHeld;
      if (transient) {
        const at = openIntList(out, 2 + 2 * n);
        closeIntList(out, kind === 'rollShock' ? rollShockLines(ROLL_KEYS, n, a.rollShock!.includeOptions, undefined, out.buf, at) : deltaShockLines(DELTA_KEYS, n, undefined, out.buf, at));
        continue;
      }
      PLAN = roomy(PLAN, 2 + 2 * n);
      const end = kind === 'rollShock' ? rollShockLines(ROLL_KEYS, n, a.rollShock!.includeOptions, undefined, PLAN, 0) : deltaShockLines(DELTA_KEYS, n, undefined, PLAN, 0);
      pushIntList(out, PLAN, end);
      continue;
    } else {
      out.push(ADD_MOVING);
      continue;
    }
    out.push(parts.length);
    for (let k = 0; k < parts.length; k++) {
      out.push(parts[k]!.inst);
      valueRef(parts[k]!.units);
    }
  }
}

// packAddOns' scratch for a shared add-on plan, copied into the unit's ints as soon as it is made.
let PLAN = new Int32Array(64);
// The unit's holdings' keys in each shock's plan (see instKeysOf), by holding, written by packed as it lists
// the unit's holdings (one pass for both shocks and both parameter blocks), read by packAddOns.
let ROLL_KEYS = new Int32Array(64);
let DELTA_KEYS = new Int32Array(64);

/** A holding as a parts rule reads it, with its instrument's table index. */
type PartsHolding = Holding<KV> & { inst: number };

/** Whether a unit holds an inverse future (whose units of underlying move with the tick). */
function holdsInverse(held: readonly PlanHolding<KV>[]): boolean {
  return held.some((h) => h.inst.kind === 'future' && h.inst.settlement === 'inverse');
}

/**
 * Holdings with a unit's sizes for a parts rule (prices and deltas are the tick's, not read by the
 * static parts): the rules read the instruments' symbols, kinds, underlyings and expiries.
 */
function partsHoldings(held: readonly PlanHolding<KV>[], table: KernelTable): PartsHolding[] {
  return held.map((h): PartsHolding => {
    const i = h.inst;
    const at = h.at!;
    // One object shape for every holding (absent fields undefined, as the rules read them).
    return { symbol: h.symbol, kind: i.kind, underlying: i.underlying, units: KA.mul(h.qty, table.size[at]!), unitPrice: ZERO, delta: 0, right: i.right, strike: i.strike, expiryMs: i.expiryMs, inst: at };
  });
}

/** A parts rule's parts, each one's units pre-multiplied by the add-on's rate. */
function rated(ps: AddOnPart<KV>[], rate: Decimal): { units: KV; inst: number }[] {
  const r = fromDecimal(rate);
  return ps.map((x) => ({ units: KA.mul(x.units, r), inst: (x.at as PartsHolding).inst }));
}

/** Whether {@link packAddOns} reads the holdings given for an add-on of `list` (any but the shock plans, which read their count and keys). */
function readsHoldings(list: readonly AddOnListing[]): boolean {
  for (let x = 0; x < list.length; x++) if (list[x]![0] !== 'rollShock' && list[x]![0] !== 'deltaShock') return true;
  return false;
}

// The holdings handed to packAddOns when none of its add-ons reads them.
const NO_HOLDINGS: PlanHolding<KV>[] = [];

/** An add-on of a parameter block: its kind, its index in ADD_ON_ORDER, how it applies (1 floor). */
type AddOnListing = [kind: (typeof ADD_ON_ORDER)[number], code: number, apply: 0 | 1];

const addOnLists = new WeakMap<AddOnParams, AddOnListing[]>();

/**
 * The add-ons of a parameter block, in ADD_ON_ORDER, with their index there and how they apply (1 floor); listed once per block.
 * (The listing in a function of its own: its closure made a context on every call, which then ran unoptimised.)
 */
function addOnsOf(a: AddOnParams): AddOnListing[] {
  return addOnLists.get(a) ?? addOnListOf(a);
}

function addOnListOf(a: AddOnParams): AddOnListing[] {
  const list: AddOnListing[] = [];
  ADD_ON_ORDER.forEach((kind, code) => {
    if (a[kind]) list.push([kind, code, addOnApply(kind, a) === 'floor' ? 1 : 0]);
  });
  addOnLists.set(a, list);
  return list;
}

/**
 * An inverse future's coin amount as the Decimal layer computes it (the shared netting rule in Decimal
 * over the account's cross lines of that symbol; a line without an entry is entered at this tick's mark).
 */
export function decimalCoin(lines: readonly LineView[], inst: number, symbol: string, tick: KernelTick): Decimal {
  const v = tick.instrument(inst).valuation;
  const positions = lines
    .filter((l) => l.inst === inst && l.isolated === undefined)
    .map((l) => ({ symbol, quantity: new D(exactString(l.q)), ...(l.entry ? { entryPrice: new D(exactString(l.entry)) } : {}) }));
  const ctx: PlanContext<Decimal> = {
    instruments: tick.table.instruments,
    params: tick.r.margin,
    contractSize: (x) => x.contractSize,
    forward: () => {
      if (!v) throw NOT_COVERED;
      return v.forward;
    },
    hasArray: () => true,
    assetUnderlying: () => undefined,
  };
  const [h] = nettedHoldings(DECIMAL_ARITHMETIC, positions, ctx);
  return h ? h.coin : new D(0);
}

/**
 * Compiles a parsed, checked portfolio against the tick it is compiled on. Throws MarginInputError
 * only as the plan does for the Decimal layer (`unknown_symbol`); anything the kernel does not cover
 * is recorded in `notCovered` instead.
 */
export function compileAccount(pf: Portfolio, tick: KernelTick): CompiledAccount {
  return inWideMode(() => {
    const table = tick.table;
    const lines: LineView[] = [];
    const collateral: { asset: string; balance: KV }[] = [];
    try {
      for (const p of pf.positions) {
        const inst = table.index[p.symbol];
        if (inst === undefined) throw new MarginInputError([{ code: 'unknown_symbol', path: ['positions'], message: `no instrument ${p.symbol} in the market's instrument table`, argument: 'portfolio' }]);
        const line: LineView = { inst, q: input(p.quantity) };
        if (p.entryPrice !== undefined) line.entry = input(p.entryPrice);
        if (p.isolatedMargin !== undefined) line.isolated = input(p.isolatedMargin);
        if (p.accruedFunding !== undefined) line.funding = input(p.accruedFunding);
        lines.push(line);
      }
      for (const c of pf.collateral) collateral.push({ asset: c.asset, balance: input(c.balance) });
    } catch (e) {
      if (e !== NOT_COVERED) throw e;
      const source: PortfolioInput = { accountId: pf.accountId, settlementCurrency: pf.settlementCurrency, positions: pf.positions.map(positionInput), collateral: pf.collateral.map((c) => ({ asset: c.asset, balance: decimalString(c.balance) })) };
      return new CompiledAccount(table, tick.r.margin, pf.accountId, pf.settlementCurrency, new Int32Array(HEADER), undefined, undefined, [], 'an amount with more than 30 significant digits', source);
    }
    return compileLines(pf.accountId, pf.settlementCurrency, lines, collateral, tick);
  });
}

/** Whether a kernel input has more than 30 significant digits (the kernel leaves such accounts to the Decimal path). */
export function tooLong(v: KV): boolean {
  return v.k === 1 && (v.b >= 10n ** 30n || v.b <= -(10n ** 30n));
}

/**
 * A line read by the fast reader (fastPortfolio.ts) in the compile's form, which is its plan position
 * too (one object per line, not two), for the instrument at table index `inst`, whose symbol the
 * line names (`symbol`, equal to the table's: taken as read, not loaded again from the table, a
 * data-cache miss per line): one object shape for every line (absent amounts undefined, as the
 * readers take them).
 */
export function positionLine(table: KernelTable, inst: number, symbol: string, q: KV, entry: KV | undefined, isolated: KV | undefined, funding: KV | undefined): PositionLine {
  return { inst, q, entry, isolated, funding, symbol, quantity: q, entryPrice: entry, at: inst, instrument: table.insts[inst]! };
}

/**
 * Compiles an account read by the fast reader (fastPortfolio.ts) and checked against the tick;
 * undefined when a symbol is unknown (the schema path then serves it). `transient`: see compileLines.
 */
export function compileFast(fp: FastPortfolio, tick: KernelTick, transient = false): CompiledAccount | undefined {
  const table = tick.table;
  const lines: PositionLine[] = [];
  for (const p of fp.positions) {
    const inst = table.index[p.symbol];
    if (inst === undefined) return undefined;
    lines.push(positionLine(table, inst, p.symbol, p.q, p.entry, p.isolated, p.funding));
  }
  return compileRead({ accountId: fp.accountId, settlementCurrency: fp.settlementCurrency, positions: lines, collateral: fp.collateral }, tick, transient);
}

/**
 * Compiles an account the fast reader read straight into compile lines ({@link positionLine}s, by
 * `fastPortfolio`'s line maker), checked against the tick. Its amounts are never too long for the
 * kernel (the reader takes at most 30 digits: see {@link tooLong}). `transient`: see compileLines.
 */
export function compileRead(fp: FastPortfolio<PositionLine>, tick: KernelTick, transient = false): CompiledAccount {
  return inWideMode(() => compileLines(fp.accountId, fp.settlementCurrency, fp.positions, fp.collateral, tick, undefined, transient));
}

/**
 * A compiled account whose units' static add-on inputs may be reused: the account before trades
 * (`compiledAfterTrades`), with the instruments the trades touched. A unit holding none of them, before
 * and after, nets the very same holdings, so its add-on inputs (a function of the holdings alone) are
 * the prior ones, copied value for value instead of recomputed.
 */
export interface PriorCompile {
  c: CompiledAccount;
  /** Instrument indices of the traded symbols. */
  traded: ReadonlySet<number>;
  /** Assets whose balance the trades changed or opened. */
  paid: ReadonlySet<string>;
  /**
   * The prior's lines and balances as read (`linesOf`, `collateralOf`), when the lines after trades
   * hold the very objects of those the trades left alone: the new ones may then be written over the
   * prior's in place (see linesInPlace).
   */
  read?: { lines: readonly LineView[]; balances: readonly { asset: string; balance: KV }[] };
}

/**
 * Which units of a compile after trades are planned again (an incremental recompile): the units the
 * trades can reach (see {@link dirtyUnits}) are planned by the shared rules over the lines that feed
 * them; every other unit of the prior account nets the very same holdings and balances, so its packed
 * plan is kept where it is (the new account's ints start as the prior's: see packed), its references
 * to the prior's lines, balances and own values read as they are. Undefined when the prior plan cannot be
 * copied at this tick (another parameter set or table, a plan not covered, a coin entered at the mark
 * in a copied unit, a tie or risk array that changed since), and the whole account is planned.
 */
interface Replan {
  /** Unit ids planned again. */
  dirty: ReadonlySet<string>;
  /** Indices of the prior units copied, in the prior (id) order. */
  keep: number[];
}

/** The units an asset's balance or coin amount moves in: the unit of the underlying it is tied to (unitLayout's placement), if any. */
function tiedUnit(tick: KernelTick, groups: ReadonlyMap<string, string>, asset: string): string | undefined {
  const u = tick.arrays.assets.get(asset)?.underlying;
  return u === undefined ? undefined : riskUnitId(groups, u);
}

/**
 * The units the trades can change, by unitLayout's placement, a superset: a traded instrument's
 * unit (its position), the unit its settlement coin is tied to (its coin amount, if it has one), a
 * paid asset's unit (its balance). Any other unit holds the same lines and balances before and after.
 */
function dirtyUnits(prior: PriorCompile, tick: KernelTick, groups: ReadonlyMap<string, string>): Set<string> {
  const dirty = new Set<string>();
  for (const i of prior.traded) {
    const inst = tick.table.insts[i]!;
    dirty.add(riskUnitId(groups, inst.underlying));
    // Its coin amount's unit whatever its kind (riskUnitPlan places any non-zero coin there; today
    // only inverse futures carry one): a superset that does not depend on which kinds do.
    const u = tiedUnit(tick, groups, inst.settlementCurrency);
    if (u !== undefined) dirty.add(u);
  }
  for (const a of prior.paid) {
    const u = tiedUnit(tick, groups, a);
    if (u !== undefined) dirty.add(u);
  }
  return dirty;
}

/** See {@link Replan}. */
function replanOf(prior: PriorCompile, tick: KernelTick, groups: ReadonlyMap<string, string>): Replan | undefined {
  const P = prior.c.I;
  if (prior.c.params !== tick.r.margin || prior.c.table !== tick.table || prior.c.notCovered !== undefined) return undefined;
  const names = tick.table.assetNames;
  // The prior's ties still hold at this tick (the copied units placed their balances and coins by them).
  for (let j = 0, k = P[H_TIES]!; j < P[H_NTIES]!; j++, k += 2) {
    const u = P[k + 1]!;
    if (tick.arrays.assets.get(names[P[k]!]!)?.underlying !== (u < 0 ? undefined : names[u])) return undefined;
  }
  const dirty = dirtyUnits(prior, tick, groups);
  const keep: number[] = [];
  for (let j = 0; j < P[H_NUNITS]!; j++) {
    if (dirty.has(prior.c.unitIds[j]!)) continue;
    let k = P[P[H_UNITS]! + j]! + 3;
    for (let e = P[k - 3]!; e > 0; e--) {
      const kind = P[k]! & 3;
      if (kind === E_COIN_AT_MARK) return undefined;
      // A held symbol without a risk array at this tick: the whole plan raises it.
      if (kind === E_POSITION && (prior.traded.has(P[k]! >> 2) || !tick.hasArray(P[k]! >> 2))) return undefined;
      k += kind === E_COIN ? 4 : 2;
    }
    keep.push(j);
  }
  return { dirty, keep };
}

/**
 * The prior unit `id` when it holds no traded instrument and its account was planned for these
 * parameters: its offset in the prior I and where its packed add-ons start; undefined otherwise.
 */
function reusableUnit(prior: PriorCompile, id: string, tick: KernelTick): { at: number; addOns: number } | undefined {
  if (prior.c.params !== tick.r.margin || prior.c.table !== tick.table || prior.c.notCovered !== undefined) return undefined;
  const j = prior.c.unitIds.indexOf(id);
  if (j < 0) return undefined;
  const I = prior.c.I;
  const at = I[I[H_UNITS]! + j]!;
  let k = at + 3;
  for (let e = I[at]!; e > 0; e--) {
    const kind = I[k]! & 3;
    if (kind === E_POSITION && prior.traded.has(I[k]! >> 2)) return undefined;
    k += kind === E_COIN ? 4 : kind === E_COIN_AT_MARK ? 3 : 2;
  }
  return { at, addOns: k };
}

// Scratch buffers of compileLines (one account's ints, one unit's), reused: taken for the duration of
// one synchronous compile (a nested compile, if any, makes its own).
let spareInts: IntBuffer | undefined;
let spareUnit: IntBuffer | undefined;
// The account buffer lent to a transient compiled account (its I is that buffer's array), until released,
// with the units it copied (see copiedUnits: kept here, not in the WeakMap, whose new keys cost the
// pre-trade check a few per cent in ephemeron upkeep).
let lent: { c: CompiledAccount; ints: IntBuffer; copied: readonly number[] | undefined } | undefined;
// The units the last packed account copied (see copiedUnits), read by compileLines right after.
let lastCopied: readonly number[] | undefined;

/**
 * Compiles lines (see compileRead, compiledAfterTrades). `transient`: the caller drops the account
 * before anything else is compiled and calls {@link releaseCompiled} then; its ints are the scratch
 * buffer's array itself instead of a copy (a compile in between takes fresh buffers, never that one):
 * longer than the account (nothing reads an account's I beyond its header's offsets, nor its length),
 * and no view made per call.
 */
export function compileLines(accountId: string, settlementCurrency: string, lines: LineView[], collateral: readonly { asset: string; balance: KV }[], tick: KernelTick, prior?: PriorCompile, transient = false): CompiledAccount {
  const ints = spareInts ?? new IntBuffer(1024);
  const unit = spareUnit ?? new IntBuffer(256);
  spareInts = spareUnit = undefined;
  ints.length = 0;
  let keep = false;
  try {
    lastCopied = undefined;
    const c = packed(accountId, settlementCurrency, lines, collateral, tick, prior, ints, unit, transient);
    if (transient) (lent = { c, ints, copied: lastCopied }), (keep = true);
    else if (lastCopied) copiedFrom.set(c, lastCopied);
    return c;
  } finally {
    spareUnit = unit;
    if (!keep) spareInts = kept(ints);
  }
}

/** A scratch buffer worth keeping: not one a very large account grew (about 256 KB and more). */
function kept(b: IntBuffer): IntBuffer | undefined {
  return b.buf.length <= 1 << 16 ? b : undefined;
}

/** Gives back the buffer of a transient compiled account (see compileLines); no-op for any other account. */
export function releaseCompiled(c: CompiledAccount): void {
  if (lent?.c !== c) return;
  spareInts = kept(lent.ints);
  lent = undefined;
}

function packed(accountId: string, settlementCurrency: string, lines: LineView[], collateral: readonly { asset: string; balance: KV }[], tick: KernelTick, prior: PriorCompile | undefined, ints: IntBuffer, unitInts: IntBuffer, transient: boolean): CompiledAccount {
  const table = tick.table;
  let notCovered: string | undefined;
  // (Read here when an incremental recompile asks for it before the lines are packed; else by the packing loop.)
  if (prior) for (let j = 0; j < lines.length; j++) if (lines[j]!.isolated !== undefined) notCovered = 'isolated positions';
  // The ties met, as pairs of ints [asset, underlying (-1 none)] in a kept scratch buffer (see TIES).
  const ties = TIES;
  ties.length = 0;
  const dynamicCoins: string[] = [];
  const ctx: PlanContext<KV> = {
    instruments: table.instruments,
    params: tick.r.margin,
    contractSize: (inst) => table.size[table.index[inst.symbol]!]!,
    // A line of an inverse future without an entry price is entered at the mark: its coin amount
    // changes every tick (recomputed then); this tick's mark gives the plan its shape.
    forward: (inst) => {
      if (!dynamicCoins.includes(inst.symbol)) dynamicCoins.push(inst.symbol);
      return tick.instrument(table.index[inst.symbol]!).forward;
    },
    // The array the tick's instrument holds (the table index each holding carries).
    // Not tick.instrument(at): compile runs in wide mode, and an instrument built there would keep exact
    // BigInt values in the tick's cache, which the fast pass then reads (slower; see engineFigures.ts).
    // Looked up once per tick and instrument (by the holding's table index), not once per holding.
    hasArray: (symbol, at) => (at === undefined ? tick.arrays.instruments.has(symbol) : tick.hasArray(at)),
    assetUnderlying: (asset) => {
      const u = tick.arrays.assets.get(asset)?.underlying;
      ties.push(assetIndexOf(table, asset));
      ties.push(u === undefined ? -1 : assetIndexOf(table, u));
      return u;
    },
  };

  const groups = riskUnitGroups(tick.r.margin);
  const replan = prior && notCovered === undefined ? replanOf(prior, tick, groups) : undefined;
  let side: KV[];
  let floats: number[];
  if (replan) {
    // An incremental recompile starts as the prior account up to its unit table, value for value: its
    // copied units stay where they are, their references (to the prior's lines, balances and own
    // values, all unchanged: see Replan) valid as they are. The new lines and balances follow; the
    // prior's lines, and its units planned again, are left unread.
    const P = prior!.c;
    ints.appendRange(P.I, 0, P.I[H_UNITS]!);
    side = P.side ? P.side.slice() : [];
    floats = P.floats ? P.floats.slice() : [];
  } else {
    for (let j = 0; j < HEADER; j++) ints.push(0);
    side = [];
    floats = [];
  }
  // Pack the inputs (an incremental recompile: over the prior's, when they keep their places).
  // Per line: its quantity slot (sized once: written by index, never grown).
  const lineSlot = new Array<number>(lines.length);
  // Per balance (input order): its value's slot (sized once: written by index, never grown).
  const collSlot = new Array<number>(collateral.length);
  const read = replan ? prior!.read : undefined;
  if (!(read && linesInPlace(prior!.c.I, read.lines, lines, new Overwrite(ints.buf, side, unitInts), lineSlot))) {
    ints.buf[H_LINES] = lines.length;
    ints.buf[H_LINESAT] = ints.length;
    for (let j = 0; j < lines.length; j++) {
      const l = lines[j]!;
      // Each optional amount read once (its flag, then its value by the flag). A kernel value is an
      // object, never falsy: compared with undefined (a truthiness test reads the object's map).
      const f = (l.entry !== undefined ? F_ENTRY : 0) | (l.isolated !== undefined ? F_ISOLATED : 0) | (l.funding !== undefined ? F_FUNDING : 0);
      ints.push(l.inst * 8 + f);
      lineSlot[j] = ints.length;
      pushValue(ints, side, l.q);
      if (f !== 0) {
        if (f & F_ENTRY) pushValue(ints, side, l.entry!);
        if (f & F_ISOLATED) (notCovered = 'isolated positions'), pushValue(ints, side, l.isolated!);
        if (f & F_FUNDING) pushValue(ints, side, l.funding!);
      }
    }
  }
  if (!(read && balancesInPlace(prior!.c.I, read.balances, collateral, new Overwrite(ints.buf, side, unitInts), collSlot))) {
    ints.buf[H_COLL] = ints.length;
    ints.buf[H_NCOLL] = collateral.length;
    for (let j = 0; j < collateral.length; j++) {
      const c = collateral[j]!;
      ints.push(assetIndexOf(table, c.asset));
      collSlot[j] = ints.length;
      pushValue(ints, side, c.balance);
    }
  }

  // The plan (shared rules), then packed.
  let unitIds: string[] = [];
  let copied: number[] | undefined;
  if (notCovered === undefined) {
    try {
      // Every line is a cross line here (isolated lines are not covered). An incremental recompile
      // plans only the lines that feed a unit planned again (their position, or an inverse future's coin).
      // In symbol order (the table's ranks; a symbol's lines in input order), as the netting orders them.
      let feed: number[] | undefined;
      if (replan) {
        feed = [];
        const unit = instrumentUnits(table, groups);
        for (let j = 0; j < lines.length; j++) {
          const i = lines[j]!.inst;
          let id = unit.ids[i];
          if (id === undefined) {
            const inst = table.insts[i]!;
            unit.ids[i] = id = riskUnitId(groups, inst.underlying);
            unit.inverse[i] = inst.kind === 'future' && inst.settlement === 'inverse' ? 1 : 2;
          }
          const coinUnit = unit.inverse[i] === 1 ? tiedUnit(tick, groups, table.insts[i]!.settlementCurrency) : undefined;
          if (replan.dirty.has(id) || (coinUnit !== undefined && replan.dirty.has(coinUnit))) feed.push(j);
        }
      }
      // The lines planned (all, or those that feed a unit planned again), in symbol order.
      const nOrder = feed ? feed.length : lines.length;
      const keys = instKeysOf(table);
      const order = lineOrder(lines, keys, feed);
      const cross = new Array<PlanPosition<KV>>(nOrder);
      // Per instrument (table index) of the planned lines: the quantity slot of its only line, or -2 when
      // it has more than one (a symbol's lines are neighbours in this order), for the holdings' slots below.
      const slotOf = (SLOT_OF = roomy(SLOT_OF, table.insts.length));
      for (let x = 0, prev = -1; x < nOrder; x++) {
        const l = lines[order[x]!]!;
        slotOf[l.inst] = l.inst === prev ? -2 : lineSlot[order[x]!]!;
        prev = l.inst;
        // A line that is its own plan position (positionLine's), when its position fields are its own amounts still.
        const pl = l as Partial<PositionLine>;
        cross[x] = pl.quantity === l.q && pl.entryPrice === l.entry && pl.at === l.inst ? (l as PositionLine) : { symbol: table.symbols[l.inst]!, quantity: l.q, entryPrice: l.entry, at: l.inst, instrument: table.insts[l.inst]! };
      }
      // The Decimal layer's sums of a symbol's lines (decimalRounded.ts): 40-digit lines net exactly as there.
      const held = nettedHoldings(NETTING, cross, ctx, true);
      const L = unitLayout(KA, held, collateral, ctx, true);
      // The units in id order: layout units (>= 0; only those planned again, when incremental) and copied prior units (~index).
      // (The layout's own order list when the whole account is planned: read before the layout is given back.)
      const plan: ArrayLike<number> = replan ? merged(L, replan, prior!.c.unitIds) : L.order;
      const nPlan = replan ? plan.length : L.n;
      // Each holding's instrument (table index).
      const heldInst = new Array<number>(held.length);
      // A coin amount is a sum of 40-digit quotients in the Decimal layer: take it from the shared
      // netting rule in Decimal (exact in wide mode), so that its float and its value are the Decimal layer's.
      // (Made when an account holds an inverse future: most hold none.)
      let coins: Map<string, KV> | undefined;
      let coinFloats: Map<string, number> | undefined;
      for (let k = 0; k < held.length; k++) {
        const h = held[k]!;
        heldInst[k] = h.at!;
        if (KA.isZero(h.coin) || dynamicCoins.includes(h.symbol)) continue;
        const coin = decimalCoin(lines, heldInst[k]!, h.symbol, tick);
        if (coin.isZero()) throw UNDECIDED;
        (coins ??= new Map()).set(h.symbol, fromDecimal(coin));
        (coinFloats ??= new Map()).set(h.symbol, coin.toNumber());
      }
      // A symbol with one cross line shares that line's quantity slot; a netted sum gets its own.
      const heldSlot = new Array<number>(held.length);
      for (let k = 0; k < held.length; k++) {
        const only = slotOf[heldInst[k]!]!;
        if (only >= 0) heldSlot[k] = only;
        else {
          heldSlot[k] = ints.length;
          pushValue(ints, side, held[k]!.qty);
        }
      }
      // A unit is written straight into the account's ints, and the values only it refers to (coins,
      // add-on amounts) into `unitInts` meanwhile, placed right after it once it is written: a
      // reference to one is written as its offset in `unitInts`, and the unit's such references
      // (their slots in `fix`) are moved on by where the values land. (Most units refer to none, and
      // nothing is copied.)
      let nFix = 0;
      const fix: number[] = [];
      const valueRef = (v: KV): void => {
        fix[nFix++] = ints.length;
        ints.push(unitInts.length);
        pushValue(unitInts, side, v);
      };
      // (A prior's value read back and packed again: the same ints, see valueAt in packedValues.ts.)
      const copiedRef = (P: CompiledAccount, ref: number): void => valueRef(valueAt(P.I, P.side ?? [], ref));
      // Both sized once (written by index, never grown).
      unitIds = new Array<string>(nPlan);
      const unitAt = new Array<number>(nPlan);
      if (replan) copied = (plan as number[]).map((u) => (u < 0 ? ~u : -1));
      const imBlock = tick.r.margin.initialMargin.addOns;
      const mmList = addOnsOf(tick.r.margin.addOns);
      const imList = imBlock ? addOnsOf(imBlock) : undefined;
      // Whether an add-on listed reads the unit's holdings as objects (the shock plans read their keys
      // alone): else no list of them is made per unit.
      const readsHeld = readsHoldings(mmList) || (imList !== undefined && readsHoldings(imList));
      for (let pi = 0; pi < nPlan; pi++) {
        const u = plan[pi]!;
        if (u < 0) {
          // A copied unit, where the prior's ints put it (see above).
          unitIds[pi] = prior!.c.unitIds[~u]!;
          unitAt[pi] = prior!.c.I[prior!.c.I[H_UNITS]! + ~u]!;
          continue;
        }
        const id = L.ids[u]!;
        unitIds[pi] = id;
        // The unit's holdings (held indices, in symbol order): its position entries, in the same order.
        const e0 = L.from[u]!;
        const e1 = L.from[u + 1]!;
        let nHeld = 0;
        let tradedHeld = false;
        for (let x = e0; x < e1 && (L.entries[x]! & 3) === ENTRY_POSITION; x++) nHeld++, (tradedHeld ||= prior !== undefined && prior.traded.has(heldInst[L.entries[x]! >> 2]!));
        const from = prior && !tradedHeld ? reusableUnit(prior, id, tick) : undefined;
        // The unit's own values (coins, add-on parts) go after it (see valueRef).
        const at = ints.length;
        unitInts.length = 0;
        nFix = 0;
        // Room made once for its header and entries (at most 4 ints each), written by index; a coin
        // entry (rare) is pushed, its value through valueRef, and the writes go on after it.
        if (at + 3 + 4 * (e1 - e0) > ints.buf.length) ints.grow(at + 3 + 4 * (e1 - e0));
        let b = ints.buf;
        let w = at;
        b[w++] = 0;
        b[w++] = from ? prior!.c.I[from.at + 1]! : mmList.length;
        b[w++] = from ? prior!.c.I[from.at + 2]! : imList ? imList.length : -1;
        let nEntries = 0;
        // Its holdings (its position entries, first) and their shock keys, by holding.
        const unitHeld = readsHeld ? new Array<PlanHolding<KV>>(nHeld) : NO_HOLDINGS;
        ROLL_KEYS = roomy(ROLL_KEYS, nHeld);
        DELTA_KEYS = roomy(DELTA_KEYS, nHeld);
        const roll = ROLL_KEYS;
        const delta = DELTA_KEYS;
        // Its entries in the plan's canonical order (see unitLayout): positions, coin amounts, balances.
        for (let x = e0; x < e1; x++) {
          const e = L.entries[x]!;
          const kind = e & 3;
          const k = e >> 2;
          if (kind === ENTRY_POSITION) {
            const inst = heldInst[k]!;
            if (readsHeld) unitHeld[nEntries] = held[k]!;
            roll[nEntries] = keys[4 * inst + 1]!;
            delta[nEntries] = keys[4 * inst + 2]!;
            b[w++] = inst * 4 + E_POSITION;
            b[w++] = heldSlot[k]!;
          } else if (kind === ENTRY_COIN) {
            ints.length = w;
            const h = held[k]!;
            const asset = assetIndexOf(table, h.inst.settlementCurrency);
            const inst = heldInst[k]!;
            if (dynamicCoins.includes(h.symbol)) {
              ints.push(inst * 4 + E_COIN_AT_MARK);
              ints.push(asset);
              ints.push(dynamicCoins.indexOf(h.symbol));
            } else {
              floats.push(coinFloats!.get(h.symbol)!);
              ints.push(inst * 4 + E_COIN);
              ints.push(asset);
              valueRef(coins!.get(h.symbol)!);
              ints.push(floats.length - 1);
            }
            b = ints.buf;
            w = ints.length;
          } else {
            const slot = collSlot[L.balanceAt[k]!]!;
            // Its asset's index, packed just before its value (looked up once, when the balances were packed).
            b[w++] = b[slot - 1]! * 4 + E_COLLATERAL;
            b[w++] = slot;
          }
          nEntries++;
        }
        ints.length = w;
        b[at] = nEntries;
        if (from) {
          // The prior unit's add-ons, value for value (their values move to this account's slots).
          copyAddOns(prior!.c, from.at, from.addOns, ints, replan !== undefined, copiedRef);
        } else {
          const inputs: UnitInputs = {};
          packAddOns(unitHeld, nHeld, tick.r.margin.addOns, mmList, table, inputs, ints, valueRef, transient);
          if (imList) packAddOns(unitHeld, nHeld, imBlock!, imList, table, inputs, ints, valueRef, transient);
        }
        unitAt[pi] = at;
        const base = ints.length;
        ints.append(unitInts);
        for (let j = 0; j < nFix; j++) ints.buf[fix[j]!]! += base;
      }
      // The layout is read: given back for the next one (a throw above leaves it to the collector).
      releaseLayout(L);
      // The units' offsets, in unit order.
      ints.buf[H_UNITS] = ints.length;
      ints.buf[H_NUNITS] = nPlan;
      // The copied units were placed by the prior's ties (checked to hold at this tick): kept for the tick's check.
      if (replan) {
        const P = prior!.c.I;
        for (let j = 0, k = P[H_TIES]!; j < P[H_NTIES]!; j++, k += 2)
          if (!tied(ties, P[k]!)) {
            ties.push(P[k]!);
            ties.push(P[k + 1]!);
          }
      }
      for (let j = 0; j < nPlan; j++) ints.push(unitAt[j]!);
    } catch (e) {
      if (e === UNDECIDED) notCovered = 'a coin amount the kernel cannot read as the Decimal layer does';
      else if (e instanceof MarginInputError && e.issues[0]?.code === 'missing_risk_array') notCovered = 'an instrument without a risk array';
      else throw e;
    }
  }
  ints.buf[H_TIES] = ints.length;
  ints.buf[H_NTIES] = ties.length >> 1;
  ints.append(ties);
  ints.buf[H_DYN] = ints.length;
  ints.buf[H_NDYN] = dynamicCoins.length;
  for (const s of dynamicCoins) ints.push(table.index[s]!);
  const out = new CompiledAccount(table, tick.r.margin, accountId, settlementCurrency, transient ? ints.buf : ints.ints(), side.length ? side : undefined, floats.length ? floats : undefined, unitIds, notCovered, undefined);
  if (copied && notCovered === undefined) lastCopied = copied;
  return out;
}

/** Whether the ties (pairs [asset, underlying]) list `asset`. */
function tied(ties: IntBuffer, asset: number): boolean {
  for (let j = 0; j < ties.length; j += 2) if (ties.buf[j] === asset) return true;
  return false;
}

// packed's ties met so far (pairs of ints), appended to the account's ints at its end. One buffer for
// every call is safe: packed empties it first, and nothing it calls (the layout's context callbacks
// included) compiles another account before it has appended them.
const TIES = new IntBuffer(64);

// An incremental recompile's copied units, per compiled account (see copiedUnits).
const copiedFrom = new WeakMap<CompiledAccount, readonly number[]>();

/**
 * The units an incremental recompile (compileLines with a prior account) copied: per unit of `c`, the
 * index of the prior account's unit it was copied from (the very same holdings and balances), or -1
 * when planned again (e.g. [0, -1, 2]: unit 1 planned again); undefined when `c` was planned whole.
 * Internal (the pre-trade check's unit memo, unitMemo.ts).
 */
export function copiedUnits(c: CompiledAccount): readonly number[] | undefined {
  return lent !== undefined && lent.c === c ? lent.copied : copiedFrom.get(c);
}

/** Per table index: the risk unit its holdings go to (riskUnitId; undefined: not looked up yet), and whether it is an inverse future (1 yes, 2 no). */
interface InstrumentUnits {
  groups: ReadonlyMap<string, string>;
  ids: (string | undefined)[];
  inverse: Uint8Array;
}

const unitsOf = new WeakMap<KernelTable, InstrumentUnits>();

/**
 * The table's {@link InstrumentUnits} for one parameter set's groups (the last one asked: an engine
 * keeps one), filled as the incremental recompile meets instruments: its per-line test of whether a
 * line feeds a unit planned again then reads two arrays instead of the instrument's fields (objects
 * of several shapes, whose property reads measured a few per cent of a pre-trade check).
 */
function instrumentUnits(table: KernelTable, groups: ReadonlyMap<string, string>): InstrumentUnits {
  let u = unitsOf.get(table);
  if (u === undefined || u.groups !== groups) unitsOf.set(table, (u = { groups, ids: new Array<string | undefined>(table.insts.length), inverse: new Uint8Array(table.insts.length) }));
  return u;
}

// heldInstruments' scratch keys.
let heldKeys = new Int32Array(64);

/**
 * The distinct instruments of the table that `symbols` name (a book's positions' symbols, repeats
 * and unknown symbols allowed: those are left out), as table indices in their symbols' order
 * (`compareKeys`, the order the risk arrays are built in). Ordered by the table's ranks, an integer
 * sort: a 200-option book's symbols share their first characters, and sorting them as strings cost
 * about 2% of a one-shot call.
 *
 * @param table the kernel's index of the snapshot's instrument table.
 * @param symbols instrument symbols, in any order.
 * @returns table indices (see `KernelTable.symbols`), each once, in symbol order.
 *
 * @example
 * ```ts
 * const table = kernelTable(market.instruments);
 * const held = heldInstruments(table, ['BTC-PERP', 'BTC-25DEC26', 'BTC-PERP', 'NO-SUCH']);
 * held.map((i) => table.symbols[i]); // ['BTC-25DEC26', 'BTC-PERP']
 * ```
 */
export function heldInstruments(table: KernelTable, symbols: readonly string[]): number[] {
  const keys = instKeysOf(table);
  heldKeys = roomy(heldKeys, symbols.length);
  let n = 0;
  for (const s of symbols) {
    const i = table.index[s];
    if (i !== undefined) heldKeys[n++] = keys[4 * i]!;
  }
  sortInts(heldKeys, n);
  const out: number[] = [];
  // Repeats are neighbours once sorted.
  for (let j = 0, last = -1; j < n; j++) if (heldKeys[j] !== last) out.push(keys[4 * (last = heldKeys[j]!) + 3]!);
  return out;
}

/**
 * The table's per-instrument keys of a compile, one row per table index, made once per table: its
 * rank in symbol order (`compareKeys` among the table's symbols: ordering instruments by it orders
 * their symbols), its {@link rollShockKeys} and {@link deltaShockKeys} keys among the table's; and
 * in row r, the table index of the instrument of rank r. A unit's shock plans then read ints, not
 * instruments (objects of several shapes) and strings; and a held instrument's keys share a cache
 * line, where a list per key cost a data-cache miss each per holding (a compile's holdings are
 * scattered over the table). Kept on the table itself: a property read, small enough for V8 to
 * inline into the compile (a per-table WeakMap lookup in a function of its own ran unoptimised on
 * every compile). Row i is `keys[4 * i]` to `keys[4 * i + 3]`: rank, roll-shock key, delta-shock
 * key, and the table index of the instrument of rank i (the offsets written as numbers: the bundler
 * keeps named constants as variables, a size the package budget counts).
 */
function instKeysOf(table: KernelTable): Int32Array {
  return table.compileKeys ?? newInstKeys(table);
}

function newInstKeys(table: KernelTable): Int32Array {
  const byName = table.symbols.map((_, i) => i).sort((a, b) => compareKeys(table.symbols[a]!, table.symbols[b]!));
  const roll = rollShockKeys(table.insts);
  const delta = deltaShockKeys(table.insts);
  const r = new Int32Array(4 * byName.length);
  for (let k = 0; k < byName.length; k++) {
    r[4 * byName[k]!] = k;
    r[4 * k + 3] = byName[k]!;
    r[4 * k + 1] = roll[k]!;
    r[4 * k + 2] = delta[k]!;
  }
  return (table.compileKeys = r);
}

/**
 * `keys[0..n)` sorted in place (ascending): an insertion sort for the few keys of a book or an
 * account (a subarray and the built-in typed-array sort cost more than the sort itself), the built-in
 * beyond 48.
 */
function sortInts(keys: Int32Array, n: number): void {
  if (n > 48) keys.subarray(0, n).sort();
  else for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
}

// packed's scratch of the planned lines' quantity slots by table index: written for the instruments of
// the lines planned, then read for theirs only, within one packed call (the netting and layout run in
// between, whose context callbacks never compile).
let SLOT_OF = new Int32Array(512);

// lineOrder's scratch keys (a sort runs to its end before any other starts).
let sortKeys = new Int32Array(64);

/**
 * The indices of lines (of those listed in `pick`, when given) in their symbols' order (by rank, read
 * from `keys`, {@link instKeysOf}'s table), a symbol's lines in input order. Each line's key is `rank << b | position` (b: the bits of a
 * position; distinct keys), so that plain int32s are sorted without a comparator nor reading the
 * lines again: an insertion sort for an account's few lines, the typed array's numeric sort beyond;
 * a comparator sort when a key would not fit in 31 bits. The first n entries of the result are the
 * order (n: `pick`'s length, else the lines'); it may be the sort's scratch, to be read before the next
 * lineOrder.
 */
function lineOrder(lines: readonly LineView[], keys: Int32Array, pick?: readonly number[]): ArrayLike<number> {
  const n = pick ? pick.length : lines.length;
  const b = 32 - Math.clz32(n);
  // 2^31 / 2^b, in integer steps: `2 ** (31 - b)` with a variable exponent is a call into the float
  // pow routine on every compile (about 300 instructions of a settled raw call's 254,000). For b = 31 (never:
  // an account has at most LIMITS.maxPositions lines) 1 << b is negative and so is the bound: the comparator sort.
  if (keys.length / 4 >= 0x80000000 / (1 << b)) {
    const order = new Array<number>(n);
    for (let j = 0; j < n; j++) order[j] = pick ? pick[j]! : j;
    return order.sort((x, y) => keys[4 * lines[x]!.inst]! - keys[4 * lines[y]!.inst]! || x - y);
  }
  sortKeys = roomy(sortKeys, n);
  const key = sortKeys;
  if (pick) for (let j = 0; j < n; j++) key[j] = (keys[4 * lines[pick[j]!]!.inst]! << b) | j;
  else for (let j = 0; j < n; j++) key[j] = (keys[4 * lines[j]!.inst]! << b) | j;
  sortInts(key, n);
  // The indices written over the keys (the scratch is read by the caller before any other sort).
  const mask = (1 << b) - 1;
  if (pick) for (let j = 0; j < n; j++) key[j] = pick[key[j]! & mask]!;
  else for (let j = 0; j < n; j++) key[j] = key[j]! & mask;
  return key;
}

/**
 * The units planned again (layout units whose id `replan` lists as dirty, as their indices) and the
 * copied prior units (as `~index`), in one id order (both lists are in it already).
 */
function merged(L: UnitLayout, replan: Replan, priorIds: readonly string[]): number[] {
  const out: number[] = [];
  const keep = replan.keep;
  let a = 0;
  let b = 0;
  // The next planned unit at or after `a` (L.n: none left).
  const next = (x: number): number => {
    while (x < L.n && !replan.dirty.has(L.ids[L.order[x]!]!)) x++;
    return x;
  };
  a = next(a);
  while (a < L.n || b < keep.length) {
    if (b === keep.length || (a < L.n && compareKeys(L.ids[L.order[a]!]!, priorIds[keep[b]!]!) < 0)) (out.push(L.order[a]!), (a = next(a + 1)));
    else out.push(~keep[b++]!);
  }
  return out;
}

/**
 * Writes values over the prior's in place (see {@link linesInPlace}): per value, its slot in `ints`
 * and the value it replaces; each is packed first into `scratch`, and nothing is written unless each
 * one takes as many ints as the one it replaces (false then, with at most unread side values added).
 */
class Overwrite {
  /** Per changed value: its slot, then where its ints start in the scratch buffer. */
  private at: number[] = [];
  constructor(
    private readonly I: Int32Array,
    private readonly side: KV[],
    private readonly scratch: IntBuffer,
  ) {
    scratch.length = 0;
  }
  /** Whether `v` can replace `was` at slot `k` (the same object: nothing to write). */
  put(k: number, was: KV | undefined, v: KV | undefined): boolean {
    if (v === was) return true;
    if (v === undefined || was === undefined) return false;
    const s = this.scratch.length;
    pushValue(this.scratch, this.side, v);
    if (this.scratch.length - s !== valueSize(this.I, k)) return false;
    this.at.push(k, s);
    return true;
  }
  /** {@link put} at slot `k` of an optional value, where -1 means the line has no such slot (then `v` must be absent too). */
  putAt(k: number, was: KV | undefined, v: KV | undefined): boolean {
    return k >= 0 ? this.put(k, was, v) : !v;
  }
  /** Writes the values put. */
  write(): void {
    const from = this.scratch.buf;
    for (let x = 0; x < this.at.length; x += 2) {
      const k = this.at[x]!;
      const s = this.at[x + 1]!;
      for (let q = 0, n = valueSize(from, s); q < n; q++) this.I[k + q] = from[s + q]!;
    }
  }
}

/**
 * The lines after trades written over the prior's in `ints` (which start as the prior's `P`: see
 * packed), their quantity slots into `lineSlot`, when each one keeps its place: as many lines as
 * before, each of the same instrument and fields, each new value packed in as many ints as the one it
 * replaces (a trade that changes a quantity). The prior's units that read the old values are all
 * planned again (the traded instruments': see Replan). False, with nothing written, when one does not.
 */
function linesInPlace(P: Int32Array, before: readonly LineView[], lines: readonly LineView[], w: Overwrite, lineSlot: number[]): boolean {
  if (lines.length !== before.length) return false;
  for (let j = 0, k = P[H_LINESAT]!; j < lines.length; j++) {
    const l = lines[j]!;
    const b = before[j]!;
    const at = lineAt(P, k);
    lineSlot[j] = at.q;
    k = at.end;
    if (l === b) continue;
    if (l.inst !== b.inst || !w.put(at.q, b.q, l.q) || !w.putAt(at.entry, b.entry, l.entry) || !w.putAt(at.isolated, b.isolated, l.isolated) || !w.putAt(at.funding, b.funding, l.funding)) return false;
  }
  w.write();
  return true;
}

/** {@link linesInPlace} for the balances (the same assets in the same order; a paid asset's unit is planned again), their slots into `collSlot` (by index). */
function balancesInPlace(P: Int32Array, before: readonly { asset: string; balance: KV }[], collateral: readonly { asset: string; balance: KV }[], w: Overwrite, collSlot: number[]): boolean {
  if (collateral.length !== before.length) return false;
  for (let j = 0, k = P[H_COLL]!; j < collateral.length; j++) {
    const c = collateral[j]!;
    if (c.asset !== before[j]!.asset) return false;
    k++;
    collSlot[j] = k;
    if (!w.put(k, before[j]!.balance, c.balance)) return false;
    k += valueSize(P, k);
  }
  w.write();
  return true;
}

/**
 * The packed add-ons of a prior unit (at `at`, starting at `k`) into `out`, value for value: each
 * value referred to through `copiedRef` (which copies it into this account and writes its reference),
 * or, `inPlace` (this account's ints start as the prior's: see packed), referred to where it is.
 */
function copyAddOns(prior: CompiledAccount, at: number, k: number, out: IntBuffer, inPlace: boolean, copiedRef: (P: CompiledAccount, ref: number) => void): void {
  const P = prior.I;
  const count = P[at + 1]! + Math.max(0, P[at + 2]!);
  for (let j = 0; j < count; j++) {
    const n = P[k + 1]!;
    out.push(P[k]!);
    out.push(n);
    k += 2;
    if (n === ADD_FIXED) inPlace ? out.push(P[k++]!) : copiedRef(prior, P[k++]!);
    else if (n === ADD_PLANNED) for (let q = intListSize(P, k); q > 0; q--) out.push(P[k++]!);
    else {
      for (let q = 0; q < n; q++, k += 2) {
        out.push(P[k]!);
        if (inPlace) out.push(P[k + 1]!);
        else copiedRef(prior, P[k + 1]!);
      }
    }
  }
}
